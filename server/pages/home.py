"""The home page: search, the dataset card, saved queries as inline forms, contested figures, recent events."""
from __future__ import annotations


from server.pages import errors, figures, panels, render
from server.pages.terms import group_facts

bp = errors.blueprint("home", __name__)

# The saved queries a reader most often wants, shown as forms (their parameters, their order).
FEATURED = ("meetings", "statements-about", "figures", "role-holders", "sources")


@bp.route("/")
@render.cached
def home():
    p = panels.run_all({"dataset": ("dataset", {}), "claims": ("figure-claims", {}), "recent": ("recent-events", {})})
    dataset, claims, recent = p["dataset"], p["claims"], p["recent"]
    featured = [panels.saved(name) for name in FEATURED if name in panels.saved_queries()]
    return render.html(
        "home.html", title="Home", dataset=dataset, stats=(dataset.rows or [{}])[0],
        claims=claims, contested=figures.contested(figures.claims_of(claims)),
        recent=recent, events=group_facts(recent.rows, ("event",)), featured=featured,
        jsonld=_dataset_jsonld((dataset.rows or [{}])[0]),
    )


def _dataset_jsonld(stats: dict) -> dict:
    return {
        "@context": "https://schema.org", "@type": "Dataset",
        "name": "ASEAN–Myanmar diplomacy knowledge graph",
        "description": "Actors, meetings, agreements, statements and figures of ASEAN's diplomacy on the "
                       "Myanmar crisis, each fact traceable to the article and exact text span that supports it.",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "variableMeasured": [{"@type": "PropertyValue", "name": k, "value": v} for k, v in stats.items() if v is not None],
        "distribution": [{"@type": "DataDownload", "contentUrl": "/sparql", "encodingFormat": "application/sparql-results+json"}],
    }

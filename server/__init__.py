"""The Flask application: SPARQL endpoint, query API and pages over the kg store.

Flask is imported inside ``create_app`` so that executor processes, which import
``server.executor`` and ``server.evaluate`` only, start without it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> "Flask":
    """Build the app: defaults, then KG_* environment, then ``test_config``."""
    from flask import Flask

    from kg import config
    from kg.backend import open_backend

    app = Flask(__name__)
    settings = config.load(test_config)
    app.config["KG"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings["max_request_bytes"]
    app.extensions["kg_store"] = store = open_backend(settings)
    if store.kind == "sparql":  # a remote engine answers; jobs go there over HTTP (server.remote_pool)
        from server.remote_pool import RemotePool

        app.extensions["kg_executors"] = RemotePool(store)
    else:
        from server.executor import ExecutorPool

        app.extensions["kg_executors"] = ExecutorPool(store.path, settings["threads"], settings["query_timeout"])

    from server import access_log, api, cors, graph_store, problems, protocol, service_description

    app.extensions["kg_execute"] = api.execute  # saved queries and page panels run through here

    problems.register(app)
    access_log.register(app)
    cors.register(app)
    app.register_blueprint(protocol.bp)
    app.register_blueprint(graph_store.bp)
    app.register_blueprint(service_description.bp)
    app.register_blueprint(api.bp)
    from server.complete import bp as complete_bp
    app.register_blueprint(complete_bp)  # /api/complete, the SPARQL editor's completions
    from server.ontology import bp as ontology_bp
    app.register_blueprint(ontology_bp)
    from server import pages
    pages.register(app)  # HTML pages: server/pages/, docs/pages.md
    return app

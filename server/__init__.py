"""The Flask application: SPARQL endpoint, query API and pages over the kg store."""
from __future__ import annotations

from typing import Any

from flask import Flask

from kg import config
from kg.store import EmbeddedStore


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then KG_* environment, then ``test_config``."""
    app = Flask(__name__)
    settings = config.load(test_config)
    app.config["KG"] = settings
    app.extensions["kg_store"] = EmbeddedStore(settings["store"])

    from server import problems, protocol

    problems.register(app)
    app.register_blueprint(protocol.bp)
    return app

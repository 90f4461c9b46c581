"""Run the app under gunicorn (pre-forked worker processes), as `kg serve` does."""
from __future__ import annotations

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, settings: dict, options: dict):
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from server import create_app

        return create_app(self.settings)


def run(settings: dict) -> None:
    """Serve until interrupted; each worker opens the store read-only on its own."""
    options = {
        "bind": f"{settings['host']}:{settings['port']}",
        "workers": settings["workers"],
        "worker_class": "sync",
        "timeout": int(settings["query_timeout"]) + 30,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
    }
    _Gunicorn(settings, options).run()

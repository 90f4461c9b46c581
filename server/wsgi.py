"""Run the app under gunicorn, as `kg serve` does: worker processes, request threads, executors.

``KG_WORKERS`` gunicorn worker processes (gthread), each serving ``KG_THREADS``
requests at once and owning ``KG_THREADS`` executor processes (server.executor)
that run the SPARQL. A slow query holds one thread and one executor until it ends
or ``KG_QUERY_TIMEOUT`` kills it; the other threads and workers keep serving.
"""
from __future__ import annotations

import json
import os
import threading

from gunicorn import util
from gunicorn.app.base import BaseApplication

# gunicorn's cap on the request line (URL); its maximum, whatever KG_MAX_REQUEST_BYTES says
MAX_REQUEST_LINE = 8190


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


def options(settings: dict) -> dict:
    """gunicorn's settings for the KG_* settings."""
    return {
        "bind": f"{settings['host']}:{settings['port']}",
        "workers": settings["workers"],
        "worker_class": "gthread",
        "threads": settings["threads"],
        # A worker is only restarted if its main loop stalls; requests never run long there.
        "timeout": int(max(settings["query_timeout"], settings["update_timeout"])) + 30,
        "graceful_timeout": 10,
        "keepalive": 5,
        "limit_request_line": MAX_REQUEST_LINE,
        "control_socket_disable": True,  # several servers on one machine would share its path
        # The worker's heartbeat file is fchmod-ed on every turn of its loop (8 % of a cheap
        # request's samples in py-spy): keep it in memory, not on disk.
        "worker_tmp_dir": "/dev/shm" if os.path.isdir("/dev/shm") else None,
        "accesslog": None,  # server.access_log writes one JSON line per request instead
        "errorlog": "-",
        "loglevel": "info",
        "post_worker_init": _post_worker_init,
        "worker_exit": _worker_exit,
    }


def run(settings: dict) -> None:
    """Serve until interrupted; each worker opens the store read-only on its own."""
    _Gunicorn(settings, options(settings)).run()


def _post_worker_init(worker) -> None:
    from server import sparql_guard

    util.write_error = _write_json_error
    worker.wsgi.extensions["kg_executors"].start()
    # rdflib's parser takes ~0.5 s to build; do it while the worker already serves.
    threading.Thread(target=sparql_guard.warm_up, name="warm-up", daemon=True).start()


def _worker_exit(server, worker) -> None:
    app = getattr(worker, "wsgi", None)
    if app is not None and hasattr(app, "extensions"):
        app.extensions["kg_executors"].close()


def _write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own errors (a URL too long, a malformed request) in the endpoint's error shape."""
    if status_int == 414:
        mesg = (f"the URL is longer than this server accepts ({MAX_REQUEST_LINE} bytes at most); "
                f"send the query by POST")
    message = mesg or reason
    body = json.dumps({"ok": False, "status": status_int, "error": message, "errors": [message]}).encode()
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode("latin-1")
    util.write_nonblock(sock, head + body)

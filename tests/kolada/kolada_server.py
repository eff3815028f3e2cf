"""Recorded Kolada API v3 responses served on 127.0.0.1 (never the network)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from kpi.pipeline.kolada.client import BASE_URL

DATA = Path(__file__).resolve().parent / "data"
ROUTES = {
    "/v3/kpi/U30200": "kpi_U30200.json",
    "/v3/kpi/N00973": "kpi_N00973.json",
    "/v3/data/kpi/N00973/municipality/0138": "data_N00973_0138.json",
    "/v3/data/kpi/U30200/municipality/0138": "data_U30200_0138_page1.json",
    "/v3/data/kpi/U30200/municipality/0138?page=2&per_page=2": "data_U30200_0138_page2.json",
}


class Recorded(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        name = ROUTES.get(self.path)
        if name is None:
            self.send_response(404)
            self.end_headers()
            return
        base = f"http://127.0.0.1:{self.server.server_address[1]}/v3"
        body = (DATA / name).read_text(encoding="utf-8").replace(BASE_URL, base).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def serve() -> Iterator[tuple[str, ThreadingHTTPServer]]:
    """A server of the recorded responses: (its base URL, the server); ``Recorded.hits`` lists
    the paths asked for."""
    Recorded.hits = []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}/v3", srv
    finally:
        srv.shutdown()
        srv.server_close()

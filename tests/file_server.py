"""A loopback HTTP server that serves given bytes by path (others are 404s), for the upload-by-URL
routes' tests (the app runs with `fetch_allow="127.0.0.1"`, the only address tests connect to)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Files:
    port: int
    files: dict[str, bytes]
    paths: list[str] = field(default_factory=list)  # what was asked for, in order

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@contextmanager
def serving(files: dict[str, bytes]) -> Iterator[Files]:
    """Serve `files` (path → body) on 127.0.0.1 while the `with` lasts."""
    served = Files(0, files)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            served.paths.append(self.path)
            body = served.files.get(self.path)
            self.send_response(200 if body is not None else 404)
            body = body if body is not None else b"no such file"
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    served.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        httpd.shutdown()
        httpd.server_close()

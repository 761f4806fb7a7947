"""The guarded fetcher against a real HTTP server on 127.0.0.1 (the only address tests connect to)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import AppFactory, left_in
from tests.media.makers import image_bytes
from tests.validation import assert_invalid

BIG_CHUNK = 64 * 1024
BIG_CHUNKS = 1024  # 64 MiB offered; far more than any socket buffers between the two ends


@dataclass
class Served:
    port: int
    paths: list[str] = field(default_factory=list)
    big_sent: int = 0
    big_done: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture
def server() -> Iterator[Served]:
    served = Served(port=0)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            served.paths.append(self.path)
            if self.path.startswith("/redirect-to/"):
                self.send_response(302)
                self.send_header("Location", self.path.removeprefix("/redirect-to/"))
                self.end_headers()
            elif self.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.end_headers()
            elif self.path == "/photo.png":
                self._send(200, image_bytes("PNG", (24, 12)))
            elif self.path == "/notes.jpg":
                self._send(200, b"a text file under a photo's name")
            elif self.path == "/big":
                self._big()
            else:
                self._send(404, b"no such file")

        def _send(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _big(self) -> None:
            # No Content-Length: the cap has to be enforced while reading, not from a header.
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(BIG_CHUNKS):
                    self.wfile.write(b"\x89PNG\r\n\x1a\n".ljust(BIG_CHUNK, b"\x00"))
                    served.big_sent += BIG_CHUNK
            except OSError:
                pass  # the reader hung up
            finally:
                served.big_done.set()

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    served.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield served
    httpd.shutdown()
    httpd.server_close()


async def by_url(api, url: str):  # noqa: ANN001, ANN201
    return await api.post("/test-media/photo", data={"url": url})


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        "LOCALHOST.",
        "app.localhost",
        "[::1]",
        "2130706433",
        "0x7f.1",
        "0x7f000001",
        "127.1",
    ],
)
async def test_loopback_in_any_spelling_is_refused_without_an_allow_entry(
    media_api: AppFactory, server: Served, host: str, temp_root: Path
) -> None:
    api = await media_api()
    body = assert_invalid(await by_url(api, server.url("/photo.png", host)), "url")
    assert "refused" in str(body["detail"]) and "AIOGRAPI_REST_FETCH_ALLOW" in body["hint"]
    assert server.paths == [], "nothing was connected to"
    assert left_in(temp_root) == []


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x.png", "file:///etc/passwd", "not a url", "http:///x"])
async def test_only_http_urls_are_fetched(media_api: AppFactory, url: str) -> None:
    assert_invalid(await by_url(await media_api(), url), "url")


async def test_an_allowed_loopback_server_is_fetched_and_its_bytes_decide_the_type(
    media_api: AppFactory, server: Served, temp_root: Path
) -> None:
    api = await media_api(fetch_allow="127.0.0.1")
    response = await by_url(api, server.url("/photo.png"))
    assert response.status_code == 200, response.text
    assert response.json() == {"name": response.json()["name"], "size": [24, 12]}
    assert response.json()["name"].endswith(".png")
    body = assert_invalid(await by_url(api, server.url("/notes.jpg")), "url")
    assert "JPEG, PNG or WebP" in str(body["detail"])
    assert_invalid(await by_url(api, server.url("/missing.png")), "url")
    assert server.paths == ["/photo.png", "/notes.jpg", "/missing.png"]
    assert left_in(temp_root) == []


async def test_a_redirect_to_an_address_that_is_not_allowed_is_refused(
    media_api: AppFactory, server: Served
) -> None:
    api = await media_api(fetch_allow="127.0.0.1")
    elsewhere = server.url("/photo.png", host="127.0.0.2")
    body = assert_invalid(await by_url(api, server.url(f"/redirect-to/{elsewhere}")), "url")
    assert "127.0.0.2" in str(body["detail"]) and "loopback" in str(body["detail"])
    metadata = "http://169.254.169.254/latest/meta-data/"
    body = assert_invalid(await by_url(api, server.url(f"/redirect-to/{metadata}")), "url")
    assert "metadata" in str(body["detail"])
    assert server.paths == [f"/redirect-to/{elsewhere}", f"/redirect-to/{metadata}"]


async def test_redirects_within_the_allowed_server_are_followed_a_few_times(
    media_api: AppFactory, server: Served
) -> None:
    api = await media_api(fetch_allow="127.0.0.1")
    response = await by_url(api, server.url("/redirect-to//photo.png"))
    assert response.status_code == 200, response.text
    body = assert_invalid(await by_url(api, server.url("/loop")), "url")
    assert "redirects" in str(body["detail"])
    assert server.paths.count("/loop") == 6, "the first request and five redirects"


async def test_a_body_over_the_cap_is_413_and_the_connection_is_dropped_early(
    media_api: AppFactory, server: Served, temp_root: Path
) -> None:
    api = await media_api(fetch_allow="127.0.0.1", fetch_max_bytes=BIG_CHUNK)
    response = await by_url(api, server.url("/big"))
    assert response.status_code == 413 and response.json()["exc_type"] == "UploadTooLarge"
    assert response.json()["detail"].startswith("url: ")
    assert server.big_done.wait(30), "the server noticed the reader had gone"
    assert server.big_sent < BIG_CHUNK * BIG_CHUNKS, "the body was not read to its end"
    assert left_in(temp_root) == []

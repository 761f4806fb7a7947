"""A load generator's HTTP/1.1 client that costs the machine next to nothing.

The gateway, the emulator and the load generator share two cores, so every millisecond of CPU
the load generator spends per request is taken from the gateway under test, and a direct
aiograpi call (which has no load generator) does not pay it. httpx spends about 0.5–1 ms per
request; this client writes prebuilt request bytes on kept-alive connections and reads the
answer by its Content-Length, a few tens of microseconds.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode, urlsplit


class RawClient:
    """One kept-alive connection per caller index; answers must carry Content-Length."""

    def __init__(self, base_url: str) -> None:
        url = urlsplit(base_url)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self._conns: dict[int, tuple[asyncio.StreamReader, asyncio.StreamWriter]] = {}

    def build(
        self,
        method: str,
        path: str,
        query: dict | None = None,
        form: dict | None = None,
        headers: dict[str, str] | None = None,
    ) -> bytes:
        """The request's bytes, built once and sent many times."""
        target = path + ("?" + urlencode(query) if query else "")
        body = urlencode(form).encode() if form else b""
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if form is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    async def send(self, index: int, request: bytes) -> tuple[int, bytes]:
        """Send `request` on caller `index`'s connection; (status, body).

        A connection the server closed while idle (uvicorn's keep-alive timeout, between runs)
        is opened again, and the request sent once more."""
        for attempt in (1, 2):
            conn = self._conns.get(index)
            if conn is None or conn[0].at_eof() or conn[1].is_closing():
                conn = await asyncio.open_connection(self.host, self.port)
                self._conns[index] = conn
            try:
                return await self._exchange(*conn, request)
            except (asyncio.IncompleteReadError, ConnectionError):
                conn[1].close()
                del self._conns[index]
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    @staticmethod
    async def _exchange(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
    ) -> tuple[int, bytes]:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                return status, await reader.readexactly(int(value))
        raise RuntimeError("answer without Content-Length: " + head[:200].decode("latin-1"))

    async def aclose(self) -> None:
        for _, writer in self._conns.values():
            writer.close()
        self._conns.clear()

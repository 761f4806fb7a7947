"""Nothing secret is stored in clear: the raw database bytes hold no password, token or cookie."""

from __future__ import annotations

import httpx

from aiograpi_rest.config import Settings
from tests.conftest import login


async def test_database_bytes_hold_no_secret(api: httpx.AsyncClient, settings: Settings) -> None:
    proxy = "http://proxyuser:proxy-pass-4411@proxy.example:8080"
    remembered = await login(api, remember_password="true", proxy=proxy)
    plain = await login(api)
    pending = (
        await api.post("/auth/login", data={"username": "demo2fa", "password": "demo-password"})
    ).json()
    cookies = [
        (await api.get("/auth/settings", headers={"X-Session-ID": token})).json()["cookies"]["sessionid"]
        for token in (remembered, plain)
    ]
    await api.app.state.services.store.engine.dispose()  # type: ignore[attr-defined]  # flush WAL into the file
    raw = b"".join(p.read_bytes() for p in settings.sqlite_path.parent.glob(settings.sqlite_path.name + "*"))
    assert len(raw) > 0
    for secret in [remembered, plain, pending["session_id"], *cookies, "demo-password", "proxy-pass-4411"]:
        assert secret.encode() not in raw, secret[:6]

"""Where the session token may come from, and the request log line."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from aiograpi_rest.logs import JsonFormatter
from aiograpi_rest.sessions.tokens import new_token, normalize_token
from tests.conftest import login


async def test_token_is_read_from_the_header_then_the_legacy_places(api: httpx.AsyncClient) -> None:
    token = await login(api)
    assert (await api.get("/auth/settings", params={"sessionid": token})).status_code == 200
    assert (await api.get("/auth/settings", headers={"Cookie": f"sessionid={token}"})).status_code == 200
    # A form field: PATCH /auth/settings takes form bodies.
    form = await api.patch("/auth/settings", data={"sessionid": token, "locale": "it_IT"})
    assert form.status_code == 200 and form.json() == token
    # The header wins over the others.
    both = await api.get(
        "/auth/settings", params={"sessionid": "igr_unknown"}, headers={"X-Session-ID": token}
    )
    assert both.status_code == 200


def test_the_reference_forms_of_an_id_are_one_token_and_ours_stay_as_they_are() -> None:
    raw = "1000000001:80tXAyZydkP7ip0:0:1b19f7d8ff0cf6ec"
    for form in (raw, raw.replace(":", "%3A"), f'"{raw}"', f' "{raw}" ', f"{raw}\n"):
        assert normalize_token(form) == raw, form
    for token in (new_token() for _ in range(2000)):
        assert normalize_token(token) == token


async def test_a_token_in_double_quotes_is_read_from_every_place(api: httpx.AsyncClient) -> None:
    quoted = f'"{await login(api)}"'
    assert (await api.get("/auth/settings", headers={"X-Session-ID": quoted})).status_code == 200
    assert (await api.get("/auth/settings", params={"sessionid": quoted})).status_code == 200
    assert (await api.get("/auth/settings", headers={"Cookie": f"sessionid={quoted}"})).status_code == 200
    form = await api.patch("/auth/settings", data={"sessionid": quoted, "locale": "it_IT"})
    assert form.status_code == 200, form.text


async def test_one_json_log_line_per_request_without_secrets(
    api: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    token = await login(api)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="aiograpi_rest.access"):
        await api.get("/auth/settings", params={"sessionid": token}, headers={"X-Request-ID": "req-42"})
    [record] = [r for r in caplog.records if r.name == "aiograpi_rest.access"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-42"
    assert (line["method"], line["route"], line["status"]) == ("GET", "/auth/settings", 200)
    assert line["duration_ms"] >= 0
    assert token not in json.dumps(line)

"""What a caller checks on a refused input: the 422 and the field it names."""

from __future__ import annotations

from typing import Any

import httpx


def invalid_fields(response: httpx.Response) -> list[str]:
    """The fields a 422 names: what follows the source in each `detail[].loc` (`["query", "user_id"]`)."""
    body: dict[str, Any] = response.json()
    return [str(item["loc"][1] if len(item["loc"]) > 1 else item["loc"][0]) for item in body["detail"]]


def assert_invalid(response: httpx.Response, field: str) -> dict[str, Any]:
    """A 422 whose body names `field` (in `detail[].loc` and in the hint); the body, for more checks."""
    assert response.status_code == 422, response.text
    body = response.json()
    assert field in invalid_fields(response), body
    assert all(item["loc"][0] in ("query", "body", "header", "cookie") for item in body["detail"]), body
    assert body["exc_type"] and body["request_id"], body
    assert any(f"'{name}'" in body["hint"] for name in invalid_fields(response)), body
    return body


def invalid_text(response: httpx.Response) -> str:
    """A 422's refusals as one line (`field: message; …`), for checks on what the message says."""
    return "; ".join(
        f"{'.'.join(str(p) for p in item['loc'][1:])}: {item['msg']}" for item in response.json()["detail"]
    )

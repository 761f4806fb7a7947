"""What a caller checks on a refused input: the 422 and the field it names."""

from __future__ import annotations

from typing import Any

import httpx


def invalid_fields(response: httpx.Response) -> list[str]:
    """The fields a 422 names: the last element of each `detail[].loc`, as FastAPI clients read it."""
    body: dict[str, Any] = response.json()
    detail = body["detail"]
    if isinstance(detail, str):  # the pre-issue-16 body; kept until every 422 is FastAPI's list
        return [detail.split(":", 1)[0]]
    return [str(item["loc"][-1]) for item in detail]


def assert_invalid(response: httpx.Response, field: str) -> dict[str, Any]:
    """A 422 whose body names `field` (in `detail[].loc` and in the hint); the body, for more checks."""
    assert response.status_code == 422, response.text
    body = response.json()
    assert field in invalid_fields(response), body
    assert body["exc_type"] and body["request_id"], body
    return body

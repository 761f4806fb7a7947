"""A urlencoded body reads as Starlette's FormParser reads it (`aiograpi_rest.urlencoded`)."""

from __future__ import annotations

import random

import pytest
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.formparsers import FormParser, MultiPartException

from aiograpi_rest import urlencoded

HEADERS = Headers({"content-type": "application/x-www-form-urlencoded"})


async def _starlette(body: bytes, chunk: int) -> list[tuple[str, object]] | str:
    async def stream():  # type: ignore[no-untyped-def]
        for start in range(0, len(body), chunk):
            yield body[start : start + chunk]

    try:
        return list((await FormParser(HEADERS, stream()).parse()).multi_items())
    except MultiPartException as exc:
        return exc.message


def _ours(body: bytes) -> list[tuple[str, object]] | str:
    try:
        return list(urlencoded.parse(body).multi_items())
    except HTTPException as exc:
        assert exc.status_code == 400
        return exc.detail


def _bodies(n: int) -> list[bytes]:
    rnd = random.Random(20261204)
    # The bytes that mean something to a form, escapes good and bad, and Latin-1 beyond ASCII.
    alphabet = [
        b"&",
        b"=",
        b"+",
        b"%",
        b"%2",
        b"%26",
        b"%3D",
        b"%e9",
        b"%zz",
        b"a",
        b"b",
        b" ",
        b"\xe9",
        b";",
    ]
    fixed = [b"", b"&", b"&&", b"=", b"a", b"a=", b"=b", b"a=1&&b=2", b"&a=1&", b"a=1=2", b"a&b=1", b"x=%"]
    return fixed + [b"".join(rnd.choices(alphabet, k=rnd.randint(1, 24))) for _ in range(n)]


async def test_the_fields_are_starlettes() -> None:
    for body in _bodies(3000):
        # Starlette reads the body as it arrives; one chunk, or a byte at a time.
        expected = await _starlette(body, max(len(body), 1))
        assert _ours(body) == expected == await _starlette(body, 1), body


@pytest.mark.parametrize(
    "body",
    [
        b"&".join(b"f%d=1" % i for i in range(1000)),  # the most fields there may be
        b"&".join(b"f%d=1" % i for i in range(1001)),
        b"a=" + b"x" * urlencoded.MAX_PART_SIZE,
        b"a=" + b"x" * (urlencoded.MAX_PART_SIZE - 1),
        b"&".join([b"f=1"] * 1000 + [b"big=" + b"x" * urlencoded.MAX_PART_SIZE]),
    ],
)
async def test_the_limits_and_their_messages_are_starlettes(body: bytes) -> None:
    assert _ours(body) == await _starlette(body, 65536)

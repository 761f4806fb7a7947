"""Share links and codes decode locally: the answer names what they point to, and Instagram is
never asked."""

from __future__ import annotations

import base64

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from tests.validation import assert_invalid


def share_code(kind: str, pk: str) -> str:
    return base64.b64encode(f"{kind}:{pk}".encode()).decode().rstrip("=")


async def test_code_and_link_decode_without_an_upstream_call(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    demo_pk = emulator.world.users.by_username("demo").pk
    highlight = emulator.world.stories.highlights_of(demo_pk)[0]
    code = share_code("highlight", highlight.pk)
    emulator.log.clear()
    by_code = await demo.get("/share", params={"code": code})
    by_url = await demo.get("/share", params={"url": f"https://www.instagram.com/s/{code}?story_media_id=1"})
    assert by_code.status_code == by_url.status_code == 200, by_code.text
    assert by_code.json() == by_url.json() == {"pk": highlight.pk, "type": "highlight", "code": code}
    assert emulator.log == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "url, code"),
        ({"url": "https://www.instagram.com/s/aGk", "code": "aGk"}, "url, code"),
        ({"code": "%%%not-base64"}, "code"),
        ({"code": share_code("nothing", "")}, "code"),
        ({"url": "https://example.com/s/aGlnaGxpZ2h0OjE3OTg4MDg5NjI5MzgzNzcw"}, "url"),
        ({"url": "https://www.instagram.com/"}, "url"),
    ],
)
async def test_bad_input_names_the_field(
    demo: httpx.AsyncClient, emulator: Emulator, params: dict, field: str
) -> None:
    emulator.log.clear()
    response = await demo.get("/share", params=params)
    assert_invalid(response, field.split(", ")[0])
    assert emulator.log == []

"""aiograpi's web query for the posts a user is tagged in answers what the private feed does."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from aiograpi.exceptions import ClientError

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.seed import DEMO_PASSWORD
from aiograpi_rest.upstream import GatewayClient


async def test_tagged_posts_by_graphql_page_like_the_private_feed(
    em: Emulator, make_client: Callable[..., GatewayClient]
) -> None:
    cl = make_client()
    await cl.login("demo", DEMO_PASSWORD)
    demo = em.world.users.by_username("demo")
    demo.is_private = False  # the web query is anonymous: it sees a public account's tags only
    private = await cl.usertag_medias_v1(demo.pk)
    assert private, "the seed tags demo in posts"

    pks, cursor = [], None
    while True:
        page, cursor = await cl.usertag_medias_paginated_gql(demo.pk, amount=1, end_cursor=cursor)
        assert len(page) <= 1
        pks += [m.pk for m in page]
        if not cursor:
            break
    assert pks == [str(m.pk) for m in private]
    assert len(em.log.calls("/graphql/query/", host="www.instagram.com")) == len(private)


async def test_a_private_accounts_tags_stay_hidden_from_the_web_query(
    em: Emulator, make_client: Callable[..., GatewayClient]
) -> None:
    cl = make_client()
    await cl.login("demo", DEMO_PASSWORD)
    with pytest.raises(ClientError):
        await cl.usertag_medias_paginated_gql(em.world.users.by_username("demo").pk)

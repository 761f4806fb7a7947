"""The seed world: the same for the same seed, and as rich as issue 3 and DESIGN.md promise."""

from __future__ import annotations

from collections import Counter

from aiograpi_rest.emulator import builders
from aiograpi_rest.emulator.seed import POPULAR, build_world
from aiograpi_rest.emulator.world import World


def snapshot(world: World) -> dict:
    """What a client can see of a world: every profile, post, comment and follow."""
    return {
        "users": [builders.user_v1(world, u) for u in world.users],
        "follows": {u.username: world.social.following_edges(u.pk) for u in world.users},
        "media": [builders.media_v1(world, m) for m in world.media.medias.values()],
        "comments": {
            m.pk: [(c.user_pk, c.text, c.parent_pk) for _, c in world.media.comment_edges(m)]
            for m in world.media.medias.values()
        },
    }


def test_the_same_seed_builds_the_same_world() -> None:
    assert snapshot(build_world(0)) == snapshot(build_world(0))
    assert snapshot(build_world(7)) == snapshot(build_world(7))


def test_another_seed_keeps_the_accounts_and_varies_the_content() -> None:
    first, second = build_world(0), build_world(1)
    assert [(u.pk, u.username) for u in first.users] == [(u.pk, u.username) for u in second.users]
    assert [m.id for m in first.media.medias.values()] == [m.id for m in second.media.medias.values()]
    assert snapshot(first) != snapshot(second)


def test_the_seed_holds_what_every_route_needs() -> None:
    world = build_world(0)
    names = {u.username for u in world.users}
    assert {"demo", "demo2fa", "demochallenge", POPULAR} <= names
    assert len(names - {"demo", "demo2fa", "demochallenge"}) >= 20
    assert all(u.pk.isdigit() for u in world.users)
    assert all(m.id == f"{m.pk}_{m.owner_pk}" for m in world.media.medias.values())

    demo = world.users.by_username("demo")
    assert len(world.social.following_edges(demo.pk)) >= 10
    assert len(world.social.follower_edges(demo.pk)) >= 10
    assert world.social.request_edges(demo.pk), "a pending follow request"
    kinds = {m.product_type for m in world.media.by_owner(demo.pk)}
    assert {"feed", "carousel_container", "clips"} <= kinds
    assert {m.media_type for m in world.media.by_owner(demo.pk)} == {1, 2, 8}
    assert world.stories.of(demo.pk) and world.stories.highlights_of(demo.pk)
    assert world.media.collections_of(demo.pk) and world.direct.inbox(demo.pk)

    star = world.users.by_username(POPULAR)
    assert len(world.social.follower_edges(star.pk)) >= 120
    busiest = max(world.media.medias.values(), key=world.media.comment_count)
    assert world.media.comment_count(busiest) >= 60
    assert any(world.media.reply_count(c) for _, c in world.media.comment_edges(busiest))
    owners = Counter(m.owner_pk for m in world.media.medias.values())
    assert len(owners) >= 15, "most accounts have posts"

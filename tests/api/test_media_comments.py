"""Media (Post) comments, end to end: both paging styles over a 65-comment post, and each change
checked in the emulator's world and undone by its reverse route."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.seed import POPULAR
from aiograpi_rest.emulator.world.media import Comment, Media
from tests.validation import invalid_text

UNKNOWN_COMMENT = "17909999999999999"


def user_pk(emulator: Emulator, username: str) -> str:
    return emulator.world.users.by_username(username).pk


def popular_post(emulator: Emulator) -> Media:
    world = emulator.world
    return max(world.media.by_owner(user_pk(emulator, POPULAR)), key=world.media.comment_count)


def demo_photo(emulator: Emulator) -> Media:
    medias = emulator.world.media.by_owner(user_pk(emulator, "demo"))
    return next(m for m in medias if m.product_type == "feed" and m.media_type == 1)


def top_level(emulator: Emulator, media: Media) -> list[Comment]:
    return [c for _, c in emulator.world.media.comment_edges(media)]


async def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def assert_status(response: httpx.Response, status: int, exc_type: str | None = None) -> None:
    assert response.status_code == status, response.text
    if exc_type:
        assert response.json()["exc_type"] == exc_type


# the two paging styles
async def test_paging_all_comments_returns_each_exactly_once(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    media = popular_post(emulator)
    expected = [c.pk for c in top_level(emulator, media)]
    assert len(expected) >= 60
    seen: list[str] = []
    sizes: list[int] = []
    cursor = ""
    while True:
        page = await ok(
            await demo.get("/media/comments", params={"media_id": media.id, "amount": 20, "cursor": cursor})
        )
        seen += [c["pk"] for c in page["items"]]
        sizes.append(len(page["items"]))
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == expected, "each comment once, newest first"
    # Instagram's pages hold 15 comments: the gateway's pages are cut inside them, never longer.
    full, last = divmod(len(expected), 20)
    assert sizes == [20] * full + ([last] if last else [])
    first = await ok(await demo.get("/media/comments", params={"media_id": media.id, "amount": 20}))
    comment = emulator.world.media.get_comment(first["items"][0]["pk"])
    assert first["items"][0]["text"] == comment.text
    assert first["items"][0]["user"]["pk"] == comment.user_pk


@pytest.mark.parametrize("amount", [7, 15, 16])
async def test_pages_cut_anywhere_inside_instagrams_pages_lose_and_repeat_nothing(
    demo: httpx.AsyncClient, emulator: Emulator, amount: int
) -> None:
    media = popular_post(emulator)
    expected = [c.pk for c in top_level(emulator, media)]
    seen: list[str] = []
    cursor = ""
    while True:
        params = {"media_id": media.id, "amount": amount, "cursor": cursor}
        page = await ok(await demo.get("/media/comments", params=params))
        assert len(page["items"]) == amount or not page["next_cursor"], "full pages until the last"
        seen += [c["pk"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == expected


async def test_a_comments_cursor_it_did_not_give_is_422(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    media = popular_post(emulator)
    emulator.log.clear()
    response = await demo.get("/media/comments", params={"media_id": media.id, "cursor": "15~next"})
    assert_status(response, 422, "ValidationError")
    assert "cursor" in invalid_text(response) and len(emulator.log) == 0


async def test_the_stream_walks_the_same_comments_and_then_new_ones(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world, media = emulator.world, popular_post(emulator)
    expected = [c.pk for c in top_level(emulator, media)]
    first = await ok(await demo.get("/media/comments/stream", params={"media_id": media.id}))
    head = first["min_cursor"]
    seen, page = [], first
    while True:
        seen += [c["pk"] for c in page["items"]]
        if not page["max_cursor"]:
            break
        page = await ok(
            await demo.get(
                "/media/comments/stream", params={"media_id": media.id, "max_id": page["max_cursor"]}
            )
        )
    assert seen == expected

    fresh = world.media.add_comment(media, user_pk(emulator, "alice"), "Just arrived")
    newer = await ok(await demo.get("/media/comments/stream", params={"media_id": media.id, "min_id": head}))
    assert [c["pk"] for c in newer["items"]] == [fresh.pk]
    assert newer["min_cursor"] != head and newer["max_cursor"] == ""
    nothing = await ok(
        await demo.get("/media/comments/stream", params={"media_id": media.id, "min_id": newer["min_cursor"]})
    )
    assert nothing["items"] == []


async def test_comments_of_an_unknown_post_are_a_404(demo: httpx.AsyncClient) -> None:
    assert_status(
        await demo.get("/media/comments", params={"media_id": "3199999999999999999"}), 404, "MediaNotFound"
    )
    assert_status(await demo.get("/media/comments", params={"media_id": "1_2", "amount": 0}), 422)


# writing, replying, deleting
async def test_comment_reply_then_delete(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world, media, me = emulator.world, popular_post(emulator), user_pk(emulator, "demo")
    created = await ok(await demo.post("/media/comment", data={"media_id": media.id, "text": "Stunning!"}))
    comment = world.media.get_comment(created["pk"])
    assert (comment.text, comment.user_pk, comment.media_pk) == ("Stunning!", me, media.pk)
    assert created["user"]["username"] == "demo" and created["replied_to_comment_id"] is None

    form = {"media_id": media.id, "text": "Replying to myself", "replied_to_comment_id": comment.pk}
    reply = await ok(await demo.post("/media/comment", data=form))
    assert world.media.get_comment(reply["pk"]).parent_pk == comment.pk
    replies = await ok(
        await demo.get("/media/comment/replies", params={"media_id": media.id, "comment_id": comment.pk})
    )
    assert [r["text"] for r in replies] == ["Replying to myself"]

    deleted = await demo.delete("/media/comment", params={"media_id": media.id, "comment_pk": comment.pk})
    assert await ok(deleted) is True
    assert comment.deleted and world.media.comments[reply["pk"]].deleted, "replies go with their comment"
    assert_status(await demo.post("/media/comment", data={"media_id": media.id, "text": ""}), 422)


async def test_replies_of_a_seeded_comment(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world, media = emulator.world, popular_post(emulator)
    parent = next(c for c in top_level(emulator, media) if world.media.reply_count(c) == 3)
    expected = [c.text for c in world.media.comments.values() if c.parent_pk == parent.pk]
    params = {"media_id": media.id, "comment_id": parent.pk}
    replies = await ok(await demo.get("/media/comment/replies", params=params))
    assert sorted(r["text"] for r in replies) == sorted(expected)
    one = await ok(await demo.get("/media/comment/replies", params={**params, "amount": 1}))
    assert len(one) == 1
    unknown = await demo.get("/media/comment/replies", params={**params, "comment_id": UNKNOWN_COMMENT})
    assert_status(unknown, 404, "CommentUnavailable")


async def test_only_the_author_or_the_post_owner_deletes_a_comment(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world, media = emulator.world, popular_post(emulator)
    someone_elses = next(c for c in top_level(emulator, media) if c.user_pk != user_pk(emulator, "demo"))
    response = await demo.delete(
        "/media/comment", params={"media_id": media.id, "comment_pk": someone_elses.pk}
    )
    assert_status(response, 403)
    assert not someone_elses.deleted

    mine = demo_photo(emulator)
    theirs = next(c for c in top_level(emulator, mine) if c.user_pk == user_pk(emulator, "alice"))
    assert await ok(
        await demo.delete("/media/comment", params={"media_id": mine.id, "comment_pk": theirs.pk})
    )
    assert world.media.comments[theirs.pk].deleted


# likes, likers, pins
async def test_like_a_comment_then_unlike(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    me = user_pk(emulator, "demo")
    comment = next(c for c in top_level(emulator, popular_post(emulator)) if me not in c.likes)
    assert await ok(await demo.post("/media/comment/like", data={"comment_pk": comment.pk})) is True
    assert me in comment.likes
    assert await ok(await demo.delete("/media/comment/like", params={"comment_pk": comment.pk})) is True
    assert me not in comment.likes
    unknown = await demo.post("/media/comment/like", data={"comment_pk": UNKNOWN_COMMENT})
    assert_status(unknown, 404, "CommentUnavailable")
    assert_status(await demo.post("/media/comment/like", data={"comment_pk": "abc"}), 422)


async def test_comment_likers(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world = emulator.world
    comment = next(c for c in top_level(emulator, popular_post(emulator)) if len(c.likes) >= 2)
    expected = {world.users.get(pk).username for pk in comment.likes}
    likers = await ok(await demo.get("/media/comment/likers", params={"comment_pk": comment.pk}))
    assert {u["username"] for u in likers} == expected
    assert all(u["id"] in comment.likes for u in likers)
    one = await ok(await demo.get("/media/comment/likers", params={"comment_pk": comment.pk, "amount": 1}))
    assert len(one) == 1
    # www answers `comment: null` for a comment it does not know, which aiograpi reads as no likers.
    assert await ok(await demo.get("/media/comment/likers", params={"comment_pk": UNKNOWN_COMMENT})) == []
    too_many = await demo.get("/media/comment/likers", params={"comment_pk": comment.pk, "amount": 500})
    assert_status(too_many, 422)
    assert "amount" in invalid_text(too_many)


async def test_pin_a_comment_then_unpin(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    media = demo_photo(emulator)
    comment = top_level(emulator, media)[0]
    form = {"media_id": media.id, "comment_pk": comment.pk}
    assert await ok(await demo.post("/media/comment/pin", data=form)) is True
    assert media.pinned_comment_pks == [comment.pk]
    assert await ok(await demo.delete("/media/comment/pin", params=form)) is True
    assert media.pinned_comment_pks == []

    unknown = await demo.post(
        "/media/comment/pin", data={"media_id": media.id, "comment_pk": UNKNOWN_COMMENT}
    )
    assert_status(unknown, 404, "CommentUnavailable")

    other = popular_post(emulator)
    pinned = list(other.pinned_comment_pks)
    response = await demo.post("/media/comment/pin", data={"media_id": other.id, "comment_pk": pinned[0]})
    assert_status(response, 403)
    assert other.pinned_comment_pks == pinned


# several posts at once, and the offensive-text check
async def test_comment_infos_of_several_posts(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world = emulator.world
    posts = [popular_post(emulator), demo_photo(emulator)]
    emulator.log.clear()
    infos = await ok(await demo.get("/media/comment/infos", params={"media_ids": [m.id for m in posts]}))
    assert len(emulator.log) == 1
    for media in posts:
        info = infos["comment_infos"][media.id]
        assert info["comment_count"] == world.media.comment_count(media)
        newest = top_level(emulator, media)[0]
        assert info["preview_comments"][0]["pk"] == newest.pk
    response = await demo.get("/media/comment/infos", params={"media_ids": [posts[0].id, "nope"]})
    assert_status(response, 422)
    assert "media_ids" in invalid_text(response)


async def test_check_offensive(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    media = popular_post(emulator)
    check = "/media/comment/check/offensive"
    assert (
        await ok(await demo.post(check, data={"media_id": media.id, "text": "You absolute idiot!"})) is True
    )
    assert await ok(await demo.post(check, data={"media_id": media.pk, "text": "What a view"})) is False
    assert_status(await demo.post(check, data={"media_id": "3199999999999999999", "text": "hi"}), 404)

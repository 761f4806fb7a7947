"""Media (Post), end to end: a post's info and edits, and each state pair checked in the world."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.seed import POPULAR
from aiograpi_rest.emulator.world.media import Media
from tests.validation import assert_invalid

UNKNOWN_PK = "3199999999999999999"


def user_pk(emulator: Emulator, username: str) -> str:
    return emulator.world.users.by_username(username).pk


def popular_post(emulator: Emulator) -> Media:
    """travel_star's most commented photo: public, liked, with a location."""
    world = emulator.world
    return max(world.media.by_owner(user_pk(emulator, POPULAR)), key=world.media.comment_count)


def demo_post(emulator: Emulator, product_type: str = "feed", media_type: int = 1) -> Media:
    medias = emulator.world.media.by_owner(user_pk(emulator, "demo"))
    return next(m for m in medias if m.product_type == product_type and m.media_type == media_type)


async def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def assert_422(response: httpx.Response, field: str) -> None:
    body = assert_invalid(response, field.split(", ")[0])
    assert body["exc_type"] == "ValidationError"


# reading a post
async def test_a_post_by_each_of_its_four_names(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    media = popular_post(emulator)
    location = emulator.world.tags.location(media.location_pk)
    for params in (
        {"pk": media.pk},
        {"id": media.id},
        {"code": media.code},
        {"url": f"https://www.instagram.com/p/{media.code}/?igsh=abc"},
    ):
        emulator.log.clear()
        body = await ok(await demo.get("/media", params=params))
        assert (body["pk"], body["id"], body["code"]) == (media.pk, media.id, media.code)
        assert body["caption_text"] == media.caption
        assert body["user"]["username"] == POPULAR
        assert body["like_count"] == len(media.likes)
        assert body["comment_count"] == emulator.world.media.comment_count(media)
        assert body["location"]["name"] == location.name
        assert [e.path for e in emulator.log] == [f"/api/v1/media/{media.pk}/info/"], params


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "pk, id, code, url"),
        ({"pk": "3100000000000000001", "code": "CsFa"}, "pk, id, code, url"),
        ({"code": "bad code!"}, "code"),
        ({"id": "12_ab"}, "id"),
        ({"url": "https://example.com/p/CsFaZNTtgAK/"}, "url"),
        ({"url": "https://www.instagram.com/share/p/BAbc123/"}, "url"),
        ({"url": "https://www.instagram.com/travel_star/"}, "url"),
    ],
)
async def test_a_post_needs_exactly_one_good_name(
    demo: httpx.AsyncClient, emulator: Emulator, params: dict[str, str], field: str
) -> None:
    emulator.log.clear()
    assert_422(await demo.get("/media", params=params), field)
    assert emulator.log.calls("media/") == [], "bad input never reaches Instagram"


async def test_an_unknown_post_is_a_404(demo: httpx.AsyncClient) -> None:
    for path, params in (("/media", {"pk": UNKNOWN_PK}), ("/media/author", {"media_pk": UNKNOWN_PK})):
        response = await demo.get(path, params=params)
        assert response.status_code == 404, response.text
        assert response.json()["exc_type"] == "MediaNotFound"


async def test_author_oembed_and_likers(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    media = popular_post(emulator)
    author = await ok(await demo.get("/media/author", params={"media_pk": media.pk}))
    assert (author["pk"], author["username"]) == (user_pk(emulator, POPULAR), POPULAR)

    emulator.log.clear()
    url = f"https://instagram.com/reel/{media.code}/?utm_source=ig_web&igsh=x"
    oembed = await ok(await demo.get("/media/oembed", params={"url": url}))
    assert (oembed["author_name"], oembed["media_id"]) == (POPULAR, media.id)
    assert media.code in oembed["html"] and oembed["can_view"] is True
    [call] = emulator.log.calls("oembed")
    assert call.query["url"] == f"https://www.instagram.com/p/{media.code}/", "only the canonical URL is sent"
    assert_422(await demo.get("/media/oembed", params={"url": "not a url"}), "url")

    likers = await ok(await demo.get("/media/likers", params={"media_id": media.id}))
    expected = [emulator.world.users.get(pk).username for _, pk in emulator.world.media.liker_edges(media)]
    assert [u["username"] for u in likers] == expected and expected


# state pairs
async def test_like_then_unlike(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    media, me = popular_post(emulator), user_pk(emulator, "demo")
    media.likes.pop(me, None)
    assert await ok(await demo.post("/media/like", data={"media_id": media.id})) is True
    assert me in media.likes
    assert await ok(await demo.delete("/media/like", params={"media_id": media.id})) is True
    assert me not in media.likes
    await ok(await demo.post("/media/like", data={"media_id": media.id}))
    assert await ok(await demo.post("/media/like", data={"media_id": media.id, "revert": "true"})) is True
    assert me not in media.likes
    assert_422(await demo.post("/media/like", data={"media_id": "my-post"}), "media_id")


async def test_save_into_a_collection_then_out_of_it_then_unsave(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world, me = emulator.world, user_pk(emulator, "demo")
    media = world.media.by_owner(user_pk(emulator, "bob"))[0]
    food = next(c for c in world.media.collections_of(me) if c.name == "Food")
    assert me not in media.saved_by

    saved = await demo.post("/media/save", data={"media_id": media.id, "collection_pk": food.pk})
    assert await ok(saved) is True
    assert me in media.saved_by and media.pk in food.media_pks
    out_of_food = await demo.delete("/media/save", params={"media_id": media.id, "collection_pk": food.pk})
    assert await ok(out_of_food) is True
    assert media.pk not in food.media_pks and me in media.saved_by, "still saved, only out of Food"
    assert await ok(await demo.delete("/media/save", params={"media_id": media.id})) is True
    assert me not in media.saved_by

    unknown = await demo.post(
        "/media/save", data={"media_id": media.id, "collection_pk": "17800000000009999"}
    )
    assert unknown.status_code == 404 and me not in media.saved_by


async def test_archive_then_unarchive(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    media = demo_post(emulator, "feed", 2)
    assert await ok(await demo.post("/media/archive", data={"media_id": media.id})) is True
    assert media.archived and media not in emulator.world.media.by_owner(media.owner_pk)
    assert await ok(await demo.delete("/media/archive", params={"media_id": media.id})) is True
    assert not media.archived


async def test_pin_to_profile_then_unpin(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    media = demo_post(emulator, "feed", 2)
    me = emulator.world.users.by_username("demo")
    assert media.pk not in me.pinned_media_pks
    assert await ok(await demo.post("/media/pin", data={"media_pk": media.pk})) is True
    assert me.pinned_media_pks[0] == media.pk
    assert await ok(await demo.delete("/media/pin", params={"media_pk": media.pk})) is True
    assert media.pk not in me.pinned_media_pks

    others = await demo.post("/media/pin", data={"media_pk": popular_post(emulator).pk})
    assert others.status_code == 403, "only your own posts go on your profile"


async def test_seen_marks_each_post(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    me = user_pk(emulator, "demo")
    first, second = emulator.world.media.by_owner(user_pk(emulator, "alice"))[:1] + [popular_post(emulator)]
    emulator.log.clear()
    response = await demo.patch("/media/seen", data={"media_ids": [first.id, second.id]})
    assert await ok(response) is True
    assert me in first.seen_by and me in second.seen_by
    assert [e.path for e in emulator.log] == ["/api/v2/media/seen/"], "full ids need no lookups"
    assert_422(await demo.patch("/media/seen", data={"media_ids": [first.id, "x1"]}), "media_ids")
    assert_422(await demo.patch("/media/seen", data={}), "media_ids")


# the owner's edits
async def test_edit_caption_usertags_and_location(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world = emulator.world
    media = demo_post(emulator)
    original = media.caption
    alice, bob, carol = (user_pk(emulator, n) for n in ("alice", "bob", "carol"))
    assert [t[0] for t in media.usertags] == [alice]
    park = next(loc for loc in world.tags.locations.values() if loc.name == "Central Park")
    form = {
        "media_id": media.id,
        "caption": "Edited by the gateway #gateway",
        "usertags": [
            json.dumps({"user": {"pk": bob, "username": "bob"}, "x": 0.2, "y": 0.3}),
            json.dumps([{"user": {"pk": carol}, "x": 0.7, "y": 0.8}]),
        ],
        "location": json.dumps({"name": "Central Park", "lat": park.lat, "lng": park.lng, "external_id": 42}),
    }
    body = await ok(await demo.patch("/media", data=form))
    assert body["media"]["caption"]["text"] == "Edited by the gateway #gateway"
    assert media.caption == "Edited by the gateway #gateway" and media.hashtags == ["gateway"]
    assert sorted(t[0] for t in media.usertags) == sorted([alice, bob, carol]), "new tags join the old"
    assert (bob, 0.2, 0.3) in media.usertags
    assert media.location_pk == park.pk

    before = list(media.usertags), media.location_pk
    await ok(
        await demo.patch("/media", data={"media_id": media.id, "caption": "Only the caption", "location": ""})
    )
    assert media.caption == "Only the caption"
    assert (media.usertags, media.location_pk) == before, "blank fields leave the post as it was"

    restored = await ok(await demo.patch("/media", data={"media_id": media.id, "caption": original}))
    assert media.caption == original and restored["media"]["caption"]["text"] == original
    assert "gateway" not in media.hashtags, "the edit's hashtag went with its caption"


async def test_edit_location_by_pk_or_by_coordinates(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world, media = emulator.world, demo_post(emulator)
    places = {loc.name: loc for loc in world.tags.locations.values()}
    tower, park = places["Eiffel Tower"], places["Central Park"]
    assert media.location_pk not in (tower.pk, park.pk)

    emulator.log.clear()
    by_pk = {
        "media_id": media.id,
        "caption": "At the tower",
        "location": json.dumps({"name": "Tower", "pk": int(tower.pk)}),
    }
    body = await ok(await demo.patch("/media", data=by_pk))
    assert media.location_pk == tower.pk and body["media"]["location"]["name"] == "Eiffel Tower"
    # aiograpi reads the place, then searches its name for the Facebook id the edit sends.
    assert emulator.log.calls(f"locations/{tower.pk}/location_info/") and emulator.log.calls("topsearch")

    emulator.log.clear()
    near = {"name": "Somewhere", "lat": park.lat + 0.001, "lng": park.lng}
    form = {"media_id": media.id, "caption": "In the park", "location": json.dumps(near)}
    await ok(await demo.patch("/media", data=form))
    assert media.location_pk == park.pk, "the venue nearest the coordinates"
    assert len(emulator.log.calls("location_search/")) == 1

    unknown = {"media_id": media.id, "caption": "Nowhere", "location": json.dumps({"name": "x", "pk": 1})}
    missing = await demo.patch("/media", data=unknown)
    assert missing.status_code == 404 and missing.json()["exc_type"]
    assert media.location_pk == park.pk and media.caption == "In the park"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("usertags", "{not json"),
        ("usertags", json.dumps({"x": 0.5, "y": 0.5})),
        ("location", "[1, 2"),
        ("location", json.dumps({"lat": 1.0})),
    ],
)
async def test_edit_refuses_malformed_json_naming_the_field(
    demo: httpx.AsyncClient, emulator: Emulator, field: str, value: str
) -> None:
    media = demo_post(emulator)
    caption = media.caption
    emulator.log.clear()
    response = await demo.patch("/media", data={"media_id": media.id, "caption": "x", field: value})
    assert_422(response, field)
    assert media.caption == caption and emulator.log.calls("edit_media") == []


async def test_only_the_owner_edits_or_deletes(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    media = popular_post(emulator)
    edit = await demo.patch("/media", data={"media_id": media.id, "caption": "mine now"})
    assert edit.status_code == 403 and media.caption != "mine now"
    delete = await demo.delete("/media", params={"media_id": media.id})
    assert delete.status_code == 403 and not media.deleted


async def test_delete_a_post(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    media = demo_post(emulator, "feed", 2)
    emulator.log.clear()
    assert await ok(await demo.delete("/media", params={"media_id": media.pk})) is True
    assert media.deleted
    assert [e.path for e in emulator.log] == [
        f"/api/v1/media/{media.pk}/info/",  # aiograpi looks the owner up for a bare pk
        f"/api/v1/media/{media.id}/delete/",
    ]
    gone = await demo.get("/media", params={"pk": media.pk})
    assert gone.status_code == 404 and gone.json()["exc_type"] == "MediaNotFound"


# notes on posts
async def test_note_on_a_post_then_delete_it(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    media = popular_post(emulator)
    extra = json.dumps({"tracking_token": "tok"})
    form = {"media_id": media.id, "text": "Where is this?", "extra_data": extra}
    note = (await ok(await demo.post("/media/note", data=form)))["note"]
    stored = emulator.world.media.notes[note["id"]]
    assert (note["text"], note["media_id"], note["user"]["username"]) == ("Where is this?", media.id, "demo")
    assert (stored.text, stored.audience, stored.note_style) == ("Where is this?", 7, 13)
    [call] = emulator.log.calls("create_note")
    assert "tracking_token" in call.form_keys, "extra_data fields go to Instagram"

    assert (
        await ok(await demo.delete("/media/note", params={"note_id": note["id"], "extra_data": extra}))
        is True
    )
    assert stored.deleted
    again = await demo.delete("/media/note", params={"note_id": note["id"]})
    assert again.status_code == 404


async def test_note_extra_data_must_be_a_json_object(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    media = popular_post(emulator)
    response = await demo.post("/media/note", data={"media_id": media.id, "text": "x", "extra_data": "[1]"})
    assert_422(response, "extra_data")
    assert_422(await demo.delete("/media/note", params={"note_id": "1", "extra_data": "{"}), "extra_data")
    assert emulator.world.media.notes == {}


UNKNOWN_ID = f"{UNKNOWN_PK}_1000000001"


@pytest.mark.parametrize(
    ("method", "path", "fields"),
    [
        ("POST", "/media/like", {"media_id": UNKNOWN_ID}),
        ("DELETE", "/media/like", {"media_id": UNKNOWN_ID}),
        ("GET", "/media/likers", {"media_id": UNKNOWN_ID}),
        ("POST", "/media/save", {"media_id": UNKNOWN_ID}),
        ("DELETE", "/media/save", {"media_id": UNKNOWN_ID}),
        ("POST", "/media/archive", {"media_id": UNKNOWN_ID}),
        ("DELETE", "/media/archive", {"media_id": UNKNOWN_ID}),
        ("POST", "/media/pin", {"media_pk": UNKNOWN_PK}),
        ("DELETE", "/media/pin", {"media_pk": UNKNOWN_PK}),
        ("PATCH", "/media/seen", {"media_ids": UNKNOWN_ID}),
        ("PATCH", "/media", {"media_id": UNKNOWN_ID, "caption": "x"}),
        ("DELETE", "/media", {"media_id": UNKNOWN_ID}),
        ("POST", "/media/note", {"media_id": UNKNOWN_ID, "text": "x"}),
        ("GET", "/media/oembed", {"url": "https://www.instagram.com/p/CxZZZZZZZZZ/"}),
        ("GET", "/media/comments", {"media_id": UNKNOWN_ID}),
        ("GET", "/media/comments/stream", {"media_id": UNKNOWN_ID}),
        ("POST", "/media/comment", {"media_id": UNKNOWN_ID, "text": "x"}),
        ("GET", "/media/comment/replies", {"media_id": UNKNOWN_ID, "comment_id": "17900000000000001"}),
    ],
)
async def test_every_route_answers_404_for_an_unknown_post(
    demo: httpx.AsyncClient, method: str, path: str, fields: dict[str, str]
) -> None:
    if method in ("POST", "PATCH"):
        response = await demo.request(method, path, data=fields)
    else:
        response = await demo.request(method, path, params=fields)
    assert response.status_code == 404, response.text
    assert response.json()["exc_type"] in ("MediaNotFound", "ClientNotFoundError")


async def test_edit_an_igtv_title(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    media = demo_post(emulator, "igtv", 2)
    emulator.log.clear()
    form = {"media_id": media.id, "caption": "Behind the scenes", "title": "Making of"}
    body = await ok(await demo.patch("/media", data=form))
    assert (media.title, media.caption) == ("Making of", "Behind the scenes")
    assert body["media"]["title"] == "Making of"
    # aiograpi's media_edit reads the post itself to learn whether it is IGTV: www first, which
    # shows nothing of a private account (demo's), then the private API; then the edit.
    assert emulator.log.lines() == [
        "GET www.instagram.com/graphql/query/",
        f"GET i.instagram.com/api/v1/media/{media.pk}/info/",
        f"POST i.instagram.com/api/v1/media/{media.id}/edit_media/",
    ]

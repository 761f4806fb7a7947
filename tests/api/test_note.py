"""Notes above the inbox, end to end: who sees a note, writing one (text or with a song), deleting it."""

from __future__ import annotations

import httpx

from aiograpi_rest.emulator import Emulator
from tests.api.test_user import ok, pk
from tests.conftest import login
from tests.validation import assert_invalid


async def as_user(api: httpx.AsyncClient, username: str) -> dict[str, str]:
    return {"X-Session-ID": await login(api, username)}


async def notes_seen(api: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, dict]:
    response = await api.get("/notes", headers=headers)
    assert response.status_code == 200, response.text
    return {n["user"]["username"]: n for n in response.json()}


async def test_demos_note_reaches_alice_and_is_gone_once_deleted(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    alice = await as_user(demo, "alice")
    created = await demo.post("/note", data={"text": "Gateway says hi"})
    assert created.status_code == 200, created.text
    note = created.json()
    assert note["text"] == "Gateway says hi" and note["user_id"] == pk(emulator, "demo")
    assert note["track"] is None
    assert emulator.world.notes.get(note["id"]).text == "Gateway says hi"

    seen = await notes_seen(demo, alice)
    assert seen["demo"]["id"] == note["id"] and seen["demo"]["text"] == "Gateway says hi"

    deleted = await demo.delete("/note", params={"note_id": note["id"]})
    assert deleted.status_code == 200 and deleted.json() is True
    assert "demo" not in await notes_seen(demo, alice)
    assert note["id"] not in {n.id for n in emulator.world.notes.live()}


async def test_one_users_note_and_its_text(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    alice = next(n for n in emulator.world.notes.live() if n.user_pk == pk(emulator, "alice"))
    body = await ok(demo, "/note", username="@alice")
    assert (body["id"], body["text"]) == (alice.id, alice.text)
    assert await ok(demo, "/note/text", username="alice") == alice.text


async def test_a_user_without_a_note_is_null_and_their_text_404(demo: httpx.AsyncClient) -> None:
    # GET /note answers null as the reference does; a string answer has no null, so the text is a 404.
    assert await ok(demo, "/note", username="bob") is None
    response = await demo.get("/note/text", params={"username": "bob"})
    assert response.status_code == 404, response.text
    assert response.json()["exc_type"] == "NoteNotFound"


async def test_a_close_friends_note_reaches_close_friends_only(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world = emulator.world
    demo_pk, carol = pk(emulator, "demo"), pk(emulator, "carol")
    assert world.social.is_following(demo_pk, carol) and world.social.is_following(carol, demo_pk)
    assert world.social.is_close_friend(demo_pk, pk(emulator, "alice"))
    note = await demo.post("/note", data={"text": "Besties only", "audience": 1})
    assert note.status_code == 200 and note.json()["audience"] == 1
    assert (await notes_seen(demo, await as_user(demo, "alice")))["demo"]["text"] == "Besties only"
    assert "demo" not in await notes_seen(demo, await as_user(demo, "carol"))


async def test_a_music_note_plays_a_track_from_the_notes_browser(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    browser = await ok(demo, "/notes/music/browser")
    track = browser["items"][-1]["track"]
    body = {"track": track, "text": "On repeat", "start_time": 5000, "duration": 15000}
    created = await demo.post("/note/music", json=body)
    assert created.status_code == 200, created.text
    note = created.json()
    assert note["text"] == "On repeat" and note["note_style"] == 1
    expected = {
        "audio_asset_id": track["audio_asset_id"],
        "audio_cluster_id": track["audio_cluster_id"],
        "title": track["title"],
        "display_artist": track["display_artist"],
        "start_time": 5000,
        "duration": 15000,
    }
    assert note["track"] == expected
    stored = emulator.world.notes.get(note["id"]).music
    assert stored is not None and stored.track_id == track["id"]

    seen = await notes_seen(demo, await as_user(demo, "alice"))
    assert seen["demo"]["id"] == note["id"] and seen["demo"]["track"] == expected


async def test_a_music_note_without_a_session_id_asks_the_browser_for_one(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    track = next(iter(emulator.world.tags.tracks.values()))
    emulator.log.clear()
    body = {"track": {"id": track.id, "audio_cluster_id": track.audio_cluster_id}}
    created = await demo.post("/note/music", json=body)
    assert created.status_code == 200, created.text
    assert created.json()["track"]["title"] == track.title
    assert [e.path for e in emulator.log.calls("notes_audio_browser|graphql")] == [
        "/api/v1/music/notes_audio_browser/",
        "/graphql/query",
    ]


async def test_mark_the_notes_tray_seen(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    demo_pk = pk(emulator, "demo")
    assert demo_pk not in emulator.world.notes.last_seen
    response = await demo.patch("/notes/last-seen")
    assert response.status_code == 200 and response.json() is True
    assert emulator.world.notes.last_seen[demo_pk] > 0


async def test_someone_elses_note_is_not_yours_to_delete(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    alice = next(n for n in emulator.world.notes.live() if n.user_pk == pk(emulator, "alice"))
    response = await demo.delete("/note", params={"note_id": alice.id})
    assert response.status_code == 404 and response.json()["exc_type"]
    assert alice in emulator.world.notes.live()


BAD_NOTES = [
    ({"text": "x" * 61}, "text"),
    ({"text": "   "}, "text"),
    ({"text": "hi", "audience": 2}, "audience"),
]
BAD_MUSIC_NOTES = [
    ({"track": {"id": "1"}}, "track"),
    ({"track": "{not json"}, "track"),
    ({"text": "no song"}, "track"),
    ({"track": {"id": "1", "audio_cluster_id": "2"}, "duration": 0}, "duration"),
    ({"track": {"id": "1", "audio_cluster_id": "2"}, "alacorn_session_id": "a b"}, "alacorn_session_id"),
    ({"track": {"id": "1", "audio_cluster_id": "2"}, "text": "x" * 61}, "text"),
]


async def test_bad_input_is_422_naming_the_field_before_any_upstream_call(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    before = list(emulator.world.notes.live())
    emulator.log.clear()
    for form, field in BAD_NOTES:
        assert_invalid(await demo.post("/note", data=form), field)
    for body, field in BAD_MUSIC_NOTES:
        assert_invalid(await demo.post("/note/music", json=body), field)
    assert_invalid(await demo.delete("/note", params={"note_id": "abc"}), "note_id")
    assert_invalid(await demo.get("/note", params={"username": "no/such"}), "username")
    assert len(emulator.log) == 0
    assert emulator.world.notes.live() == before


async def test_a_track_instagram_does_not_know_is_404_and_a_mismatched_one_422(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    known = next(iter(emulator.world.tags.tracks.values()))
    unknown = await demo.post("/note/music", json={"track": {"id": "42", "audio_cluster_id": "43"}})
    assert unknown.status_code == 404, unknown.text
    assert unknown.json()["exc_type"] == "ClientGraphqlError"
    mismatched = {"id": known.id, "audio_cluster_id": "1"}
    assert_invalid(await demo.post("/note/music", json={"track": mismatched}), "track")
    assert not any(n.music for n in emulator.world.notes.live())

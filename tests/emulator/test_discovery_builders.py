"""Notes and the hashtag/place grids go through the aiograpi code that parses them upstream."""

from __future__ import annotations

from aiograpi import extractors, types
from aiograpi.mixins.note import NoteMixin

from aiograpi_rest.emulator import Emulator, builders
from aiograpi_rest.emulator.builders.sections import media_grid
from aiograpi_rest.emulator.world.notes import NoteMusic


def test_notes_parse_as_aiograpi_reads_them(em: Emulator) -> None:
    world = em.world
    demo = world.users.by_username("demo").pk
    track = next(iter(world.tags.tracks.values()))
    note = world.notes.create(demo, "With a song", 1, music=NoteMusic(track.id, 2000, 15000))
    listed = types.Note(**builders.note_v1(world, note))
    created = NoteMixin._note_from_note_dict(builders.note_dict(world, note))
    for parsed in (listed, created):
        assert (parsed.id, parsed.text, parsed.user_id, parsed.audience) == (note.id, "With a song", demo, 1)
        assert parsed.user.username == "demo" and parsed.note_style == 1
    assert int(created.created_at.timestamp()) == note.created_at
    music = builders.note_v1(world, note)["note_response_info"]["music_note_response_info"]
    assert music["music_asset_info"]["audio_cluster_id"] == track.audio_cluster_id


def test_the_media_grid_holds_every_media_in_rows_of_three(em: Emulator) -> None:
    world = em.world
    medias = world.media.newest(lambda m: "travel" in m.hashtags)
    rows = media_grid(world, medias, None)
    assert all(len(r["layout_content"]["medias"]) <= 3 for r in rows)
    parsed = [extractors.extract_media_v1(n["media"]) for r in rows for n in r["layout_content"]["medias"]]
    assert [str(m.pk) for m in parsed] == [m.pk for m in medias]

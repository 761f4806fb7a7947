"""Every shared builder's output goes through the aiograpi extractor that parses it upstream."""

from __future__ import annotations

from aiograpi import extractors

from aiograpi_rest.emulator import Emulator, builders
from aiograpi_rest.emulator.seed import POPULAR


def test_user_builders(em: Emulator) -> None:
    world = em.world
    demo = world.users.by_username("demo")
    viewer = world.users.by_username("alice").pk
    v1 = extractors.extract_user_v1(builders.user_v1(world, demo, viewer))
    assert (v1.pk, v1.username, v1.is_private) == (demo.pk, "demo", True)
    assert v1.follower_count == world.social.follower_count(demo.pk) >= 10
    assert v1.following_count == world.social.following_count(demo.pk) >= 10
    assert v1.media_count == len(world.media.by_owner(demo.pk))
    gql = extractors.extract_user_gql(builders.user_gql(world, demo))
    assert (gql.pk, gql.follower_count, gql.media_count) == (v1.pk, v1.follower_count, v1.media_count)
    short = extractors.extract_user_short(builders.user_short(demo))
    assert (short.pk, short.username) == (demo.pk, "demo")
    account = extractors.extract_account(builders.account(demo))
    assert account.email == "demo@example.com"


def test_friendship_status_reflects_the_graph(em: Emulator) -> None:
    world = em.world
    demo, alice, sybil = (world.users.by_username(n).pk for n in ("demo", "alice", "sybil"))
    status = builders.friendship_status(world, demo, alice)
    assert (
        status["following"] and status["followed_by"] and status["is_bestie"] and status["is_feed_favorite"]
    )
    assert builders.friendship_status(world, demo, sybil)["outgoing_request"]


def test_media_builders_for_every_type(em: Emulator) -> None:
    world = em.world
    demo = world.users.by_username("demo")
    medias = world.media.by_owner(demo.pk)
    assert {(m.media_type, m.product_type) for m in medias} >= {
        (1, "feed"),
        (2, "feed"),
        (8, "carousel_container"),
        (2, "clips"),
    }
    for media in medias:
        v1 = extractors.extract_media_v1(builders.media_v1(world, media, demo.pk))
        gql = extractors.extract_media_gql(builders.media_gql(world, media))
        for parsed in (v1, gql):
            assert str(parsed.pk) == media.pk
            assert parsed.id == media.id
            assert parsed.code == media.code
            assert parsed.media_type == media.media_type
            assert parsed.user.pk == demo.pk
            assert parsed.like_count == len(media.likes)
            assert parsed.caption_text == media.caption
        if media.media_type == 8:
            assert [r.pk for r in v1.resources] == [r.pk for r in media.resources]
            assert [r.pk for r in gql.resources] == [r.pk for r in media.resources]
        if media.media_type == 2:
            assert v1.video_url and gql.video_url
        if media.location_pk:
            assert v1.location.name == world.tags.location(media.location_pk).name


def test_comment_collection_and_tag_builders(em: Emulator) -> None:
    world = em.world
    star = world.users.by_username(POPULAR)
    post = next(m for m in world.media.by_owner(star.pk) if world.media.comment_count(m) >= 60)
    comments, _ = world.media.comments_page(post, None, 100)
    assert len(comments) >= 60
    replies = [c for c in world.media.comments.values() if c.media_pk == post.pk and c.parent_pk]
    assert replies
    parsed = extractors.extract_comment(builders.comment_v1(world, replies[0]))
    assert (parsed.pk, parsed.replied_to_comment_id) == (replies[0].pk, replies[0].parent_pk)
    demo = world.users.by_username("demo").pk
    for collection in world.media.collections_of(demo):
        assert (
            extractors.extract_collection(builders.collection_v1(world, collection)).name == collection.name
        )
    for tag in world.tags.hashtags.values():
        assert extractors.extract_hashtag_v1(builders.hashtag_v1(tag)).name == tag.name
    for track in world.tags.tracks.values():
        parsed = extractors.extract_track(builders.track_v1(track))
        assert parsed.title == track.title and str(parsed.uri).endswith(".m4a")
    for location in world.tags.locations.values():
        assert extractors.extract_location(builders.location_v1(location)).pk == int(location.pk)
    tagged = [m for m in world.media.medias.values() if "sunset" in m.hashtags]
    assert tagged and any(m.track_id for m in world.media.medias.values())


def test_story_highlight_thread_builders(em: Emulator) -> None:
    world = em.world
    demo = world.users.by_username("demo").pk
    stories = world.stories.of(demo)
    assert stories
    for story in stories:
        parsed = extractors.extract_story_v1(builders.story_v1(world, story, demo))
        assert (str(parsed.pk), parsed.user.pk) == (story.pk, demo)
    for highlight in world.stories.highlights_of(demo):
        parsed = extractors.extract_highlight_v1(builders.highlight_v1(world, highlight, demo))
        assert parsed.title == highlight.title and len(parsed.items) == len(highlight.story_pks)
    for folder in ("inbox", "pending"):
        for thread in world.direct.inbox(demo, folder):
            parsed = extractors.extract_direct_thread(builders.direct_thread(world, thread, demo))
            assert parsed.id == thread.thread_id
            assert len(parsed.messages) == len(thread.messages)
    assert world.direct.inbox(demo, "pending")
    assert any(builders.note_v1(world, n)["user"]["username"] == "demo" for n in world.notes.live())


def test_music_builders(em: Emulator) -> None:
    from aiograpi_rest.emulator.builders.music import music_list, track_page

    world = em.world
    demo = world.users.by_username("demo").pk
    tracks = list(world.tags.tracks.values())
    listed = music_list(tracks, demo)
    assert [extractors.extract_track(item["track"]).id for item in listed["items"]] == [t.id for t in tracks]
    clip = next(m for m in world.media.medias.values() if m.track_id)
    track = world.tags.track(clip.track_id)
    page = track_page(world, track, [clip], None, demo)
    parsed = extractors.extract_track(page["metadata"]["music_info"]["music_asset_info"])
    assert (parsed.id, parsed.music_canonical_id) == (track.id, track.music_canonical_id)
    assert str(extractors.extract_media_v1(page["items"][0]["media"]).pk) == clip.pk

"""The emulator's rules for Direct message writes, and the JSON of each kind of sent message
through aiograpi's `extract_direct_message`."""

from __future__ import annotations

import pytest
from aiograpi.extractors import extract_direct_message

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.builders.direct import direct_sent
from aiograpi_rest.emulator.errors import UpstreamError
from aiograpi_rest.emulator.world.direct import Attachment


def pks(em: Emulator, *names: str) -> list[str]:
    return [em.world.users.by_username(n).pk for n in names]


def test_a_send_to_users_reuses_their_thread_and_a_new_one_waits_for_strangers(em: Emulator) -> None:
    direct = em.world.direct
    demo, alice, trent, bob = pks(em, "demo", "alice", "trent", "bob")
    assert direct.with_users(demo, [alice]) is direct.between([demo, alice])
    new = direct.with_users(demo, [trent, bob, trent], strangers=[trent])
    assert new.user_pks == [demo, trent, bob] and new.pending_for == {trent} and new.is_group
    assert direct.with_users(demo, [bob, trent]) is new  # the same people, in any order
    with pytest.raises(UpstreamError):
        direct.with_users(demo, [demo])


def test_members_only_by_either_id(em: Emulator) -> None:
    direct = em.world.direct
    demo, alice, bob = pks(em, "demo", "alice", "bob")
    thread = direct.between([demo, alice])
    assert thread is not None
    assert direct.of_member(thread.thread_id, alice) is direct.of_member(thread.thread_v2_id, demo) is thread
    for thread_id, who in ((thread.thread_id, bob), ("1", demo)):
        with pytest.raises(UpstreamError) as e:
            direct.of_member(thread_id, who)
        assert e.value.status == 404


def test_reactions_unsend_and_seen(em: Emulator) -> None:
    direct = em.world.direct
    demo, alice = pks(em, "demo", "alice")
    thread = direct.between([demo, alice])
    assert thread is not None
    message = direct.send(thread, alice, "hello")
    direct.react(thread, message.item_id, demo, "❤")
    direct.react(thread, message.item_id, demo, "🔥")
    direct.react(thread, message.item_id, alice, "❤")
    assert message.reactions == {demo: "🔥", alice: "❤"}
    direct.unreact(thread, message.item_id, demo)
    assert message.reactions == {alice: "❤"}
    direct.mark_seen(thread, message.item_id, demo)
    assert thread.last_seen[demo] == message.item_id and demo not in thread.unread_for
    with pytest.raises(UpstreamError) as e:
        direct.unsend(thread, message.item_id, demo)  # not demo's
    assert e.value.status == 403 and not message.deleted
    direct.unsend(thread, message.item_id, alice)
    with pytest.raises(UpstreamError):
        direct.react(thread, message.item_id, demo, "❤")  # an unsent message is gone


def test_each_kind_of_sent_message_parses(em: Emulator) -> None:
    world = em.world
    demo, alice = pks(em, "demo", "alice")
    thread = world.direct.between([demo, alice])
    assert thread is not None
    photo = Attachment(width=640, height=480, key="18000000000000001", kind="image")
    video = Attachment(
        video_width=64, video_height=96, video_duration=1.0, key="18000000000000002", kind="video"
    )
    voice = Attachment(video_duration=1.5, key="18000000000000003", kind="audio", waveform=[0.2, 0.8])
    story = world.stories.of(alice)[0]
    sends = [
        ({"item_type": "link", "link_urls": ["https://example.com"]}, "see https://example.com"),
        ({"item_type": "media", "attachment": photo}, ""),
        ({"item_type": "media", "attachment": video}, ""),
        ({"item_type": "voice_media", "attachment": voice}, ""),
        ({"item_type": "story_share", "story_pk": story.pk}, ""),
        ({"item_type": "animated_media", "sticker_id": "cutout_photo_7"}, ""),
    ]
    parsed = []
    for fields, text in sends:
        message = world.direct.send(thread, demo, text, client_context="6123", **fields)
        parsed.append(extract_direct_message(direct_sent(world, thread, message)))
    link, sent_photo, sent_video, sent_voice, shared, sticker = parsed
    assert link.link is not None and link.link.link_context.link_url == "https://example.com"
    assert all(p.thread_id == int(thread.thread_id) and p.client_context == "6123" for p in parsed)
    assert (
        sent_photo.media is not None and sent_photo.media.media_type == 1 and sent_photo.media.thumbnail_url
    )
    assert sent_video.media is not None and sent_video.media.media_type == 2 and sent_video.media.video_url
    assert sent_voice.media is not None and str(sent_voice.media.audio_url).endswith(f"{voice.key}.m4a")
    assert shared.story_share is not None and str(shared.story_share["media"]["pk"]) == story.pk
    assert sticker.animated_media == {"id": "cutout_photo_7", "is_sticker": True, "images": {}}

"""Direct threads, messages and notes."""

from __future__ import annotations

from aiograpi_rest.emulator.builders.common import Json
from aiograpi_rest.emulator.builders.media import image_versions, media_v1, video_versions
from aiograpi_rest.emulator.builders.stories import story_v1
from aiograpi_rest.emulator.builders.users import user_short
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.direct import Attachment, Message, Thread
from aiograpi_rest.emulator.world.notes import Note
from aiograpi_rest.emulator.world.users import CDN_BASE

NOTE_LIFETIME = 86400  # a note shows for a day


def direct_message(world: World, thread: Thread, message: Message) -> Json:
    """`extract_direct_message`."""
    data: Json = {
        "item_id": message.item_id,
        "user_id": int(message.user_pk),
        "timestamp": message.timestamp_us,
        "item_type": message.item_type,
        "is_sent_by_viewer": False,
        "client_context": message.item_id,
    }
    if message.text:
        data["text"] = message.text
    if message.item_type == "media_share" and message.media_pk in world.media.medias:
        data["media_share"] = media_v1(world, world.media.medias[message.media_pk])
    if message.item_type == "media" and message.story_pk in world.stories.stories:
        data["media"] = story_v1(world, world.stories.stories[message.story_pk])
    if message.item_type == "like":
        data["like"] = "❤️"
    if message.profile_pk:
        data["profile"] = user_short(world.users.get(message.profile_pk))
    if message.reactions:
        data["reactions"] = {
            "emojis": [
                {"sender_id": int(u), "emoji": e, "timestamp": message.timestamp_us}
                for u, e in message.reactions.items()
            ]
        }
    data.update(direct_item_extras(world, message))
    return data


def direct_thread(world: World, thread: Thread, viewer_pk: str) -> Json:
    """`extract_direct_thread`: the thread as `viewer_pk` sees it (others in `users`)."""
    messages = [m for m in thread.messages if not m.deleted]
    return {
        "thread_id": thread.thread_id,
        "thread_v2_id": thread.thread_v2_id,
        "users": [user_short(world.users.get(pk)) for pk in thread.user_pks if pk != viewer_pk],
        "inviter": user_short(world.users.get(thread.creator_pk)),
        "admin_user_ids": [int(thread.creator_pk)],
        "items": [direct_message(world, thread, m) for m in reversed(messages)],
        "last_activity_at": thread.last_activity_us,
        "muted": viewer_pk in thread.muted_by,
        "vc_muted": viewer_pk in thread.video_call_muted_by,
        "named": bool(thread.title),
        "canonical": not thread.is_group,
        "pending": viewer_pk in thread.pending_for,
        "archived": thread.archived,
        "thread_type": "private",
        "thread_title": thread.title
        or ", ".join(world.users.get(pk).username for pk in thread.user_pks if pk != viewer_pk),
        "folder": 1 if viewer_pk in thread.pending_for else 0,
        "is_group": thread.is_group,
        "mentions_muted": False,
        "approval_required_for_new_members": False,
        "input_mode": 0,
        "viewer_id": int(viewer_pk),
        "is_spam": viewer_pk in thread.spam_for,
        "read_state": 1 if viewer_pk in thread.unread_for else 0,
        "has_older": False,
        "has_newer": False,
        "last_seen_at": {
            pk: {
                "item_id": item_id,
                "timestamp": thread.last_activity_us,
                "created_at": thread.last_activity_us,
            }
            for pk, item_id in thread.last_seen.items()
        },
    }


def note_v1(world: World, note: Note) -> Json:
    """An item of `notes/get_notes/` (aiograpi builds `Note(**item)`; extra keys are Instagram's)."""
    data: Json = {
        "id": note.id,
        "text": note.text,
        "user_id": note.user_pk,
        "user": user_short(world.users.get(note.user_pk)),
        "audience": note.audience,
        "created_at": note.created_at,
        "expires_at": note.created_at + NOTE_LIFETIME,
        "is_emoji_only": False,
        "has_translation": False,
        "note_style": 1 if note.music else 0,
    }
    if note.music:
        data["note_response_info"] = note_music_info(world, note)
    return data


def note_dict(world: World, note: Note) -> Json:
    """The `note_dict` of the CreateInboxTrayItem mutation (`_note_from_note_dict`)."""
    author = world.users.get(note.user_pk)
    return {
        "note_id": note.id,
        "text": note.text,
        "author_id": note.user_pk,
        "author": {
            "pk": author.pk,
            "id": author.pk,
            "username": author.username,
            "full_name": author.full_name,
            "profile_pic_url": author.profile_pic_url,
            "is_private": author.is_private,
        },
        "audience": note.audience,
        "1lcreated_at": note.created_at,
        "1lexpires_at": note.created_at + NOTE_LIFETIME,
        "is_emoji_only": False,
        "has_translation": False,
        "note_style": 1 if note.music else 0,
        "note_response_info": note_music_info(world, note) if note.music else None,
    }


def note_music_info(world: World, note: Note) -> Json:
    """What a music note plays: Instagram's `music_note_response_info`."""
    music = note.music
    assert music is not None
    track = world.tags.track(music.track_id)
    return {
        "music_note_response_info": {
            "music_asset_info": {
                "audio_asset_id": track.id,
                "audio_cluster_id": track.audio_cluster_id,
                "title": track.title,
                "display_artist": track.display_artist,
                "duration_in_ms": track.duration_in_ms,
                "is_explicit": track.is_explicit,
            },
            "audio_clip_start_time_ms": music.start_time,
            "audio_clip_duration_ms": music.duration,
        }
    }


def direct_item_extras(world: World, message: Message) -> Json:
    """What a sent message carries beyond its text: a link, a photo, video or voice note, a sticker,
    and the sender's `client_context` (a reaction names the message by it)."""
    data: Json = {}
    if message.client_context:
        data["client_context"] = message.client_context
    if message.item_type == "link" and message.link_urls:
        data["link"] = {
            "text": message.text,
            "link_context": {"link_url": message.link_urls[0], "link_title": "", "link_summary": ""},
            "client_context": message.client_context,
        }
    attachment = message.attachment
    if attachment is not None and attachment.kind == "audio":
        data["voice_media"] = {"media": direct_media_v1(world, message, attachment)}
    elif attachment is not None:
        data["media"] = direct_media_v1(world, message, attachment)
    if message.item_type == "story_share" and message.story_pk in world.stories.stories:
        data["story_share"] = {"media": story_v1(world, world.stories.stories[message.story_pk]), "text": ""}
    if message.sticker_id:
        data["animated_media"] = {"id": message.sticker_id, "is_sticker": True, "images": {}}
    return data


def direct_media_v1(world: World, message: Message, attachment: Attachment) -> Json:
    """`extract_direct_media`: a photo or video sent in a thread, or a voice note's audio."""
    key = attachment.key
    data: Json = {
        "id": key,
        "media_type": attachment.media_type,
        "user": user_short(world.users.get(message.user_pk)),
    }
    if attachment.kind == "audio":
        data["audio"] = {
            "audio_src": voice_url(key),
            "duration": round(attachment.video_duration * 1000),
            "waveform_data": attachment.waveform,
            "waveform_sampling_frequency_hz": 10,
        }
        return data
    data["image_versions2"] = image_versions(key, attachment.width, attachment.height)
    data["original_width"], data["original_height"] = attachment.width, attachment.height
    if attachment.kind == "video":
        data["video_versions"] = video_versions(key, attachment.video_width, attachment.video_height)
        data["video_duration"] = attachment.video_duration
    return data


def voice_url(key: str) -> str:
    return f"{CDN_BASE}/v/t59.3654-21/{key}.m4a"


def direct_sent(world: World, thread: Thread, message: Message) -> Json:
    """The `payload` of a broadcast answer: the new message, as its sender sees it."""
    return {
        **direct_message(world, thread, message),
        "thread_id": thread.thread_id,
        "is_sent_by_viewer": True,
    }


def direct_thread_window(
    world: World, thread: Thread, viewer_pk: str, messages: list[Message], oldest_cursor: str | None
) -> Json:
    """`direct_v2/threads/{id}/`'s thread: one page of its items (newest first) and the cursor
    of the older ones (None at the oldest)."""
    data = direct_thread(world, thread, viewer_pk)
    data["items"] = [direct_message(world, thread, m) for m in messages]
    data["oldest_cursor"] = oldest_cursor
    data["has_older"] = oldest_cursor is not None
    return data


def direct_inbox(
    world: World, viewer_pk: str, threads: list[Thread], oldest_cursor: str | None, message_limit: int
) -> Json:
    """The `inbox` of `direct_v2/inbox/`, `pending_inbox/` and `spam_inbox/`: each thread with its
    latest `message_limit` items."""
    rendered = []
    for thread in threads:
        latest = world.direct.live_messages(thread)[: max(message_limit, 1)]
        rendered.append(direct_thread_window(world, thread, viewer_pk, latest, None))
    return {
        "threads": rendered,
        "oldest_cursor": oldest_cursor,
        "has_older": oldest_cursor is not None,
        "unseen_count": sum(viewer_pk in t.unread_for for t in threads),
    }


def direct_media_item(world: World, thread: Thread, message: Message) -> Json | None:
    """An item of `direct_v2/threads/{id}/media/` (`extract_direct_media`): the picture, video or
    voice a message carries, or the post it shares; None for a message without one."""
    data = direct_message(world, thread, message)
    media = data.get("media") or (data.get("voice_media") or {}).get("media") or data.get("media_share")
    if not media:
        return None
    return {"item_id": message.item_id, "timestamp": message.timestamp_us, "media": media}

"""Direct messages written: the `direct_v2/threads/broadcast/*` sends (text, link, profile, story,
post, photo, video, voice note, cutout sticker, reaction), unsend, seen, and the voice CDN.

A send names its threads (`thread_ids`, JSON) or its recipients (`recipient_users`, JSON lists of
user ids: the thread of exactly those people, created on the first message). A thread the sender
is not in does not exist for them (404). Each send becomes one message per thread in the world,
seen by every member; the answer's `payload` is the first one (what aiograpi reads). A photo's
bytes come from `rupload_igphoto` (by `upload_id`), a video's and a voice note's from
`rupload.facebook.com` (by `attachment_fbid`); they are kept for the CDN under the message's
attachment key.
"""

from __future__ import annotations

import json
from typing import Any

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.builders.direct import direct_sent
from aiograpi_rest.emulator.handlers.stories import visible_story
from aiograpi_rest.emulator.http import Answer, EmRequest
from aiograpi_rest.emulator.urls import CDN, route
from aiograpi_rest.emulator.world.direct import Attachment, Message, Thread
from aiograpi_rest.emulator.world.files import audio_seconds, image_size, video_info
from aiograpi_rest.emulator.world.uploads import IMAGE, VIDEO

BROADCAST = "direct_v2/threads/broadcast/"
CUTOUT_PREFIX = "cutout_photo_"
MAX_TEXT = 1000  # Instagram's limit for one message


def _json(req: EmRequest, name: str) -> Any:
    raw = req.form.get(name)
    if not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw) if raw.strip() else None
    except ValueError:
        raise errors.bad_request(f"{name} must be JSON") from None


def _threads(req: EmRequest) -> list[Thread]:
    """The threads a send goes to: `thread_ids`, else the thread of each `recipient_users` group."""
    world, sender = req.world, req.viewer_pk or ""
    thread_ids = _json(req, "thread_ids") or []
    if thread_ids:
        return [world.direct.of_member(str(t), sender) for t in thread_ids]
    threads = []
    for group in _json(req, "recipient_users") or []:
        recipients = [world.visible_user(sender, pk).pk for pk in group]
        strangers = [pk for pk in recipients if not world.social.is_following(pk, sender)]
        threads.append(world.direct.with_users(sender, recipients, strangers))
    if not threads:
        raise errors.bad_request("Name the thread_ids or recipient_users of the message")
    return threads


def _send(req: EmRequest, text: str = "", **fields: Any) -> dict:
    """One message per thread from the viewer; Instagram's `item_ack` answer."""
    world, sender = req.world, req.viewer_pk or ""
    sent: list[tuple[Thread, Message]] = []
    for thread in _threads(req):
        thread.pending_for.discard(sender)  # answering a request accepts it
        message = world.direct.send(
            thread, sender, text, client_context=req.field("client_context"), **fields
        )
        sent.append((thread, message))
    payloads = [direct_sent(world, thread, message) for thread, message in sent]
    return {
        "action": "item_ack",
        "status_code": "200",
        "payload": payloads[0],
        "message_metadata": payloads,
        "status": "ok",
    }


@route("POST", BROADCAST + "text/")
@route("POST", BROADCAST + "link/")
def broadcast_text(req: EmRequest) -> dict:
    text = req.field("text") or req.field("link_text")
    if not text.strip():
        raise errors.bad_request("The message is empty")
    if len(text) > MAX_TEXT:
        raise errors.bad_request(f"A message is at most {MAX_TEXT} characters")
    urls = _json(req, "link_urls") or []
    if urls:
        return _send(req, text, item_type="link", link_urls=[str(u) for u in urls])
    return _send(req, text)


@route("POST", BROADCAST + "profile/")
def broadcast_profile(req: EmRequest) -> dict:
    profile = req.world.visible_user(req.viewer_pk, req.field("profile_user_id"))
    return _send(req, item_type="profile", profile_pk=profile.pk)


@route("POST", BROADCAST + "story_share/")
def broadcast_story(req: EmRequest) -> dict:
    story = visible_story(req, req.field("story_media_id"))
    return _send(req, item_type="story_share", story_pk=story.pk)


@route("POST", BROADCAST + "media_share/")
def broadcast_media(req: EmRequest) -> dict:
    media = req.world.visible_media(req.viewer_pk, req.field("media_id"))
    return _send(req, item_type="media_share", media_pk=media.pk)


@route("POST", BROADCAST + "generic_share/")
def broadcast_sticker(req: EmRequest) -> dict:
    sticker_id = str((_json(req, "json_params") or {}).get("sticker_id") or "")
    if not sticker_id.startswith(CUTOUT_PREFIX) or not sticker_id[len(CUTOUT_PREFIX) :].isdigit():
        raise errors.bad_request("json_params names no cutout sticker")
    return _send(req, item_type="animated_media", sticker_id=sticker_id)


@route("POST", BROADCAST + "configure_photo/")
def broadcast_photo(req: EmRequest) -> dict:
    upload = req.world.uploads.take(req.field("upload_id"), req.viewer_pk, IMAGE)
    width, height = image_size(upload.data)
    key = req.world.ids.next("attachment")
    req.world.files.keep(key, IMAGE, upload.data)
    return _send(
        req, item_type="media", attachment=Attachment(width=width, height=height, key=key, kind=IMAGE)
    )


@route("POST", BROADCAST + "raven_attachment/")
def broadcast_video(req: EmRequest) -> dict:
    """A video uploaded to `messenger_video`, sent to be kept (`view_mode=permanent`)."""
    upload = req.world.uploads.take(req.field("attachment_fbid"), req.viewer_pk, VIDEO)
    info = video_info(upload.data)
    req.world.files.keep(upload.upload_id, VIDEO, upload.data)
    video = Attachment(
        width=info.width,
        height=info.height,
        video_width=info.width,
        video_height=info.height,
        video_duration=info.duration,
        key=upload.upload_id,
        kind=VIDEO,
    )
    return _send(req, item_type="media", attachment=video)


@route("POST", BROADCAST + "voice_attachment/")
def broadcast_voice(req: EmRequest) -> dict:
    upload = req.world.uploads.take(req.field("attachment_fbid"), req.viewer_pk, "audio")
    seconds = audio_seconds(upload.data)
    waveform = [float(v) for v in _json(req, "waveform") or []]
    req.world.files.keep(upload.upload_id, "audio", upload.data)
    voice = Attachment(video_duration=seconds, key=upload.upload_id, kind="audio", waveform=waveform)
    return _send(req, item_type="voice_media", attachment=voice)


@route("POST", BROADCAST + "reaction/")
def broadcast_reaction(req: EmRequest) -> dict:
    """`reaction_status` created or deleted: the viewer's one reaction on the item."""
    world, viewer = req.world, req.viewer_pk or ""
    status, item_id = req.field("reaction_status"), req.field("item_id")
    if status not in ("created", "deleted"):
        raise errors.bad_request("reaction_status must be created or deleted")
    for thread in _threads(req):
        if status == "created":
            world.direct.react(thread, item_id, viewer, req.field("emoji") or "❤")
        else:
            world.direct.unreact(thread, item_id, viewer)
    return {"action": "item_ack", "status_code": "200", "payload": {"item_id": item_id}, "status": "ok"}


@route("POST", "direct_v2/threads/{thread_id}/items/{item_id}/delete/")
def item_unsend(req: EmRequest) -> dict:
    thread = req.world.direct.of_member(req.params["thread_id"], req.viewer_pk or "")
    req.world.direct.unsend(thread, req.params["item_id"], req.viewer_pk or "")
    return {"status": "ok"}


@route("POST", "direct_v2/threads/{thread_id}/items/{item_id}/seen/")
def item_seen(req: EmRequest) -> dict:
    thread = req.world.direct.of_member(req.params["thread_id"], req.viewer_pk or "")
    message = req.world.direct.mark_seen(thread, req.params["item_id"], req.viewer_pk or "")
    return {"status": "ok", "payload": {"count": 0, "timestamp": message.timestamp_us}}


@route("GET", "/v/t59.3654-21/{name}", host=CDN, auth=False)
def cdn_voice(req: EmRequest) -> Answer:
    """A voice note's audio (`builders.direct.voice_url`), while its message is not unsent."""
    key = req.params["name"].removesuffix(".m4a")
    data = req.world.files.kept_bytes(key, "audio")
    attachment = req.world.direct.attachment(key)
    if data is None or attachment is None or attachment.kind != "audio":
        raise errors.fail(404, "Not Found")
    return Answer(data, media_type="audio/mp4")

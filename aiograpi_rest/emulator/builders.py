"""Response builders shared by every handler, in the JSON shape aiograpi's extractors parse.

Each takes the world and a state object (and the viewer's pk where the answer depends on who
asks) and returns plain JSON-ready dicts. `tests/emulator/test_builders.py` runs every builder's
output through the matching extractor in `aiograpi/extractors.py`.
"""

from __future__ import annotations

from typing import Any

from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.direct import Message, Thread
from aiograpi_rest.emulator.world.ids import shortcode
from aiograpi_rest.emulator.world.live import ACTIVE, Broadcast, LiveComment
from aiograpi_rest.emulator.world.media import (
    ALBUM,
    PHOTO,
    VIDEO,
    Collection,
    Comment,
    Media,
    MediaNote,
    Resource,
)
from aiograpi_rest.emulator.world.notes import Note
from aiograpi_rest.emulator.world.profiles import Guide
from aiograpi_rest.emulator.world.stories import Highlight, Story
from aiograpi_rest.emulator.world.tags import Hashtag, Location, Track
from aiograpi_rest.emulator.world.users import CDN_BASE, BioLink, User

Json = dict[str, Any]
SIZES = ((1080, 1080), (640, 640), (320, 320))


# users
def user_short(user: User) -> Json:
    return {
        "pk": int(user.pk),  # Instagram's number; its string forms follow
        "pk_id": user.pk,
        "id": user.pk,
        "strong_id__": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "is_private": user.is_private,
        "is_verified": user.is_verified,
        "profile_pic_id": f"{user.pk}_profile",
        "profile_pic_url": user.profile_pic_url,
        "has_anonymous_profile_picture": False,
    }


def friendship_status(world: World, viewer_pk: str | None, target_pk: str) -> Json:
    s = world.social
    v = viewer_pk or ""
    notify = s.notifications_for(v, target_pk)
    return {
        "following": s.is_following(v, target_pk),
        "followed_by": s.is_following(target_pk, v),
        "blocking": (v, target_pk) in s.blocks,
        "is_blocking_reel": False,
        "muting": s.is_muted(v, target_pk, "posts"),
        "is_muting_reel": s.is_muted(v, target_pk, "stories"),
        "is_private": world.users.get(target_pk).is_private,
        "incoming_request": (target_pk, v) in s.requests,
        "outgoing_request": (v, target_pk) in s.requests,
        "is_bestie": s.is_close_friend(v, target_pk),
        "is_restricted": False,
        "is_feed_favorite": "posts" in notify,
        "subscribed": "stories" in notify,
    }


def _counts(world: World, user: User) -> tuple[int, int, int]:
    return (
        len(world.media.by_owner(user.pk)),
        world.social.follower_count(user.pk),
        world.social.following_count(user.pk),
    )


def user_v1(world: World, user: User, viewer_pk: str | None = None) -> Json:
    """`extract_user_v1`: the private API's full profile (users/<id>/info/, usernameinfo)."""
    media_count, followers, following = _counts(world, user)
    return {
        **user_short(user),
        "biography": user.biography,
        "bio_links": [bio_link(link) for link in user.bio_links],
        "external_url": user.external_url,
        "media_count": media_count,
        "follower_count": followers,
        "following_count": following,
        "is_business": user.is_business,
        "account_type": user.account_type,
        "category": user.category or None,
        "public_email": user.public_email or None,
        "contact_phone_number": user.public_phone_number or None,
        "public_phone_number": user.public_phone_number or None,
        "public_phone_country_code": "1" if user.public_phone_number else None,
        "business_contact_method": "UNKNOWN",
        "hd_profile_pic_url_info": {"url": user.profile_pic_url, "width": 1080, "height": 1080},
        "hd_profile_pic_versions": [{"url": user.profile_pic_url, "width": 320, "height": 320}],
        "total_clips_count": len([m for m in world.media.by_owner(user.pk) if m.product_type == "clips"]),
        "friendship_status": friendship_status(world, viewer_pk, user.pk) if viewer_pk else None,
    }


def bio_link(link: BioLink) -> Json:
    return {"link_id": link.link_id, "url": link.url, "title": link.title, "link_type": link.link_type}


def user_gql(world: World, user: User, viewer_pk: str | None = None) -> Json:
    """`extract_user_gql`: the www profile (web_profile_info, GraphQL profile queries)."""
    media_count, followers, following = _counts(world, user)
    s = world.social
    v = viewer_pk or ""
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "is_private": user.is_private,
        "is_verified": user.is_verified,
        "profile_pic_url": user.profile_pic_url,
        "profile_pic_url_hd": user.profile_pic_url,
        "biography": user.biography,
        "external_url": user.external_url or None,
        "is_business_account": user.is_business,
        "is_professional_account": user.account_type != 1,
        "business_email": user.public_email or None,
        "business_phone_number": user.public_phone_number or None,
        "business_category_name": user.category or None,
        "category_name": user.category or None,
        "edge_owner_to_timeline_media": {"count": media_count, "edges": []},
        "edge_followed_by": {"count": followers},
        "edge_follow": {"count": following},
        "followed_by_viewer": s.is_following(v, user.pk),
        "follows_viewer": s.is_following(user.pk, v),
        "requested_by_viewer": (v, user.pk) in s.requests,
        "blocked_by_viewer": (v, user.pk) in s.blocks,
    }


def account(user: User) -> Json:
    """`extract_account`: the logged-in user's own account (login, accounts/current_user/)."""
    return {
        **user_short(user),
        "biography": user.biography,
        "external_url": user.external_url,
        "is_business": user.is_business,
        "account_type": user.account_type,
        "birthday": user.birthday or None,
        "phone_number": user.phone_number,
        "gender": user.gender,
        "email": user.email,
    }


# media
def _image_versions(key: str) -> Json:
    return {
        "candidates": [
            {"url": f"{CDN_BASE}/v/t51.2885-15/{key}_{w}.jpg", "width": w, "height": h} for w, h in SIZES
        ]
    }


def _video_versions(key: str) -> list[Json]:
    return [
        {"type": 101, "url": f"{CDN_BASE}/o1/v/t16/{key}_720.mp4", "width": 720, "height": 1280},
        {"type": 102, "url": f"{CDN_BASE}/o1/v/t16/{key}_480.mp4", "width": 480, "height": 854},
    ]


def resource_v1(resource: Resource) -> Json:
    data: Json = {"pk": int(resource.pk), "id": resource.pk, "media_type": resource.media_type}
    data["image_versions2"] = _image_versions(resource.pk)
    if resource.media_type == VIDEO:
        data["video_versions"] = _video_versions(resource.pk)
    return data


def location_v1(location: Location) -> Json:
    """`extract_location`."""
    return {
        "pk": int(location.pk),
        "facebook_places_id": location.external_id,
        "name": location.name,
        "address": location.address,
        "city": location.city,
        "lat": location.lat,
        "lng": location.lng,
        "short_name": location.name,
        "category": location.category,
        "external_source": "facebook_places",
    }


def media_v1(world: World, media: Media, viewer_pk: str | None = None) -> Json:
    """`extract_media_v1`: the private API's media item."""
    owner = world.users.get(media.owner_pk)
    data: Json = {
        "pk": int(media.pk),  # a JSON number, as Instagram sends it; `id` is a string
        "id": media.id,
        "code": media.code,
        "taken_at": media.taken_at,
        "media_type": media.media_type,
        "product_type": media.product_type,
        "user": user_short(owner),
        "caption": {"pk": f"{media.pk}1", "text": media.caption, "created_at": media.taken_at}
        if media.caption
        else None,
        "like_count": len(media.likes),
        "has_liked": bool(viewer_pk) and viewer_pk in media.likes,
        "has_viewer_saved": bool(viewer_pk) and viewer_pk in media.saved_by,
        "comment_count": world.media.comment_count(media),
        "comments_disabled": media.comments_disabled,
        "commenting_disabled_for_viewer": media.comments_disabled,
        "like_and_view_counts_disabled": media.like_and_view_counts_disabled,
        "usertags": {
            "in": [
                {"user": user_short(world.users.get(pk)), "position": [x, y]} for pk, x, y in media.usertags
            ]
        },
        "location": location_v1(world.tags.location(media.location_pk)) if media.location_pk else None,
    }
    if media.media_type == ALBUM:
        data["carousel_media"] = [resource_v1(r) for r in media.resources]
        data["carousel_media_count"] = len(media.resources)
        data["image_versions2"] = _image_versions(media.resources[0].pk if media.resources else media.pk)
    else:
        data["image_versions2"] = _image_versions(media.pk)
    if media.media_type == VIDEO:
        data["video_versions"] = _video_versions(media.pk)
        data["video_duration"] = media.video_duration
        data["view_count"] = media.view_count
        data["play_count"] = media.view_count
    if media.title:
        data["title"] = media.title
    if media.track_id:
        track = world.tags.track(media.track_id)
        data["clips_metadata"] = {
            "music_info": {"music_asset_info": track_v1(track)},
            "audio_type": "licensed_music",
        }
    return data


_GQL_TYPENAME = {PHOTO: "GraphImage", VIDEO: "GraphVideo", ALBUM: "GraphSidecar"}


def _display_resources(key: str) -> list[Json]:
    return [
        {"src": f"{CDN_BASE}/v/t51.2885-15/{key}_{w}.jpg", "config_width": w, "config_height": h}
        for w, h in reversed(SIZES)
    ]


def media_gql(world: World, media: Media, viewer_pk: str | None = None) -> Json:
    """`extract_media_gql`: the www GraphQL `shortcode_media`."""
    owner = world.users.get(media.owner_pk)
    data: Json = {
        "__typename": _GQL_TYPENAME[media.media_type],
        "id": media.pk,
        "shortcode": media.code,
        "taken_at_timestamp": media.taken_at,
        "owner": {
            "id": owner.pk,
            "username": owner.username,
            "full_name": owner.full_name,
            "profile_pic_url": owner.profile_pic_url,
            "is_private": owner.is_private,
            "is_verified": owner.is_verified,
        },
        "display_url": _display_resources(media.pk)[-1]["src"],
        "display_resources": _display_resources(media.pk),
        "is_video": media.is_video,
        "product_type": media.product_type,
        "edge_media_to_caption": {"edges": [{"node": {"text": media.caption}}] if media.caption else []},
        "edge_media_to_comment": {"count": world.media.comment_count(media)},
        "edge_media_preview_like": {"count": len(media.likes)},
        "viewer_has_liked": bool(viewer_pk) and viewer_pk in media.likes,
        "viewer_has_saved": bool(viewer_pk) and viewer_pk in media.saved_by,
        "comments_disabled": media.comments_disabled,
        "edge_media_to_tagged_user": {
            "edges": [
                {"node": {"user": {"id": pk, "username": world.users.get(pk).username}, "x": x, "y": y}}
                for pk, x, y in media.usertags
            ]
        },
        "location": None,  # a location here makes aiograpi look it up again; the v1 answer carries it
    }
    if media.media_type == VIDEO:
        data["video_url"] = _video_versions(media.pk)[0]["url"]
        data["video_view_count"] = media.view_count
        data["video_duration"] = media.video_duration
    if media.media_type == ALBUM:
        data["edge_sidecar_to_children"] = {
            "edges": [
                {
                    "node": {
                        "__typename": _GQL_TYPENAME[r.media_type],
                        "id": r.pk,
                        "display_url": _display_resources(r.pk)[-1]["src"],
                        "is_video": r.media_type == VIDEO,
                        **({"video_url": _video_versions(r.pk)[0]["url"]} if r.media_type == VIDEO else {}),
                    }
                }
                for r in media.resources
            ]
        }
    return data


def comment_v1(world: World, comment: Comment, viewer_pk: str | None = None) -> Json:
    """`extract_comment`."""
    media = world.media.medias[comment.media_pk]
    return {
        "pk": comment.pk,
        "text": comment.text,
        "user_id": comment.user_pk,
        "user": user_short(world.users.get(comment.user_pk)),
        "created_at": comment.created_at,
        "created_at_utc": comment.created_at,
        "content_type": "comment",
        "status": "Active",
        "type": 2 if comment.parent_pk else 0,
        "media_id": media.pk,
        "replied_to_comment_id": comment.parent_pk,
        "parent_comment_id": comment.parent_pk,
        "child_comment_count": world.media.reply_count(comment),
        "comment_like_count": len(comment.likes),
        "has_liked_comment": bool(viewer_pk) and viewer_pk in comment.likes,
        "is_pinned": comment.pk in media.pinned_comment_pks,
    }


def media_oembed(world: World, media: Media) -> Json:
    """`extract_media_oembed`: the private `oembed` answer for a post's URL."""
    owner = world.users.get(media.owner_pk)
    permalink = f"https://www.instagram.com/p/{media.code}/"
    thumbnail = _image_versions(media.pk)["candidates"][1]
    return {
        "version": "1.0",
        "title": media.caption,
        "author_name": owner.username,
        "author_url": f"https://www.instagram.com/{owner.username}",
        "author_id": owner.pk,
        "media_id": media.id,
        "provider_name": "Instagram",
        "provider_url": "https://www.instagram.com",
        "type": "rich",
        "width": 658,
        "height": None,
        "html": f'<blockquote class="instagram-media" data-instgrm-permalink="{permalink}" '
        'data-instgrm-version="14"></blockquote>',
        "thumbnail_url": thumbnail["url"],
        "thumbnail_width": thumbnail["width"],
        "thumbnail_height": thumbnail["height"],
        "can_view": True,
    }


def media_note_v1(world: World, note: MediaNote) -> Json:
    """A note on a post, as `media/create_note/v2/` answers it (aiograpi passes it through)."""
    media = world.media.medias[note.media_pk]
    return {
        "id": note.id,
        "media_id": media.id,
        "user_id": note.user_pk,
        "user": user_short(world.users.get(note.user_pk)),
        "text": note.text,
        "audience": note.audience,
        "note_style": note.note_style,
        "created_at": note.created_at,
        "expires_at": note.created_at + 86400,
    }


def collection_v1(world: World, collection: Collection) -> Json:
    """`extract_collection`."""
    return {
        "collection_id": collection.pk,
        "collection_name": collection.name,
        "collection_type": "MEDIA",
        "collection_media_count": len(collection.media_pks),
    }


# stories, highlights
def story_v1(world: World, story: Story, viewer_pk: str | None = None) -> Json:
    """`extract_story_v1`."""
    data: Json = {
        "pk": int(story.pk),
        "id": story.id,
        "code": shortcode(story.pk),
        "taken_at": story.taken_at,
        "media_type": story.media_type,
        "product_type": "story",
        "user": user_short(world.users.get(story.owner_pk)),
        "image_versions2": _image_versions(story.pk),
        "reel_mentions": [
            {"user": user_short(world.users.get(pk)), "x": 0.5, "y": 0.5, "width": 0.3, "height": 0.1}
            for pk in story.mentions
        ],
        "story_hashtags": [
            {"hashtag": hashtag_v1(world.tags.hashtag(name, create=True)), "x": 0.5, "y": 0.3}
            for name in story.hashtags
        ],
        "story_locations": [
            {"location": location_v1(world.tags.location(story.location_pk)), "x": 0.5, "y": 0.7}
        ]
        if story.location_pk
        else [],
        "story_cta": [{"links": [{"webUri": story.link}]}] if story.link else [],
        "viewer_count": len(story.viewers),
        "has_liked": bool(viewer_pk) and viewer_pk in story.likes,
        "audience": "besties" if story.close_friends_only else None,
    }
    if story.media_type == VIDEO:
        data["video_versions"] = _video_versions(story.pk)
        data["video_duration"] = 10.0
    return data


def highlight_v1(world: World, highlight: Highlight, viewer_pk: str | None = None) -> Json:
    """`extract_highlight_v1`."""
    items = [world.stories.stories[pk] for pk in highlight.story_pks if pk in world.stories.stories]
    cover_key = highlight.cover_story_pk or highlight.pk
    return {
        "id": highlight.id,
        "title": highlight.title,
        "created_at": highlight.created_at,
        "latest_reel_media": max((s.taken_at for s in items), default=highlight.created_at),
        "media_count": len(items),
        "is_pinned_highlight": highlight.is_pinned,
        "user": user_short(world.users.get(highlight.owner_pk)),
        "cover_media": {
            "cropped_image_version": {"url": _image_versions(cover_key)["candidates"][-1]["url"]}
        },
        "items": [story_v1(world, s, viewer_pk) for s in items],
    }


def guide_v1(world: World, guide: Guide, viewer_pk: str | None = None) -> Json:
    """`extract_guide_v1`: a guide as the profile's guides tab lists it (its `summary`)."""
    medias = [world.media.medias[pk] for pk in guide.media_pks if pk in world.media.medias]
    live = [m for m in medias if not m.deleted and not m.archived]
    return {
        "summary": {
            "id": guide.id,
            "title": guide.title,
            "description": guide.description,
            "cover_media": media_v1(world, live[0], viewer_pk) if live else None,
            "owner": user_short(world.users.get(guide.owner_pk)),
            "num_items": len(live),
            "created_at": guide.created_at,
        }
    }


# tags
def hashtag_v1(tag: Hashtag, media_count: int | None = None) -> Json:
    """`extract_hashtag_v1`."""
    return {
        "id": tag.id,
        "name": tag.name,
        "media_count": media_count or 0,
        "profile_pic_url": f"{CDN_BASE}/v/t51.2885-15/tag_{tag.id}.jpg",
    }


def track_v1(track: Track) -> Json:
    """`extract_track`."""
    return {
        "id": track.id,
        "title": track.title,
        "subtitle": "",
        "display_artist": track.display_artist,
        "audio_cluster_id": track.audio_cluster_id,
        "audio_asset_id": track.id,
        "highlight_start_times_in_ms": [0, 10_000],
        "is_explicit": track.is_explicit,
        "dash_manifest": (
            f'<MPD mediaPresentationDuration="PT{track.duration_in_ms // 1000}S"><Period><AdaptationSet>'
            f"<Representation><BaseURL>{CDN_BASE}/o1/v/t2/track_{track.id}.m4a</BaseURL></Representation>"
            "</AdaptationSet></Period></MPD>"
        ),
        "has_lyrics": False,
        "duration_in_ms": track.duration_in_ms,
        "allows_saving": True,
        "cover_artwork_uri": f"{CDN_BASE}/v/t39/track_{track.id}.jpg",
        "cover_artwork_thumbnail_uri": f"{CDN_BASE}/v/t39/track_{track.id}_t.jpg",
        "progressive_download_url": f"{CDN_BASE}/o1/v/t2/track_{track.id}.m4a",
        "fast_start_progressive_download_url": f"{CDN_BASE}/o1/v/t2/track_{track.id}.m4a",
        "reactive_audio_download_url": None,
        "web_30s_preview_download_url": None,
        "territory_validity_periods": {},
    }


# direct
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
            pk: {"item_id": item_id, "timestamp": thread.last_activity_us}
            for pk, item_id in thread.last_seen.items()
        },
    }


def note_v1(world: World, note: Note) -> Json:
    return {
        "id": note.id,
        "text": note.text,
        "user_id": note.user_pk,
        "user": user_short(world.users.get(note.user_pk)),
        "audience": note.audience,
        "created_at": note.created_at,
        "expires_at": note.created_at + 86400,
        "is_emoji_only": False,
        "has_translation": False,
        "note_style": 0,
    }


# live
def broadcast_v1(world: World, broadcast: Broadcast) -> Json:
    """`live/<id>/info/`, passed through by aiograpi."""
    live = broadcast.status == ACTIVE
    return {
        "id": int(broadcast.id),
        "broadcast_id": int(broadcast.id),
        "broadcast_status": broadcast.status,
        "broadcast_message": broadcast.title,
        "broadcast_owner": user_short(world.users.get(broadcast.owner_pk)),
        "published_time": broadcast.started_at or broadcast.created_at,
        "viewer_count": len(broadcast.viewers) if live else 0,
        "total_unique_viewer_count": len(broadcast.viewers),
        "comment_count": len(broadcast.comments),
        "dash_playback_url": f"{CDN_BASE}/hvideo-ash1/live-dash/{broadcast.id}.mpd" if live else None,
        "cover_frame_url": f"{CDN_BASE}/v/t51.2885-15/live_{broadcast.id}.jpg",
        "is_live_comment_mention_enabled": False,
    }


def live_comment_v1(world: World, comment: LiveComment) -> Json:
    return {
        "pk": comment.pk,
        "user_id": comment.user_pk,
        "user": user_short(world.users.get(comment.user_pk)),
        "text": comment.text,
        "created_at": comment.created_at,
        "type": 0,
        "content_type": "comment",
    }

"""Posts, comments, notes, collections, oembed."""

from __future__ import annotations

from aiograpi_rest.emulator.builders.common import SCALED_WIDTHS, Json
from aiograpi_rest.emulator.builders.tags import track_v1
from aiograpi_rest.emulator.builders.users import user_short
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.media import (
    ALBUM,
    PHOTO,
    VIDEO,
    Collection,
    Comment,
    Frames,
    Media,
    MediaNote,
    Resource,
)
from aiograpi_rest.emulator.world.tags import Location
from aiograpi_rest.emulator.world.users import CDN_BASE


def image_sizes(width: int, height: int) -> list[tuple[int, int]]:
    """The full size, then the 640 and 320 wide copies Instagram also serves when smaller."""
    sizes = [(width, height)]
    for w in SCALED_WIDTHS:
        if w < width:
            sizes.append((w, max(1, round(height * w / width))))
    return sizes


def image_url(key: str, width: int, height: int) -> str:
    return f"{CDN_BASE}/v/t51.2885-15/{key}_{width}x{height}.jpg"


def video_url(key: str, width: int, height: int) -> str:
    return f"{CDN_BASE}/o1/v/t16/{key}_{width}x{height}.mp4"


def image_versions(key: str, width: int = 1080, height: int = 1080) -> Json:
    return {
        "candidates": [
            {"url": image_url(key, w, h), "width": w, "height": h} for w, h in image_sizes(width, height)
        ]
    }


def video_versions(key: str, width: int = 720, height: int = 1280) -> list[Json]:
    return [{"type": 101, "url": video_url(key, width, height), "width": width, "height": height}]


def _image_versions_of(key: str, frames: Frames) -> Json:
    return image_versions(key, frames.width, frames.height)


def _video_versions_of(key: str, frames: Frames) -> list[Json]:
    return video_versions(key, frames.video_width, frames.video_height)


def resource_v1(resource: Resource) -> Json:
    data: Json = {"pk": int(resource.pk), "id": resource.pk, "media_type": resource.media_type}
    data["image_versions2"] = _image_versions_of(resource.pk, resource)
    data["original_width"], data["original_height"] = _original_size(resource)
    if resource.media_type == VIDEO:
        data["video_versions"] = _video_versions_of(resource.pk, resource)
        data["video_duration"] = resource.video_duration
    return data


def _original_size(frames: Frames | Media | Resource) -> tuple[int, int]:
    if frames.media_type == VIDEO:
        return frames.video_width, frames.video_height
    return frames.width, frames.height


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
    cover = _cover(media)
    data["image_versions2"] = _image_versions_of(cover.pk, cover)
    data["original_width"], data["original_height"] = _original_size(cover)
    if media.media_type == ALBUM:
        data["carousel_media"] = [resource_v1(r) for r in media.resources]
        data["carousel_media_count"] = len(media.resources)
    if media.media_type == VIDEO:
        data["video_versions"] = _video_versions_of(media.pk, media)
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


def _cover(media: Media) -> Media | Resource:
    """What a post's own image is: an album shows its first item."""
    return media.resources[0] if media.media_type == ALBUM and media.resources else media


_GQL_TYPENAME = {PHOTO: "GraphImage", VIDEO: "GraphVideo", ALBUM: "GraphSidecar"}


def display_resources(key: str, width: int = 1080, height: int = 1080) -> list[Json]:
    return [
        {"src": image_url(key, w, h), "config_width": w, "config_height": h}
        for w, h in reversed(image_sizes(width, height))
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
        "display_url": image_url(_cover(media).pk, _cover(media).width, _cover(media).height),
        "display_resources": display_resources(_cover(media).pk, _cover(media).width, _cover(media).height),
        "dimensions": dict(zip(("width", "height"), _original_size(_cover(media)), strict=True)),
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
        data["video_url"] = video_url(media.pk, media.video_width, media.video_height)
        data["video_view_count"] = media.view_count
        data["video_duration"] = media.video_duration
    if media.media_type == ALBUM:
        data["edge_sidecar_to_children"] = {
            "edges": [
                {
                    "node": {
                        "__typename": _GQL_TYPENAME[r.media_type],
                        "id": r.pk,
                        "display_url": image_url(r.pk, r.width, r.height),
                        "is_video": r.media_type == VIDEO,
                        **(
                            {"video_url": video_url(r.pk, r.video_width, r.video_height)}
                            if r.media_type == VIDEO
                            else {}
                        ),
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
    cover = _cover(media)
    candidates = _image_versions_of(cover.pk, cover)["candidates"]
    thumbnail = candidates[min(1, len(candidates) - 1)]
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

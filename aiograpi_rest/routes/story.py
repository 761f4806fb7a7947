"""Stories: post one (a photo or video file or URL, with mentions, places, links, hashtags and
stickers), read them (one, several users', viewers, the archive), mark them seen, like, delete,
download.

Photo or video is read from the bytes (`as_video` stays for compatibility and changes nothing).
A video story goes up with a cover the gateway cuts itself: aiograpi's `StoryBuilder`
(moviepy) is never used, so a caption works. Story pks leave as strings; an unknown story is
a 404.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from aiograpi import Client
from aiograpi.types import Story, StoryArchiveDay, UserShort, Viewer
from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from pydantic import Field, StringConstraints
from starlette.responses import Response

from aiograpi_rest.boundary import MAX_ALL, MEDIA_ID_PATTERN, PK_MAX, USER_PATTERN, described
from aiograpi_rest.config import Settings
from aiograpi_rest.deps import ServicesDep, SessionClient
from aiograpi_rest.forms import exactly_one
from aiograpi_rest.media.downloads import (
    FILE_RESPONSES,
    FilenameQuery,
    FolderQuery,
    ReturnFileQuery,
    download_to,
    safe_filename,
)
from aiograpi_rest.media.fetch import source_url_form
from aiograpi_rest.media.photos import Photo
from aiograpi_rest.media.posting import field_of
from aiograpi_rest.media.rules import Surface
from aiograpi_rest.media.served import CdnDownloadQuery, url_download
from aiograpi_rest.media.spool import Source, Spool
from aiograpi_rest.pagination import CutPaging, Page, cut_pages, cut_paging
from aiograpi_rest.story_fields import StoryDecorations, StoryDecorationsForm

router = APIRouter(prefix="/story", tags=["Story"])

STORY_URL_PATTERN = described(
    r"^(https?://)?([A-Za-z0-9-]+\.)*instagram\.com/stories/[A-Za-z0-9._]{1,30}/\d{1,20}/?([?#][!-~]*)?$",
    "a story URL: https://www.instagram.com/stories/<username>/<story pk>/",
)
ARCHIVE_DAY_PATTERN = described(r"^(archiveDay:\d{1,20})?$", "an archive day id: archiveDay:<digits>")

StoryFile = Annotated[
    UploadFile, File(description="The story: a JPEG, PNG or WebP photo or an MP4/MOV video.")
]
StoryUrl = Annotated[str, source_url_form("the story's photo or video")]
AsVideo = Annotated[bool, Form(description="Ignored: photo or video is read from the bytes.")]
Caption = Annotated[str, Form(max_length=2200, description="The story's caption.")]
StoryPkQuery = Annotated[int, Query(ge=1, le=PK_MAX, description="The story's pk.")]
StoryIdQuery = Annotated[
    str, Query(pattern=MEDIA_ID_PATTERN, description="Story pk or id `<pk>_<owner_pk>`.")
]
# On the item, so the schema states the bound for each value of the repeated field.
StoryPkItem = Annotated[int, Field(ge=1, le=PK_MAX)]
UserIdItem = Annotated[str, StringConstraints(pattern=USER_PATTERN)]
# Instagram picks the page sizes of these lists: pages are cut at `amount`.
ArchivePaging = Annotated[CutPaging, Depends(cut_paging(50))]
ViewerPaging = Annotated[CutPaging, Depends(cut_paging(50))]


class StoryArchiveDayPage(Page[StoryArchiveDay]):
    """A page of the story archive's days, the latest first."""


class ViewerPage(Page[Viewer]):
    """A page of a story's viewers, the latest first."""


async def _posted_story(
    settings: Settings, cl: Client, source: Source, caption: str, decor: StoryDecorations
) -> Story:
    """`source` checked as a story photo or video, the mentions' users looked up, then posted."""
    async with Spool.of(settings) as spool:
        item = await spool.photo_or_video(field_of(source), source, Surface.STORY)
        decorations = await decor.resolved(cl)
        if isinstance(item, Photo):
            return await cl.photo_upload_to_story(item.path, caption, **decorations)
        return await cl.video_upload_to_story(item.path, caption, thumbnail=item.thumbnail, **decorations)


@router.get("", summary="A story, by its pk or URL")
async def story_info(
    cl: SessionClient,
    story_pk: Annotated[int | None, Query(ge=1, le=PK_MAX, description="The story's pk.")] = None,
    url: Annotated[str | None, Query(pattern=STORY_URL_PATTERN, description="The story's URL.")] = None,
    use_cache: Annotated[
        bool, Query(description="Answer from this session's cache when it holds the story.")
    ] = True,
) -> Story:
    kind, value = exactly_one(story_pk=story_pk, url=url)
    # The pattern ends the path with the pk; aiograpi's `story_pk_from_url` would take the first
    # all-digit segment, which is the username when that is digits too.
    pk = urlsplit(value).path.rstrip("/").rsplit("/", 1)[-1] if kind == "url" else value
    return await cl.story_info(pk, use_cache)


@router.delete("", summary="Delete one of your stories")
async def story_delete(cl: SessionClient, story_pk: StoryPkQuery) -> bool:
    return await cl.story_delete(str(story_pk))


@router.get("/users", summary="Several users' live stories (each user with `stories`)")
async def story_users(
    cl: SessionClient,
    user_ids: Annotated[
        list[UserIdItem],
        Query(min_length=1, max_length=MAX_ALL, description="User ids (repeat the parameter)."),
    ],
    amount: Annotated[
        int, Query(ge=0, le=MAX_ALL, description="At most this many stories a user; 0: all.")
    ] = 0,
) -> list[UserShort]:
    return await cl.users_stories_gql([u.strip() for u in user_ids], amount)


@router.get("/viewers", summary="A page of who viewed one of your stories")
async def story_viewers(
    cl: SessionClient,
    story_pk: Annotated[str, Query(pattern=MEDIA_ID_PATTERN, description="The story's pk (or id).")],
    page: ViewerPaging,
) -> ViewerPage:
    # One upstream page per fetch (max_amount=1 stops aiograpi's loop after a page).
    items, cursor = await cut_pages(lambda c: cl.story_viewers_chunk(story_pk, 1, c), page)
    return ViewerPage(items=items, next_cursor=cursor)


@router.patch("/seen", summary="Mark stories seen")
async def story_seen(
    cl: SessionClient,
    story_pks: Annotated[list[StoryPkItem], Form(description="The stories seen (repeat the field).")],
    skipped_story_pks: Annotated[
        list[StoryPkItem], Form(description="Stories skipped (repeat the field).")
    ] = [],  # noqa: B006
) -> bool:
    return await cl.story_seen([str(pk) for pk in story_pks], [str(pk) for pk in skipped_story_pks])


@router.post("/like", summary="Like a story (revert=true unlikes)")
async def story_like(
    cl: SessionClient,
    story_id: Annotated[str, Form(pattern=MEDIA_ID_PATTERN, description="Story pk or id `<pk>_<owner_pk>`.")],
    revert: Annotated[bool, Form(description="Unlike instead.")] = False,
) -> bool:
    return await cl.story_like(story_id, revert)


@router.delete("/like", summary="Unlike a story")
async def story_unlike(cl: SessionClient, story_id: StoryIdQuery) -> bool:
    return await cl.story_unlike(story_id)


@router.get("/archive", summary="A page of your story archive's days")
async def story_archive(
    cl: SessionClient,
    page: ArchivePaging,
    include_memories: Annotated[bool, Query(description="Include the memories' metadata.")] = True,
    reel_id: Annotated[str, Query(pattern=ARCHIVE_DAY_PATTERN, description="Only this archive day.")] = "",
) -> StoryArchiveDayPage:
    items, cursor = await cut_pages(
        lambda c: cl.archive_story_days_paginated_v1(0, c, include_memories, reel_id), page
    )
    return StoryArchiveDayPage(items=items, next_cursor=cursor)


@router.get("/archive/media", summary="Your archived stories")
async def story_archive_media(
    cl: SessionClient,
    amount: Annotated[int, Query(ge=0, le=MAX_ALL, description="At most this many; 0: all.")] = 0,
) -> list[Story]:
    return await cl.archive_stories(amount)


@router.get("/stickers", summary="Instagram's story sticker tray (as Instagram sends it)")
async def story_stickers(cl: SessionClient) -> dict:
    return await cl.sticker_tray()


@router.get("/download", summary="Download a story's photo or video", responses=FILE_RESPONSES)
async def story_download(
    cl: SessionClient,
    svc: ServicesDep,
    story_pk: StoryPkQuery,
    filename: FilenameQuery = "",
    folder: FolderQuery = "",
    return_file: ReturnFileQuery = True,
) -> Response:
    async with download_to(svc.settings, folder, return_file) as dl:
        name = safe_filename("filename", filename)
        return dl.deliver(await cl.story_download(str(story_pk), name, dl.folder))


@router.get("/download/by/url", summary="Download a story from Instagram's CDN", responses=FILE_RESPONSES)
async def story_download_by_url(cl: SessionClient, svc: ServicesDep, wanted: CdnDownloadQuery) -> Response:
    return await url_download(svc.settings, cl.story_download_by_url, wanted)


@router.post("/upload", summary="Post a story (photo or video)")
async def story_upload(
    cl: SessionClient,
    svc: ServicesDep,
    file: StoryFile,
    decorations: StoryDecorationsForm,
    as_video: AsVideo = False,
    caption: Caption = "",
) -> Story:
    return await _posted_story(svc.settings, cl, file, caption, decorations)


@router.post("/upload/by/url", summary="Post a story fetched from a URL (photo or video)")
async def story_upload_by_url(
    cl: SessionClient,
    svc: ServicesDep,
    url: StoryUrl,
    decorations: StoryDecorationsForm,
    as_video: AsVideo = False,
    caption: Caption = "",
) -> Story:
    return await _posted_story(svc.settings, cl, url, caption, decorations)

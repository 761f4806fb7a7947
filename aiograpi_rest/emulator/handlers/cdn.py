"""The media CDN (scontent / cdninstagram / fbcdn hosts): the files behind image and video URLs.

URLs are `…/v/t51.2885-15/<pk>_<w>x<h>.jpg`, `…/o1/v/t16/<pk>_<w>x<h>.mp4` and a track's
`…/o1/v/t2/track_<id>.m4a`, as the builders write them. Only the sizes a post declares are served; uploaded files come back byte
for byte, seeded posts get stand-ins (`world/files.py`).
"""

from __future__ import annotations

import re

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.builders.media import image_sizes
from aiograpi_rest.emulator.http import Answer, EmRequest
from aiograpi_rest.emulator.urls import CDN, route
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.media import VIDEO, Frames

_FILE_NAME = re.compile(r"(?P<key>\d+)_(?P<width>\d{1,5})x(?P<height>\d{1,5})\.(?P<ext>jpg|mp4)")


def _file(req: EmRequest, ext: str) -> tuple[str, Frames, int, int]:
    m = _FILE_NAME.fullmatch(req.params["name"])
    if m is None or m["ext"] != ext:
        raise _not_found()
    frames = _frames(req.world, m["key"])
    if frames is None:
        raise _not_found()
    return m["key"], frames, int(m["width"]), int(m["height"])


def _frames(world: World, key: str) -> Frames | None:
    frames = world.media.frames(key)
    if frames is None and key in world.stories.stories:
        frames = world.stories.stories[key].frames
    return frames or world.direct.frames(key)


def _not_found() -> errors.UpstreamError:
    return errors.fail(404, "Not Found")


@route("GET", "/v/t51.2885-15/{name}", host=CDN, auth=False)
def cdn_image(req: EmRequest) -> Answer:
    key, frames, width, height = _file(req, "jpg")
    if (width, height) not in image_sizes(frames.width, frames.height):
        raise _not_found()
    return Answer(req.world.files.image(key, width, height), media_type="image/jpeg")


@route("GET", "/o1/v/t16/{name}", host=CDN, auth=False)
def cdn_video(req: EmRequest) -> Answer:
    key, frames, width, height = _file(req, "mp4")
    if getattr(frames, "media_type", VIDEO) != VIDEO or (width, height) != (
        frames.video_width,
        frames.video_height,
    ):
        raise _not_found()
    return Answer(req.world.files.video(key, width, height), media_type="video/mp4")


@route("GET", "/o1/v/t2/{name}", host=CDN, auth=False)
def cdn_track(req: EmRequest) -> Answer:
    m = re.fullmatch(r"track_(\d+)\.m4a", req.params["name"])
    if m is None or m[1] not in req.world.tags.tracks:
        raise _not_found()
    return Answer(req.world.files.audio(m[1]), media_type="audio/mp4")

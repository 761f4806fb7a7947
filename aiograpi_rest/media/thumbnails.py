"""Video cover images, made by the gateway so aiograpi never reaches for moviepy.

aiograpi makes a thumbnail with moviepy whenever `thumbnail=` is not passed; every route passes
one: the caller's (checked as a photo) or a frame of the video made here. Blocking: call it
through `anyio.to_thread.run_sync`, as `Spool` does.
"""

from __future__ import annotations

from pathlib import Path

import av

from aiograpi_rest.errors import invalid

JPEG_QUALITY = 90


def make_thumbnail(field: str, video: Path, dest: Path, at: float = 0.0) -> Path:
    """The frame shown at `at` seconds (the first one by default) as a JPEG at `dest`, display-sized.

    A time past the end gives the last frame. A video that cannot be decoded is a 422 naming `field`.
    """
    try:
        with av.open(str(video)) as container:
            stream = container.streams.video[0]
            if at > 0:
                container.seek(int(at / stream.time_base), stream=stream, backward=True)
            frame = None
            for frame in container.decode(stream):  # noqa: B007 - the first at or after `at`
                if frame.time is None or frame.time >= at:
                    break
            if frame is None:
                raise invalid(field, "the video has no frame to make a cover from")
            image = frame.to_image()
            rotation = getattr(frame, "rotation", 0) or 0
    except (av.FFmpegError, IndexError):
        raise invalid(field, "the video's frames cannot be read") from None
    if rotation % 360:
        # FFmpeg's rotation is counter-clockwise in degrees; Pillow's rotate is too.
        image = image.rotate(rotation, expand=True)
    image.convert("RGB").save(dest, format="JPEG", quality=JPEG_QUALITY)
    return dest

"""What a video or audio file holds, read with PyAV (FFmpeg's libraries from the `av` wheel).

Blocking (it reads and decodes): call it through `anyio.to_thread.run_sync`, as `Spool` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av

from aiograpi_rest.errors import invalid
from aiograpi_rest.media.sniff import Kind, sniff_file


@dataclass(frozen=True)
class MediaInfo:
    """The facts the rules judge. `width`/`height` are as displayed (rotation applied); 0 for audio."""

    container: Kind
    video_codec: str | None
    audio_codec: str | None
    duration: float
    width: int
    height: int

    @property
    def aspect(self) -> float:
        return self.width / self.height if self.height else 0.0


def _duration(container: av.container.InputContainer) -> float:
    if container.duration:
        return container.duration / av.time_base
    longest = 0.0
    for stream in container.streams:
        if stream.duration and stream.time_base:
            longest = max(longest, float(stream.duration * stream.time_base))
    return longest


def probe(field: str, path: Path) -> MediaInfo:
    """The container, codecs, duration and displayed size of `path`; a 422 naming `field` if unreadable."""
    kind = sniff_file(path)
    if kind is None:
        raise invalid(field, "not an MP4, MOV or M4A file")
    try:
        with av.open(str(path)) as container:
            video = container.streams.video[0] if container.streams.video else None
            audio = container.streams.audio[0] if container.streams.audio else None
            width = height = 0
            if video is not None:
                # The first frame proves the stream decodes and carries the display rotation.
                frame = next(container.decode(video=0))
                width, height = frame.width, frame.height
                if abs(getattr(frame, "rotation", 0) or 0) % 180 == 90:
                    width, height = height, width
            return MediaInfo(
                container=kind,
                video_codec=video.codec_context.name if video is not None else None,
                audio_codec=audio.codec_context.name if audio is not None else None,
                duration=round(_duration(container), 3),
                width=width,
                height=height,
            )
    except (av.FFmpegError, StopIteration, IndexError, ValueError):
        raise invalid(field, f"a {kind.label} file whose content cannot be read") from None

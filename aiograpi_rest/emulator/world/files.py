"""The bytes behind the CDN's media URLs: what was uploaded, and stand-ins for the seed's posts.

A published upload keeps its bytes here so a download returns exactly them (kept bytes are
bounded by `MAX_KEPT_BYTES`, oldest dropped first; a dropped file is served as a stand-in of
the same size). Seeded posts have no bytes: their images are drawn with Pillow at the size
their JSON declares and their videos encoded with PyAV (one second, whatever duration the post
declares), lazily and in a cache bounded by `MAX_GENERATED_BYTES`; a track's audio is a second
of a tone of its own pitch.
"""

from __future__ import annotations

import hashlib
import io
import math
from array import array
from collections import OrderedDict
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from aiograpi_rest.emulator import errors

MAX_KEPT_BYTES = 256 * 1024 * 1024
MAX_GENERATED_BYTES = 32 * 1024 * 1024
STAND_IN_FPS = 10
MAX_PIXELS = 4096 * 4096  # what the emulator accepts to decode, well above Instagram's 1080 sides


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    duration: float  # seconds


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of an uploaded image, as Instagram's decoder would read them."""
    try:
        with Image.open(io.BytesIO(data)) as im:
            size = im.size
    except (UnidentifiedImageError, OSError, ValueError):
        raise _needs_reupload("The uploaded photo is not an image") from None
    if size[0] * size[1] > MAX_PIXELS:
        raise _needs_reupload("The uploaded photo is too large")
    return size


def video_info(data: bytes) -> VideoInfo:
    """Width, height and duration of an uploaded video, read with PyAV from its bytes."""
    import av  # the only module needing FFmpeg's libraries; imported when a video arrives

    try:
        with av.open(io.BytesIO(data)) as container:
            if not container.streams.video:
                raise _needs_reupload("The uploaded video has no video track")
            stream = container.streams.video[0]
            if container.duration:
                duration = container.duration / 1_000_000
            elif stream.duration and stream.time_base:
                duration = float(stream.duration * stream.time_base)
            else:
                duration = 0.0
            info = VideoInfo(stream.width, stream.height, round(duration, 3))
    except av.FFmpegError:
        raise _needs_reupload("The uploaded video could not be read") from None
    if info.width <= 0 or info.height <= 0 or info.duration <= 0:
        raise _needs_reupload("The uploaded video has no frames")
    return info


def _needs_reupload(message: str) -> errors.UpstreamError:
    return errors.fail(400, message, error_type="media_needs_reupload")


class MediaFiles:
    def __init__(self, max_kept: int = MAX_KEPT_BYTES, max_generated: int = MAX_GENERATED_BYTES) -> None:
        self.kept: _BoundedBytes = _BoundedBytes(max_kept)
        self.generated: _BoundedBytes = _BoundedBytes(max_generated)

    def keep(self, key: str, kind: str, data: bytes) -> None:
        self.kept.put((key, kind), data)

    def kept_bytes(self, key: str, kind: str) -> bytes | None:
        return self.kept.get((key, kind))

    def image(self, key: str, width: int, height: int) -> bytes:
        """A JPEG of that size: the uploaded one, scaled from it, or drawn."""
        original = self.kept.get((key, "image"))
        if original is not None and image_size(original) == (width, height):
            return original
        cache_key = (key, "image", width, height)
        cached = self.generated.get(cache_key)
        if cached is None:
            cached = _scaled(original, width, height) if original else _drawn(key, width, height)
            self.generated.put(cache_key, cached)
        return cached

    def audio(self, key: str) -> bytes:
        """A track's file: a second of its own tone in AAC (M4A); no track was ever uploaded."""
        cache_key = (key, "audio")
        cached = self.generated.get(cache_key)
        if cached is None:
            cached = _tone(key)
            self.generated.put(cache_key, cached)
        return cached

    def video(self, key: str, width: int, height: int) -> bytes:
        """The uploaded MP4, or a one-second stand-in of that size."""
        original = self.kept.get((key, "video"))
        if original is not None:
            return original
        cache_key = (key, "video", width, height)
        cached = self.generated.get(cache_key)
        if cached is None:
            cached = _encoded(key, width, height)
            self.generated.put(cache_key, cached)
        return cached


class _BoundedBytes:
    """Least recently used first out, once the bytes held pass the bound."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.items: OrderedDict[tuple, bytes] = OrderedDict()
        self.total = 0

    def get(self, key: tuple) -> bytes | None:
        data = self.items.get(key)
        if data is not None:
            self.items.move_to_end(key)
        return data

    def put(self, key: tuple, data: bytes) -> None:
        old = self.items.pop(key, None)
        if old is not None:
            self.total -= len(old)
        if len(data) > self.max_bytes:
            return
        self.items[key] = data
        self.total += len(data)
        while self.total > self.max_bytes:
            _, dropped = self.items.popitem(last=False)
            self.total -= len(dropped)


def _color(key: str) -> tuple[int, int, int]:
    digest = hashlib.sha256(key.encode()).digest()
    return digest[0], digest[1], digest[2]


def _jpeg(im: Image.Image) -> bytes:
    out = io.BytesIO()
    im.convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


def _drawn(key: str, width: int, height: int) -> bytes:
    return _jpeg(Image.new("RGB", (width, height), _color(key)))


def _scaled(original: bytes, width: int, height: int) -> bytes:
    with Image.open(io.BytesIO(original)) as im:
        return _jpeg(im.resize((width, height)))


def _encoded(key: str, width: int, height: int) -> bytes:
    import av

    # H.264 in 4:2:0 needs even sides.
    width, height = max(2, width - width % 2), max(2, height - height % 2)
    frame_image = Image.new("RGB", (width, height), _color(key))
    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=STAND_IN_FPS)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "ultrafast"}
        for _ in range(STAND_IN_FPS):
            for packet in stream.encode(av.VideoFrame.from_image(frame_image)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def _tone(key: str, rate: int = 44_100, samples: int = 1024) -> bytes:
    """A second of a sine tone in AAC (M4A), its pitch taken from `key`: each track sounds its own."""
    import av

    pitch = 220 + 10 * (_color(key)[0] % 44)  # 220 to 650 Hz
    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        stream = container.add_stream("aac", rate=rate)
        for i in range(rate // samples + 1):
            start = i * samples
            wave = array(
                "f", (0.3 * math.sin(2 * math.pi * pitch * (start + n) / rate) for n in range(samples))
            )
            frame = av.AudioFrame(format="fltp", layout="mono", samples=samples)
            frame.planes[0].update(wave.tobytes().ljust(frame.planes[0].buffer_size, b"\0"))
            frame.sample_rate, frame.pts = rate, start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def audio_seconds(data: bytes) -> float:
    """The length of an uploaded recording (a voice note), read with PyAV from its bytes."""
    import av

    try:
        with av.open(io.BytesIO(data)) as container:
            if not container.streams.audio:
                raise _needs_reupload("The uploaded recording has no audio track")
            seconds = (container.duration or 0) / 1_000_000
    except av.FFmpegError:
        raise _needs_reupload("The uploaded recording could not be read") from None
    if seconds <= 0:
        raise _needs_reupload("The uploaded recording is empty")
    return round(seconds, 3)

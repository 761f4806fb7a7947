"""Tiny real media files for the tests, made on the spot (Pillow images, PyAV-encoded MP4/M4A)."""

from __future__ import annotations

import io
from pathlib import Path

import av
from PIL import Image

AUDIO_RATE = 8000
AAC_FRAME = 1024  # samples per AAC frame


def image_bytes(format: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format=format)
    return buffer.getvalue()


def _silence(out: av.container.OutputContainer, stream: av.audio.stream.AudioStream, seconds: float) -> None:
    for i in range(int(seconds * AUDIO_RATE) // AAC_FRAME):
        frame = av.AudioFrame(format="fltp", layout="mono", samples=AAC_FRAME)
        frame.sample_rate, frame.pts = AUDIO_RATE, i * AAC_FRAME
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)


def video(
    path: Path,
    seconds: float = 1.0,
    size: tuple[int, int] = (64, 48),
    fps: int = 10,
    *,
    audio: bool = True,
    rotation: int = 0,
    format: str | None = None,
) -> Path:
    """An H.264 (+ AAC) video; 100 s at 1 fps and 16x16 encodes in milliseconds."""
    with av.open(str(path), "w", format=format) as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        if rotation:
            stream.set_display_rotation(rotation)
        sound = out.add_stream("aac", rate=AUDIO_RATE, layout="mono") if audio else None
        picture = Image.new("RGB", size, (200, 40, 40))
        for i in range(int(seconds * fps)):
            frame = av.VideoFrame.from_image(picture)
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
        if sound is not None:
            _silence(out, sound, seconds)
    return path


def m4a(path: Path, seconds: float = 2.0) -> Path:
    """AAC audio in an audio-only MP4 (brand `M4A `), like a voice note."""
    with av.open(str(path), "w", format="ipod") as out:
        _silence(out, out.add_stream("aac", rate=AUDIO_RATE, layout="mono"), seconds)
    return path

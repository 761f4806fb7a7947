"""Real media made by the tests themselves: Pillow JPEGs and one-second PyAV MP4s (no fixtures)."""

from __future__ import annotations

import math
from array import array
from pathlib import Path

import av
from PIL import Image

AUDIO_RATE = 44_100
AUDIO_FRAME = 1024


def jpeg(path: Path, size: tuple[int, int] = (640, 480), color: tuple[int, int, int] = (200, 40, 40)) -> Path:
    Image.new("RGB", size, color).save(path, "JPEG")
    return path


def mp4(
    path: Path, size: tuple[int, int] = (64, 64), seconds: float = 1.0, fps: int = 10, audio: bool = True
) -> Path:
    """H.264 (and a silent AAC track unless `audio=False`), `seconds` long."""
    with av.open(str(path), "w", format="mp4") as container:
        video = container.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = size[0], size[1], "yuv420p"
        video.options = {"preset": "ultrafast"}
        sound = container.add_stream("aac", rate=AUDIO_RATE) if audio else None
        for i in range(round(seconds * fps)):
            frame = Image.new("RGB", size, (i * 20 % 256, 90, 160))
            for packet in video.encode(av.VideoFrame.from_image(frame)):
                container.mux(packet)
        for packet in video.encode():
            container.mux(packet)
        if sound is not None:
            for i in range(round(seconds * AUDIO_RATE / AUDIO_FRAME)):
                chunk = av.AudioFrame(format="fltp", layout="mono", samples=AUDIO_FRAME)
                for plane in chunk.planes:
                    plane.update(bytes(plane.buffer_size))
                chunk.sample_rate, chunk.pts = AUDIO_RATE, i * AUDIO_FRAME
                for packet in sound.encode(chunk):
                    container.mux(packet)
            for packet in sound.encode():
                container.mux(packet)
    return path


def video_thumbnail(video: Path, size: tuple[int, int] = (64, 64)) -> Path:
    """A cover at `<video>.jpg`, where the gateway puts one for album videos."""
    return jpeg(Path(f"{video}.jpg"), size, (20, 120, 60))


def m4a(path: Path, seconds: float = 1.0, pitch: float = 440.0) -> Path:
    """A voice note: a sine tone in AAC, in an MP4 container (`.m4a`), `seconds` long."""
    with av.open(str(path), "w", format="mp4") as container:
        sound = container.add_stream("aac", rate=AUDIO_RATE)
        for i in range(round(seconds * AUDIO_RATE / AUDIO_FRAME)):
            start = i * AUDIO_FRAME
            wave = array(
                "f",
                (0.3 * math.sin(2 * math.pi * pitch * (start + n) / AUDIO_RATE) for n in range(AUDIO_FRAME)),
            )
            chunk = av.AudioFrame(format="fltp", layout="mono", samples=AUDIO_FRAME)
            chunk.planes[0].update(wave.tobytes().ljust(chunk.planes[0].buffer_size, b"\0"))
            chunk.sample_rate, chunk.pts = AUDIO_RATE, start
            for packet in sound.encode(chunk):
                container.mux(packet)
        for packet in sound.encode():
            container.mux(packet)
    return path

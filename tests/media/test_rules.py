"""The rules table, its generated document, and the byte sniffing the rules start from."""

from __future__ import annotations

from pathlib import Path

import av
import pytest

from aiograpi_rest.errors import ApiError
from aiograpi_rest.media import rules
from aiograpi_rest.media.probe import MediaInfo, probe
from aiograpi_rest.media.sniff import Kind, sniff
from tests.media.makers import image_bytes, m4a, video


def test_docs_media_rules_is_generated_from_the_table() -> None:
    assert rules.DEFAULT_OUTPUT.read_text() == rules.render(), "run: python -m aiograpi_rest.media.rules"
    assert rules.main(["--check"]) == 0
    assert set(rules.RULES) == set(rules.Surface), "every surface has its rules"


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x02\x00" + b"".join(compatible)
    return (8 + len(body)).to_bytes(4, "big") + b"ftyp" + body


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (image_bytes("JPEG"), Kind.JPEG),
        (image_bytes("PNG"), Kind.PNG),
        (image_bytes("WEBP"), Kind.WEBP),
        (ftyp(b"isom", b"isom", b"avc1"), Kind.MP4),
        (ftyp(b"mp42", b"mp42"), Kind.MP4),
        (ftyp(b"qt  ", b"qt  "), Kind.MOV),
        (ftyp(b"M4A ", b"M4A ", b"isom"), Kind.M4A),
        (ftyp(b"heic", b"mif1"), None),
        (image_bytes("GIF"), None),
        (b"<html>", None),
    ],
)
def test_the_type_comes_from_the_first_bytes(head: bytes, kind: Kind | None) -> None:
    assert sniff(head[:64]) is kind


def info(**changes: object) -> MediaInfo:
    base = {"container": Kind.MP4, "video_codec": "h264", "audio_codec": "aac", "duration": 10.0}
    return MediaInfo(**{**base, "width": 1080, "height": 1920, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("surface", "facts", "message"),
    [
        (rules.Surface.CLIP, {"duration": 95.2}, "the video is 95.2 s long; Reels accept at most 90 s"),
        (rules.Surface.IGTV, {"duration": 30.0}, "IGTV videos need at least 60 s"),
        (rules.Surface.FEED, {"width": 1920, "height": 600}, "feed videos accept nothing wider than 16:9"),
        (rules.Surface.CLIP, {"video_codec": "vp9"}, "codec is vp9; Reels accept h264, hevc"),
        (rules.Surface.STORY, {"audio_codec": "mp3"}, "audio codec is mp3; stories accept aac"),
        (rules.Surface.DIRECT, {"container": Kind.MOV}, "a MOV file; Direct videos accept MP4"),
        (rules.Surface.VOICE, {}, "has a video track (h264); voice notes are audio only"),
        (rules.Surface.CLIP, {"video_codec": None}, "no video track"),
    ],
)
def test_each_refusal_names_the_rule_and_the_measured_value(
    surface: rules.Surface, facts: dict[str, object], message: str
) -> None:
    with pytest.raises(ApiError) as refused:
        rules.check("file", info(**facts), surface)
    assert refused.value.status == 422 and refused.value.detail.startswith("file: ")
    assert message in refused.value.detail


def test_limits_leave_room_for_encoder_padding() -> None:
    rules.check("file", info(duration=90.05), rules.Surface.CLIP)
    rules.check("file", info(width=1080, height=1350), rules.Surface.FEED)  # exactly 4:5


def test_a_real_video_in_another_codec_is_refused_for_reels(tmp_path: Path) -> None:
    path = tmp_path / "mpeg4.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("mpeg4", rate=2)
        stream.width, stream.height, stream.pix_fmt = 32, 32, "yuv420p"
        for i in range(8):
            frame = av.VideoFrame(32, 32, "yuv420p")
            frame.pts = i
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    with pytest.raises(ApiError, match="codec is mpeg4"):
        rules.check("file", probe("file", path), rules.Surface.CLIP)


def test_probe_reads_audio_only_files_and_refuses_unreadable_ones(tmp_path: Path) -> None:
    voice = probe("file", m4a(tmp_path / "v.m4a", seconds=2))
    assert (voice.container, voice.video_codec, voice.audio_codec) == (Kind.M4A, None, "aac")
    assert voice.duration == pytest.approx(2.0, abs=0.2)
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(video(tmp_path / "ok.mp4").read_bytes()[:64])
    with pytest.raises(ApiError, match="cannot be read"):
        probe("file", broken)

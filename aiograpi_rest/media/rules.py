"""What Instagram accepts for a video (or voice note) on each surface, checked before uploading.

One table, `RULES`; `docs/media-rules.md` is generated from it:

    python -m aiograpi_rest.media.rules            # rewrite docs/media-rules.md
    python -m aiograpi_rest.media.rules --check    # exit 1 if the committed table is stale

aiograpi 1.0.9 checks none of this (its `VideoTooLongException` is only Instagram's own answer
translated), so the numbers are Instagram's published limits; `source` says which, and where the
choice is ours.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from aiograpi_rest.errors import invalid
from aiograpi_rest.media.probe import MediaInfo
from aiograpi_rest.media.sniff import Kind

DEFAULT_OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "media-rules.md"
# Measured durations carry encoder padding (AAC priming, a last frame's length).
DURATION_SLACK = 0.1
ASPECT_SLACK = 0.01

H264_HEVC = frozenset({"h264", "hevc"})
AAC = frozenset({"aac"})
MP4_MOV = frozenset({Kind.MP4, Kind.MOV})


class Surface(Enum):
    FEED = "feed video"
    ALBUM = "album video"
    IGTV = "IGTV"
    CLIP = "clip (Reels)"
    STORY = "story video"
    DIRECT = "Direct video"
    VOICE = "voice note"


@dataclass(frozen=True)
class Rules:
    """One surface's limits. No video codecs means audio only (a voice note)."""

    name: str  # as a refusal says it: "Reels accept at most 90 s"
    containers: frozenset[Kind]
    video_codecs: frozenset[str]
    audio_codecs: frozenset[str]
    min_seconds: float
    max_seconds: float
    min_aspect: tuple[int, int] | None
    max_aspect: tuple[int, int] | None
    thumbnail: bool  # aiograpi uploads a cover frame for it
    source: str


RULES: dict[Surface, Rules] = {
    Surface.FEED: Rules(
        "feed videos", MP4_MOV, H264_HEVC, AAC, 1, 60, (4, 5), (16, 9), True,
        "Instagram's published feed-video limits (Graph API video specifications), but a 1 s minimum "
        "(our choice: the Graph API asks 3 s, the private API publishes no minimum).",
    ),
    Surface.ALBUM: Rules(
        "album videos", MP4_MOV, H264_HEVC, AAC, 1, 60, (4, 5), (16, 9), True,
        "Carousel items follow the feed-video limits above.",
    ),
    Surface.IGTV: Rules(
        "IGTV videos", MP4_MOV, H264_HEVC, AAC, 60, 15 * 60, (9, 16), (16, 9), True,
        "IGTV's last published mobile-upload limits (1 to 15 minutes, 9:16 to 16:9); IGTV is gone from the app.",
    ),
    Surface.CLIP: Rules(
        "Reels", MP4_MOV, H264_HEVC, AAC, 1, 90, (1, 100), (10, 1), True,
        "Private-API Reels: up to 90 s (the app now records up to 3 minutes; 90 s is our choice, and so is "
        "the 1 s minimum, "
        "the limit configure_to_clips was known for); aspect range from the Graph API Reels specification.",
    ),
    Surface.STORY: Rules(
        "stories", MP4_MOV, H264_HEVC, AAC, 1, 60, (1, 10), (10, 1), True,
        "Graph API story limits (60 s, 0.1:1 to 10:1); 1 s minimum is our choice (the app posts 1 s stories).",
    ),
    Surface.DIRECT: Rules(
        "Direct videos", frozenset({Kind.MP4}), frozenset({"h264"}), AAC, 1, 60, (1, 10), (10, 1), False,
        "aiograpi's direct_send_video wants an H.264/AAC .mp4; duration and aspect limits are our choice (unpublished).",
    ),
    Surface.VOICE: Rules(
        "voice notes", frozenset({Kind.M4A, Kind.MP4}), frozenset(), AAC, 1, 60, None, None, False,
        "aiograpi's direct_send_voice wants AAC in MP4 (.m4a); the app records up to 1 minute.",
    ),
}  # fmt: skip


def _ratio(pair: tuple[int, int]) -> float:
    return pair[0] / pair[1]


def _seconds(value: float) -> str:
    return f"{value:g} s" if value < 120 else f"{value / 60:g} min"


def check(field: str, info: MediaInfo, surface: Surface) -> None:
    """Refuse (a 422 naming `field`, the rule and the measured value) what `surface` does not accept."""
    rules = RULES[surface]
    it = "the video" if rules.video_codecs else "the recording"
    if info.container not in rules.containers:
        accepted = " or ".join(sorted(k.label for k in rules.containers))
        raise invalid(field, f"a {info.container.label} file; {rules.name} accept {accepted}")
    if not rules.video_codecs and info.video_codec:
        raise invalid(field, f"{it} has a video track ({info.video_codec}); {rules.name} are audio only")
    if rules.video_codecs and info.video_codec not in rules.video_codecs:
        found = info.video_codec or "no video track"
        raise invalid(
            field, f"{it}'s codec is {found}; {rules.name} accept {', '.join(sorted(rules.video_codecs))}"
        )
    if not rules.video_codecs and info.audio_codec is None:
        raise invalid(
            field, f"{it} has no audio track; {rules.name} need {', '.join(sorted(rules.audio_codecs))}"
        )
    if info.audio_codec is not None and info.audio_codec not in rules.audio_codecs:
        raise invalid(
            field,
            f"{it}'s audio codec is {info.audio_codec}; {rules.name} accept {', '.join(sorted(rules.audio_codecs))}",
        )
    if info.duration > rules.max_seconds + DURATION_SLACK:
        raise invalid(
            field,
            f"{it} is {info.duration:.1f} s long; {rules.name} accept at most {_seconds(rules.max_seconds)}",
        )
    if info.duration < rules.min_seconds - DURATION_SLACK:
        raise invalid(
            field,
            f"{it} is {info.duration:.1f} s long; {rules.name} need at least {_seconds(rules.min_seconds)}",
        )
    if rules.min_aspect and info.aspect < _ratio(rules.min_aspect) * (1 - ASPECT_SLACK):
        raise invalid(field, _aspect_message(info, rules, "narrower", rules.min_aspect))
    if rules.max_aspect and info.aspect > _ratio(rules.max_aspect) * (1 + ASPECT_SLACK):
        raise invalid(field, _aspect_message(info, rules, "wider", rules.max_aspect))


def _aspect_message(info: MediaInfo, rules: Rules, way: str, limit: tuple[int, int]) -> str:
    return (
        f"the video is {info.width}x{info.height} (aspect {info.aspect:.2f}:1); {rules.name} accept nothing {way} "
        f"than {limit[0]}:{limit[1]}"
    )


def render() -> str:
    lines = [
        "# Media rules",
        "",
        "What the gateway checks in an uploaded video or voice note before anything reaches Instagram",
        "(`aiograpi_rest/media/rules.py`; generated by `python -m aiograpi_rest.media.rules`, do not edit).",
        "A file that breaks a rule is a 422 naming the field, the rule and the measured value.",
        f"Durations are measured with {DURATION_SLACK:g} s and aspect ratios with {ASPECT_SLACK:.0%} of slack.",
        "Photos (and cover images) must be JPEG, PNG or WebP, by their bytes; aiograpi crops and scales them.",
        "",
        "| surface | containers | video codecs | audio codecs | duration | aspect ratio (w:h) | cover | source |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for surface, r in RULES.items():
        aspect = (
            f"{r.min_aspect[0]}:{r.min_aspect[1]} – {r.max_aspect[0]}:{r.max_aspect[1]}"
            if r.min_aspect and r.max_aspect
            else "–"
        )
        cells = [
            surface.value,
            ", ".join(sorted(k.label for k in r.containers)),
            ", ".join(sorted(r.video_codecs)) or "none (audio only)",
            ", ".join(sorted(r.audio_codecs)) + ("" if not r.video_codecs else " or none"),
            f"{_seconds(r.min_seconds)} – {_seconds(r.max_seconds)}",
            aspect,
            "made from the video unless given" if r.thumbnail else "–",
            r.source,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if docs/media-rules.md is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if DEFAULT_OUTPUT.read_text() != text:
            print(f"{DEFAULT_OUTPUT} is stale: run python -m aiograpi_rest.media.rules", file=sys.stderr)
            return 1
        return 0
    DEFAULT_OUTPUT.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

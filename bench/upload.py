"""Benchmark: one 50 MB video through `POST /video/upload`, in sandbox: seconds and gateway memory.

    .venv/bin/python bench/upload.py              # about a minute: table on stdout, JSON in bench/results/
    .venv/bin/python bench/upload.py --mb 10      # a smaller video

Starts `aiograpi-rest emulator` and `aiograpi-rest serve` (one process, SQLite in a temporary
folder, pacing off) on loopback ports, as `bench/run.py` does, logs `demo` in through the API and
encodes the video with PyAV: H.264 noise at near-lossless quality, 320x240, 30 fps, cut once its
packets add up to the size asked for (about 15 s for 50 MB: inside the feed rules).

Memory is the gateway's peak RSS growth over its RSS just before each request: the peak is reset
through /proc/<pid>/clear_refs ("5") and read back from VmHWM. Two requests are measured:

- `gateway only`: the same video with a thumbnail that is not an image. The gateway receives it
  (multipart parsing, then the spool's copy to disk in CHUNK-sized reads), probes it with PyAV and
  checks the rules, then refuses the cover: everything the gateway does, nothing of aiograpi's.
- `upload`: the real post. aiograpi 1.0.9's `video_rupload` reads the whole file into one bytes
  object (`fp.read()`) and posts it in one request, so the peak grows by about the file's size there.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.append(str(Path(__file__).resolve().parent.parent))

import av  # noqa: E402
import httpx  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402

from aiograpi_rest.media import spool  # noqa: E402
from bench import procs  # noqa: E402
from bench.run import ACCOUNT, RESULTS, machine  # noqa: E402

MB = 1024 * 1024
SIZE, FPS = (320, 240), 30


def noise_video(path: Path, target_bytes: int, min_seconds: float = 1.0) -> tuple[int, float]:
    """H.264 frames of random noise until `target_bytes` of packets, `min_seconds` at least:
    (frames, seconds)."""
    written, frames = 0, 0
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = SIZE[0], SIZE[1], "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "1"}
        while written < target_bytes or frames < min_seconds * FPS:
            frame = av.VideoFrame(SIZE[0], SIZE[1], "yuv420p")
            for plane in frame.planes:
                plane.update(os.urandom(plane.buffer_size))
            frame.pts = frames
            frames += 1
            for packet in stream.encode(frame):
                written += packet.size
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return frames, frames / FPS


def reset_peak(pid: int) -> None:
    for p in procs.process_tree(pid):
        Path(f"/proc/{p}/clear_refs").write_text("5")


async def measured(http: httpx.AsyncClient, pid: int, video: Path, thumbnail: bytes | None) -> dict[str, Any]:
    files: dict[str, Any] = {"file": (video.name, video.open("rb"), "video/mp4")}
    if thumbnail is not None:
        files["thumbnail"] = ("cover.jpg", thumbnail, "image/jpeg")
    before = procs.usage(pid).rss_kb
    reset_peak(pid)
    started = time.perf_counter()
    try:
        response = await http.post("/video/upload", data={"caption": "50 MB of noise"}, files=files)
    finally:
        files["file"][1].close()
    seconds = time.perf_counter() - started
    after = procs.usage(pid)
    return {
        "status": response.status_code,
        "seconds": round(seconds, 2),
        "rss_before_mb": round(before / 1024, 1),
        "peak_rss_mb": round(after.peak_rss_kb / 1024, 1),
        "peak_growth_mb": round((after.peak_rss_kb - before) / 1024, 1),
        "rss_after_mb": round(after.rss_kb / 1024, 1),
        "body": response.json(),
    }


async def bench(tmp: Path, video: Path, small: Path) -> dict[str, Any]:
    secret_key = Fernet.generate_key().decode()
    emulator = procs.Server(
        "emulator", ["emulator", "--seed", "0"], {}, procs.free_port(), tmp / "emulator.log"
    )
    env = {
        "AIOGRAPI_REST_DATABASE_URL": f"sqlite+aiosqlite:///{tmp / 'gateway.db'}",
        "AIOGRAPI_REST_SECRET_KEY": secret_key,
        "AIOGRAPI_REST_UPSTREAM": emulator.url,
        "AIOGRAPI_REST_PACING_MIN_INTERVAL": "0",
        "AIOGRAPI_REST_PACING_JITTER": "0",
    }
    gateway = procs.Server(
        "gateway", ["serve", "--workers", "1"], env, procs.free_port(), tmp / "gateway.log"
    )
    try:
        emulator.wait_ready("/__emulator/")
        gateway.wait_ready("/health")
        async with httpx.AsyncClient(base_url=gateway.url, timeout=300) as http:
            r = await http.post("/auth/login", data={"username": ACCOUNT[0], "password": ACCOUNT[1]})
            r.raise_for_status()
            http.headers["X-Session-ID"] = r.json()
            warm = await measured(http, gateway.pid, small, None)  # loads PyAV, the upload code paths
            if warm["status"] != 200:
                raise RuntimeError(f"warm-up upload answered {warm['status']}: {warm['body']}")
            refused = await measured(http, gateway.pid, video, b"not an image")
            upload = await measured(http, gateway.pid, video, None)
        if upload["status"] != 200:
            raise RuntimeError(f"upload answered {upload['status']}: {upload['body']}")
        for run in (warm, refused, upload):
            run["body"] = {k: run["body"].get(k) for k in ("pk", "media_type", "video_duration", "exc_type")}
        return {"warm_up": warm, "gateway_only": refused, "upload": upload}
    finally:
        gateway.stop()
        emulator.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=50, help="video size in MiB (default 50)")
    parser.add_argument("--out", type=Path, help="JSON file (default bench/results/upload-<time>.json)")
    args = parser.parse_args(argv)
    out = args.out or RESULTS / f"upload-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="aiograpi-rest-bench-upload-"))
    try:
        video, small = tmp / "noise.mp4", tmp / "small.mp4"
        made = time.perf_counter()
        frames, seconds = noise_video(video, int(args.mb * MB))
        noise_video(small, 0)
        print(
            f"video: {video.stat().st_size / MB:.1f} MiB, {frames} frames, {seconds:.1f} s "
            f"(encoded in {time.perf_counter() - made:.1f} s)",
            flush=True,
        )
        result = asyncio.run(bench(tmp, video, small))
        result["video"] = {"bytes": video.stat().st_size, "frames": frames, "seconds": round(seconds, 2)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    chunk_mb = spool.CHUNK / MB
    result = {"machine": machine(), "spool_chunk_mb": chunk_mb, **result}
    out.write_text(json.dumps(result, indent=1) + "\n")
    size_mb = result["video"]["bytes"] / MB
    print("\n| request | status | seconds | peak RSS growth (MiB) |\n|---|---|---|---|")
    for name in ("gateway_only", "upload"):
        run = result[name]
        print(f"| {name} | {run['status']} | {run['seconds']} | {run['peak_growth_mb']} |")
    print(
        f"\ntarget: gateway only < 2 x chunk = {2 * chunk_mb:g} MiB; "
        f"aiograpi holds the whole file ({size_mb:.1f} MiB) while posting it"
    )
    print(f"JSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

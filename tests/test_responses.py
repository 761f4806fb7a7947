"""A response model is written straight to JSON bytes (`handlers._responder`): the bytes the app's
FastJSONResponse (orjson) writes from the model's Python form, for the values where two JSON
writers could disagree."""

from __future__ import annotations

import math
import random
import struct
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, TypeAdapter

from aiograpi_rest.responses import FastJSONResponse


class Sample(BaseModel):
    number: float | None = None
    text: str = ""
    anything: Any = None
    mapping: dict[str, Any] = {}


ADAPTER = TypeAdapter(Sample)


def _both(sample: Sample) -> tuple[bytes, bytes]:
    rendered = FastJSONResponse(ADAPTER.dump_python(sample, mode="json")).body
    return bytes(rendered), ADAPTER.dump_json(sample)


def _floats(n: int) -> list[float]:
    rnd = random.Random(20261204)
    edges = [0.0, -0.0, 0.1, 2.5, 100.0, 1e15, 1e16, 1e17, 1e21, 1e22, 1e-5, 1e-6, 1e-7, 5e-324]
    edges += [1.7976931348623157e308, math.nan, math.inf, -math.inf, 37.8199, -122.4783]
    # Any bit pattern is a double: every exponent and subnormals, as well as plain coordinates.
    edges += [struct.unpack("d", struct.pack("Q", rnd.getrandbits(64)))[0] for _ in range(n)]
    return edges + [round(rnd.uniform(-180, 180), rnd.randint(0, 8)) for _ in range(n)]


def test_floats_are_written_alike() -> None:
    differ = [x for x in _floats(20_000) if len(set(_both(Sample(number=x, anything=[x, {"k": x}])))) > 1]
    assert differ == []


def test_text_is_written_alike() -> None:
    # Control characters, the line separators JSON allows raw, a BOM, astral characters.
    chars = [chr(i) for i in range(0x800)] + ["\u2028", "\u2029", "\ufeff", "\U0001f600", "\U0010ffff"]
    differ = [c for c in chars if len(set(_both(Sample(text=c * 2, anything=c, mapping={c: c})))) > 1]
    assert differ == []


def test_nested_values_are_written_alike() -> None:
    sample = Sample(
        anything={
            "when": datetime(2024, 1, 2, 3, 4, 5, 678, tzinfo=UTC),
            "naive": datetime(2024, 1, 2),
            "big": 2**63 - 1,
            "flags": (True, False, None),
            "by_number": {1: "one"},
        }
    )
    rendered, dumped = _both(sample)
    assert rendered == dumped
    assert b'"by_number":{"1":"one"}' in dumped and b'"when":"2024-01-02T03:04:05.000678Z"' in dumped

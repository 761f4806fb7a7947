"""What every builder shares."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
SCALED_WIDTHS = (640, 320)  # the smaller copies of an image, beside its full size

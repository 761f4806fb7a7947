"""What every builder shares."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
SIZES = ((1080, 1080), (640, 640), (320, 320))

"""Settings: every one is an `AIOGRAPI_REST_*` variable documented in the README's one table."""

from __future__ import annotations

import re
from pathlib import Path

from aiograpi_rest.config import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_has_a_row_in_the_readme_table_and_every_row_a_setting() -> None:
    rows = re.findall(r"^\| `(AIOGRAPI_REST_[A-Z_]+)`", README.read_text(), re.MULTILINE)
    documented = {name.removeprefix("AIOGRAPI_REST_").lower() for name in rows}
    assert len(rows) == len(documented), "a variable has two rows"
    assert documented == set(Settings.model_fields)

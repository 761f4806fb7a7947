"""Request parsing shared by routes: JSON-encoded form fields and user selectors."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from aiograpi_rest.errors import invalid, invalid_fields


def json_field(name: str, raw: str | None, shape: Any = dict, *, required: bool = False) -> Any:
    """Parse a JSON-encoded form field into `shape` (a pydantic model, a type, or `dict`).

    Blank means absent (None, or a 422 when required). Malformed JSON or a value of the wrong
    shape is a 422 naming the field.
    """
    if raw is None or not raw.strip():
        if required:
            raise invalid(name, "the JSON is missing", kind="missing")
        return None
    return _fit(name, _loads(name, raw), shape)


def _loads(name: str, raw: str, at: int | None = None) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise invalid(name, f"the JSON is not valid ({exc.msg} at position {exc.pos})", at=at) from None


def _fit(name: str, value: Any, shape: Any, at: int | None = None) -> Any:
    try:
        return TypeAdapter(shape).validate_python(value)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = f"the JSON does not fit: {where + ': ' if where else ''}{first['msg']}"
        raise invalid(name, message, at=at) from None


def json_items(name: str, raws: list[str] | None, model: Any) -> list[Any]:
    """A repeated JSON form field: one JSON array, or several JSON-encoded objects (or both).

    A 422 names the field and the index of the bad value among all of them (`loc`
    `["body", name, index]`).
    """
    values: list[Any] = []
    for raw in raws or []:
        if not raw.strip():
            continue
        value = _loads(name, raw, at=len(values))
        values.extend(value if isinstance(value, list) else [value])
    return [_fit(name, value, model, at=index) for index, value in enumerate(values)]


def exactly_one(hint: str | None = None, **fields: object) -> tuple[str, str]:
    """The one field given (stripped, non-blank) of several alternatives, as (name, value).

    None or several given is a 422 naming all of them.
    """
    given = [(name, str(v).strip()) for name, v in fields.items() if v is not None and str(v).strip()]
    if len(given) != 1:
        raise invalid_fields(
            list(fields),
            "give exactly one of them",
            kind="missing" if not given else "value_error",
            hint=hint
            or f"Pass exactly one of {', '.join(repr(n) for n in fields)}, not several and not none.",
        )
    return given[0]


def clean_username(value: str) -> str:
    return value.strip().lstrip("@").strip()

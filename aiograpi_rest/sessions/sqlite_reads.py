"""The store's reads on the request path, answered from a SQLite file on the event loop's thread.

Through the async engine a read crosses to aiosqlite's thread and back for each step of the
query (connect, execute, fetch, reset): 855 µs of CPU here for a session's version, which with
several workers is read on every call (a third of a worker's CPU per call with two workers,
`bench/run.py`, "gateway w2"), and more for the record itself when 16 sessions' cached records
expire together and their reads queue for the engine's connections. SQLite answers such an
indexed lookup from the file's page cache in microseconds, and in WAL mode
(`database._enable_wal`) a reader never waits for a writer, so `LocalReads` asks it directly:
7 µs for the version; the record (decrypted) and its version together 49-68 µs, against
1.39-1.58 ms through the engine. Each statement is the store's own (`Prepared`: compiled once for SQLite,
its parameters and its columns processed by their own column types). A file that is busy all the
same (another connection holding it exclusively, a recovery) is not waited for on the event
loop: the read answers `BUSY` at once and the store asks the async engine, which waits as every
other query does.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Select
from sqlalchemy.dialects import sqlite

BUSY = object()
_DIALECT = sqlite.dialect()  # pysqlite: "?" placeholders, as the sqlite3 module takes them


class Prepared:
    """A select compiled once for SQLite: its SQL, how its parameters are written, how its
    columns are read (rows with the columns' names as attributes)."""

    def __init__(self, statement: Select) -> None:
        compiled = statement.compile(dialect=_DIALECT)
        self.sql = compiled.string
        # The values written into the statement itself; the caller gives the others.
        fixed = compiled.construct_params(
            {name: None for name, bind in compiled.binds.items() if bind.required}
        )
        self.params: list[tuple[str, Any, Callable[[Any], Any] | None]] = [
            (name, fixed[name], _processor(compiled.binds[name].type, "bind"))
            for name in compiled.positiontup or ()
        ]
        columns = list(statement.selected_columns)
        self.results = [_processor(column.type, "result") for column in columns]
        self.row = namedtuple("Row", [column.key for column in columns])  # type: ignore[misc]

    def bind(self, values: Mapping[str, Any]) -> list[Any]:
        bound = []
        for name, default, process in self.params:
            value = values.get(name, default)
            bound.append(process(value) if process else value)
        return bound

    def read(self, raw: tuple[Any, ...]) -> Any:
        return self.row(*(process(v) if process else v for process, v in zip(self.results, raw, strict=True)))


def _processor(type_: Any, kind: str) -> Callable[[Any], Any] | None:
    impl = type_.dialect_impl(_DIALECT)
    return impl.bind_processor(_DIALECT) if kind == "bind" else impl.result_processor(_DIALECT, None)


class LocalReads:
    """A SQLite file read synchronously: one autocommit connection, never waiting on a lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.connection: sqlite3.Connection | None = None

    def first(self, query: Prepared, values: Mapping[str, Any]) -> Any:
        """`query`'s first row (None without one), or `BUSY`."""
        params = query.bind(values)
        try:
            if self.connection is None:
                # Autocommit: each read sees what was committed last. No busy timeout: a locked
                # file answers at once. Any thread: the sqlite3 module serializes its calls.
                self.connection = sqlite3.connect(
                    self.path, timeout=0, isolation_level=None, check_same_thread=False
                )
                self.connection.execute("PRAGMA query_only = ON")
            raw = self.connection.execute(query.sql, params).fetchone()
        except sqlite3.Error:
            self.close()  # the next read starts on a new connection
            return BUSY
        return None if raw is None else query.read(raw)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

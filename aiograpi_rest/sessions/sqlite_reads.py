"""The read made on every call when several workers share one SQLite file (a session's version),
answered on the event loop's own thread.

Through the async engine that read crosses to aiosqlite's thread and back for each step of the
query (connect, execute, fetch, reset): 855 µs of CPU here, a third of a worker's CPU per call
with two workers (`bench/run.py`, "gateway w2"). SQLite answers the same indexed lookup from
the file's page cache in microseconds, and in WAL mode (`database._enable_wal`) a reader never
waits for a writer, so `VersionReader` asks it directly: 7 µs. The statement is the store's own
(`store.VERSION_QUERY`), compiled once for SQLite with its parameters processed by its own column
types. A file that is busy all the same (another connection holding it exclusively, a recovery)
is not waited for on the event loop: the read answers `BUSY` at once and the store asks the async
engine, which waits as every other query does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Select
from sqlalchemy.dialects import sqlite

BUSY = object()


class VersionReader:
    """One scalar query on a SQLite file, made synchronously; `BUSY` when SQLite would make it wait."""

    def __init__(self, path: Path, statement: Select) -> None:
        dialect = sqlite.dialect()  # pysqlite: "?" placeholders, as the sqlite3 module takes them
        compiled = statement.compile(dialect=dialect)
        self.path, self.sql = path, compiled.string
        # The values written into the statement itself; the caller gives the others.
        fixed = compiled.construct_params(
            {name: None for name, bind in compiled.binds.items() if bind.required}
        )
        self.params: list[tuple[str, Any, Callable[[Any], Any] | None]] = [
            (name, fixed[name], compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))
            for name in compiled.positiontup or ()
        ]
        self.connection: sqlite3.Connection | None = None

    def read(self, values: Mapping[str, Any]) -> Any:
        """The first column of the first row (None without a row), or `BUSY`."""
        params = []
        for name, default, process in self.params:
            value = values.get(name, default)
            params.append(process(value) if process else value)
        try:
            if self.connection is None:
                # Autocommit: each read sees what was committed last. No busy timeout: a locked
                # file answers at once. Any thread: the sqlite3 module serializes its calls.
                self.connection = sqlite3.connect(
                    self.path, timeout=0, isolation_level=None, check_same_thread=False
                )
                self.connection.execute("PRAGMA query_only = ON")
            row = self.connection.execute(self.sql, params).fetchone()
        except sqlite3.Error:
            self.close()  # the next read starts on a new connection
            return BUSY
        return None if row is None else row[0]

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

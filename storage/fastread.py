"""Prebuilt SELECTs that skip SQLAlchemy's execution machinery on an SQLite file.

Measured here (bench/, 10,000 partners): a keyed SELECT costs SQLite about 5 µs, and about
110 µs through `AsyncSession.execute` of a prebuilt Core statement — the ORM's execution
pipeline, result metadata and greenlet switches, not the query. A card makes seven such
reads, the duplicate check of a typed name one, a list page two.

`Query` wraps a module-level Core SELECT of columns (not entities) with named
`bindparam`s (no expanding IN: pad a fixed number of parameters instead). Its
`await query.rows(session, **params)` gives a list of named tuples:

- on an SQLite file run inline (storage/db.py), when the session has no transaction open
  (it might hold writes the read must see), the statement — compiled once by SQLAlchemy's
  own compiler — runs on the engine's read connection, parameters and values converted by
  the columns' own type processors: the rows are those `session.execute` gives
  (tests/test_fastread.py compares the two for every query);
- anywhere else (PostgreSQL, a memory database, in the middle of a transaction) it simply
  goes through `session.execute`.

The read connection is in autocommit mode, so each statement sees the latest commit (WAL).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from storage.db import read_connection

Processor = Callable[[Any], Any] | None


class _Compiled:
    """The statement's SQL for one dialect, its parameters in order and its processors."""

    def __init__(self, statement: Select[*tuple[Any, ...]], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("expanding or literal-execute parameters are not supported")
        self.sql = str(compiled)
        self.params: list[tuple[str, Any, Processor]] = []
        for name in compiled.positiontup or ():
            bind = compiled.binds[name]
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            self.params.append((bind.key, bind.value, processor))
        self.results: list[Processor] = [
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in statement.selected_columns
        ]
        self.plain = not any(self.results)

    def values(self, params: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for key, default, processor in self.params:
            value = params.get(key, default)
            out.append(processor(value) if processor is not None else value)
        return tuple(out)

    def convert(self, row: tuple[Any, ...]) -> list[Any]:
        return [
            value if processor is None or value is None else processor(value)
            for value, processor in zip(row, self.results, strict=True)
        ]


class Query:
    """A prebuilt SELECT of columns; see the module's docstring."""

    def __init__(self, statement: Select[*tuple[Any, ...]]) -> None:
        self.statement = statement
        names = list(statement.selected_columns.keys())
        self.Row: Any = namedtuple("Row", names, rename=True)  # type: ignore[misc]
        self._compiled: dict[str, _Compiled] = {}

    def _for(self, dialect: Dialect) -> _Compiled:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = _Compiled(self.statement, dialect)
        return compiled

    async def rows(self, session: AsyncSession, **params: Any) -> list[Any]:
        """The rows, as named tuples (attribute access by column name)."""
        make = self.Row._make
        if not session.in_transaction():
            engine = session.bind
            connection = await read_connection(engine) if engine is not None else None
            if connection is not None:
                compiled = self._for(engine.dialect)  # type: ignore[union-attr]
                raw = connection.raw()
                values = compiled.values(params)
                found = await connection.run(lambda: raw.execute(compiled.sql, values).fetchall())
                if compiled.plain:
                    return [make(row) for row in found]
                return [make(compiled.convert(row)) for row in found]
        result = await session.execute(self.statement, params)
        return [make(row) for row in result]

    async def first(self, session: AsyncSession, **params: Any) -> Any | None:
        found = await self.rows(session, **params)
        return found[0] if found else None

"""Migrations: up to head on an empty database, down to base, up again; models agree."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import migrate
from storage.db import create_engine
from storage.models import Base


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'm.db'}")
    yield eng
    await eng.dispose()


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return await conn.run_sync(_tables)


def script_head() -> str:
    head = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    assert head is not None
    return head


async def test_upgrade_downgrade_upgrade(engine: AsyncEngine) -> None:
    model_tables = set(Base.metadata.tables)
    assert {"organisations", "members", "fsm_records"} <= model_tables

    await migrate.upgrade(engine)
    assert await tables(engine) == model_tables | {"alembic_version"}
    assert await migrate.current_revisions(engine) == {script_head()}

    await migrate.upgrade(engine)  # idempotent
    await migrate.downgrade(engine, "base")
    assert await tables(engine) == {"alembic_version"}
    assert await migrate.current_revisions(engine) == set()

    await migrate.upgrade(engine)
    assert await tables(engine) == model_tables | {"alembic_version"}
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO organisations (name, municipality, timezone, invite_code, "
                "created_at, updated_at) VALUES ('ДДТ', 'г. Тюмень', 'Asia/Yekaterinburg', "
                "'abc', '2026-11-26 05:00:00', '2026-11-26 05:00:00')"
            )
        )
        assert (await conn.execute(text("SELECT name FROM organisations"))).scalar() == "ДДТ"


async def test_every_step_down_and_up(engine: AsyncEngine) -> None:
    """Each revision downgrades cleanly to its parent and comes back."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = [r.revision for r in script.walk_revisions()]  # head first
    await migrate.upgrade(engine)
    for revision in revisions[1:]:
        await migrate.downgrade(engine, revision)
        assert await migrate.current_revisions(engine) == {revision}
    await migrate.upgrade(engine, revisions[1])
    assert await migrate.current_revisions(engine) == {revisions[1]}
    await migrate.upgrade(engine)  # from an older revision: alembic runs
    assert await migrate.current_revisions(engine) == {revisions[0]}


def test_head_is_read_without_alembic() -> None:
    assert migrate.head_revision() == script_head()


async def test_up_to_date_database_skips_alembic(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    await migrate.upgrade(engine)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("alembic should not run on an up-to-date database")

    monkeypatch.setattr(command, "upgrade", fail)
    await migrate.upgrade(engine)  # the fast path: alembic is not touched


def _diffs(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "render_as_batch": True}
    )
    return list(compare_metadata(context, Base.metadata))


async def test_models_and_migrations_agree(engine: AsyncEngine) -> None:
    """The equivalent of `alembic check`: autogenerate finds nothing to do at head."""
    await migrate.upgrade(engine)
    async with engine.connect() as conn:
        diffs = await conn.run_sync(_diffs)
    assert diffs == []

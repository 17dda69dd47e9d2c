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
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.services.partners import find_similar, search_partners
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


async def alembic_upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Through alembic itself, whatever the database looks like."""

    def run(connection: Connection) -> None:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)

    async with engine.begin() as conn:
        await conn.run_sync(run)


def _schema(connection: Connection) -> dict[str, Any]:
    insp = inspect(connection)
    schema: dict[str, Any] = {}
    for table in sorted(insp.get_table_names()):
        schema[table] = {
            "columns": sorted(
                (c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(table)
            ),
            "pk": sorted(insp.get_pk_constraint(table)["constrained_columns"]),
            "fks": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                for f in insp.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in insp.get_indexes(table)
            ),
            "unique": sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(table)),
        }
    return schema


async def schema(engine: AsyncEngine) -> dict[str, Any]:
    async with engine.connect() as conn:
        return await conn.run_sync(_schema)


async def test_upgrade_downgrade_upgrade(engine: AsyncEngine) -> None:
    model_tables = set(Base.metadata.tables)
    assert {"organisations", "members", "fsm_records"} <= model_tables

    await alembic_upgrade(engine)
    assert await tables(engine) == model_tables | {"alembic_version"}
    assert await migrate.current_revisions(engine) == {script_head()}

    await migrate.upgrade(engine)  # idempotent
    await migrate.downgrade(engine, "base")
    assert await tables(engine) == {"alembic_version"}
    assert await migrate.current_revisions(engine) == set()

    await migrate.upgrade(engine)  # alembic_version exists but is empty: alembic runs
    assert await tables(engine) == model_tables | {"alembic_version"}
    assert await migrate.current_revisions(engine) == {script_head()}
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO organisations (name, municipality, timezone, invite_code, "
                "created_at, updated_at) VALUES ('ДДТ', 'г. Тюмень', 'Asia/Yekaterinburg', "
                "'abc', '2026-11-26 05:00:00', '2026-11-26 05:00:00')"
            )
        )
        assert (await conn.execute(text("SELECT name FROM organisations"))).scalar() == "ДДТ"


async def test_new_database_is_built_by_the_migrations(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh database goes through alembic (never create_all) and ends at head."""
    calls: list[str] = []
    real_upgrade = command.upgrade

    def spy(cfg: Any, revision: str, *args: Any, **kwargs: Any) -> None:
        calls.append(revision)
        real_upgrade(cfg, revision, *args, **kwargs)

    monkeypatch.setattr(command, "upgrade", spy)
    await migrate.upgrade(engine)
    assert calls == ["head"]
    assert await migrate.current_revisions(engine) == {script_head()}


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
    await alembic_upgrade(engine)
    async with engine.connect() as conn:
        diffs = await conn.run_sync(_diffs)
    assert diffs == []


async def test_partner_terms_are_filled_for_partners_added_before_0008(
    engine: AsyncEngine,
) -> None:
    """A database from before the terms index gets its partners indexed on upgrade (and
    their sort keys recomputed), so search and the duplicate warning keep finding them."""
    await alembic_upgrade(engine, "0007")
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO organisations (id, name, municipality, timezone, invite_code, "
                "created_at, updated_at) VALUES (1, 'ДДТ', 'г. Тюмень', 'Asia/Yekaterinburg', "
                "'abc', '2026-11-26', '2026-11-26')"
            )
        )
        await conn.execute(
            text(
                "INSERT INTO partners (id, organisation_id, name, name_norm, category, status, "
                "status_changed_at, created_at, updated_at) VALUES (7, 1, "
                "'ГАУК ТО «Музеи Словцова»', 'то «музеи словцова»', 'institution', "
                "'potential', '2026-11-26', '2026-11-26', '2026-11-26')"
            )
        )
    await alembic_upgrade(engine)
    async with engine.connect() as conn:
        terms = (await conn.execute(text("SELECT term FROM partner_terms"))).scalars().all()
        name_norm = (await conn.execute(text("SELECT name_norm FROM partners"))).scalar_one()
    assert sorted(terms) == ["музей", "словцов"]
    assert name_norm == "музеи словцова"
    async with AsyncSession(engine) as session:
        found = await find_similar(session, 1, "музей словцова")
        rows, _ = await search_partners(session, 1, "музей")
    assert [s.id for s in found] == [7]
    assert [r.id for r in rows] == [7]

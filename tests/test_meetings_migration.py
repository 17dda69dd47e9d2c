"""Migration 0009: meetings planned before it get their end (start + duration) and their
planner as the one taking part; down and up again."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import migrate
from storage.db import create_engine
from tests.test_migrations import alembic_upgrade


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'm.db'}")
    yield eng
    await eng.dispose()


async def test_meetings_before_0009_get_their_end_and_planner(engine: AsyncEngine) -> None:
    await alembic_upgrade(engine, "0007")
    stamp = "'2026-11-26 05:00:00'"
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO organisations (id, name, municipality, timezone, invite_code, "
                f"created_at, updated_at) VALUES (1, 'ДДТ', 'г. Тюмень', 'Asia/Yekaterinburg', "
                f"'abc', {stamp}, {stamp})"
            )
        )
        await conn.execute(
            text(
                "INSERT INTO members (id, organisation_id, telegram_id, chat_id, full_name, "
                "position, role, timezone, is_active, consent_at, created_at, updated_at) "
                "VALUES (3, 1, 100, 100, 'Анна', 'педагог', 'admin', 'Asia/Yekaterinburg', 1, "
                f"{stamp}, {stamp}, {stamp})"
            )
        )
        await conn.execute(
            text(
                "INSERT INTO partners (id, organisation_id, name, name_norm, category, status, "
                f"status_changed_at, created_at, updated_at) VALUES (7, 1, 'Музей', 'музей', "
                f"'institution', 'meeting_planned', {stamp}, {stamp}, {stamp})"
            )
        )
        for mid, member, duration in ((1, 3, 60), (2, None, 90)):
            await conn.execute(
                text(
                    "INSERT INTO meetings (id, organisation_id, partner_id, member_id, "
                    "starts_at, duration_min, timezone, format, status, created_at, "
                    "updated_at) VALUES (:id, 1, 7, :member, '2026-11-27 10:00:00.000000', "
                    f":duration, 'Asia/Yekaterinburg', 'visit', 'planned', {stamp}, {stamp})"
                ),
                {"id": mid, "member": member, "duration": duration},
            )
    await alembic_upgrade(engine)
    async with engine.connect() as conn:
        ends = (await conn.execute(text("SELECT id, ends_at FROM meetings ORDER BY id"))).all()
        people = (
            await conn.execute(text("SELECT meeting_id, member_id FROM meeting_members"))
        ).all()
    assert [(mid, str(end)[:16]) for mid, end in ends] == [
        (1, "2026-11-27 11:00"),
        (2, "2026-11-27 11:30"),
    ]
    assert people == [(1, 3)]

    await migrate.downgrade(engine, "0007")
    await alembic_upgrade(engine)
    assert await migrate.current_revisions(engine) == {"0009"}

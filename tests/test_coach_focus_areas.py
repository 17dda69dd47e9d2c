"""A programme's focus is one of the six official focus areas of supplementary general
education programmes: a required choice when adding one, a column of migration 0012
(filled from the old free text where it names an area), and programmes without one asked
once each."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from aiogram.types import ReplyKeyboardMarkup
from sqlalchemy import select, text

from bot.app import App
from bot.clock import FakeClock
from bot.domain.programs import focus_area_of
from bot.local_api import LocalUser
from storage import programs as db
from storage.db import create_engine
from storage.models import Program
from tests.coach_helpers import member_of
from tests.conftest import onboard
from tests.test_migrations import alembic_upgrade
from texts import method


@pytest.mark.parametrize(
    ("typed", "area"),
    [("⚙️ Техническая", "technical"), ("техническое творчество", "technical"),
     ("естественно-научная", "science"), ("Естественнонаучная", "science"),
     ("спорт", "sports"), ("физкультурно-спортивная", "sports"),
     ("художественная направленность", "arts"), ("туристско-краеведческая", "tourism"),
     ("краеведение", "tourism"), ("социально-гуманитарная", "social"),
     ("гуманитарная", "social"), ("робототехника", None), ("да", None),
     ("художественная и техническая", None)],
)  # fmt: skip
def test_typed_focus_areas(typed: str, area: str | None) -> None:
    assert focus_area_of(typed, method.FOCUS_AREA_LABELS, method.FOCUS_AREA_BUTTONS) == area


async def _programs(app: App) -> list[Program]:
    async with app.sessionmaker() as session:
        return list((await session.execute(select(Program).order_by(Program.id))).scalars())


async def test_adding_a_programme_asks_one_of_the_six(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/programs")
    await user.tap("Добавить программу")
    replies = await user.send("Юный конструктор")
    assert "Выберите одну из шести направленностей" in replies[-1].plain
    keyboard = replies[-1].keyboard
    assert isinstance(keyboard, ReplyKeyboardMarkup)
    shown = [b.text for row in keyboard.keyboard for b in row]
    assert shown[:6] == list(method.FOCUS_AREA_BUTTONS.values()) and "⏭ Пропустить" not in shown
    replies = await user.send("⏭ Пропустить")  # required: no skipping
    assert "Не понял направленность" in replies[-2].plain
    assert "Направленность программы?" in replies[-1].plain
    replies = await user.send("робототехника")
    assert "Не понял направленность: «робототехника»" in replies[-2].plain
    replies = await user.send("⚙️ Техническая")
    assert "Возраст учащихся?" in replies[-1].plain
    await user.send("⏭ Пропустить")
    replies = await user.send("⏭ Пропустить")
    assert "Направленность: техническая" in replies[-1].plain
    [program] = await _programs(app)
    assert (program.name, program.focus_area) == ("Юный конструктор", "technical")


async def test_older_programmes_are_asked_once_each(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    member = await member_of(app)
    async with app.sessionmaker() as session:  # as they were before focus areas
        for name, focus in (("Бисероплетение", "декоративно-прикладное"), ("Шахматы", None)):
            await db.insert_program(
                session,
                organisation_id=member.organisation_id,
                name=name,
                now=clock.now(),
                focus=focus,
            )
        await session.commit()
    replies = await user.send("/programs")
    question = replies[-1]
    assert "У программы «Бисероплетение» не выбрана направленность" in question.plain
    assert "(записано: «декоративно-прикладное»)" in question.plain
    assert question.buttons[-1] == method.FOCUS_LATER
    replies = await user.tap("🎨 Художественная")
    assert "«Бисероплетение»: художественная направленность" in replies[1].plain
    assert "У программы «Шахматы» не выбрана направленность" in replies[-1].plain
    replies = await user.tap("Позже")
    assert "можно выбрать в её карточке" in replies[-1].plain
    programs = await _programs(app)
    assert [(p.focus_area, p.focus_asked_at is not None) for p in programs] == [
        ("arts", True),
        (None, True),
    ]
    replies = await user.send("/programs")  # asked once: not again
    assert "не выбрана направленность" not in replies[-1].plain
    await user.tap("Шахматы")
    replies = await user.send("/programs")
    assert "Шахматы" in replies[-1].buttons
    replies = await user.tap("Шахматы")
    assert "Направленность: не выбрана — выберите кнопкой «✏️ Направленность»" in (replies[-1].plain)
    await user.tap("Направленность")
    replies = await user.send("спорт")
    assert "Направленность: физкультурно-спортивная" in replies[-1].plain


async def test_migration_fills_the_area_the_old_text_names(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'm.db'}")
    try:
        await alembic_upgrade(engine, "0007")
        now = datetime(2026, 11, 1).isoformat(" ")
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO organisations (id, name, municipality, timezone, invite_code, "
                    "created_at, updated_at) VALUES (1, 'ДДТ', 'Тюмень', 'Asia/Yekaterinburg', "
                    "'x', :now, :now)"
                ),
                {"now": now},
            )
            for i, focus in enumerate(
                ("туристско-краеведческая", "Художественная", "хореография", None), start=1
            ):
                await conn.execute(
                    text(
                        "INSERT INTO programs (id, organisation_id, name, name_norm, focus, "
                        "created_at, updated_at) VALUES (:id, 1, :name, :name, :focus, :now, :now)"
                    ),
                    {"id": i, "name": f"Программа {i}", "focus": focus, "now": now},
                )
        await alembic_upgrade(engine)
        async with engine.connect() as conn:
            rows = (
                await conn.execute(text("SELECT focus, focus_area FROM programs ORDER BY id"))
            ).all()
        assert [tuple(r) for r in rows] == [
            ("туристско-краеведческая", "tourism"),
            ("Художественная", "arts"),
            ("хореография", None),
            (None, None),
        ]
    finally:
        await engine.dispose()

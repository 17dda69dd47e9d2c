"""The FSM storage writes through: each change is in the database when the call returns, so
a restarted bot (a new storage on the same file) resumes every conversation."""

from __future__ import annotations

from pathlib import Path

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import select

from storage import migrate
from storage.db import create_engine, create_sessionmaker
from storage.fsm import SqlStorage
from storage.models import FsmRecord

ANNA = StorageKey(bot_id=42, chat_id=1, user_id=1)
OLEG = StorageKey(bot_id=42, chat_id=2, user_id=2)


async def test_changes_are_stored_at_once_and_survive_a_restart(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fsm.db'}")
    await migrate.upgrade(engine)
    sessionmaker = create_sessionmaker(engine)
    storage = SqlStorage(engine)
    await storage.set_state(ANNA, "PartnerForm:phone")
    await storage.set_data(ANNA, {"name": "Краеведческий музей"})
    await storage.set_state(OLEG, "PartnerForm:name")
    await storage.set_data(ANNA, {"name": "Краеведческий музей", "phone": "+73452638124"})
    await storage.set_state(OLEG, None)  # Oleg's flow ended: his record goes

    async with sessionmaker() as session:
        rows = (await session.execute(select(FsmRecord))).scalars().all()
    assert [(r.state, r.data) for r in rows] == [
        ("PartnerForm:phone", {"name": "Краеведческий музей", "phone": "+73452638124"})
    ]
    assert rows[0].updated_at.tzinfo is not None  # read back by the ORM as an aware datetime
    await storage.close()

    restarted = SqlStorage(engine)
    assert await restarted.get_state(ANNA) == "PartnerForm:phone"
    assert (await restarted.get_data(ANNA))["phone"] == "+73452638124"
    assert await restarted.get_state(OLEG) is None
    assert await restarted.get_data(OLEG) == {}


async def test_data_without_a_state_is_kept_and_clearing_both_deletes_the_record(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fsm.db'}")
    await migrate.upgrade(engine)
    storage = SqlStorage(engine)
    # onboarding keeps its answers after /cancel: data with no state
    await storage.set_data(ANNA, {"org": "ДДТ"})
    assert await storage.get_state(ANNA) is None
    assert await storage.get_data(ANNA) == {"org": "ДДТ"}
    await storage.set_data(ANNA, {})
    async with create_sessionmaker(engine)() as session:
        assert (await session.execute(select(FsmRecord))).first() is None
    await engine.dispose()

"""The FSM storage writes conversations in one transaction per update, and reads them back
after a restart — with the dialect's upsert and with the ORM's merge alike."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import select

from storage import migrate
from storage.db import create_engine, create_sessionmaker
from storage.fsm import SqlStorage
from storage.models import FsmRecord

ANNA = StorageKey(bot_id=42, chat_id=1, user_id=1)
OLEG = StorageKey(bot_id=42, chat_id=2, user_id=2)


@pytest.mark.parametrize("path", ["side-connection", "core-upsert", "orm-merge"])
async def test_conversations_are_written_together_and_survive_a_restart(
    tmp_path: Path, path: str
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fsm.db'}")
    await migrate.upgrade(engine)
    sessionmaker = create_sessionmaker(engine)
    storage = SqlStorage(sessionmaker)
    if path != "side-connection":  # as on a database other than an SQLite file
        storage._side_checked = True
    if path == "orm-merge":  # as on a database without INSERT … ON CONFLICT
        storage._upsert = None
    await storage.set_state(ANNA, "PartnerForm:phone")
    await storage.set_data(ANNA, {"name": "Краеведческий музей"})
    await storage.set_state(OLEG, "PartnerForm:name")
    await storage.flush()
    await storage.set_data(ANNA, {"name": "Краеведческий музей", "phone": "+73452638124"})
    await storage.set_state(OLEG, None)  # Oleg's flow ended: his record goes
    await storage.flush()
    await storage.flush()  # nothing pending: nothing happens

    async with sessionmaker() as session:
        rows = (await session.execute(select(FsmRecord))).scalars().all()
    assert [(r.state, r.data) for r in rows] == [
        ("PartnerForm:phone", {"name": "Краеведческий музей", "phone": "+73452638124"})
    ]
    assert rows[0].updated_at.tzinfo is not None  # read back by the ORM as an aware datetime
    assert (storage._side is not None) == (path == "side-connection")
    await storage.close()
    restarted = SqlStorage(sessionmaker)  # an empty cache: read from the database
    assert await restarted.get_state(ANNA) == "PartnerForm:phone"
    assert (await restarted.get_data(ANNA))["phone"] == "+73452638124"
    assert await restarted.get_state(OLEG) is None
    await restarted.close()
    await engine.dispose()


async def test_a_read_while_a_write_waits_for_the_lock_does_not_break_it(tmp_path: Path) -> None:
    """The storage's own connection waits for a lock held elsewhere (a handler's open write)
    with no transaction open, so another conversation's state can be read meanwhile and the
    write still goes through once the lock is free."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fsm.db'}")
    await migrate.upgrade(engine)
    sessionmaker = create_sessionmaker(engine)
    storage = SqlStorage(sessionmaker)
    await storage.set_state(OLEG, "PartnerForm:name")
    await storage.flush()
    storage._cache.clear()  # Oleg's state must come from the database

    async with engine.connect() as holder:
        await holder.execute(FsmRecord.__table__.insert().values(key="other", data={}))
        await storage.set_state(ANNA, "PartnerForm:phone")
        flush = asyncio.create_task(storage.flush())
        for _ in range(10):  # let the flush try, find the database locked and start waiting
            await asyncio.sleep(0)
        assert not flush.done()
        assert await storage.get_state(OLEG) == "PartnerForm:name"
        await holder.commit()
        await flush  # no "database is locked": the wait left no snapshot behind
    async with sessionmaker() as session:
        keys = set((await session.execute(select(FsmRecord.key))).scalars())
    assert {"other", storage._key_builder.build(ANNA)} <= keys
    await storage.close()
    await engine.dispose()

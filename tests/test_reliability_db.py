"""Issue 15: a busy database never tells a teacher their answer failed, and costs no answer.

Another process (here: a plain sqlite3 connection) holds the write lock. Teachers in the
middle of adding a partner type their answers: each gets the next question at once (no
apology), the answers are kept in memory and written when the lock goes. A write that meets
a lock waits for it (bounded). The lock is real; the waits are short and event-driven.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import select

from bot.app import App
from bot.local_api import LocalUser
from storage import migrate
from storage.db import create_engine
from storage.fsm import SqlStorage
from storage.models import FsmRecord, Partner
from tests.conftest import NAMES, onboard

APOLOGY = "пошло не так"
TEACHERS = (1, 2, 3, 4)


@contextmanager
def write_lock(db_path: Path) -> Iterator[sqlite3.Connection]:
    """Another process's write transaction on the database (released on exit)."""
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield other
    finally:
        other.rollback() if other.in_transaction else None
        other.close()


def db_file(app: App) -> Path:
    database = app.engine.url.database
    assert database is not None
    return Path(database)


def stored(db_path: Path) -> dict[str, tuple[str | None, dict[str, Any]]]:
    """The FSM records as the database holds them (another connection)."""
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT key, state, data FROM fsm_records").fetchall()
    return {key: (state, json.loads(data or "{}")) for key, state, data in rows}


async def fsm_data(app: App, user_id: int) -> dict[str, object]:
    return await app.dispatcher.fsm.get_context(app.bot, user_id, user_id).get_data()


def quick(app: App) -> SqlStorage:
    storage = app.dispatcher.storage
    assert isinstance(storage, SqlStorage)
    storage.lock_wait = 0.05  # tests: give up on the lock quickly and keep the state
    storage.retry_every = 0.02
    return storage


async def test_a_long_external_lock_costs_no_typed_answer(
    app: App, make_user: Callable[..., LocalUser]
) -> None:
    storage = quick(app)
    teachers = [make_user(user_id=i, first_name=f"Учитель{i}") for i in TEACHERS]
    for teacher in teachers:
        await onboard(teacher, full_name=NAMES[teacher.user_id % len(NAMES)])
        await teacher.send("/add")
        await teacher.send(f"Музей № {teacher.user_id}")
        await teacher.tap("Культура")
        await teacher.tap("Рядом")  # now asked for the contact person
    before = stored(db_file(app))

    with write_lock(db_file(app)):
        answers = await asyncio.gather(*(t.send(f"Ирина Сергеевна {t.user_id}") for t in teachers))
        for replies in answers:
            seen = " ".join(r.plain for r in replies)
            assert "Телефон" in seen and APOLOGY not in seen  # the next question, at once
        assert storage.waiting == len(TEACHERS)
        assert stored(db_file(app)) == before  # the database was not writable…
        for teacher in teachers:  # …yet every answer is there, and the next step goes on
            assert (await fsm_data(app, teacher.user_id))["contact_person"] == (
                f"Ирина Сергеевна {teacher.user_id}"
            )
        replies = await teachers[0].send("8 (3452) 63-81-24")
        assert "почта" in " ".join(r.plain for r in replies)

    assert await storage.flush()  # the lock is gone: everything is written
    assert storage.waiting == 0
    after = stored(db_file(app))
    for teacher in teachers:
        state, data = after[f"fsm:{teacher.user_id}:{teacher.user_id}:default"]
        assert data["contact_person"] == f"Ирина Сергеевна {teacher.user_id}"
        assert state == ("PartnerForm:email" if teacher is teachers[0] else "PartnerForm:phone")
    assert after["fsm:1:1:default"][1]["phone"] == "+73452638124"

    for teacher in teachers:  # they finish: nothing typed was lost
        if teacher is not teachers[0]:
            await teacher.send(f"+7 912 000-00-0{teacher.user_id}")
        for answer in ("info@museum.ru", "г. Тюмень", "Выставка", "Экскурсия"):
            await teacher.send(answer)
        await teacher.tap("Готово")
    async with app.sessionmaker() as session:
        partners = (await session.execute(select(Partner).order_by(Partner.id))).scalars()
        contacts = sorted(p.contact_person or "" for p in partners)
    assert contacts == [f"Ирина Сергеевна {i}" for i in TEACHERS]


async def test_the_kept_state_is_written_when_the_database_frees(app: App, user: LocalUser) -> None:
    """Nothing else has to happen: the storage writes it by itself once the lock goes."""
    storage = quick(app)
    await onboard(user)
    await user.send("/add")
    await user.send("Краеведческий музей")
    with write_lock(db_file(app)):
        await user.tap("Культура")
        assert storage.waiting == 1
    await storage.written()  # ends on its own once a write went through
    assert storage.waiting == 0
    state, data = stored(db_file(app))["fsm:1:1:default"]
    assert state == "PartnerForm:source" and data["category"] == "institution"


async def test_a_write_that_meets_a_lock_waits_for_it(app: App, user: LocalUser) -> None:
    """Saving the partner meets a lock held for a moment: it waits (bounded) and succeeds;
    no apology."""
    await onboard(user)
    for line in ("/add", "Краеведческий музей"):
        await user.send(line)
    await user.tap("Культура")
    await user.tap("Рядом")
    for answer in (
        "Ольга",
        "8 (3452) 63-81-24",
        "info@museum.ru",
        "г. Тюмень",
        "Выставка",
        "Экскурсия",
    ):
        await user.send(answer)
    with write_lock(db_file(app)) as other:
        loop = asyncio.get_running_loop()
        loop.call_later(0.3, other.rollback)  # the other process finishes its work
        replies = await user.tap("Готово")
    seen = " ".join(r.plain for r in replies)
    assert "сохранён" in seen and APOLOGY not in seen
    async with app.sessionmaker() as session:
        assert (await session.execute(select(Partner.name))).scalar_one() == "Краеведческий музей"


async def test_a_restart_before_the_database_frees_asks_the_question_again(
    tmp_path: Path,
) -> None:
    """The process dies while the state waits in memory: the database still holds the
    previous step, with every earlier answer."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fsm.db'}")
    await migrate.upgrade(engine)
    key = StorageKey(bot_id=42, chat_id=1, user_id=1)
    storage = SqlStorage(engine, lock_wait=0.05, retry_every=0.02)
    await storage.set_state(key, "PartnerForm:phone")
    await storage.set_data(key, {"name": "Музей", "contact_person": "Ольга"})
    with write_lock(tmp_path / "fsm.db"):
        await storage.set_data(key, {"name": "Музей", "contact_person": "Ольга", "phone": "+7"})
        await storage.set_state(key, "PartnerForm:email")
        assert await storage.get_state(key) == "PartnerForm:email"
        assert (await storage.get_data(key))["phone"] == "+7"
        # killed now: a new process reads what the database holds
        restarted = SqlStorage(engine)
        assert await restarted.get_state(key) == "PartnerForm:phone"
        assert await restarted.get_data(key) == {"name": "Музей", "contact_person": "Ольга"}
    await storage.close()
    await engine.dispose()


async def test_close_writes_what_is_kept(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fsm.db'}")
    await migrate.upgrade(engine)
    key = StorageKey(bot_id=42, chat_id=1, user_id=1)
    storage = SqlStorage(engine, lock_wait=0.05, retry_every=10)
    with write_lock(tmp_path / "fsm.db"):
        await storage.set_state(key, "PartnerForm:name")
        assert storage.waiting == 1
    await storage.close()  # SIGTERM after the lock went: one last try
    assert await SqlStorage(engine).get_state(key) == "PartnerForm:name"
    async with engine.connect() as conn:
        assert (await conn.execute(select(FsmRecord.key))).scalar_one().endswith(":1:1:default")
    await engine.dispose()

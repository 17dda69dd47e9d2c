"""storage/fastread: a prebuilt read run straight on SQLite gives exactly the rows
`session.execute` gives, sees the latest commit, and steps aside inside a transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import agreements, coach, db, meetings
from storage import partners as partners_db
from storage.db import create_engine, create_sessionmaker, dispose, read_connection
from storage.fastread import Query
from storage.migrate import upgrade
from storage.models import (
    Agreement,
    Evaluation,
    Meeting,
    Partner,
    PartnerNote,
    PartnerStatusChange,
    Program,
    WorkEvent,
    WorkEventPartner,
    partner_programs,
)
from storage.orgs import MemberCache, create_organisation_with_admin

T = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)


@pytest.fixture
async def sessionmaker(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'f.db'}")
    await upgrade(engine)
    yield create_sessionmaker(engine)
    await dispose(engine)


async def _populate(maker: async_sessionmaker[AsyncSession]) -> tuple[int, int]:
    """One partner with something in every part of its card."""
    async with maker() as session:
        member = await create_organisation_with_admin(
            session, name="ДДТ", municipality="г. Тюмень", timezone="Asia/Yekaterinburg",
            telegram_id=1, chat_id=1, full_name="Анна Петрова", position="педагог", now=T,
            cache=MemberCache(),
        )  # fmt: skip
        org = member.organisation_id
        partner = await partners_db.create_partner(
            session, organisation_id=org, member_id=member.id,
            name="МАУК «Краеведческий музей»", category="culture",
            source="nearby", contact_person="Иван", phone="+73452638124", email="a@b.ru",
            offer="Выставка", ask="Экскурсия", directions=["career", "events"], now=T,
        )  # fmt: skip
        pid = partner.id
        session.add_all([
            PartnerNote(partner_id=pid, organisation_id=org, text="Созвонились", text_norm="x",
                        created_at=T + timedelta(hours=1)),
            PartnerStatusChange(partner_id=pid, old_status="potential", new_status="negotiating",
                                changed_at=T + timedelta(hours=2)),
            Agreement(organisation_id=org, partner_id=pid, subject="Сотрудничество",
                      signed_on=date(2026, 11, 20), valid_until=date(2027, 11, 20)),
            Meeting(organisation_id=org, partner_id=pid, starts_at=T + timedelta(days=2),
                    timezone="Asia/Yekaterinburg", purpose="Знакомство"),
            Evaluation(organisation_id=org, partner_id=pid, benefit=3, reliability=2,
                       activity=3, fit=1, comment="Надёжный"),
        ])  # fmt: skip
        event = WorkEvent(organisation_id=org, title="Концерт", day=date(2026, 12, 1))
        program = Program(organisation_id=org, name="Юный краевед", name_norm="юный краевед")
        session.add_all([event, program])
        await session.flush()
        session.add(WorkEventPartner(event_id=event.id, partner_id=pid))
        await session.execute(
            insert(partner_programs).values(partner_id=pid, program_id=program.id)
        )
        await session.commit()
        return org, pid


def _queries() -> list[tuple[Query, dict[str, Any]]]:
    return [
        (partners_db._VIEW, {}),
        (partners_db._DIRECTIONS_OF, {}),
        (partners_db._HISTORY, {}),
        (partners_db._PROGRAM_NAMES_OF, {}),
        (partners_db._BY_STEMS, {"s0": "краев", "s1": "музей"}),
        (agreements._AGREEMENTS_OF, {}),
        (meetings._MEETINGS_OF, {}),
        (coach._EVENTS_OF, {}),
        (coach._LATEST_SCORES, {}),
        (
            partners_db._count_statement((False, True, False, True)),
            {"category": "culture", "direction": "events"},
        ),
        (partners_db._page_statement((False, False, False, False)), {"limit": 8, "offset": 0}),
        (partners_db._SEARCH, {"name": "%краев%", "plain": "%созвон%", "limit": 9, "offset": 0}),
        (partners_db._ROWS_BY_ID, {f"i{n}": "PID" for n in range(8)}),
    ]


async def test_each_card_read_gives_the_rows_session_execute_gives(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    org, pid = await _populate(sessionmaker)
    for query, extra in _queries():
        params = {"org": org, "pid": pid, **extra}
        params = {k: pid if v == "PID" else v for k, v in params.items()}
        async with sessionmaker() as session:
            fast = await query.rows(session, **params)
            assert not session.in_transaction()  # went to the read connection
        async with sessionmaker() as session:
            await session.connection()  # a transaction is open: the portable path
            portable = await query.rows(session, **params)
            expected = [tuple(row) for row in await session.execute(query.statement, params)]
        assert fast, query.statement  # the data does reach every query
        assert [tuple(r) for r in fast] == [tuple(r) for r in portable] == expected
        pairs = zip(fast, portable, strict=True)
        assert all(type(a) is type(b) for r, s in pairs for a, b in zip(r, s, strict=True))
    async with sessionmaker() as session:
        view = await partners_db.get_partner_view(session, org, pid)
        partner = await partners_db.get_partner(session, org, pid)
        assert view is not None and partner is not None
        for name in ("name", "category", "phone", "status", "status_changed_at", "archived_at"):
            assert getattr(view, name) == getattr(partner, name)
        assert view.status_changed_at.tzinfo is UTC
        assert [d.direction for d in view.directions] == ["career", "events"]
        assert await partners_db.get_partner_view(session, org + 1, pid) is None  # not theirs


async def test_a_read_sees_the_latest_commit_and_a_transaction_its_own_writes(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    org, pid = await _populate(sessionmaker)
    async with sessionmaker() as session:
        assert (await partners_db._VIEW.first(session, org=org, pid=pid)).name.startswith("МАУК")
    async with sessionmaker() as writer:
        partner = await writer.get(Partner, pid)
        assert partner is not None
        partner.name = "Музей истории"
        await writer.flush()  # not committed yet: only this session may see it
        async with sessionmaker() as other:
            assert (await partners_db._VIEW.first(other, org=org, pid=pid)).name.startswith("МАУК")
        assert (await partners_db._VIEW.first(writer, org=org, pid=pid)).name == "Музей истории"
        await writer.commit()
    async with sessionmaker() as session:
        assert (await partners_db._VIEW.first(session, org=org, pid=pid)).name == "Музей истории"


async def test_other_databases_take_the_portable_path(tmp_path: Path) -> None:
    memory = create_engine("sqlite+aiosqlite:///:memory:")
    plain = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}", inline=False)
    try:
        assert await read_connection(memory) is None
        assert await read_connection(plain) is None
        assert await read_connection(object()) is None
    finally:
        await dispose(memory)
        await dispose(plain)


def test_expanding_parameters_are_refused() -> None:
    from sqlalchemy import bindparam

    from storage.fastread import _Compiled

    statement = select(Partner.id).where(Partner.id.in_(bindparam("ids", expanding=True)))
    with pytest.raises(ValueError, match="expanding"):
        _Compiled(statement, db.create_engine("sqlite+aiosqlite:///:memory:").dialect)

"""Benchmark data, written before the bot starts: migrations, then SQLAlchemy Core inserts on
the models in storage/models (no app services: the bot under test reads what a long-lived
organisation would have).

* `seed_organisation`: one organisation, `members` members (the first is its admin) and
  `partners` partners with contacts, directions, some notes and status changes. Partner `i`
  is named like «Краеведческий музей № i», so a search for «№ 123» finds 11 partners
  (№ 123, № 1230…1239) and a list button whose label contains «№ 123»» opens exactly one.
* `seed_fanout`: `n` members, each with a meeting in two hours whose «two hours before»
  reminder (kind "meeting.soon") is due now, and no quiet hours (so the wall-clock time of
  the run does not matter).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bot.domain.search import index_terms
from storage import migrate
from storage.db import create_engine
from storage.enums import Direction, PartnerCategory, PartnerSource, PartnerStatus, Role
from storage.models import (
    Meeting,
    Member,
    Organisation,
    Partner,
    PartnerDirection,
    PartnerNote,
    PartnerStatusChange,
    PartnerTerm,
    Reminder,
    ReminderPrefs,
)
from storage.names import name_key, norm

TZ = "Asia/Yekaterinburg"
FIRST_MEMBER = 10_001  # telegram id of member 0; member i is FIRST_MEMBER + i
CHUNK = 2_000
WORDS = (
    "музей", "библиотека", "завод", "школа", "центр", "клуб", "театр", "парк", "фонд",
    "ассоциация", "станция", "дом", "студия", "агентство", "лаборатория", "фабрика",
)  # fmt: skip
ADJECTIVES = (
    "краеведческий", "областной", "городской", "детский", "молодёжный", "спортивный",
    "технический", "художественный", "районный", "научный", "туристский", "экологический",
)  # fmt: skip
PREFIXES = ("", "", "МАУК ", "ООО ", "МАОУ ", "ГАУ ", "АО ", "ИП ")
PEOPLE = ("Ольга Ивановна Смирнова", "Иван Петрович Сидоров", "Мария Кузнецова", "Павел Орлов")
NOTES = (
    "Позвонили, договорились о встрече на следующей неделе",
    "Обсудили выставку работ учащихся в фойе",
    "Прислали письмо с предложением экскурсии для кружка",
)


@dataclass(frozen=True)
class Seeded:
    organisation_id: int
    member_telegram_ids: list[int]
    partners: int


def _url(db_path: Path) -> str:
    return f"sqlite+aiosqlite:///{db_path}"


def partner_name(i: int, rnd: random.Random) -> str:
    adjective = rnd.choice(ADJECTIVES).capitalize()
    return f"{rnd.choice(PREFIXES)}«{adjective} {rnd.choice(WORDS)} № {i}»"


def _member_rows(org_id: int, count: int, first_id: int, now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "id": i + 1,
            "organisation_id": org_id,
            "telegram_id": first_id + i,
            "chat_id": first_id + i,
            "full_name": "Анна Петрова" if i == 0 else f"Педагог {i}",
            "position": "педагог дополнительного образования",
            "role": (Role.ADMIN if i == 0 else Role.TEACHER).value,
            "timezone": TZ,
            "is_active": True,
            "consent_at": now,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(count)
    ]


def _organisation_row(now: datetime) -> dict[str, Any]:
    return {
        "id": 1,
        "name": "МАУ ДО «Дом детского творчества»",
        "municipality": "г. Тюмень",
        "timezone": TZ,
        "invite_code": "bench",
        "created_at": now,
        "updated_at": now,
    }


async def _insert(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        await conn.execute(insert(table), rows[start : start + CHUNK])


async def seed_organisation(
    db_path: Path, *, partners: int = 10_000, members: int = 100, seed: int = 7
) -> Seeded:
    """A fresh database file at `db_path` (migrated) with one large organisation."""
    rnd = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    engine = create_engine(_url(db_path))
    try:
        await migrate.upgrade(engine)
        categories = [c.value for c in PartnerCategory]
        sources = [s.value for s in PartnerSource]
        statuses = [s.value for s in PartnerStatus]
        directions = [d.value for d in Direction]
        rows, terms, picked, notes, changes = [], [], [], [], []
        for i in range(partners):
            pid = i + 1
            name = partner_name(i, rnd)
            key = name_key(name)
            person = rnd.choice(PEOPLE)
            status = rnd.choice(statuses)
            changed = now - timedelta(days=rnd.randint(0, 400))
            rows.append(
                {
                    "id": pid,
                    "organisation_id": 1,
                    "name": name,
                    "name_norm": key,
                    "category": rnd.choice(categories),
                    "source": rnd.choice(sources),
                    "contact_person": person,
                    "contact_norm": norm(person),
                    "phone": f"+7912{i:07d}",
                    "email": f"partner{i}@example.ru",
                    "address": f"г. Тюмень, ул. Ленина, {i % 200 + 1}",
                    "offer": "Выставка работ учащихся в фойе",
                    "ask": "Экскурсия для учащихся кружка",
                    "status": status,
                    "status_changed_at": changed,
                    "created_by_id": 1,
                    "responsible_id": rnd.randint(1, members),
                    "archived_at": None,
                    "created_at": changed,
                    "updated_at": changed,
                }
            )
            terms.extend(
                {"partner_id": pid, "term": term, "organisation_id": 1}
                for term in sorted(set(index_terms(name)))
            )
            picked.extend(
                {"partner_id": pid, "direction": d}
                for d in rnd.sample(directions, rnd.randint(0, 2))
            )
            if i % 3 == 0:
                text = rnd.choice(NOTES)
                notes.append(
                    {
                        "partner_id": pid,
                        "organisation_id": 1,
                        "author_id": rnd.randint(1, members),
                        "text": text,
                        "text_norm": norm(text),
                        "created_at": changed,
                    }
                )
                changes.append(
                    {
                        "partner_id": pid,
                        "old_status": PartnerStatus.POTENTIAL.value,
                        "new_status": status,
                        "member_id": 1,
                        "changed_at": changed,
                    }
                )
        async with engine.begin() as conn:
            await _insert(conn, Organisation.__table__, [_organisation_row(now)])
            await _insert(conn, Member.__table__, _member_rows(1, members, FIRST_MEMBER, now))
            await _insert(conn, Partner.__table__, rows)
            await _insert(conn, PartnerTerm.__table__, terms)
            await _insert(conn, PartnerDirection.__table__, picked)
            await _insert(conn, PartnerNote.__table__, notes)
            await _insert(conn, PartnerStatusChange.__table__, changes)
    finally:
        await engine.dispose()
    return Seeded(1, [FIRST_MEMBER + i for i in range(members)], partners)


async def seed_fanout(db_path: Path, *, n: int, probe_members: int = 1) -> list[int]:
    """`n` members with a reminder due now each (plus `probe_members` members without any,
    to chat with the bot meanwhile). Returns the telegram ids of the `n` recipients."""
    now = datetime.now(UTC).replace(microsecond=0)
    starts = now + timedelta(hours=2)
    engine = create_engine(_url(db_path))
    try:
        await migrate.upgrade(engine)
        total = n + probe_members
        members = _member_rows(1, total, FIRST_MEMBER, now)
        partner = {
            "id": 1,
            "organisation_id": 1,
            "name": "МАУК «Краеведческий музей»",
            "name_norm": name_key("МАУК «Краеведческий музей»"),
            "category": PartnerCategory.INSTITUTION.value,
            "contact_person": "Ольга Ивановна Смирнова",
            "contact_norm": norm("Ольга Ивановна Смирнова"),
            "phone": "+73452638124",
            "address": "г. Тюмень, ул. Ленина, 2",
            "offer": "Выставка работ учащихся",
            "ask": "Экскурсия для кружка",
            "status": PartnerStatus.MEETING_PLANNED.value,
            "status_changed_at": now,
            "created_by_id": 1,
            "responsible_id": 1,
            "created_at": now,
            "updated_at": now,
        }
        meetings = [
            {
                "id": i + 1,
                "organisation_id": 1,
                "partner_id": 1,
                "member_id": i + 1,
                "starts_at": starts,
                "ends_at": starts + timedelta(minutes=60),
                "duration_min": 60,
                "timezone": TZ,
                "place": "г. Тюмень, ул. Ленина, 2",
                "purpose": "Знакомство, предложение выставки",
                "format": "visit",
                "status": "planned",
                "created_at": now,
                "updated_at": now,
            }
            for i in range(n)
        ]
        due = now - timedelta(seconds=5)
        reminders = [
            {
                "organisation_id": 1,
                "member_id": i + 1,
                "kind": "meeting.soon",
                "ref_id": i + 1,
                "due_at": due,
                "status": "pending",
                "idempotency_key": f"meeting.soon:{i + 1}:{i + 1}:bench",
                "payload": {"event_at": starts.isoformat()},
                "attempts": 0,
                "created_at": now,
            }
            for i in range(n)
        ]
        # quiet_from == quiet_to: no quiet hours, whatever the time of the run
        prefs = [
            {"member_id": i + 1, "eve": True, "soon": True, "quiet_from": 0, "quiet_to": 0}
            for i in range(total)
        ]
        async with engine.begin() as conn:
            await _insert(conn, Organisation.__table__, [_organisation_row(now)])
            await _insert(conn, Member.__table__, members)
            await _insert(conn, Partner.__table__, [partner])
            await _insert(conn, Meeting.__table__, meetings)
            await _insert(conn, Reminder.__table__, reminders)
            await _insert(conn, ReminderPrefs.__table__, prefs)
    finally:
        await engine.dispose()
    return [FIRST_MEMBER + i for i in range(n)]

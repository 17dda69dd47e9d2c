"""Partner database benchmark: one organisation with 10,000 partners.

    .venv/bin/python -m bench.partners [--partners 10000] [-n 500]

Measures, through the real dispatcher (real handlers, SQLite file, FSM storage, templates;
a null Bot API session): the list page, a random later page, filtered lists, search by
typing, opening a random card (never cached) and the same few cards again (the view cache),
and every step of the add flow (each with its commit), including the duplicate check right
after the organisation's data changed. Prints p50/p95 and updates/s next to the bare
aiogram echo handler measured in the same run — again right before each path (1,000
updates), since a shared machine's speed drifts within a run; each ratio is against that
neighbouring echo.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import insert, select
from storage.versions import versions_of

from bench.common import (
    BOT_ID,
    Result,
    callback_update,
    measure,
    measure_echo,
    null_bot,
    text_update,
)
from bot.app import build_app
from bot.config import load_settings
from handlers.partners import ListCb, PartnerForm, Pick
from handlers.shared.callbacks import OpenPartner
from storage import orgs
from storage import partners as db
from storage.enums import Direction, PartnerCategory, PartnerStatus
from storage.fsm import SqlStorage
from storage.models import Partner, PartnerDirection, PartnerNote
from texts import buttons

NOW = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)
WORDS = (
    "музей", "библиотека", "завод", "школа", "центр", "клуб", "театр", "парк", "фонд",
    "ассоциация", "станция", "дом", "студия", "агентство", "лаборатория", "фабрика",
)  # fmt: skip
ADJECTIVES = (
    "краеведческий", "областной", "городской", "детский", "молодёжный", "спортивный",
    "технический", "художественный", "районный", "научный", "туристский", "экологический",
)  # fmt: skip
PREFIXES = ("", "", "МАУК ", "ООО ", "МАОУ ", "ГАУ ", "АО ", "ИП ")


def _name(i: int, rnd: random.Random) -> str:
    adjective = rnd.choice(ADJECTIVES)
    word = rnd.choice(WORDS)
    return f"{rnd.choice(PREFIXES)}«{adjective.capitalize()} {word} № {i}»"


async def _seed(sessionmaker: Any, count: int) -> tuple[int, int, list[int]]:
    rnd = random.Random(7)
    async with sessionmaker() as session:
        member = await orgs.create_organisation_with_admin(
            session,
            name="Бенчмарк ДДТ",
            municipality="г. Тюмень",
            timezone="Asia/Yekaterinburg",
            telegram_id=1,
            chat_id=1,
            full_name="Анна Петрова",
            position="педагог",
            now=NOW,
        )
        categories = list(PartnerCategory)
        statuses = list(PartnerStatus)
        rows = [
            {
                "organisation_id": member.organisation_id,
                "name": _name(i, rnd),
                "category": rnd.choice(categories).value,
                "status": rnd.choice(statuses).value,
                "contact_person": f"Контакт {i}",
                "phone": f"+7912{i:07d}",
                "offer": "Выставка работ учащихся",
                "created_by_id": member.id,
                "responsible_id": member.id,
                "created_at": NOW,
                "updated_at": NOW,
                "status_changed_at": NOW,
            }
            for i in range(count)
        ]
        await db.bulk_insert(session, rows)
        ids = list(
            (
                await session.execute(
                    select(Partner.id).where(Partner.organisation_id == member.organisation_id)
                )
            ).scalars()
        )
        directions = list(Direction)
        await session.execute(
            insert(PartnerDirection),
            [{"partner_id": pid, "direction": rnd.choice(directions).value} for pid in ids],
        )
        await session.execute(
            insert(PartnerNote),
            [
                {
                    "partner_id": pid,
                    "organisation_id": member.organisation_id,
                    "author_id": member.id,
                    "text": f"Созвонились, договорились о встрече {k}",
                    "text_norm": f"созвонились, договорились о встрече {k}",
                    "created_at": NOW,
                }
                for k, pid in enumerate(ids[::5])
            ],
        )
        await session.commit()
        return member.organisation_id, member.id, ids


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("-n", type=int, default=500)
    args = parser.parse_args()
    n = args.n

    echo = await measure_echo(3000)
    print(echo.line())

    tmp = Path(tempfile.mkdtemp(prefix="bench-partners-"))
    settings = load_settings(
        bot_token=None, telegram_api_url=None, database_url=f"sqlite+aiosqlite:///{tmp / 'b.db'}"
    )
    app = await build_app(settings)
    bot = null_bot()
    dp = app.dispatcher
    started = time.perf_counter()
    org_id, _, ids = await _seed(app.sessionmaker, args.partners)
    print(f"seeded {len(ids)} partners in {time.perf_counter() - started:.2f} s")

    results: list[Result] = []
    ratios: list[float] = []

    async def run(name: str, make: Any, count: int = n) -> None:
        # the echo baseline is measured again right before each path: on a shared machine
        # the speed drifts during a run, and a ratio is only fair between neighbours
        nearby = await measure_echo(1000)
        result = await measure(name, dp, bot, make, count)
        results.append(result)
        ratios.append(result.per_second / nearby.per_second)
        print(result.line(nearby))

    rnd = random.Random(1)
    print("-- reading (targets: p95 < 20 ms, >= 0.5x echo)")
    await run("list /partners (page 1)", lambda i: text_update("/partners"))
    await run("list page (arrows, random page)", lambda i: callback_update(
        ListCb(p=rnd.randrange(0, len(ids) // 8)).pack()))  # fmt: skip
    await run("filtered list: category", lambda i: callback_update(
        ListCb(c=list(PartnerCategory)[i % 7].value).pack()))  # fmt: skip
    await run("filtered list: status+direction", lambda i: callback_update(
        ListCb(s="active", d=list(Direction)[i % 6].value).pack()))  # fmt: skip
    await run("search typed («краевед»)", lambda i: text_update("краевед"))
    await run("search typed (one match)", lambda i: text_update(f"№ {ids[i % 50] - ids[0]}»"))
    await run("card open", lambda i: callback_update(OpenPartner(id=rnd.choice(ids)).pack()))
    # the same few cards again (back from an edit, from search): served from the view cache
    await run("card open again (cached)", lambda i: callback_update(
        OpenPartner(id=ids[i % 20]).pack()))  # fmt: skip

    # The add flow: each step measured on its own. Before each update the FSM state (and
    # the answers so far) is put into the storage's read cache, as it would be after the
    # previous step; the handler then writes to the database as usual.
    storage = dp.storage
    assert isinstance(storage, SqlStorage)
    key = storage._key_builder.build(StorageKey(bot_id=BOT_ID, chat_id=1, user_id=1))
    answers: dict[str, Any] = {"name": "", "category": "business", "source": "nearby",
                               "contact_person": "Иван", "phone": "+79123456789",
                               "email": "a@b.ru", "offer": "Выставка", "ask": "Экскурсия",
                               "directions": ["career"]}  # fmt: skip
    order = list(answers)

    def at(step: str, update: Any, i: int) -> Any:
        done = order[: order.index(step)]
        data = {k: answers[k] for k in done}
        data["name"] = f"Новый партнёр {i}"
        data["done"] = done
        storage._remember(key, getattr(PartnerForm, step).state, data)
        return update

    reads = len(results)
    print("-- add flow, each step with its commit (target >= 0.33x echo)")
    await run("add: /add (asks the name)", lambda i: text_update("/add"), n)
    await run("add: name (+ duplicate check)", lambda i: at(
        "name", text_update(f"Ферма «Зелёный луг {i}»"), i), n)  # fmt: skip
    # the first duplicate check after any change to the organisation's data rebuilds its
    # name index (one query over all partners): the cost a teacher pays once per change
    async with app.sessionmaker() as session:
        org_versions = versions_of(session)

    def changed(update: Any) -> Any:
        org_versions.bump({org_id})
        return update

    await run("add: name, first after a change", lambda i: at(
        "name", changed(text_update(f"Ферма «Зелёный луг {i}»")), i), max(n // 5, 20))  # fmt: skip
    await run("add: category (button)", lambda i: at(
        "category", callback_update(Pick(kind="c", code="business").pack()), i), n)  # fmt: skip
    await run("add: source (button)", lambda i: at(
        "source", callback_update(Pick(kind="s", code="nearby").pack()), i), n)  # fmt: skip
    await run("add: contact person", lambda i: at(
        "contact_person", text_update("Иван Петрович"), i), n)  # fmt: skip
    await run("add: phone", lambda i: at("phone", text_update("8 (3452) 63-81-24"), i), n)
    await run("add: e-mail", lambda i: at("email", text_update("info@farm.ru"), i), n)
    await run("add: offer", lambda i: at("offer", text_update("Выставка поделок"), i), n)
    await run("add: ask", lambda i: at("ask", text_update("Экскурсия на ферму"), i), n)
    await run("add: direction toggle", lambda i: at(
        "directions", callback_update(Pick(kind="d", code="career").pack()), i), n)  # fmt: skip
    await run("add: done (saves, shows card)", lambda i: at(
        "directions", callback_update(Pick(kind="dd").pack()), i), n)  # fmt: skip
    await run("add: skip (reply keyboard)", lambda i: at(
        "email", text_update(buttons.SKIP), i), n)  # fmt: skip

    print("-- summary")
    worst_read = max(r.p95_ms for r in results[:reads])
    min_read = min(ratios[:reads])
    min_add = min(
        ratio for r, ratio in zip(results, ratios, strict=True)
        if r in results[reads:] and "after a change" not in r.name
    )  # fmt: skip
    print(f"reading: worst p95 {worst_read:.2f} ms, lowest ratio {min_read:.2f}x echo")
    print(f"add flow: lowest ratio {min_add:.2f}x echo (the name check after a change aside)")
    await app.close()


if __name__ == "__main__":
    asyncio.run(main())

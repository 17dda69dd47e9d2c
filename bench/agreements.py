"""Agreements benchmark: rendering the .docx agreement draft.

Run: `.venv/bin/python -m bench.agreements [N]` (N drafts per figure, default 300).

Measured:
  * render one agreement draft from the standard template (docxtpl + the python-docx check
    that no broken file is handed out): p50 / p95 and drafts per second, one after another;
  * the same with 4 renders in flight through `render_async` (worker threads);
  * the one-page proposal letter;
  * the whole `Draft(kind="agr")` button through the real dispatcher (SQLite on a temporary
    file, the member and partner loaded, the file sent to a null Bot session), next to the
    bare echo baseline measured in the same run.
Rendering runs in a worker thread, so a slow render delays only the member who asked.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date

from bench.common import Result, callback_update, measure, measure_echo, null_bot
from bot.app import build_app
from bot.clock import SystemClock
from bot.config import load_settings
from bot.domain import documents
from handlers.shared.callbacks import Draft
from storage import orgs
from storage import partners as partner_store

SIDE = documents.Side(
    org_name="МАУ ДО «Дом детского творчества» & Co",
    municipality="г. Тюмень",
    member_name="Анна Петрова",
    member_position="педагог дополнительного образования",
)
PARTNER = documents.PartnerSide(
    name='МАУК «Библиотека им. Пушкина» & "Друзья"',
    contact_person="Ольга Ивановна Смирнова",
    address="г. Тюмень, ул. Республики, 1",
    phone="+73452000000",
    email="library@example.ru",
    offer="Выставка работ учащихся в фойе\nКонцерт к Дню библиотек\nЭкскурсии для читателей",
    ask="Площадка для занятий клуба «Книгочей»\nМастер-классы библиотекарей",
    directions=("content", "events", "career"),
)
TERMS = documents.Terms(
    number="15/2027",
    subject="Совместные мероприятия для детей и родителей",
    signed_on=date(2027, 1, 15),
    valid_until=date(2028, 1, 14),
    auto_prolong=True,
    prolong_months=12,
)


def _line(name: str, durations: list[float], total: float) -> str:
    ordered = sorted(durations)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return (
        f"{name:<40} {len(durations) / total:8.1f} drafts/s  "
        f"p50 {statistics.median(ordered) * 1000:6.2f} ms  p95 {p95 * 1000:6.2f} ms"
    )


def bench_render(kind: str, n: int) -> str:
    template = documents.standard_template(kind)
    context = (
        documents.agreement_context(SIDE, PARTNER, TERMS)
        if kind == documents.KIND_AGREEMENT
        else documents.letter_context(SIDE, PARTNER, date(2026, 11, 26))
    )
    for _ in range(10):
        documents.render(template, context)
    durations: list[float] = []
    start = time.perf_counter()
    for _ in range(n):
        t = time.perf_counter()
        documents.render(template, context)
        durations.append(time.perf_counter() - t)
    name = "agreement draft, sequential" if kind == documents.KIND_AGREEMENT else "proposal letter"
    return _line(name, durations, time.perf_counter() - start)


async def bench_concurrent(n: int, in_flight: int = 4) -> str:
    template = documents.standard_template(documents.KIND_AGREEMENT)
    context = documents.agreement_context(SIDE, PARTNER, TERMS)
    durations: list[float] = []

    async def one() -> None:
        t = time.perf_counter()
        await documents.render_async(template, context)
        durations.append(time.perf_counter() - t)

    start = time.perf_counter()
    for _ in range(n // in_flight):
        await asyncio.gather(*(one() for _ in range(in_flight)))
    return _line(f"agreement draft, {in_flight} in flight", durations, time.perf_counter() - start)


async def bench_dispatcher(n: int) -> Result:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            bot_token=None, telegram_api_url=None, database_url=f"sqlite+aiosqlite:///{tmp}/b.db"
        )
        app = await build_app(settings)
        try:
            now = SystemClock().now()
            async with app.sessionmaker() as session:
                info = await orgs.create_organisation_with_admin(
                    session,
                    name=SIDE.org_name,
                    municipality=SIDE.municipality,
                    timezone="Asia/Yekaterinburg",
                    telegram_id=1,
                    chat_id=1,
                    full_name=SIDE.member_name,
                    position=SIDE.member_position,
                    now=now,
                )
                partner = await partner_store.create_partner(
                    session,
                    organisation_id=info.organisation_id,
                    member_id=info.id,
                    name=PARTNER.name,
                    category="institution",
                    now=now,
                    contact_person=PARTNER.contact_person,
                    offer=PARTNER.offer,
                    ask=PARTNER.ask,
                    directions=PARTNER.directions,
                )
            data = Draft(kind="agr", partner_id=partner.id).pack()
            return await measure(
                'Draft(kind="agr") button, dispatcher',
                app.dispatcher,
                null_bot(),
                lambda i: callback_update(data),
                n,
                warmup=10,
            )
        finally:
            await app.close()


async def main(n: int) -> None:
    print(f"agreements bench, N={n}")
    print(bench_render(documents.KIND_AGREEMENT, n))
    print(await bench_concurrent(n))
    print(bench_render(documents.KIND_LETTER, n))
    echo = await measure_echo()
    print(echo.line())
    result = await bench_dispatcher(n)
    print(result.line(echo))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))

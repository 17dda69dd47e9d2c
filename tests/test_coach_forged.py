"""The coach under forged and repeated callbacks: two organisations, ids far beyond any row
(2^63 and up), out-of-range indexes and pages, double taps, stale score keyboards; and
callback prefixes unique across the whole bot."""

from __future__ import annotations

from collections.abc import Callable

from aiogram.filters.callback_data import CallbackData
from sqlalchemy import func, select

import handlers
from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser, Sent
from handlers.coach.callbacks import (
    DirAct,
    DirCb,
    DocAct,
    DocCb,
    EventsCb,
    NextAct,
    NextCb,
    PickAct,
    PickCb,
    QuestionAct,
    QuestionCb,
    RespCb,
    ScoreCb,
)
from handlers.shared.calendar import CalCb
from handlers.shared.callbacks import Evaluate, NewEvent
from storage.models import AdoptedDocument, Evaluation, WorkEvent, WorkEventPartner
from tests.coach_helpers import add_partner, member_of
from tests.conftest import onboard

HUGE = (2**31, 2**63, 2**63 + 1, 2**64, 10**30)


def _alert(replies: list[Sent], text: str) -> bool:
    return any(r.method == "answerCallbackQuery" and text in (r.text or "") for r in replies)


def _apology(replies: list[Sent]) -> bool:
    return any("пошло не так" in (r.text or "") for r in replies)


async def _counts(app: App) -> tuple[int, int, int, int]:
    async with app.sessionmaker() as session:
        return (
            int((await session.execute(select(func.count()).select_from(WorkEvent))).scalar_one()),
            int(
                (
                    await session.execute(select(func.count()).select_from(WorkEventPartner))
                ).scalar_one()
            ),
            int((await session.execute(select(func.count()).select_from(Evaluation))).scalar_one()),
            int(
                (
                    await session.execute(select(func.count()).select_from(AdoptedDocument))
                ).scalar_one()
            ),
        )


def _all_callback_classes() -> list[type[CallbackData]]:
    found: list[type[CallbackData]] = []
    todo = list(CallbackData.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_callback_prefixes_are_unique_and_short() -> None:
    assert handlers  # every feature's module is imported: all factories are defined
    classes = [c for c in _all_callback_classes() if c.__module__.startswith("handlers.")]
    prefixes: dict[str, str] = {}
    for cls in classes:
        prefix = cls.__prefix__
        assert 2 <= len(prefix) <= 3, cls
        other = prefixes.setdefault(prefix, f"{cls.__module__}.{cls.__name__}")
        assert other == f"{cls.__module__}.{cls.__name__}", (prefix, other, cls)
    assert EventsCb.__prefix__ != CalCb.__prefix__
    assert len(prefixes) >= 30


async def test_events_button_opens_the_work_plan_not_the_calendar(
    app: App, user: LocalUser
) -> None:
    await onboard(user)
    replies = await user.press(0, EventsCb().pack())
    assert replies[-1].method == "sendMessage"
    assert "📆 План работы: мероприятия с партнёрами" in replies[-1].plain


async def _start_event(user: LocalUser, title: str = "Выставка работ учащихся") -> None:
    await user.send("/events")
    await user.tap("Мероприятие")
    await user.send(title)
    await user.send("15 января")
    await user.tap("Верно")


async def test_second_organisation_cannot_use_the_firsts_partners_or_members_in_events(
    app: App, make_user: Callable[..., LocalUser], clock: FakeClock
) -> None:
    anna = make_user(1, "Анна")
    oleg = make_user(2, "Олег", "Смирнов")
    await onboard(anna)
    await onboard(oleg, org_name="ЦДТ «Гармония»", full_name="Олег Смирнов")
    museum = await add_partner(app, "Краеведческий музей", "institution", at=clock.now())
    annas_id = (await member_of(app, 1)).id
    await _start_event(anna, "Выставка в музее")
    await anna.send("музей")
    await anna.tap("Краеведческий музей")
    await anna.tap("Готово")
    await anna.tap("Пропустить")
    await anna.tap("Я")
    before = await _counts(app)
    assert before[:2] == (1, 1)

    await _start_event(oleg)
    replies = await oleg.send("музей")  # the search sees only Олег's organisation
    assert "Краеведческий музей" not in replies[-1].buttons
    replies = await oleg.press(0, PickCb(action=PickAct.PICK, id=museum).pack())
    assert _alert(replies, "Не найдено")
    replies = await oleg.press(0, NewEvent(partner_id=museum).pack())
    assert _alert(replies, "Не найдено")
    await oleg.tap("Без партнёра")
    await oleg.tap("Пропустить")
    replies = await oleg.press(0, RespCb(id=annas_id).pack())  # someone else's member
    assert _alert(replies, "Не найдено")
    assert await _counts(app) == before  # nothing saved…
    replies = await oleg.tap("Я")  # …and the question is still open
    assert "Выставка работ учащихся" in replies[-1].plain
    async with app.sessionmaker() as session:
        row = (
            await session.execute(select(WorkEvent).where(WorkEvent.title.like("Выставка работ%")))
        ).scalar_one()
        links = (
            await session.execute(
                select(func.count())
                .select_from(WorkEventPartner)
                .where(WorkEventPartner.event_id == row.id)
            )
        ).scalar_one()
    oleg_member = await member_of(app, 2)
    assert row.organisation_id == oleg_member.organisation_id
    assert row.responsible_id == oleg_member.id and links == 0

    replies = await anna.send("/events")  # Анна does not see Олег's event, nor he hers
    assert "Выставка работ учащихся" not in replies[-1].plain
    replies = await oleg.send("/events")
    assert "Выставка в музее" not in replies[-1].plain


async def test_second_organisation_cannot_evaluate_the_firsts_partner(
    app: App, make_user: Callable[..., LocalUser], clock: FakeClock
) -> None:
    anna = make_user(1, "Анна")
    oleg = make_user(2, "Олег", "Смирнов")
    await onboard(anna)
    await onboard(oleg, org_name="ЦДТ «Гармония»", full_name="Олег Смирнов")
    park = await add_partner(app, "Парк культуры", "institution", at=clock.now(), status="active")
    own = await add_partner(
        app, "Свой партнёр", "business", at=clock.now(), status="active", telegram_id=2
    )
    replies = await oleg.press(0, Evaluate(partner_id=park).pack())
    assert _alert(replies, "Не найдено")
    replies = await oleg.press(0, ScoreCb(i=0, score=5).pack())  # no evaluation under way
    assert _alert(replies, "устарела")
    # Олег's own evaluation: the partner id lives in his FSM data, not in any button
    replies = await oleg.press(0, Evaluate(partner_id=own).pack())
    assert "Свой партнёр" in replies[-1].plain
    for _ in range(4):
        await oleg.tap("4")
    await oleg.tap("Пропустить")
    await oleg.tap("Пропустить")
    async with app.sessionmaker() as session:
        rows = (await session.execute(select(Evaluation))).scalars().all()
    assert [(r.partner_id, r.organisation_id) for r in rows] == [
        (own, (await member_of(app, 2)).organisation_id)
    ]


async def test_score_of_an_older_keyboard_is_ignored(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    pid = await add_partner(app, "Парк культуры", "institution", at=clock.now(), status="active")
    replies = await user.press(0, Evaluate(partner_id=pid).pack())
    first = replies[-1].message_id
    assert first is not None and "Польза для детей" in replies[-1].plain
    replies = await user.press(first, ScoreCb(i=0, score=5).pack())
    assert "Надёжность" in replies[-1].plain
    for data in (
        ScoreCb(i=0, score=1).pack(),  # a double tap on the first keyboard
        ScoreCb(i=2, score=1).pack(),  # a keyboard from the future
        ScoreCb(i=1, score=9).pack(),  # not a score
        ScoreCb(i=2**64, score=1).pack(),
    ):
        replies = await user.press(first, data)
        assert _alert(replies, "устарела"), data
        assert not any(r.method == "sendMessage" for r in replies), data
    for score in ("4", "3", "2"):
        await user.tap(score)
    await user.tap("Пропустить")
    await user.tap("Пропустить")
    async with app.sessionmaker() as session:
        row = (await session.execute(select(Evaluation))).scalar_one()
    assert (row.benefit, row.reliability, row.activity, row.fit) == (5, 4, 3, 2)


async def test_huge_ids_indexes_and_pages_are_refused_quietly(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    await add_partner(app, "Краеведческий музей", "institution", at=clock.now())
    before = await _counts(app)
    # an event flow at the partner question, then at the responsible question
    await _start_event(user)
    for n in HUGE:
        replies = await user.press(0, PickCb(action=PickAct.PICK, id=n).pack())
        assert _alert(replies, "Не найдено") and not _apology(replies), n
        replies = await user.press(0, NewEvent(partner_id=n).pack())
        assert _alert(replies, "Не найдено") and not _apology(replies), n
    await user.tap("Без партнёра")
    for n in (7, 2**64, -2):
        replies = await user.press(0, DirCb(action=DirAct.PICK, idx=n).pack())
        assert _alert(replies, "устарела") and not _apology(replies), n
    await user.tap("Пропустить")
    for n in (*HUGE, -1, 0):
        replies = await user.press(0, RespCb(id=n).pack())
        assert _alert(replies, "Не найдено") and not _apology(replies), n
    assert await _counts(app) == before
    replies = await user.tap("Я")
    assert "Выставка работ учащихся" in replies[-1].plain

    for data in (
        *(Evaluate(partner_id=n).pack() for n in HUGE),
        DocCb(action=DocAct.TOGGLE, idx=2**64).pack(),
        DocCb(action=DocAct.TOGGLE, idx=-2).pack(),
        NextCb(action=NextAct.OTHER, off=2**64).pack(),
        NextCb(action=NextAct.OTHER, off=-1).pack(),
        NextCb(action=NextAct.NOT, off=10**30, key="x").pack(),
    ):
        replies = await user.press(0, data)
        assert replies[-1].method == "answerCallbackQuery", data
        assert replies[-1].show_alert and not _apology(replies), data
    replies = await user.press(0, QuestionCb(action=QuestionAct.ASK, q=2**64).pack())
    assert "устарела" in replies[-1].plain and not _apology(replies)
    # Unicode digits never parse as ids: the button is stale, nothing breaks
    for data in ("cm:²", "cm:١٢", "ep:p:٣", "cs:0:٥", "cx:o:²:"):
        replies = await user.press(0, data)
        assert _alert(replies, "устарела") and not _apology(replies), data
    assert await _counts(app) == (before[0] + 1, *before[1:])


async def test_double_taps_are_harmless(app: App, user: LocalUser, clock: FakeClock) -> None:
    await onboard(user)
    replies = await user.send("/next")
    message_id = replies[-1].message_id
    assert message_id is not None
    data = NextCb(action=NextAct.OTHER, off=1).pack()
    first = await user.press(message_id, data)
    second = await user.press(message_id, data)  # the same suggestion: "not modified"
    assert first[-1].method == "editMessageText" and not _apology(second)
    assert [r.method for r in second] == ["answerCallbackQuery"]

    await user.send("/plan")
    replies = await user.tap("Типовые документы")
    doc_message = replies[-1].message_id
    assert doc_message is not None
    await user.press(doc_message, DocCb(action=DocAct.TOGGLE, idx=0).pack())
    replies = await user.press(
        doc_message, DocCb(action=DocAct.TOGGLE, idx=0).pack()
    )  # toggled back
    assert "Принято 0 из 5" in replies[-1].plain and not _apology(replies)
    async with app.sessionmaker() as session:
        assert (await session.execute(select(AdoptedDocument))).first() is None

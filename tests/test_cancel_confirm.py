"""/cancel in a flow with three answers or more asks first (issue 12, item 10): a stray tap
must not throw away a form filled in for minutes; fewer answers are dropped at once."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.local_api import LocalUser
from handlers.common.cancel import answers_in
from storage.models import Partner
from tests.conftest import onboard
from texts import buttons
from texts import common as words


async def partners(app: App) -> list[Partner]:
    async with app.sessionmaker() as session:
        return list((await session.execute(select(Partner))).scalars())


async def three_answers(user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add")
    await user.send("Краеведческий музей")  # 1: the name
    await user.tap("Культура")  # 2: the category
    await user.tap("Рядом")  # 3: where we heard of them
    await user.send("Ольга Ивановна Смирнова")  # 4: the contact person


async def test_cancel_with_many_answers_asks_then_cancels(app: App, user: LocalUser) -> None:
    await three_answers(user)
    replies = await user.send("/cancel")
    assert replies[-1].plain == (
        "Отменить? Вы уже ответили на 4 вопроса — если отменить, эти ответы не сохранятся."
    )
    assert replies[-1].buttons == [words.CANCEL_YES, words.CANCEL_NO]
    replies = await user.tap(words.CANCEL_YES)
    assert "Отменено" in replies[-1].plain
    assert replies[-1].keyboard is not None  # the main menu again
    edits = [r for r in replies if r.method == "editMessageReplyMarkup"]
    assert edits and edits[0].buttons == []  # the question's buttons are gone
    replies = await user.send("8 (3452) 63-81-24")  # no longer the phone answer
    assert "Отменено" not in replies[-1].plain
    assert await partners(app) == []


async def test_cancel_declined_goes_on_with_the_flow(app: App, user: LocalUser) -> None:
    await three_answers(user)
    await user.send(buttons.CANCEL)  # the «Отмена» button asks the same
    replies = await user.tap(words.CANCEL_NO)
    assert "Продолжаем: ответьте на последний вопрос" in replies[-1].plain
    await user.send("8 (3452) 63-81-24")  # the phone question was still open
    for _ in range(4):  # e-mail, address, offer, ask
        await user.send(buttons.SKIP)
    await user.send(buttons.SKIP)  # the directions
    [partner] = await partners(app)
    assert (partner.name, partner.contact_person) == (
        "Краеведческий музей",
        "Ольга Ивановна Смирнова",
    )
    assert partner.phone is not None and partner.phone.endswith("638124")


async def test_few_answers_are_cancelled_at_once(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add")
    await user.send("Краеведческий музей")
    await user.tap("Культура")
    replies = await user.send("/cancel")
    assert "Отменено" in replies[-1].plain
    assert words.CANCEL_YES not in replies[-1].buttons


async def test_an_old_confirmation_does_not_cancel_anything_new(app: App, user: LocalUser) -> None:
    await three_answers(user)
    question = (await user.send("/cancel"))[-1]
    await user.tap(words.CANCEL_YES)
    replies = await user.tap(buttons.MENU_PARTNERS)  # no flow now
    replies = await user.press(question.message_id or 0, "cn:y")  # pressed again
    assert "Сейчас нечего отменять" in replies[-1].plain


def test_what_counts_as_an_answer() -> None:
    assert answers_in({}) == 0
    assert answers_in({"partner_id": 3, "partner_name": "Музей", "reschedule_id": 0}) == 0
    assert answers_in({"name": "Музей", "category": "culture", "source": None, "done": [1]}) == 2
    assert answers_in({"directions": ["career", "culture"], "offer": "", "ask": "x"}) == 2
    # an evaluation: every score is an answer
    assert answers_in({"partner_id": 1, "partner_name": "Музей", "scores": [5, 4, 3]}) == 3

"""Issue 15, as an unlucky user meets it: one transient Bot API error never loses an answer.

The conversation runs through the real Dispatcher over the in-process Bot API with the same
call layer as over HTTP (bot/telegram.py); `FailingApi` answers chosen calls with 429, 5xx
or a network error first. The layer's sleep is injected: nothing waits on the wall clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import BotCommandScopeAllPrivateChats
from sqlalchemy import select

from bot.app import App, build_app, register_commands, wait_for_telegram
from bot.clock import FakeClock
from bot.config import Settings
from bot.local_api import LocalSession, LocalUser, Sent
from storage.models import Meeting, MeetingItem, Partner
from tests.conftest import onboard
from tests.meetings_helpers import add_partner, plan

APOLOGY = "пошло не так"


class Waits:
    """The injected sleep: records, yields once, never waits."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        if seconds:
            self.waits.append(seconds)
        await asyncio.sleep(0)


class FailingApi(LocalSession):
    """The in-process Bot API, answering the next calls of a method with errors first."""

    def __init__(self) -> None:
        super().__init__()
        self.failures: dict[str, list[Callable[[TelegramMethod[Any]], Exception]]] = {}
        self.refused: list[str] = []

    def fail_next(self, method: str, error: str, count: int = 1, retry_after: int = 2) -> None:
        def make(m: TelegramMethod[Any]) -> Exception:
            if error == "429":
                return TelegramRetryAfter(
                    method=m, message="Too Many Requests", retry_after=retry_after
                )
            if error == "network":
                return TelegramNetworkError(method=m, message="connection reset")
            if error == "400":
                return TelegramBadRequest(method=m, message="Bad Request: chat not found")
            if error == "403":
                return TelegramForbiddenError(method=m, message="Forbidden: bot was blocked")
            return TelegramServerError(method=m, message="Internal Server Error")

        self.failures.setdefault(method, []).extend([make] * count)

    async def make_request(self, bot: Any, method: Any, timeout: int | None = None) -> Any:
        queue = self.failures.get(method.__api_method__)
        if queue:
            self.refused.append(method.__api_method__)
            raise queue.pop(0)(method)
        return await super().make_request(bot, method, timeout)


@pytest.fixture
async def api() -> FailingApi:
    return FailingApi()


@pytest.fixture
async def waits() -> Waits:
    return Waits()


@pytest.fixture
async def flaky(
    settings: Settings, clock: FakeClock, api: FailingApi, waits: Waits
) -> AsyncIterator[App]:
    application = await build_app(settings, clock=clock, bot_session=api)
    application.telegram.configure(sleep=waits)
    yield application
    await application.close()


@pytest.fixture
def person(flaky: App, api: FailingApi) -> LocalUser:
    return LocalUser(flaky.dispatcher, flaky.bot, api, user_id=1)


def texts(replies: list[Sent]) -> str:
    """What the person sees: the texts and the buttons' labels."""
    return " ".join(" ".join([r.plain, *r.buttons]) for r in replies)


async def test_a_429_and_a_500_on_the_reply_to_partners_still_deliver_the_list(
    flaky: App, person: LocalUser, api: FailingApi, waits: Waits
) -> None:
    await onboard(person)
    await add_partner(flaky)
    api.fail_next("sendMessage", "429", retry_after=2)
    replies = await person.send("/partners")
    assert "Краеведческий музей" in texts(replies) and APOLOGY not in texts(replies)
    assert waits.waits == [2]  # Telegram's retry_after, waited once

    waits.waits.clear()
    api.fail_next("sendMessage", "500", count=4)
    replies = await person.send("/partners")
    assert "Краеведческий музей" in texts(replies) and APOLOGY not in texts(replies)
    assert waits.waits == [0.5, 1, 2, 4]
    assert api.refused == ["sendMessage"] * 5

    api.fail_next("sendMessage", "network", count=2)
    replies = await person.send("/partners")
    assert "Краеведческий музей" in texts(replies) and APOLOGY not in texts(replies)


async def test_a_429_on_a_checklist_edit_still_shows_the_tick(
    flaky: App, person: LocalUser, api: FailingApi, waits: Waits
) -> None:
    await onboard(person)
    partner_id = await add_partner(flaky)
    await plan(person, partner_id)
    async with flaky.sessionmaker() as session:
        item = (await session.execute(select(MeetingItem).order_by(MeetingItem.id))).scalar()
        assert item is not None and not item.done
    api.fail_next("editMessageText", "429", retry_after=3)
    replies = await person.tap(item.text[:20])
    edits = [r for r in replies if r.method == "editMessageText"]
    assert edits and "☑️" in edits[-1].plain  # the message shows what was saved
    assert waits.waits == [3]
    async with flaky.sessionmaker() as session:
        saved = await session.get(MeetingItem, item.id)
        assert saved is not None and saved.done


async def test_a_500_on_the_next_question_of_add_still_asks_it(
    flaky: App, person: LocalUser, api: FailingApi
) -> None:
    await onboard(person)
    await person.send("/add")
    api.fail_next("sendMessage", "500")
    replies = await person.send("МАУК «Краеведческий музей»")
    assert "модели партнёрства" in texts(replies) and APOLOGY not in texts(replies)
    await person.tap("Культура")
    api.fail_next("sendMessage", "500", count=2)
    replies = await person.tap("Рядом")
    assert "контактное лицо" in texts(replies)
    replies = await person.send("Ольга Ивановна Смирнова")  # the answer to what was seen
    assert "Телефон" in texts(replies)
    state = await flaky.dispatcher.fsm.get_context(flaky.bot, 1, 1).get_data()
    assert state["contact_person"] == "Ольга Ивановна Смирнова"


async def test_a_button_answer_and_an_edit_survive_a_network_error(
    flaky: App, person: LocalUser, api: FailingApi
) -> None:
    await onboard(person)
    partner_id = await add_partner(flaky)
    await plan(person, partner_id)
    async with flaky.sessionmaker() as session:
        meeting = (await session.execute(select(Meeting))).scalar_one()
        partner = await session.get(Partner, partner_id)
        assert partner is not None and meeting.partner_id == partner.id
    async with flaky.sessionmaker() as session:
        item = (await session.execute(select(MeetingItem).order_by(MeetingItem.id))).scalar()
        assert item is not None
    api.fail_next("answerCallbackQuery", "network")
    api.fail_next("editMessageText", "500")
    replies = await person.tap(item.text[:20])
    assert [r.method for r in replies][:1] == ["answerCallbackQuery"]
    assert "☑️" in replies[-1].plain and APOLOGY not in texts(replies)


@pytest.mark.parametrize("error", ["400", "403"])
async def test_what_is_not_transient_is_not_retried(
    flaky: App, person: LocalUser, api: FailingApi, waits: Waits, error: str
) -> None:
    """A 400 (the bot's own mistake) or a 403 (blocked) is not tried again: the error
    handler apologises (if it can), once."""
    await onboard(person)
    api.fail_next("sendMessage", error)
    replies = await person.send("/help")
    assert api.refused == ["sendMessage"] and waits.waits == []
    assert [r.plain for r in replies if r.method == "sendMessage"] == [
        r.plain for r in replies if APOLOGY in r.plain
    ]
    assert len(replies) == 1


async def test_start_up_waits_out_a_long_outage_and_registers_the_menu_later(
    flaky: App, api: FailingApi, waits: Waits
) -> None:
    """Start-up never fails on a transient error: `getMe` is tried until Telegram answers
    (beyond the layer's own tries), and the command menu is best effort, retried."""
    tries = flaky.telegram.attempts
    api.fail_next("getMe", "500", count=tries + 2)
    await wait_for_telegram(flaky.bot, sleep=waits)
    assert api.refused.count("getMe") == tries + 2
    assert (await flaky.bot.me()).username  # known from now on

    api.fail_next("setMyCommands", "429", count=tries)
    api.fail_next("setMyCommands", "500", count=tries)
    assert await register_commands(flaky.bot, first_wait=5, sleep=waits)
    assert 5 in waits.waits and 10 in waits.waits  # two rounds given up by the layer
    [registered] = [s.raw for s in api.sent if s.method == "SetMyCommands"]
    assert isinstance(registered.scope, BotCommandScopeAllPrivateChats)
    assert {c.command for c in registered.commands} >= {"start", "add", "partners", "help"}


async def test_a_menu_that_cannot_be_registered_does_not_stop_the_bot(
    flaky: App, api: FailingApi, waits: Waits
) -> None:
    api.fail_next("setMyCommands", "400")  # not transient: one try per round
    api.fail_next("setMyCommands", "400")
    assert not await register_commands(flaky.bot, attempts=2, sleep=waits)
    assert api.refused == ["setMyCommands", "setMyCommands"]

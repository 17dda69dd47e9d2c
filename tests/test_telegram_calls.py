"""bot/telegram.py over HTTP against the fake Bot API: transient errors never lose a call,
a harmless "not modified" is success, and replies go before background sends."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramServerError
from aiogram.types import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram import Pacer, TelegramCalls, background
from tests.fake_api import FakeTelegram


class Sleeps:
    """An injected sleep: records how long the layer wanted to wait, and yields once."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        if seconds:
            self.waits.append(seconds)
        await asyncio.sleep(0)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def bot(fake_api: FakeTelegram, sleeps: Sleeps) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(fake_api.url))
    # unpaced here (the pace has its own tests below): `sleeps` holds only pauses and backoffs
    session.middleware(TelegramCalls(pacer=Pacer(per_second=0, sleep=sleeps), sleep=sleeps))
    bot = Bot("42:TEST", session=session, default=DefaultBotProperties(parse_mode="HTML"))
    yield bot
    await bot.session.close()


async def test_a_429_waits_retry_after_and_delivers(
    fake_api: FakeTelegram, bot: Bot, sleeps: Sleeps
) -> None:
    fake_api.fail_next("sendMessage", 429, retry_after=2)
    sent = await bot.send_message(1, "Партнёры")
    assert sent.text == "Партнёры"
    assert sleeps.waits == [2]
    assert [c.status for c in fake_api.sent if c.method == "sendMessage"] == [429, 200]


async def test_a_long_retry_after_is_capped(
    fake_api: FakeTelegram, bot: Bot, sleeps: Sleeps
) -> None:
    fake_api.fail_next("sendMessage", 429, retry_after=600)
    await bot.send_message(1, "x")
    assert sleeps.waits == [30]


async def test_server_errors_back_off_then_deliver_or_give_up(
    fake_api: FakeTelegram, bot: Bot, sleeps: Sleeps
) -> None:
    fake_api.fail_next("sendMessage", 500, count=4)
    assert (await bot.send_message(1, "x")).text == "x"
    assert sleeps.waits == [0.5, 1, 2, 4]
    sleeps.waits.clear()
    fake_api.fail_next("sendMessage", 502, count=5)
    with pytest.raises(TelegramServerError):
        await bot.send_message(1, "y")
    assert len(sleeps.waits) == 4  # five attempts in all
    assert fake_api.count("sendMessage") == 10


async def test_a_blocked_chat_is_not_retried(
    fake_api: FakeTelegram, bot: Bot, sleeps: Sleeps
) -> None:
    fake_api.block(5)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(5, "x")
    assert sleeps.waits == [] and fake_api.count("sendMessage") == 1


async def test_an_edit_that_changes_nothing_is_success(fake_api: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(1, "Карточка")
    assert await bot.edit_message_text("Карточка", chat_id=1, message_id=sent.message_id) is True


async def test_replies_go_before_background_sends() -> None:
    """While a 429 pause holds every send, a reminder and a reply wait; the reply goes first."""
    gate: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def held(_: float) -> None:
        await gate

    pacer = Pacer(per_second=1000, sleep=held)
    pacer.pause(5)
    order: list[str] = []

    async def send(name: str, is_background: bool) -> None:
        if is_background:
            with background():
                await pacer.acquire(background=True)
        else:
            await pacer.acquire(background=False)
        order.append(name)

    reminder = asyncio.create_task(send("reminder", True))
    await asyncio.sleep(0)
    reply = asyncio.create_task(send("reply", False))
    for _ in range(3):
        await asyncio.sleep(0)
    assert order == []  # both held by the pause
    gate.set_result(None)
    await asyncio.gather(reminder, reply)
    assert order == ["reply", "reminder"]


class FakeTime:
    """A monotonic clock that only the injected sleep moves (yielding once, as a sleep does)."""

    def __init__(self) -> None:
        self.now = 100.0
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 6))
        self.now += seconds
        await asyncio.sleep(0)


async def test_below_the_budget_nothing_waits_and_no_second_holds_more() -> None:
    time = FakeTime()
    pacer = Pacer(per_second=3, sleep=time.sleep, monotonic=time.monotonic)
    moments: list[float] = []
    for _ in range(7):
        await pacer.acquire(background=False)
        moments.append(round(time.now, 6))
        time.now += 0.1  # the next message a tenth of a second later
    # three at once, then the fourth waits for the first to leave the window, and so on
    assert moments == [100.0, 100.1, 100.2, 101.0, 101.1, 101.2, 102.0]
    assert all(sum(1 for m in moments if start <= m < start + 1) <= 3 for start in moments)


async def test_a_fan_out_delays_a_reply_by_one_slot_at_most() -> None:
    """Forty reminders queued in the background; a person's reply arriving meanwhile takes
    the next slot but one, not the forty-first."""
    time = FakeTime()
    pacer = Pacer(per_second=28, sleep=time.sleep, monotonic=time.monotonic)
    order: list[str] = []

    async def send(name: str, is_background: bool) -> None:
        if is_background:
            with background():
                await pacer.acquire(background=True)
        else:
            await pacer.acquire(background=False)
        order.append(name)

    reminders = [asyncio.create_task(send(f"r{i}", True)) for i in range(40)]
    for _ in range(5):
        await asyncio.sleep(0)
    before = len(order)  # reminders already out when the person wrote
    assert 0 < before < 40
    reply = asyncio.create_task(send("reply", False))
    await asyncio.gather(reply, *reminders)
    assert order.index("reply") <= before + 1  # behind the one holding its slot, at most
    assert sorted(order) == sorted(["reply", *(f"r{i}" for i in range(40))])
    # the first 28 at once, the rest a second later: never more than 28 in a second
    assert time.waits and max(time.waits) <= 1.0 + 1e-6


async def test_other_calls_wait_out_a_429_pause_too(
    fake_api: FakeTelegram, bot: Bot, sleeps: Sleeps
) -> None:
    """setMyCommands at start-up, answerCallbackQuery…: retried after the pause as well."""
    fake_api.fail_next("setMyCommands", 429, retry_after=4)
    fake_api.fail_next("setMyCommands", 500)
    assert await bot.set_my_commands([BotCommand(command="start", description="Начать")])
    assert sleeps.waits == [4, 1]  # the pause, then the backoff after the 500 (2nd try)
    assert fake_api.count("setMyCommands") == 3


async def test_polling_is_left_to_aiogram(fake_api: FakeTelegram, bot: Bot, sleeps: Sleeps) -> None:
    """getUpdates is not retried here: aiogram's polling loop has its own backoff."""
    fake_api.fail_next("getUpdates", 502)
    with pytest.raises(TelegramServerError):
        await bot.get_updates(timeout=0)
    assert sleeps.waits == [] and fake_api.count("getUpdates") == 1


async def test_a_keyboard_edit_that_changes_nothing_is_success(
    fake_api: FakeTelegram, bot: Bot
) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Да", callback_data="y")]]
    )
    sent = await bot.send_message(1, "Вопрос", reply_markup=markup)
    same = await bot.edit_message_reply_markup(
        chat_id=1, message_id=sent.message_id, reply_markup=markup
    )
    assert same is True
    with pytest.raises(TelegramBadRequest, match="not found"):  # other 400s stay errors
        await bot.edit_message_text("x", chat_id=1, message_id=999)

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
from aiogram.exceptions import TelegramForbiddenError, TelegramServerError

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
    session.middleware(TelegramCalls(sleep=sleeps))
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

"""Shared benchmark machinery: a null Bot session, a bare aiogram echo baseline, timing.

Figures are printed, never asserted: benchmarks are scripts, not tests. Every feature
figure is reported next to the bare echo handler measured in the same run.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.enums import ParseMode
from aiogram.methods import GetMe, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import CallbackQuery, Chat, Message, Update, User

BOT_ID = 42
_CHAT = Chat(id=1, type="private")
_BOT_USER = User(id=BOT_ID, is_bot=True, first_name="bench", username="bench_bot")


class NullSession(BaseSession):
    """Answers every call at once with a canned result; sends nothing anywhere."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0
        self._reply = Message(message_id=1, date=datetime.now(UTC), chat=_CHAT, text="ok")

    async def close(self) -> None:
        return None

    async def stream_content(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover
        raise NotImplementedError

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        self.calls += 1
        if isinstance(method, GetMe):
            return _BOT_USER  # type: ignore[return-value]
        if method.__returning__ is bool:
            return True  # type: ignore[return-value]
        return self._reply  # type: ignore[return-value]


def null_bot() -> Bot:
    return Bot(
        token=f"{BOT_ID}:BENCH",
        session=NullSession(),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


_update_ids = itertools.count(1)


def text_update(text: str, user_id: int = 1) -> Update:
    user = User(id=user_id, is_bot=False, first_name="Bench")
    chat = Chat(id=user_id, type="private")
    message = Message(
        message_id=next(_update_ids), date=datetime.now(UTC), chat=chat, from_user=user, text=text
    )
    return Update(update_id=next(_update_ids), message=message)


def callback_update(data: str, user_id: int = 1) -> Update:
    user = User(id=user_id, is_bot=False, first_name="Bench")
    chat = Chat(id=user_id, type="private")
    message = Message(
        message_id=1, date=datetime.now(UTC), chat=chat, from_user=_BOT_USER, text="…"
    )
    query = CallbackQuery(
        id=str(next(_update_ids)), from_user=user, chat_instance="b", message=message, data=data
    )
    return Update(update_id=next(_update_ids), callback_query=query)


def echo_dispatcher() -> Dispatcher:
    """The baseline: a bare aiogram echo handler."""
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    dp = Dispatcher()
    dp.include_router(router)
    return dp


@dataclass
class Result:
    name: str
    n: int
    per_second: float
    p50_ms: float
    p95_ms: float

    def line(self, baseline: Result | None = None) -> str:
        ratio = f"  ratio {self.per_second / baseline.per_second:5.2f}x echo" if baseline else ""
        return (
            f"{self.name:<34} {self.per_second:9.0f} upd/s  p50 {self.p50_ms:6.2f} ms  "
            f"p95 {self.p95_ms:6.2f} ms{ratio}"
        )


async def measure(
    name: str,
    dp: Dispatcher,
    bot: Bot,
    make_update: Callable[[int], Update],
    n: int,
    warmup: int = 50,
    **kwargs: Any,
) -> Result:
    """Feed `n` updates one after another through the real dispatcher."""
    for i in range(warmup):
        await dp.feed_update(bot, make_update(i), **kwargs)
    durations: list[float] = []
    start = time.perf_counter()
    for i in range(n):
        t = time.perf_counter()
        await dp.feed_update(bot, make_update(i), **kwargs)
        durations.append(time.perf_counter() - t)
    total = time.perf_counter() - start
    return _result(name, durations, total)


def _result(name: str, durations: Sequence[float], total: float) -> Result:
    ordered = sorted(durations)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return Result(
        name, len(durations), len(durations) / total, statistics.median(ordered) * 1000, p95 * 1000
    )


async def measure_echo(n: int = 2000) -> Result:
    dp = echo_dispatcher()
    bot = null_bot()
    return await measure("bare echo (baseline)", dp, bot, lambda i: text_update(f"hi {i}"), n)

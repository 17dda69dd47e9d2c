"""Every Bot API call goes through here: one session middleware that paces and retries.

* 429 (flood control): every send waits out `retry_after` (capped at `max_wait`), then the
  call is tried again; the whole bot pauses, as Telegram asks.
* 5xx and network errors: tried again after 0.5, 1, 2, 4 s (bounded by `attempts`).
* "message is not modified": the edit asked for is what the user already sees — success.
* Sends share one budget of `per_second` calls (Telegram allows ~30/s per bot). Replies to
  a person go before background work: the reminder engine runs its deliveries inside
  `background()`, and a background send waits while any reply is waiting.

aiogram does not retry by itself (a 429 on a reply would otherwise lose the answer).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import EditMessageReplyMarkup, EditMessageText, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiolimiter import AsyncLimiter
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]

_BACKGROUND: ContextVar[bool] = ContextVar("telegram_background", default=False)

# Bot API methods that deliver something to a chat: they spend the per-second budget.
SENDS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendMediaGroup",
        "sendVoice",
        "sendAudio",
        "sendVideo",
        "sendAnimation",
        "sendSticker",
        "sendContact",
        "sendLocation",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "editMessageCaption",
    }
)
NOT_MODIFIED = "message is not modified"


@contextmanager
def background() -> Iterator[None]:
    """Calls made inside go after every waiting reply (reminders, fan-outs)."""
    token = _BACKGROUND.set(True)
    try:
        yield
    finally:
        _BACKGROUND.reset(token)


class Pacer:
    """One budget of sends per second for the whole bot; replies first; a 429 pauses all."""

    def __init__(self, per_second: float = 30, sleep: Sleep = asyncio.sleep) -> None:
        self.limiter = AsyncLimiter(per_second, 1)
        self.sleep = sleep
        self.replies_waiting = 0
        self._replies_done = asyncio.Event()
        self._replies_done.set()
        self._paused: asyncio.Task[None] | None = None

    async def acquire(self, *, background: bool) -> None:
        if not background:
            self.replies_waiting += 1
            self._replies_done.clear()
        try:
            while True:
                if self._paused is not None and not self._paused.done():
                    await asyncio.shield(self._paused)
                elif background and self.replies_waiting:
                    await self._replies_done.wait()
                else:
                    break
            await self.limiter.acquire()
        finally:
            if not background:
                self.replies_waiting -= 1
                if not self.replies_waiting:
                    self._replies_done.set()

    def pause(self, seconds: float) -> None:
        """Telegram said "retry after": no send goes out before then."""
        if self._paused is None or self._paused.done():
            self._paused = asyncio.ensure_future(self.sleep(seconds))


class TelegramCalls(BaseRequestMiddleware):
    def __init__(
        self,
        *,
        pacer: Pacer | None = None,
        attempts: int = 5,
        max_wait: float = 30,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.pacer = pacer or Pacer(sleep=sleep)
        self.attempts = attempts
        self.max_wait = max_wait
        self.sleep = sleep

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, TelegramRetryAfter):
            return 0.0  # the pacer holds every send until then (see `_retry_after`)
        return float(min(0.5 * 2 ** (state.attempt_number - 1), self.max_wait))

    def _retryable(self, error: BaseException) -> bool:
        if isinstance(error, TelegramRetryAfter):
            wait = min(float(error.retry_after), self.max_wait)
            self.pacer.pause(wait)
            return True
        return isinstance(error, TelegramServerError | TelegramNetworkError)

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        is_send = method.__api_method__ in SENDS
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.attempts),
            wait=self._wait,
            retry=retry_if_exception(self._retryable),
            sleep=self.sleep,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    if is_send:
                        await self.pacer.acquire(background=_BACKGROUND.get())
                    return await make_request(bot, method)
        except TelegramBadRequest as error:
            if isinstance(method, EditMessageText | EditMessageReplyMarkup) and (
                NOT_MODIFIED in error.message
            ):
                return _not_modified(method)
            raise
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover


def _not_modified(method: TelegramMethod[Any]) -> Response[Any]:
    """The answer to an edit that changed nothing: Telegram's `True` for "done". (The chain
    is annotated with `Response`, but what travels through it is the call's result.)"""
    return cast(Response[Any], True)

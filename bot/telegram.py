"""Every Bot API call goes through here: one session middleware that paces and retries.

Wired into every Bot the app creates (bot/app.py `create_bot`: the HTTP session and the
terminal chat's in-process LocalSession alike), so handlers, the error handler, start-up
and the reminder engine all behave the same way:

* 429 (flood control): Telegram asks the whole bot to wait `retry_after` seconds (capped at
  `max_wait`); every call waits that pause out, then the refused call is tried again.
* 5xx and network errors: tried again after 0.5, 1, 2, 4 s (`attempts` tries in all), then
  the error is raised (the reminder engine then keeps the row for a later attempt).
* "message is not modified": the edit asked for is what the user already sees — success.
* Sends share one budget: at most `per_second` (28) in any one second (Telegram allows ~30
  a second per bot); below it a send goes at once, so a person's reply never waits on an
  idle bot. Replies to a person go before background work: the reminder engine sends
  inside `background()`; background sends take their turn one at a time and never while a
  reply is waiting, so a fan-out delays a reply by one send at most.
* `getUpdates` passes through untouched: aiogram's polling loop has its own backoff.

The sleep (and the monotonic clock) are injected: tests never wait on the wall clock.
aiogram does not retry by itself (a 429 on a reply would otherwise lose the answer).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
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
from aiogram.methods import (
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    Response,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]

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
# aiogram's polling loop retries these itself, with its own backoff
PASS_THROUGH = frozenset({"getUpdates"})
NOT_MODIFIED = "message is not modified"
TELEGRAM_RATE = 28  # messages per second: under Telegram's ~30 with room for jitter
WINDOW = 1.0  # seconds: the budget holds in any window this long


@contextmanager
def background() -> Iterator[None]:
    """Calls made inside go after every waiting reply (reminders, fan-outs)."""
    token = _BACKGROUND.set(True)
    try:
        yield
    finally:
        _BACKGROUND.reset(token)


def in_background() -> bool:
    return _BACKGROUND.get()


class Pacer:
    """One budget of sends for the whole bot (at most `per_second` in any second); replies
    first; a 429 pauses all.

    `per_second=0`: no budget (the in-process LocalSession: there is no Telegram to
    overload), everything else the same."""

    def __init__(
        self,
        per_second: float = TELEGRAM_RATE,
        sleep: Sleep = asyncio.sleep,
        monotonic: Monotonic = time.monotonic,
    ) -> None:
        self.capacity = 0
        self._slots: deque[float] = deque()  # the moments of the latest sends (≤ capacity)
        self.per_second = per_second
        self.sleep = sleep
        self.monotonic = monotonic
        self.replies_waiting = 0
        self._replies_done = asyncio.Event()
        self._replies_done.set()
        self._background_turn = asyncio.Lock()
        self._paused: asyncio.Task[None] | None = None
        self._pauses = 0  # how many pauses began (a sender notices one that began meanwhile)

    @property
    def per_second(self) -> float:
        return self.capacity / WINDOW

    @per_second.setter
    def per_second(self, value: float) -> None:
        """The budget: `value` sends a second (0: none, as in-process)."""
        self.capacity = max(0, int(value * WINDOW))
        self._slots = deque(self._slots, maxlen=self.capacity or None)

    @property
    def paused(self) -> bool:
        return self._paused is not None and not self._paused.done()

    async def acquire(self, *, background: bool) -> None:
        """Wait for this send's slot."""
        if background:
            async with self._background_turn:  # one background send holds a slot at a time
                await self._wait_turn(background=True)
                await self._reserve()
            return
        self.replies_waiting += 1
        self._replies_done.clear()
        try:
            await self._wait_turn(background=False)
        finally:
            self.replies_waiting -= 1
            if not self.replies_waiting:
                self._replies_done.set()
        await self._reserve()

    async def _wait_turn(self, *, background: bool) -> None:
        while True:
            if self._paused is not None and not self._paused.done():
                await asyncio.shield(self._paused)
            elif background and self.replies_waiting:
                await self._replies_done.wait()
            else:
                return

    async def _reserve(self) -> None:
        """Take the first moment at which this send keeps the budget — at most `capacity`
        sends in any `WINDOW` seconds — then wait for it (once: an injected sleep may not
        move the clock). Below the budget nothing waits: a person's reply goes at once."""
        if not self.capacity:
            return
        now = self.monotonic()
        slot = now
        if len(self._slots) == self.capacity:  # the capacity-th send before this one
            slot = max(now, self._slots[0] + WINDOW)
        self._slots.append(slot)
        if slot > now:
            pauses = self._pauses
            await self.sleep(slot - now)
            if self._pauses != pauses:  # a 429 came while this one waited for its slot
                await self.wait_pause()

    async def wait_pause(self) -> None:
        """Wait out a 429 pause, if one is on (calls that are not sends)."""
        while self._paused is not None and not self._paused.done():
            await asyncio.shield(self._paused)

    def pause(self, seconds: float) -> None:
        """Telegram said "retry after": no call goes out before then."""
        if self._paused is None or self._paused.done():
            self._pauses += 1
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
        self.retried = 0  # calls tried again (for the log and tests)

    def configure(self, *, sleep: Sleep | None = None, per_second: float | None = None) -> None:
        """Tests: a fake sleep (nothing waits), or another pace."""
        if sleep is not None:
            self.sleep = sleep
            self.pacer.sleep = sleep
        if per_second is not None:
            self.pacer.per_second = per_second

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, TelegramRetryAfter):
            return 0.0  # every call waits the pause out before its next try (`_retryable`)
        return float(min(0.5 * 2 ** (state.attempt_number - 1), self.max_wait))

    def _retryable(self, error: BaseException) -> bool:
        if isinstance(error, TelegramRetryAfter):
            self.pacer.pause(min(float(error.retry_after), self.max_wait))
            self.retried += 1
            return True
        if isinstance(error, TelegramServerError | TelegramNetworkError):
            self.retried += 1
            return True
        return False

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = method.__api_method__
        if name in PASS_THROUGH:
            return await make_request(bot, method)
        is_send = name in SENDS
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
                        await self.pacer.acquire(background=in_background())
                    else:
                        await self.pacer.wait_pause()
                    return await make_request(bot, method)
        except TelegramBadRequest as error:
            if isinstance(
                method, EditMessageText | EditMessageReplyMarkup | EditMessageCaption
            ) and (NOT_MODIFIED in error.message):
                return _not_modified(method)
            raise
        except (TelegramRetryAfter, TelegramServerError, TelegramNetworkError) as error:
            log.warning("%s failed after %s tries: %s", name, self.attempts, error)
            raise
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover


def _not_modified(method: TelegramMethod[Any]) -> Response[Any]:
    """The answer to an edit that changed nothing: Telegram's `True` for "done". (The chain
    is annotated with `Response`, but what travels through it is the call's result.)"""
    return cast(Response[Any], True)

"""Work that need not delay the start: heavy imports and template compilation.

`python -m bot` registers `AfterFirstPoll` on the Bot session: once the first getUpdates
request is on its way, the warm-up runs in a worker thread while the long poll waits.
The terminal chat starts it right away. An update that arrives meanwhile is handled as
usual; at worst it waits for an import the warm-up is already doing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

    from texts import Texts

log = logging.getLogger(__name__)


def warm_up(texts: Texts) -> None:
    """Blocking: meant for a worker thread."""
    texts.warm_up()
    from bot import contacts

    contacts.warm_up()
    # dateparser, the fallback of bot/dates.py for phrases its own grammar does not know,
    # stays lazy: most people never need it, and it holds ~7 MiB once loaded. The first
    # fallback parse pays ~150 ms once.


class WarmUp:
    """Runs `work` once in a worker thread; `wait` for it before shutting down."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self._work = work
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        try:
            await asyncio.to_thread(self._work)
        except Exception:  # a failed warm-up only means slower first uses
            log.warning("warm-up failed", exc_info=True)

    async def wait(self) -> None:
        if self._task is not None:
            await self._task


class AfterFirstPoll(BaseRequestMiddleware):
    """Starts the warm-up when the bot sends its first getUpdates."""

    def __init__(self, warm: WarmUp) -> None:
        self.warm = warm
        self.armed = True

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if self.armed and isinstance(method, GetUpdates):
            self.armed = False
            # one loop turn later: the request is written by then
            asyncio.get_running_loop().call_soon(self.warm.start)
        return await make_request(bot, method)

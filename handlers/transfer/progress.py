"""A message that shows how far a long import has gone. `report` may be called from any
thread (the rows are checked in a worker thread); the message is edited on the event loop,
one edit at a time, the newest figures last. The import never waits for Telegram."""

from __future__ import annotations

import asyncio

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.context import Ctx
from texts import spreadsheets as words


class ProgressMessage:
    def __init__(self, bot: Bot, chat_id: int, message_id: int, ctx: Ctx) -> None:
        self.bot, self.chat_id, self.message_id, self.ctx = bot, chat_id, message_id, ctx
        self.loop = asyncio.get_running_loop()
        self.shown = ""
        self.wanted = ""
        self.task: asyncio.Task[None] | None = None

    def report(self, stage: str, done: int, total: int) -> None:
        self.loop.call_soon_threadsafe(self._want, stage, done, total)

    def _want(self, stage: str, done: int, total: int) -> None:
        self.wanted = self.ctx.render(
            "transfer/progress.html", stage=words.STAGES.get(stage, stage), done=done, total=total
        )
        if self.task is None or self.task.done():
            self.task = self.loop.create_task(self._show())

    async def _show(self) -> None:
        while self.wanted and self.wanted != self.shown:
            text = self.wanted
            try:
                await self.bot.edit_message_text(
                    text=text, chat_id=self.chat_id, message_id=self.message_id
                )
            except (
                TelegramAPIError
            ):  # too many edits, or the message is gone: not the import's concern
                return
            self.shown = text

    async def finish(self) -> None:
        """Wait for the edit under way (called once the work is done)."""
        await asyncio.sleep(0)  # reports from the worker thread are scheduled by now
        if self.task is not None:
            await self.task

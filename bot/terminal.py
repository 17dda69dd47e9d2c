"""Local terminal chat: the same dispatcher, handlers and database, without Telegram.

Reads lines from stdin (works without a TTY: `printf '/start\\n' | python -m bot chat`),
prints every bot message with its buttons numbered; a number presses that button.
Reminders that come due while it runs are printed as they are sent. Files the bot sends
(documents, calendars) are saved under `data/files/` and their path printed.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from aiogram.types import ReplyKeyboardMarkup

from bot.app import build_app, on_startup
from bot.config import Settings
from bot.local_api import LocalSession, LocalUser, Sent
from bot.workers import Workers
from handlers.shared.keyboards import main_menu
from storage.orgs import get_member_by_telegram_id
from texts import terminal as words

TERMINAL_USER_ID = 100_001


@dataclass
class _Choice:
    label: str
    message_id: int | None  # None: a reply-keyboard button
    data: str | None


class TerminalChat:
    def __init__(self, out: TextIO, files_dir: Path | None = None) -> None:
        self.out = out
        self.files_dir = files_dir or Path("data") / "files"
        self.choices: list[_Choice] = []
        self.keyboard: ReplyKeyboardMarkup | None = None
        self.printed = 0  # bot messages shown so far

    def _print(self, line: str = "") -> None:
        self.out.write(line + "\n")
        self.out.flush()

    def show(self, event: Sent) -> None:
        if event.method in ("sendMessage", "editMessageText", "sendDocument"):
            head = words.EDITED if event.method == "editMessageText" else words.BOT
            self.printed += 1
            if event.method == "sendDocument":
                self._print(words.BOT + words.FILE + self._save(event))
            if event.text:
                self._print(head + event.plain if head == words.BOT else head)
                if head != words.BOT:
                    self._print(event.plain)
            self._show_inline(event)
            if isinstance(event.keyboard, ReplyKeyboardMarkup):
                self.keyboard = event.keyboard
            self._print()
        elif event.method == "editMessageReplyMarkup" and event.markup is not None:
            self.printed += 1
            self._show_inline(event)
            self._print()
        elif event.method == "answerCallbackQuery" and event.text:
            self.printed += 1
            self._print(words.ALERT + event.plain)

    def _save(self, event: Sent) -> str:
        """Keep a sent file where the person can open it; returns what to print."""
        name = Path(event.file_name or "file").name
        if event.file_data is None:
            return name
        self.files_dir.mkdir(parents=True, exist_ok=True)
        path = self.files_dir / name
        path.write_bytes(event.file_data)
        return f"{name} → {path}"

    def _show_inline(self, event: Sent) -> None:
        if event.markup is None:
            return
        for row in event.markup.inline_keyboard:
            cells = []
            for button in row:
                self.choices.append(_Choice(button.text, event.message_id, button.callback_data))
                cells.append(f"[{len(self.choices)}] {button.text}")
            self._print("   " + "   ".join(cells))

    def show_menu(self) -> None:
        if self.keyboard is None:
            return
        cells = []
        for row in self.keyboard.keyboard:
            for button in row:
                self.choices.append(_Choice(button.text, None, None))
                cells.append(f"[{len(self.choices)}] {button.text}")
        self._print(words.MENU + " " + " · ".join(cells))

    def pick(self, line: str) -> _Choice | None:
        if line.isascii() and line.isdecimal() and 1 <= int(line) <= len(self.choices):
            return self.choices[int(line) - 1]
        return None


async def run_terminal_chat(
    settings: Settings, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> None:
    inp = stdin or sys.stdin
    out = stdout or sys.stdout
    chat = TerminalChat(out)
    session = LocalSession(on_event=chat.show)
    app = await build_app(settings, bot_session=session, workers=Workers())
    user = LocalUser(app.dispatcher, app.bot, session, user_id=TERMINAL_USER_ID)
    try:
        await on_startup(app)
        out.write(words.INTRO + "\n\n")
        out.flush()
        async with app.sessionmaker() as db:
            if await get_member_by_telegram_id(db, TERMINAL_USER_ID) is not None:
                chat.keyboard = user.keyboard = main_menu()  # a returning user has the menu
                chat.show_menu()
        while True:
            line = await asyncio.to_thread(inp.readline)
            if not line:
                break
            text = line.strip()
            if not text:
                continue
            choice = chat.pick(text)
            previous, chat.choices = chat.choices, []
            printed = chat.printed
            if choice is None:
                await user.send(text)
            elif choice.message_id is not None and choice.data is not None:
                await user.press(choice.message_id, choice.data)
            else:
                await user.tap(choice.label)
            if chat.printed == printed:  # nothing changed on screen: the numbers stay valid
                chat.choices = previous
                out.write(words.UNCHANGED + "\n")
                out.flush()
                continue
            chat.show_menu()
        out.write(words.BYE + "\n")
        out.flush()
    finally:
        await app.close()

"""End to end over HTTP: the real `python -m bot` process against the fake Bot API server.

The bot is started exactly as an operator starts it (`python -m bot` with BOT_TOKEN,
TELEGRAM_API_URL and DATABASE_URL in the environment). Everything synchronises on what the
fake server receives (or on the process exiting); nothing sleeps and no wait is a deadline a
loaded machine can miss: `PATIENCE` only stops a hung test.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import os
import signal
import sqlite3
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from tests import fake_api as fake_api_module
from tests.fake_api import PATIENCE, FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
ANNA, OLEG = 1001, 1002
PRIVATE = "all_private_chats"  # the scope the command menu is registered for


class BotProcess:
    """`python -m bot` as a child process; its log goes to a file shown on failure."""

    def __init__(self, fake: FakeTelegram, db_path: Path, log_path: Path) -> None:
        self.fake = fake
        self.db_path = db_path
        self.log_path = log_path
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        """Spawn and wait until it polls for updates (the command menu is registered in the
        background: see `commands()`)."""
        polls = self.fake.count("getUpdates")
        env = {
            **os.environ,
            "BOT_TOKEN": "42:TEST",
            "TELEGRAM_API_URL": self.fake.url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{self.db_path}",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
        with self.log_path.open("ab") as log:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                cwd=ROOT,
                env=env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        await self.until(lambda: self.fake.count("getUpdates") > polls)

    async def until(self, condition: Callable[[], bool]) -> None:
        """Wait until `condition()` holds — re-checked on every call the bot makes, and
        every 0.1 s for what the bot writes to its database — or fail at once if the process
        exits first. No deadline: `PATIENCE` only stops a hung run."""
        assert self.proc is not None
        exited = asyncio.ensure_future(self.proc.wait())
        try:
            for _ in range(int(PATIENCE / 0.1)):
                if condition():
                    return
                if exited.done():
                    raise AssertionError(
                        f"the bot exited ({self.proc.returncode}):\n{self.log()[-4000:]}"
                    )
                with contextlib.suppress(AssertionError):
                    await self.fake.wait_until(condition, 0.1)
            raise AssertionError(f"the bot is stuck:\n{self.log()[-4000:]}")
        finally:
            exited.cancel()

    async def commands(self) -> dict[str, str]:
        """The command menu for private chats, once registered."""
        await self.until(lambda: bool(self.fake.registered_commands(PRIVATE)))
        return self.fake.registered_commands(PRIVATE)

    async def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()  # SIGKILL: no cleanup at all
        await asyncio.wait_for(self.proc.wait(), PATIENCE)

    async def terminate(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.proc.wait(), PATIENCE)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture
async def bot_process(fake_api: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(fake_api, tmp_path / "bot.db", tmp_path / "bot.log")
    yield process
    if process.proc is not None and process.proc.returncode is None:
        process.proc.kill()
        await process.proc.wait()
    # shown by pytest when the test failed
    print("---- bot log ----\n" + process.log()[-6000:])


def _rows(db_path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as db:
        return list(db.execute(sql))


async def _answer(fake: FakeTelegram, chat_id: int, text: str, expect: str) -> None:
    chat = fake.chat(chat_id)
    await chat.send(text)
    await chat.expect(expect)


async def test_onboarding_over_http_survives_kill_and_sigterm(
    fake_api: FakeTelegram, bot_process: BotProcess
) -> None:
    fake = fake_api
    await bot_process.start()

    # the command menu, in Russian, for private chats (the bot talks to no group)
    commands = await bot_process.commands()
    assert fake.registered_commands() == {}
    assert {"start", "help", "about", "settings", "cancel"} <= set(commands)
    for name in ("start", "help", "about", "settings", "cancel"):
        assert any("а" <= ch <= "я" for ch in commands[name].lower()), commands[name]
    assert fake.first_get_updates_at is not None

    # /start is answered (how fast is measured in bench/, never asserted on a wall clock)
    anna = fake.chat(ANNA, "Анна")
    await anna.send("/start")
    await anna.expect("Здравствуйте")
    question = await anna.expect("Как называется ваше учреждение")
    assert question.params.get("parse_mode") == "HTML"

    # onboarding over HTTP: typed answers and button presses
    await _answer(fake, ANNA, "МАУ ДО «ДДТ» <b>Ленинского</b> & Ко", "муниципалитете")
    await _answer(fake, ANNA, "г. Тюмень", "Как вас зовут")
    await _answer(fake, ANNA, "Анна Петрова", "должность")
    await anna.send("педагог дополнительного образования")
    tz_question = await anna.expect("часовой пояс")
    assert tz_question.buttons[0].startswith("Тюмень")
    await anna.press("UTC+5")
    await anna.expect_answer()
    consent = await anna.expect("согласие")
    assert consent.buttons == ["✅ Согласен(на)"]
    await anna.press("Согласен")
    done = await anna.expect("Готово, Анна Петрова")
    # what the user typed is shown literally, never as markup
    assert "&lt;b&gt;Ленинского&lt;/b&gt; &amp; Ко" in (done.text or "")
    menu = done.reply_markup or {}
    assert "keyboard" in menu  # the main menu (reply keyboard)
    await fake.wait_confirmed()

    assert _rows(
        bot_process.db_path, "SELECT telegram_id, full_name, role, timezone FROM members"
    ) == [(ANNA, "Анна Петрова", "admin", "Asia/Yekaterinburg")]
    assert _rows(bot_process.db_path, "SELECT name, municipality FROM organisations") == [
        ("МАУ ДО «ДДТ» <b>Ленинского</b> & Ко", "г. Тюмень")
    ]

    # /about over HTTP: a page button edits the same message; pressing the page already
    # shown is refused by Telegram ("message is not modified") and must stay silent
    await anna.send("/about")
    about = await anna.expect("Стр. 1 из")
    await anna.press("Принципы")
    page = await anna.expect("Стр. 2 из")
    assert (page.method, page.message_id) == ("editMessageText", about.message_id)
    mark = fake.mark()
    await anna.press("• ")
    await anna.expect_answer()
    await anna.send("/help")
    await anna.expect("Команды")
    assert fake.errors[("editMessageText", 400)] == 1
    assert not [c for c in fake.sent[mark:] if "пошло не так" in c.plain]

    # kill -9, start again: the member is still registered
    await bot_process.kill()
    await bot_process.start()
    await anna.send("/start")
    again = await anna.expect("выберите действие")
    assert "МАУ ДО «ДДТ» <b>Ленинского</b> & Ко" in again.plain
    assert "Как называется" not in " ".join(c.plain for c in anna.replies())

    # another teacher stops mid-onboarding; SIGTERM stops the bot cleanly
    oleg = fake.chat(OLEG, "Олег")
    await oleg.send("/start")
    await oleg.expect("Как называется ваше учреждение")
    await _answer(fake, OLEG, "Центр «Поиск»", "муниципалитете")
    await _answer(fake, OLEG, "Ишимский район", "Как вас зовут")
    await fake.wait_confirmed()
    assert await bot_process.terminate() == 0
    assert "Traceback" not in bot_process.log()

    # ...and the flow resumes at the same question with earlier answers kept
    await bot_process.start()
    await oleg.send("/start")
    await oleg.expect("Продолжим")
    await oleg.expect("Как вас зовут")
    await _answer(fake, OLEG, "Олег Иванов", "должность")
    await oleg.send("методист")
    await oleg.expect("часовой пояс")
    await oleg.press("Другой")
    full_list = await fake.wait_for(
        lambda c: c.method == "editMessageReplyMarkup" and c.chat_id == OLEG, since=oleg.since
    )
    assert len(full_list.buttons) == 11
    await oleg.press("Омск")
    await oleg.expect("согласие")
    await oleg.press("Согласен")
    await oleg.expect("Готово, Олег Иванов")
    assert _rows(
        bot_process.db_path,
        "SELECT o.name, o.municipality, m.full_name, m.timezone FROM members m "
        "JOIN organisations o ON o.id = m.organisation_id WHERE m.telegram_id = 1002",
    ) == [("Центр «Поиск»", "Ишимский район", "Олег Иванов", "Asia/Omsk")]
    assert _rows(
        bot_process.db_path, "SELECT count(*) FROM fsm_records WHERE state IS NOT NULL"
    ) == [(0,)]

    # Bot API failures on sendMessage do not stop polling; transient ones lose no answer
    mark = fake.mark()
    fake.fail_next("sendMessage", 500)
    await anna.send("/help")
    await anna.expect("Команды")
    assert fake.errors[("sendMessage", 500)] == 1
    fake.fail_next("sendMessage", 429, retry_after=1)
    await anna.send("/help")
    await anna.expect("Команды")
    assert fake.too_many_requests == 1
    assert not [c for c in fake.sent[mark:] if "пошло не так" in c.plain]
    fake.fail_next("sendMessage", 403)  # not transient: not tried again; the apology goes
    await anna.send("/help")
    apology = await anna.expect("что-то пошло не так")
    await anna.send("/help")
    help_ = await anna.expect("Команды")
    assert "/about" in help_.plain and help_.at > apology.at

    # ...nor does a failing getUpdates: aiogram backs off and polls again
    await fake.wait_confirmed()
    polls = fake.count("getUpdates")
    fake.fail_next("getUpdates", 502)
    await anna.send("/about")  # ends the poll being held; the next one fails
    await anna.expect("Стр. 1 из")
    await anna.send("/help")
    await anna.expect("Команды")
    assert fake.errors[("getUpdates", 502)] == 1 and fake.count("getUpdates") >= polls + 2
    await fake.wait_confirmed()
    assert await bot_process.terminate() == 0
    assert "42:TEST" not in bot_process.log()  # the token is never logged


# ---- the fake server itself (other features' tests rely on it) ----------------------------


@pytest.fixture
async def api_bot(fake_api: FakeTelegram) -> AsyncIterator[Bot]:
    bot = Bot(
        "42:TEST",
        session=AiohttpSession(api=TelegramAPIServer.from_base(fake_api.url)),
        default=DefaultBotProperties(parse_mode="HTML"),
    )
    yield bot
    await bot.session.close()


async def test_fake_api_messages_edits_files(fake_api: FakeTelegram, api_bot: Bot) -> None:
    me = await api_bot.get_me()
    assert (me.id, me.is_bot) == (42, True)
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Да", callback_data="y:1")]]
    )
    sent = await api_bot.send_message(7, "<b>Привет</b> &lt;x&gt;", reply_markup=markup)
    assert sent.text == "Привет <x>" and sent.reply_markup is not None
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "y:1"
    call = fake_api.sent[-1]
    assert (call.method, call.chat_id, call.plain, call.buttons) == (
        "sendMessage",
        7,
        "Привет <x>",
        ["Да"],
    )
    assert call.callback_data == {"Да": "y:1"}
    with pytest.raises(TelegramBadRequest, match="not modified"):
        await api_bot.edit_message_text(
            "<b>Привет</b> &lt;x&gt;", chat_id=7, message_id=sent.message_id, reply_markup=markup
        )
    edited = await api_bot.edit_message_text("Пока", chat_id=7, message_id=sent.message_id)
    assert not isinstance(edited, bool) and edited.text == "Пока"
    with pytest.raises(TelegramBadRequest, match="to edit not found"):
        await api_bot.edit_message_text("x", chat_id=7, message_id=999)
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await api_bot.send_message(7, "a <br> b")
    with pytest.raises(TelegramBadRequest, match="too long"):
        await api_bot.send_message(7, "я" * 4097)
    document = await api_bot.send_document(
        7, BufferedInputFile(b"%PDF-1", "dogovor.pdf"), caption="Договор"
    )
    assert document.document is not None and document.document.file_name == "dogovor.pdf"
    assert (fake_api.sent[-1].filename, fake_api.sent[-1].document) == ("dogovor.pdf", b"%PDF-1")
    file_id = fake_api.add_file(b"PK\x03\x04 docx bytes")
    buffer = io.BytesIO()
    await api_bot.download(file_id, destination=buffer)
    assert buffer.getvalue() == b"PK\x03\x04 docx bytes"
    with pytest.raises(TelegramBadRequest, match="invalid file_id"):
        await api_bot.get_file("nope")
    assert await api_bot.delete_message(7, sent.message_id)
    assert await api_bot.send_chat_action(7, "typing")
    assert await api_bot.set_chat_menu_button()  # unknown to the fake: True
    assert fake_api.count("sendMessage") == 3


class _StoppedClock:
    """The fake server's clock, stopped: every request arrives at the same instant, so its
    one-second windows (global and per chat) hold all of them on any machine."""

    @staticmethod
    def perf_counter() -> float:
        return 1000.0

    @staticmethod
    def time() -> float:
        return time.time()


async def test_fake_api_failures_and_rate_limits(
    fake_api: FakeTelegram, api_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fake_api_module, "time", _StoppedClock)
    fake_api.fail_next("sendMessage", 429, retry_after=7)
    with pytest.raises(TelegramRetryAfter) as retry:
        await api_bot.send_message(1, "x")
    assert retry.value.retry_after == 7
    fake_api.fail_next("sendMessage", 403)
    with pytest.raises(TelegramForbiddenError, match="blocked"):
        await api_bot.send_message(1, "x")
    fake_api.block(2)
    with pytest.raises(TelegramForbiddenError):
        await api_bot.send_message(2, "x")
    assert (await api_bot.send_message(1, "x")).text == "x"

    fake_api.per_chat_limit = True
    await api_bot.send_message(3, "first")
    with pytest.raises(TelegramRetryAfter):
        await api_bot.send_message(3, "second")
    fake_api.per_chat_limit = False
    fake_api.rate_limit = 5
    results = await asyncio.gather(
        *(api_bot.send_message(100 + i, "x") for i in range(8)), return_exceptions=True
    )
    refused = sum(isinstance(r, TelegramRetryAfter) for r in results)
    assert refused + sum(not isinstance(r, BaseException) for r in results) == 8
    # all 8 came within one second: 5 delivered, 3 refused
    times = sorted(
        c.at for c in fake_api.sent if c.ok and isinstance(c.chat_id, int) and c.chat_id >= 100
    )
    assert all(sum(t <= u < t + 1 for u in times) <= 5 for t in times)
    assert (refused, len(times)) == (3, 5)
    assert fake_api.too_many_requests == 2 + refused
    assert fake_api.errors[("sendMessage", 429)] == 2 + refused


async def test_fake_api_long_polling_and_injection(fake_api: FakeTelegram, api_bot: Bot) -> None:
    assert await api_bot.get_updates(timeout=0) == []
    poll = asyncio.create_task(api_bot.get_updates(timeout=5))
    await fake_api.wait_polling()
    fake_api.inject_text(5, "/start inv_x")
    updates = await asyncio.wait_for(poll, 5)
    assert updates[0].message is not None and updates[0].message.text == "/start inv_x"
    assert fake_api.first_get_updates_at is not None
    # not confirmed yet: delivered again
    again = await api_bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [updates[0].update_id]
    sent = await api_bot.send_message(5, "вопрос")
    fake_api.inject_callback(5, sent.message_id, "ok:1")
    fake_api.inject_contact(5, "+79990000000", "Ирина", last_name="Ким")
    fake_api.inject_document(5, b"%PDF", "scan.pdf", caption="скан")
    batch = await api_bot.get_updates(offset=updates[0].update_id + 1, timeout=1)
    assert fake_api.confirmed_offset == updates[0].update_id + 1
    query = batch[0].callback_query
    assert query is not None and query.data == "ok:1"
    assert query.message is not None and query.message.message_id == sent.message_id
    contact = batch[1].message.contact if batch[1].message else None
    assert contact is not None and (contact.first_name, contact.last_name) == ("Ирина", "Ким")
    document = batch[2].message.document if batch[2].message else None
    assert document is not None and document.file_name == "scan.pdf"
    assert fake_api.files[document.file_id] == b"%PDF"
    await api_bot.get_updates(offset=batch[-1].update_id + 1, timeout=0)
    assert fake_api.pending_updates == 0
    # with nothing to deliver a poll is held (no answer yet), then returns empty
    polls = [c for c in fake_api.calls if c.method == "getUpdates"]
    held = asyncio.create_task(api_bot.get_updates(timeout=1))
    await fake_api.wait_until(
        lambda: len([c for c in fake_api.calls if c.method == "getUpdates"]) > len(polls)
    )
    poll = [c for c in fake_api.calls if c.method == "getUpdates"][-1]
    assert poll.result is None
    assert await asyncio.wait_for(held, 10) == []
    assert poll.result == []
    call = await fake_api.wait_for(lambda c: c.method == "sendMessage")
    assert json.dumps(call.params, ensure_ascii=False).count("вопрос") == 1


def test_the_token_never_reaches_the_logs() -> None:
    """aiogram logs network errors with the request URL, which holds the token."""
    from bot.logs import MASK, redact

    token = "123456:SECRET-token_value"
    redact(token)
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    try:
        url = f"http://127.0.0.1:8081/bot{token}/getUpdates"
        logger.error("Failed to fetch updates - %s: %s", "ClientOSError", f"Cannot write to {url}")
        try:
            raise ConnectionError(f"POST {url}")
        except ConnectionError:
            logger.exception("request failed")
    finally:
        logger.removeHandler(handler)
    text = out.getvalue()
    assert token not in text and "SECRET" not in text
    assert f"http://127.0.0.1:8081/bot{MASK}/getUpdates" in text
    assert "ConnectionError: POST" in text

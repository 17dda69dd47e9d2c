"""The local terminal chat: a person types lines and button numbers on stdin."""

from __future__ import annotations

import asyncio
import io
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.terminal import TERMINAL_USER_ID, run_terminal_chat
from texts import buttons
from texts import terminal as words

ROOT = Path(__file__).resolve().parent.parent

# /start, four answers, the zone proposed for «г. Тюмень» (button 1), consent (button 1), /about,
# then button 3 of the /about page: «⚖️ Принципы» (1 is ▶️, 2 is the current page)
SCRIPT = (
    "/start\n"
    "МАУ ДО «ДДТ» <b>Ленинского</b>\n"
    "г. Тюмень\n"
    "\n"
    "Анна Петрова\n"
    "педагог дополнительного образования\n"
    "1\n"
    "1\n"
    "/about\n"
    "3\n"
)


def _member(db_path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as db:
        return list(
            db.execute(
                "SELECT m.telegram_id, m.full_name, m.role, m.timezone, o.name FROM members m "
                "JOIN organisations o ON o.id = m.organisation_id"
            )
        )


def _check_conversation(out: str) -> None:
    assert out.startswith(words.INTRO)
    assert "🤖 👋 Здравствуйте!" in out
    assert "Часовой пояс: Тюмень — UTC+5 (МСК+2). Верно?" in out  # from «г. Тюмень»
    assert "   [1] Тюмень — UTC+5 (МСК+2)\n   [2] 🌍 Другой часовой пояс\n" in out
    assert "[1] ✅ Согласен(на)" in out
    assert "Готово, Анна Петрова! Учреждение МАУ ДО «ДДТ» <b>Ленинского</b> на связи." in out
    assert "Меню: [" in out and "📖 О методике" in out
    pages = len(buttons.ABOUT_PAGES)
    assert f"Стр. 1 из {pages}" in out
    assert words.EDITED in out  # the page button edited the /about message
    assert "Принципы социального партнёрства" in out and f"Стр. 2 из {pages}" in out
    assert out.rstrip().endswith(words.BYE)


async def _run(args: list[str], env: dict[str, str], stdin: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), 60)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def _env(db_path: Path, token: str) -> dict[str, str]:
    return {
        **os.environ,
        "BOT_TOKEN": token,  # set even when empty: a developer's .env must not take over
        "TELEGRAM_API_URL": "http://127.0.0.1:9",  # never reached
        "DATABASE_URL": f"sqlite+aiosqlite:///{db_path}",
        "PYTHONIOENCODING": "utf-8",
    }


async def test_python_m_bot_chat_through_stdin(tmp_path: Path) -> None:
    """`python -m bot chat` forces the terminal chat even with a token set."""
    db_path = tmp_path / "chat.db"
    code, out, err = await _run(["chat"], _env(db_path, "42:TEST"), SCRIPT)
    assert code == 0, err
    _check_conversation(out)
    assert "Traceback" not in err
    assert _member(db_path) == [
        (
            TERMINAL_USER_ID,
            "Анна Петрова",
            "admin",
            "Asia/Yekaterinburg",
            "МАУ ДО «ДДТ» <b>Ленинского</b>",
        )
    ]


async def test_python_m_bot_without_token_starts_the_chat(tmp_path: Path) -> None:
    db_path = tmp_path / "plain.db"
    code, out, err = await _run([], _env(db_path, ""), "/help\n/start\n")
    assert code == 0, err
    assert err.splitlines()[0] == words.NO_TOKEN
    assert "/about — О методике социального партнёрства" in out
    assert "Как называется ваше учреждение?" in out
    assert out.rstrip().endswith(words.BYE)
    assert _member(db_path) == []


async def test_terminal_chat_in_process(tmp_path: Path) -> None:
    db_path = tmp_path / "inproc.db"
    settings = load_settings(bot_token=None, database_url=f"sqlite+aiosqlite:///{db_path}")
    out = io.StringIO()
    await run_terminal_chat(settings, stdin=io.StringIO(SCRIPT), stdout=out)
    _check_conversation(out.getvalue())
    assert _member(db_path)[0][:3] == (TERMINAL_USER_ID, "Анна Петрова", "admin")

    # a second session on the same database: the member is remembered; a number that is
    # not a button is just text; the main menu's numbers press reply-keyboard buttons
    out = io.StringIO()
    await run_terminal_chat(settings, stdin=io.StringIO("/start\n99\n/start\n9\n"), stdout=out)
    text = out.getvalue()
    assert text.count("Анна Петрова, выберите действие") == 2
    assert "Партнёра «99» в базе нет. Добавить его?" in text  # typed text: a partner search
    assert "⚙️ Настройки" in text and "Имя: Анна Петрова" in text  # [9] ⚙️ Настройки
    assert text.rstrip().endswith(words.BYE)


async def test_terminal_same_page_keeps_numbers_menu_at_start_and_files_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # files are saved under ./data/files
    db_path = tmp_path / "again.db"
    settings = load_settings(bot_token=None, database_url=f"sqlite+aiosqlite:///{db_path}")
    await run_terminal_chat(settings, stdin=io.StringIO(SCRIPT), stdout=io.StringIO())

    # /about, then press the page that is already shown ([2] is "• 💡 Что такое…"):
    # nothing changes, so [1] still means "▶️" and opens page 2
    out = io.StringIO()
    await run_terminal_chat(settings, stdin=io.StringIO("/about\n2\n1\n"), stdout=out)
    text = out.getvalue()
    assert text.startswith(words.INTRO)
    assert words.MENU in text.split("\n\n", 1)[1].splitlines()[0]  # the menu at start
    assert words.UNCHANGED in text
    assert "Принципы социального партнёрства" in text


def test_terminal_saves_sent_files(tmp_path: Path) -> None:
    from bot.local_api import Sent
    from bot.terminal import TerminalChat

    out = io.StringIO()
    chat = TerminalChat(out, files_dir=tmp_path / "files")
    chat.show(
        Sent(
            "sendDocument",
            1,
            5,
            "Проект договора",
            file_name="dogovor.docx",
            file_data=b"PK\x03\x04",
        )
    )
    assert (tmp_path / "files" / "dogovor.docx").read_bytes() == b"PK\x03\x04"
    assert f"dogovor.docx → {tmp_path / 'files' / 'dogovor.docx'}" in out.getvalue()

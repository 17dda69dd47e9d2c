"""A hostile and unlucky crowd (issue 15): 1,200 random updates through the real Dispatcher.

Typed texts (commands, menu labels, dates, phones, HTML, 5,000-character walls), edited
messages, photos, stickers, voice, documents, contacts and locations, taps on buttons the bot
really showed (fresh and long stale), and forged callback data; the clock jumps and due
reminders go out meanwhile. Whatever happens:

* no handler fails (the error handler logs nothing, no apology is ever sent);
* every message is at most 4096 characters, every toast at most 200, and every text is
  valid Telegram HTML;
* what people typed is shown escaped, never as markup.

Deterministic: a fixed seed per run (`FUZZ_SEED` to replay another).
"""

from __future__ import annotations

import logging
import os
import random
import string
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from aiogram.types import (
    Chat,
    Contact,
    Document,
    Location,
    Message,
    PhotoSize,
    Sticker,
    Update,
    Voice,
)

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser, Sent
from tests.conftest import NAMES, onboard
from tests.fake_api import check_html
from tests.meetings_helpers import add_partner, quick
from texts import buttons

UPDATES = 1200
SEED = int(os.environ.get("FUZZ_SEED", "20261126"))
PEOPLE = (1, 2, 3, 4, 5)  # 1–3 registered (one organisation each), 4–5 strangers

TEXTS = (
    "Краеведческий музей",
    "ООО «Ромашка» & Ко",
    "завтра в 15:00",
    "послезавтра",
    "31.02.2026",
    "29.11 7:30",
    "8 (3452) 63-81-24",
    "+7 912 000-00-00",
    "info@museum72.ru",
    "не знаю",
    "Да",
    "Нет",
    "0",
    "-1",
    "99999999999999999999999",
    "   ",
    ".",
    "🙂🙂🙂",
    "г. Тюмень, ул. Ленина, 2",
    "Ирина Сергеевна",
    "Выставка работ учащихся",
)
HOSTILE = (
    "<b>жирный</b>",
    "<script>alert(1)</script>",
    "a < b & c > d",
    "&lt;&amp;&gt;",
    '<a href="http://evil">ссылка</a>',
    "</i>",
    "{{ 7*7 }} {% for %}",
    "%s %d {0}",
    "\u202eперевёрнутый",
    "\x00\x01",
)


class Crowd:
    """The random people and what they do."""

    def __init__(self, app: App, people: dict[int, LocalUser], rnd: random.Random) -> None:
        self.app = app
        self.people = people
        self.rnd = rnd
        self.session = next(iter(people.values())).session
        self.markers: dict[str, str] = {}  # marker → the hostile text it came with
        self.counter = 0

    def text(self) -> str:
        rnd = self.rnd
        kind = rnd.random()
        if kind < 0.22:
            return "/" + rnd.choice([*buttons.COMMANDS, "nope", "start inv_x", "add Музей"])
        if kind < 0.35:
            return rnd.choice(sorted(buttons.MENU_LABELS))
        if kind < 0.42:
            return rnd.choice((buttons.SKIP, buttons.CANCEL, buttons.BACK, buttons.DONE))
        if kind < 0.62:
            return rnd.choice(TEXTS)
        if kind < 0.8:  # hostile, with a marker to find it in the replies
            self.counter += 1
            marker = f"zq{self.counter}x"
            hostile = f"{rnd.choice(HOSTILE)} {marker} <i>{marker}</i>"
            self.markers[marker] = hostile
            return hostile
        if kind < 0.9:
            length = rnd.choice((201, 301, 1001, 4097, 5000))
            return "".join(rnd.choice("абвгд ежз<>&") for _ in range(length))
        return "".join(rnd.choice(string.printable) for _ in range(rnd.randint(1, 40)))

    def media(self) -> dict[str, object]:
        rnd = self.rnd
        choice = rnd.randrange(6)
        if choice == 0:
            return {"photo": [PhotoSize(file_id="p", file_unique_id="p", width=9, height=9)]}
        if choice == 1:
            return {
                "sticker": Sticker(
                    file_id="s",
                    file_unique_id="s",
                    type="regular",
                    width=9,
                    height=9,
                    is_animated=False,
                    is_video=False,
                )
            }
        if choice == 2:
            return {"voice": Voice(file_id="v", file_unique_id="v", duration=3)}
        if choice == 3:
            name = rnd.choice(("scan.pdf", "dogovor.docx", "a.xlsx", "virus.exe", "x" * 300))
            return {
                "document": Document(file_id="d", file_unique_id="d", file_name=name),
                "caption": rnd.choice(("", "/add", "<b>скан</b>")),
            }
        if choice == 4:
            phone = rnd.choice(("79123456789", "+73452638124", "123", "++++"))
            return {"contact": Contact(phone_number=phone, first_name="<b>Иван</b>")}
        return {"location": Location(latitude=57.15, longitude=65.53)}

    def buttons_shown(self, user_id: int) -> list[tuple[int, str]]:
        shown = []
        for (chat_id, message_id), stored in self.session.messages.items():
            if chat_id == user_id and stored.markup is not None:
                for row in stored.markup.inline_keyboard:
                    shown += [(message_id, b.callback_data) for b in row if b.callback_data]
        return shown

    def forged(self, real: str | None) -> str:
        rnd = self.rnd
        if real and rnd.random() < 0.7:
            parts = real.split(":")
            index = rnd.randrange(len(parts))
            parts[index] = rnd.choice(
                ("0", "-1", "9223372036854775808", "99999", "x", "", "1" * 30, "<b>")
            )
            return ":".join(parts)[:64]
        alphabet = string.ascii_letters + string.digits + ":_-"
        return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 64)))

    async def act(self) -> None:
        rnd = self.rnd
        person = self.people[rnd.choice(PEOPLE)]
        roll = rnd.random()
        if roll < 0.45:
            await person.send(self.text())
        elif roll < 0.5:
            await self.edited(person)
        elif roll < 0.6:
            await person.send_message(**self.media())
        elif roll < 0.85:
            shown = self.buttons_shown(person.user_id)
            if shown:
                fresh = rnd.random() < 0.6
                message_id, data = (
                    shown[-1 - rnd.randrange(min(3, len(shown)))] if fresh else (rnd.choice(shown))
                )
                await person.press(message_id, data)
            else:
                await person.send(self.text())
        elif roll < 0.95:
            shown = self.buttons_shown(person.user_id)
            real = rnd.choice(shown) if shown else None
            message_id = real[0] if real else rnd.randint(1, 10_000)
            await person.press(message_id, self.forged(real[1] if real else None))
        else:
            await self.time_passes()

    async def edited(self, person: LocalUser) -> None:
        message = Message(
            message_id=self.rnd.randint(1, 50),
            date=datetime.now(UTC),
            edit_date=int(datetime.now(UTC).timestamp()),
            chat=Chat(id=person.user_id, type="private"),
            from_user=person.user,
            text=self.text(),
        )
        update = Update(update_id=10_000_000 + self.counter, edited_message=message)
        self.counter += 1
        await self.app.dispatcher.feed_update(self.app.bot, update)

    async def time_passes(self) -> None:
        clock = self.app.clock
        assert isinstance(clock, FakeClock)
        clock.advance(timedelta(minutes=self.rnd.choice((5, 60, 600, 1440))))
        assert self.app.reminders is not None
        await self.app.reminders.run_due()


def check(sent: Sent, markers: dict[str, str]) -> list[str]:
    """What is wrong with one thing the bot sent (nothing: [])."""
    problems: list[str] = []
    text = sent.text or ""
    if sent.method == "answerCallbackQuery":
        if len(text) > 200:
            problems.append(f"toast of {len(text)} characters")
        return problems
    if not text:
        return problems
    error, plain = check_html(text)
    if error is not None:
        problems.append(f"invalid HTML ({error}): {text[:200]!r}")
    if len(plain) > 4096:
        problems.append(f"{sent.method} of {len(plain)} characters")
    for marker in markers:
        if marker in text and f"<i>{marker}</i>" in text:
            problems.append(f"typed markup rendered as markup: {text[:200]!r}")
    return problems


async def test_a_random_crowd_breaks_nothing(
    app: App,
    make_user: Callable[..., LocalUser],
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    quick(app)  # the reminder engine: no pacing, no waiting
    rnd = random.Random(SEED)
    people = {i: make_user(user_id=i, first_name=f"Человек{i}") for i in PEOPLE}
    for i in PEOPLE[:3]:
        await onboard(people[i], org_name=f"ДДТ № {i}", full_name=NAMES[i % len(NAMES)])
        for _ in range(2):
            await add_partner(app, telegram_id=i)
    crowd = Crowd(app, people, rnd)
    session = crowd.session
    start = len(session.sent)

    caplog.set_level(logging.WARNING)
    for _ in range(UPDATES):
        await crowd.act()

    sent = session.sent[start:]
    failures = [
        r.getMessage() + (f": {r.exc_info[1]!r}" if r.exc_info else "")
        for r in caplog.records
        if r.levelno >= logging.ERROR
    ]
    assert failures == [], f"seed {SEED}: {failures[:5]}"
    problems = [p for s in sent for p in check(s, crowd.markers)]
    assert problems == [], f"seed {SEED}: {problems[:5]}"
    assert not [s for s in sent if "пошло не так" in s.plain]
    # the crowd really exercised the bot: replies to most updates, hostile text shown back
    assert len(sent) > UPDATES / 2
    assert any(m in s.text for s in sent if s.text for m in crowd.markers)
    assert len(crowd.markers) > 50

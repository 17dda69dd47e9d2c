"""A member who blocked the bot comes back by writing or tapping: active again, the held
reminders released — those that still make sense are delivered, a past meeting's reminder
turned into the "how did it go?" question (the reliability issue, item 15)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import Chat, ChatMemberBanned, ChatMemberMember, ChatMemberUpdated, Update, User

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalSession, LocalUser, Sent
from storage.models import ReminderStatus
from tests.conftest import onboard
from tests.meetings_helpers import add_partner, engine_of, member_row, plan, quick, reminder_rows

EVE = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)  # 18:00 in Tyumen the evening before
AFTER = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # 17:00: the 15:00 meeting has ended


class Blocked:
    """The person has blocked the bot: Telegram answers 403 to every message to them."""

    def __init__(self) -> None:
        self.on = False
        self.refused = 0


@pytest.fixture
def blocked(monkeypatch: pytest.MonkeyPatch) -> Iterator[Blocked]:
    state = Blocked()
    real = LocalSession.make_request

    async def make_request(
        self: LocalSession, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        if state.on and isinstance(method, SendMessage):
            state.refused += 1
            raise TelegramForbiddenError(method, "Forbidden: bot was blocked by the user")
        return await real(self, bot, method, timeout)

    monkeypatch.setattr(LocalSession, "make_request", make_request)
    yield state


def sent(app: App) -> list[Sent]:
    return list(app.bot.session.sent)  # type: ignore[attr-defined]


async def blocked_through_the_meeting(
    app: App, user: LocalUser, clock: FakeClock, blocked: Blocked
) -> None:
    """A meeting tomorrow at 15:00; the teacher blocks the bot; the evening reminder meets
    403 and every reminder is held; the meeting passes meanwhile."""
    await onboard(user)
    await plan(user, await add_partner(app))
    quick(app)
    blocked.on = True
    clock.set(EVE)
    stats = await engine_of(app).run_due()
    assert (stats.sent, stats.held, blocked.refused) == (0, 3, 1)
    assert (await member_row(app)).is_active is False
    assert {r.status for r in await reminder_rows(app)} == {ReminderStatus.HELD}
    clock.set(AFTER)
    assert (await engine_of(app).run_due()).sent == 0  # still held: nothing is tried
    assert blocked.refused == 1
    blocked.on = False  # unblocked: Telegram delivers again


async def test_start_from_an_inactive_member_reactivates_and_releases(
    app: App, user: LocalUser, clock: FakeClock, blocked: Blocked
) -> None:
    await blocked_through_the_meeting(app, user, clock, blocked)
    start = len(sent(app))
    replies = await user.send("/start")
    # handled as usual (the released reminders may go out meanwhile: the engine runs apart)
    assert any("выберите действие" in r.plain for r in replies)
    assert (await member_row(app)).is_active is True
    await engine_of(app).drain()  # coming back woke the engine
    after = [s for s in sent(app)[start:] if s.method == "sendMessage"]
    questions = [s for s in after if "Как прошла встреча" in s.plain]
    assert len(questions) == 1  # the past meeting's reminder became the outcome question
    assert not [s for s in after if "Завтра встреча" in s.plain or "Через 2 часа" in s.plain]
    statuses = {r.kind: r.status for r in await reminder_rows(app)}
    assert statuses == {
        "meeting.eve": ReminderStatus.SENT,  # sent as "how did it go?"
        "meeting.soon": ReminderStatus.SKIPPED,
        "meeting.followup": ReminderStatus.CANCELLED,  # not asked twice
    }
    assert (await engine_of(app).run_due()).sent == 0


async def test_any_message_from_an_inactive_member_reactivates(
    app: App, user: LocalUser, clock: FakeClock, blocked: Blocked
) -> None:
    await blocked_through_the_meeting(app, user, clock, blocked)
    replies = await user.send_sticker()
    assert any("Я не понял это сообщение" in r.plain for r in replies)
    assert (await member_row(app)).is_active is True


async def test_a_button_from_an_inactive_member_reactivates(
    app: App, user: LocalUser, clock: FakeClock, blocked: Blocked
) -> None:
    await blocked_through_the_meeting(app, user, clock, blocked)
    start = len(sent(app))
    replies = await user.press(1, "zz:old")  # even an old button of a past message
    assert [r.method for r in replies if r.method == "answerCallbackQuery"] == [
        "answerCallbackQuery"
    ]
    assert (await member_row(app)).is_active is True
    await engine_of(app).drain()
    assert [s for s in sent(app)[start:] if "Как прошла встреча" in s.plain]


async def test_blocking_again_is_not_coming_back(
    app: App, user: LocalUser, clock: FakeClock, blocked: Blocked
) -> None:
    await blocked_through_the_meeting(app, user, clock, blocked)
    bot_user = User(id=app.bot.id, is_bot=True, first_name="b")
    event = ChatMemberUpdated(
        chat=Chat(id=1, type="private"),
        from_user=User(id=1, is_bot=False, first_name="Анна"),
        date=clock.now(),
        old_chat_member=ChatMemberMember(user=bot_user),
        new_chat_member=ChatMemberBanned(user=bot_user, until_date=0),
    )
    await app.dispatcher.feed_update(app.bot, Update(update_id=99, my_chat_member=event))
    assert (await member_row(app)).is_active is False
    assert {r.status for r in await reminder_rows(app)} == {ReminderStatus.HELD}

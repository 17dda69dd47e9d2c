"""Every phone in meeting cards, reminders and the .ics goes through the `phone` filter."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser
from tests.conftest import onboard
from tests.meetings_helpers import add_partner, engine_of, plan, quick

RAW = "+79123456789;ext=12"
SHOWN = "+7 (912) 345-67-89 доб. 12"


async def test_card_reminders_and_ics_show_the_phone_for_people(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    pid = await add_partner(app, phone=RAW)
    replies = await plan(user, pid)
    card = replies[-1].plain
    assert SHOWN in card
    assert "+79123456789" not in card and "ext=" not in card

    replies = await user.send("/meetings")
    replies = await user.tap("Краеведческий музей")
    assert SHOWN in replies[-1].plain

    quick(app)
    engine = engine_of(app)
    clock.set(datetime(2026, 11, 26, 13, 0, tzinfo=UTC))  # the evening before
    assert (await engine.run_due()).sent == 1
    eve = user.session.sent[-1].plain
    assert SHOWN in eve and "ext=" not in eve
    clock.set(datetime(2026, 11, 27, 8, 0, tzinfo=UTC))  # two hours before
    assert (await engine.run_due()).sent == 1
    soon = user.session.sent[-1].plain
    assert SHOWN in soon and "ext=" not in soon

    replies = await user.tap("Открыть встречу")
    replies = await user.tap("В календарь телефона")
    assert replies[-1].file_data is not None
    [event] = Calendar.from_ical(replies[-1].file_data).walk("VEVENT")
    description = str(event["DESCRIPTION"])
    assert f"Ирина Сергеевна {SHOWN}" in description
    assert "ext=" not in description

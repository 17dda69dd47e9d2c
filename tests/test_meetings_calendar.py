"""The meeting calendar starts at the current week: no rows of inert past-day buttons."""

from __future__ import annotations

from datetime import date

from aiogram.types import InlineKeyboardMarkup

from bot.app import App
from bot.local_api import LocalUser
from handlers.shared.calendar import CalCb, month_markup
from handlers.shared.callbacks import NewMeeting
from tests.conftest import onboard
from tests.meetings_helpers import add_partner


def _day_rows(markup: InlineKeyboardMarkup | None) -> list[list[str]]:
    """The rows of day cells (after the month header and the weekday names; not the
    feature's own rows under the grid)."""
    assert markup is not None
    return [
        [b.text for b in row]
        for row in markup.inline_keyboard[2:]
        if all((b.callback_data or "").startswith("cl:") for b in row)
    ]


async def test_the_grid_starts_at_the_current_week_and_months_still_turn(
    app: App, user: LocalUser
) -> None:
    await onboard(user)
    pid = await add_partner(app)
    replies = await user.press(1, NewMeeting(partner_id=pid).pack())  # today: Thu 26.11.2026
    rows = _day_rows(replies[-1].markup)
    assert rows == [
        [" ", " ", " ", "•26", "27", "28", "29"],
        ["30", " ", " ", " ", " ", " ", " "],
    ]
    assert all(any(cell.strip() for cell in row) for row in rows)  # no blank-only row

    assert "📝 Встреча уже прошла — записать" in replies[-1].buttons
    replies = await user.tap("▶️")  # month navigation kept: December in full
    assert "Декабрь 2026" in replies[-1].buttons
    assert "📝 Встреча уже прошла — записать" in replies[-1].buttons  # the extra row stays
    december = _day_rows(replies[-1].markup)
    assert december[0] == [" ", "1", "2", "3", "4", "5", "6"]
    assert len(december) == 5
    replies = await user.tap("◀️")
    assert _day_rows(replies[-1].markup) == rows
    replies = await user.tap("27")
    assert "пятница, 27 ноября 2026" in replies[-1].plain


def test_past_days_stay_pickable_where_allowed() -> None:
    """A calendar that allows the past (an agreement's signing date) keeps every week."""
    today = date(2026, 11, 26)
    markup = month_markup("ag", 2026, 11, today, allow_past=True)
    rows = _day_rows(markup)
    assert len(rows) == 6 and rows[0][-1] == "1"
    picked = CalCb.unpack(markup.inline_keyboard[2][-1].callback_data or "")
    assert picked.day == date(2026, 11, 1)

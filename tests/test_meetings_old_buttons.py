"""Buttons of a form's earlier questions, tapped once the form has moved on or ended."""

from __future__ import annotations

from bot.app import App
from bot.local_api import LocalUser, Sent
from handlers.shared.callbacks import NewMeeting
from tests.conftest import onboard
from tests.meetings_helpers import add_partner, meetings, plan

NOT_FOUND = "Не найдено"
STALE = "устарела"


def _data(user: LocalUser, message_id: int, label: str) -> str:
    stored = user.session.messages[(user.user_id, message_id)]
    assert stored.markup is not None
    found = [
        b.callback_data for row in stored.markup.inline_keyboard for b in row if label in b.text
    ]
    assert found and found[0] is not None, label
    return found[0]


def _last_id(replies: list[Sent]) -> int:
    message_id = replies[-1].message_id
    assert message_id is not None
    return message_id


async def test_planning_buttons_once_the_question_is_answered(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await user.press(1, NewMeeting(partner_id=pid).pack())
    replies = await user.send("завтра в 15:00")
    confirm = _data(user, _last_id(replies), "Верно")
    await user.press(_last_id(replies), confirm)  # on to the format
    replies = await user.press(1, confirm)  # «right» again: that question is gone
    assert replies[0].method == "answerCallbackQuery" and replies[0].show_alert
    assert NOT_FOUND in replies[0].plain
    assert len(replies) == 1
    await user.tap("Мы едем к ним")
    await user.tap("ул. Ленина")
    replies = await user.tap("Пропустить")
    assert "Встреча запланирована" in replies[-1].plain
    replies = await user.press(1, confirm)  # the form has ended
    assert NOT_FOUND in replies[0].plain and len(replies) == 1
    assert len(await meetings(app)) == 1


async def test_report_buttons_of_another_question_are_stale(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)
    [meeting] = await meetings(app)
    replies = await _report(user, meeting.id)
    skip_notes = _data(user, _last_id(replies), "Пропустить")
    replies = await user.tap("Пропустить")  # no notes: the outcome question
    outcome = _last_id(replies)
    replies = await user.press(outcome, skip_notes)  # the notes' «skip» under the outcome
    assert STALE in replies[-1].plain
    agreed = _data(user, outcome, "Договорились")
    await user.press(outcome, agreed)
    replies = await user.press(outcome, agreed)  # the outcome again, at the next step
    assert STALE in replies[-1].plain
    replies = await user.tap("Без задачи")
    assert "записаны в карточку партнёра" in replies[-1].plain


async def _report(user: LocalUser, meeting_id: int) -> list[Sent]:
    from handlers.meetings.callbacks import MeetingAct, MeetingCb

    return await user.press(1, MeetingCb(action=MeetingAct.REPORT, id=meeting_id).pack())

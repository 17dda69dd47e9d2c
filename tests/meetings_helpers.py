"""Helpers for the meetings and reminder tests: a partner on the card, a planned meeting."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.app import App
from bot.local_api import LocalUser, Sent
from bot.reminders import Limits, ReminderEngine
from storage import partners as partners_db
from storage.models import Meeting, Member, Reminder


class NoSleep:
    """Injected instead of asyncio.sleep: records the waits, never waits."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def engine_of(app: App) -> ReminderEngine:
    assert app.reminders is not None
    return app.reminders


def quick(app: App) -> NoSleep:
    """Make the app's reminder engine pace-free and sleep-free for a test."""
    sleep = NoSleep()
    engine_of(app).configure(limits=Limits.none(), sleep=sleep)
    return sleep


async def member_row(app: App, telegram_id: int = 1) -> Member:
    async with app.sessionmaker() as session:
        return (
            await session.execute(select(Member).where(Member.telegram_id == telegram_id))
        ).scalar_one()


async def add_partner(app: App, telegram_id: int = 1, **fields: Any) -> int:
    member = await member_row(app, telegram_id)
    values: dict[str, Any] = {
        "name": "Краеведческий музей",
        "category": "institution",
        "contact_person": "Ирина Сергеевна",
        "phone": "+73452123456",
        "offer": "выставка работ наших кружковцев в музее",
        "ask": "экскурсии для детей и площадка для конкурса",
    }
    address = fields.pop("address", "ул. Ленина, 2")
    values.update(fields)
    async with app.sessionmaker() as session:
        partner = await partners_db.create_partner(
            session,
            organisation_id=member.organisation_id,
            member_id=member.id,
            now=app.clock.now(),
            **values,
        )
        partner.address = address
        await session.commit()
        return partner.id


async def plan(user: LocalUser, partner_id: int, when: str = "завтра в 15:00") -> list[Sent]:
    """Plan a meeting from the partner card through the whole form (a member working alone:
    no question of who takes part); the last answer's replies (the meeting's card)."""
    from handlers.shared.callbacks import NewMeeting

    await user.press(1, NewMeeting(partner_id=partner_id).pack())
    await user.send(when)
    await user.tap("Верно")
    await user.tap("Мы едем к ним")
    await user.tap("ул. Ленина")
    return await user.send("познакомиться и пригласить на отчётный концерт")


async def meetings(app: App) -> list[Meeting]:
    async with app.sessionmaker() as session:
        return list((await session.execute(select(Meeting).order_by(Meeting.id))).scalars())


async def reminder_rows(app: App) -> list[Reminder]:
    async with app.sessionmaker() as session:
        result = await session.execute(select(Reminder).order_by(Reminder.due_at, Reminder.id))
        return list(result.scalars())

"""The contract between the reminder engine and the features that schedule reminders.

A feature schedules rows with `storage.reminders.schedule(...)` (kind such as
"meeting.eve") and exposes `REMINDER_RENDERERS: dict[str, ReminderRenderer]` in its handlers
package, mapping each kind to a renderer. At send time the engine calls the renderer with a
fresh session; the renderer returns what to send, or None when the reminder no longer
makes sense (the meeting was cancelled, the agreement prolonged…), and the engine then marks
it skipped. A renderer only renders: work due at a moment (an agreement ending on its date)
is a scheduled service's, done whether or not the member can receive the message.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Reminder
from texts import Texts


@dataclass(frozen=True)
class Outgoing:
    text: str  # HTML
    markup: InlineKeyboardMarkup | None = None


ReminderRenderer = Callable[[AsyncSession, Reminder, Texts, datetime], Awaitable[Outgoing | None]]

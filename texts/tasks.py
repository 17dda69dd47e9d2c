"""Labels of the tasks feature (the dated next steps with a partner)."""

from __future__ import annotations

from datetime import date

from texts.calendar_words import MONTHS_GENITIVE, WEEKDAYS

# keys: storage.models.TaskKind
PRESET_TITLES: dict[str, str] = {
    "draft": "Отправить проект договора",
    "call": "Перезвонить",
    "meeting": "Повторная встреча",
}
PRESET_BUTTONS: dict[str, str] = {
    "draft": "📄 Отправить проект договора",
    "call": "📞 Перезвонить",
    "meeting": "🔁 Повторная встреча",
}
KIND_ICONS: dict[str, str] = {"draft": "📄", "call": "📞", "meeting": "🔁", "custom": "📌"}

DONE_NOTE = "✅ Сделано: {title}"

# buttons
CARD_BUTTON = "📌 Задачи"  # on the partner card
DONE = "✅ Сделано"
SNOOZE = "⏰ На завтра"
MOVE = "📅 Перенести"
DROP = "✖️ Снять"
DROP_YES = "Да, снять задачу"
DROP_NO = "Нет, оставить"
NEW = "➕ Новая задача"
ALL = "📋 Все задачи"
TO_PARTNER = "◀️ К карточке партнёра"
PLAN_MEETING = "📅 Запланировать встречу"
DRAFT_DOC = "📝 Проект договора"
OTHER_DAY = "✏️ Другой день"
NO_TASK = "⏭ Без задачи"
QUICK_DAYS: tuple[tuple[str, int], ...] = (
    ("Завтра", 1),
    ("Через 3 дня", 3),
    ("Через неделю", 7),
    ("Через 2 недели", 14),
)
OVERDUE_MARK = "⚠️"
TODAY_MARK = "🔔"


def human_day(day: date) -> str:
    """«вторник, 15 декабря 2026»"""
    return f"{WEEKDAYS[day.weekday()]}, {day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year}"


def short_day(day: date, today: date) -> str:
    """«сегодня», «завтра», «вчера», «15.12», «15.12.2027» (another year)."""
    delta = (day - today).days
    if delta == 0:
        return "сегодня"
    if delta == 1:
        return "завтра"
    if delta == -1:
        return "вчера"
    return f"{day:%d.%m}" if day.year == today.year else f"{day:%d.%m.%Y}"

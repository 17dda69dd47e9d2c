"""Labels of the meetings feature, the calendar widget and the reminder settings."""

from __future__ import annotations

from datetime import datetime

from texts.calendar_words import MONTHS_GENITIVE
from texts.calendar_words import WEEKDAYS as WEEKDAYS_FULL

# calendar widget (handlers/shared/calendar.py)
CAL_PREV = "◀️"
CAL_NEXT = "▶️"
CAL_BACK = "◀️ К дням"

# why a typed date was refused (bot/domain/dates.py Reason)
PARSE_ERRORS: dict[str, str] = {
    "empty": "Не вижу даты",
    "unknown": "Не удалось понять дату",
    "past": "Этот момент уже прошёл",
    "bad_date": "Такой даты нет в календаре",
    "bad_time": "Такого времени не бывает",
    "dst_gap": "В этот час переводят часы, такого времени в этот день нет",
    "too_far": "Это больше чем через три года — похоже на опечатку",
}

# meetings: formats and outcomes (codes in storage/models/meetings.py)
FORMATS: dict[str, str] = {
    "visit": "🚶 Мы едем к ним",
    "host": "🏠 Они приходят к нам",
    "online": "💻 Онлайн",
    "invite": "🎉 Приглашаем на наше событие",
}
OUTCOMES: dict[str, str] = {
    "agreed": "✅ Договорились",
    "again": "🔁 Нужна ещё встреча",
    "declined": "✖️ Отказались",
    "working": "🤝 Уже работаем вместе",
}
# how long a meeting lasts (storage.models.DURATIONS)
DURATIONS: dict[int, str] = {30: "30 мин", 60: "1 час", 90: "1,5 часа", 120: "2 часа"}
STATUS: dict[str, str] = {
    "planned": "запланирована",
    "done": "итоги записаны",
    "cancelled": "отменена",
}

# buttons
CONFIRM = "✅ Верно"
CONFIRM_FOR = "✅ Верно, на {length}"
DURATION_BUTTON = "⏱ {length}"
CHANGE = "✏️ Изменить"
CHANGE_TIME = "✏️ Другое время"
OVERLAP_OK = "✅ Всё равно в это время"
LOG_PAST = "📝 Встреча уже прошла — записать"
LOG_THIS = "📝 Записать прошедшую встречу"
OTHER_DATE = "✏️ Другая дата"
PLAN_NOW = "📅 Да, выбрать дату"
PLAN_LATER = "📌 Позже — напомнить договориться"
IN_PROGRESS = "идёт сейчас"
PICK_ON_CALENDAR = "📆 Выбрать в календаре"
PARTNER_ADDRESS = "📍 {address}"
OUR_PLACE = "🏠 У нас"
ONLINE_PLACE = "💻 Онлайн"
ADD_ITEM = "➕ Пункт"
EDIT_ITEMS = "✏️ Править список"
REMOVE_ITEM = "🗑 {text}"
RESCHEDULE = "🕑 Перенести"
CANCEL_MEETING = "✖️ Отменить встречу"
CANCEL_YES = "Да, отменить"
CANCEL_NO = "Нет, оставить"
ICS_ONE = "📅 В календарь телефона"
ICS_ALL = "📅 Все в календарь (.ics)"
REPORT = "📝 Рассказать, как прошло"
OPEN = "📋 Открыть встречу"
PLAN = "➕ Запланировать встречу"
PLAN_NEXT = "📅 Запланировать следующую встречу"
UPCOMING = "🔜 Предстоящие"
BY_PARTNER = "👤 По партнёру"
OTHER_PARTNER = "👤 Другой партнёр"
ALL_MEETINGS = "📋 Все встречи"
PAST = "🕘 Прошедшие"
TO_PARTNER = "◀️ К карточке партнёра"
CHECK_ON = "☑️"
CHECK_OFF = "⬜️"
SETTINGS_ROW = "🔔 Напоминания о встречах"
TOGGLE_EVE = "{mark} Вечером накануне (18:00)"
TOGGLE_SOON = "{mark} За 2 часа до встречи"
QUIET_PRESETS: tuple[tuple[int, int], ...] = (
    (21 * 60, 8 * 60),
    (22 * 60, 7 * 60),
    (20 * 60, 9 * 60),
    (23 * 60, 7 * 60),
    (0, 0),
)
QUIET_LABEL = "🌙 {label}"
QUIET_NONE = "без тихих часов"

# checklist prefilled from the partner's offer and ask and from the method's advice
CHECK_OFFER = "Что мы можем сделать для них: {text}"
CHECK_ASK = "О чём попросим: {text}"
CHECK_OFFER_EMPTY = "Сформулировать, что мы можем сделать для партнёра"
CHECK_ASK_EMPTY = "Решить, о чём попросим взамен"
CHECK_TOGETHER = "Предложить сделать что-то вместе: «от нас такой вклад, от вас — такой»"
CHECK_MATERIALS = "Материалы: буклет, фото и достижения детей, проект договора"
CHECK_INVITE = "Пригласить на наше яркое событие (какое?)"
CHECK_INVITE_EVENT = "Пригласить на наше событие «{title}» ({day})"
CHECK_EVENT = "Наше событие «{title}» ({day}): рассказать, чем оно интересно партнёру"
CHECK_CONTACT = "Уточнить контакт и удобный способ связи"

ICS_SUMMARY = "Встреча: {partner}"
ICS_FILE_ONE = "vstrecha-{id}.ics"
ICS_FILE_ALL = "vstrechi.ics"
NOTE_VOICE = "🎤 Голосовая заметка о встрече {date}"
NOTE_HEAD = "Итоги встречи {date}: {outcome}"


def human_day(local: datetime) -> str:
    """«пятница, 27 ноября 2026»"""
    return (
        f"{WEEKDAYS_FULL[local.weekday()]}, {local.day} "
        f"{MONTHS_GENITIVE[local.month - 1]} {local.year}"
    )


def human_moment(local: datetime) -> str:
    """«пятница, 27 ноября 2026, 15:00»"""
    return f"{human_day(local)}, {local:%H:%M}"


def human_span(start: datetime, end: datetime) -> str:
    """«пятница, 27 ноября 2026, 15:00–16:00» (an end on another day: with its day)."""
    if end.date() != start.date():
        return f"{human_moment(start)} – {human_moment(end)}"
    return f"{human_moment(start)}–{end:%H:%M}"


def quiet_label(quiet_from: int, quiet_to: int) -> str:
    if quiet_from == quiet_to:
        return QUIET_NONE
    return f"{quiet_from // 60:02d}:{quiet_from % 60:02d}–{quiet_to // 60:02d}:{quiet_to % 60:02d}"


NEW_AGREEMENT = "📄 Оформить договор"

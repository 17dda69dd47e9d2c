"""Labels of the meetings feature, the calendar widget and the reminder settings."""

from __future__ import annotations

from bot.dates import Reason

# calendar widget (handlers/calendar.py)
CAL_PREV = "◀️"
CAL_NEXT = "▶️"
CAL_BACK = "◀️ К дням"
WEEKDAYS_SHORT = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")
WEEKDAYS_FULL = (
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
    "воскресенье",
)
MONTHS_NOMINATIVE = (
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
)
MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)

# why a typed date was refused (bot/dates.py Reason)
PARSE_ERRORS: dict[str, str] = {
    Reason.EMPTY: "Напишите дату и время, например «завтра в 15:00».",
    Reason.UNKNOWN: "Не удалось понять дату.",
    Reason.PAST: "Этот момент уже прошёл",
    Reason.BAD_DATE: "Такой даты нет в календаре",
    Reason.BAD_TIME: "Такого времени не бывает",
    Reason.DST_GAP: "В этот час переводят часы, такого времени в этот день нет",
    Reason.TOO_FAR: "Это больше чем через три года — похоже на опечатку",
}

"""Button labels of the results log (/results). The five results, their questions and their
lines live in texts/report.py (shared with the director's report)."""

from __future__ import annotations

from texts.report import PRIZE_LEVELS, PROGRAMME_CHANGES, RESULT_BUTTONS

ADD = "➕ Записать результат"
OLDER = "Раньше ▶️"
NEWER = "◀️ Позже"
TODAY = "Сегодня"
YESTERDAY = "Вчера"
EVENT_DAY = "В день мероприятия, {day}"
PARTNERS_DONE = "✅ Готово"
NO_PARTNER = "⏭ Без партнёра"
NO_EVENT = "⏭ Без мероприятия"
SHOW_FILE = "📎 Показать файл"
DELETE = "🗑 Удалить"
DELETE_OK = "🗑 Да, удалить"
KEEP = "Оставить"
TO_LIST = "◀️ К результатам"
CHOSEN = "✅ "
KINDS = RESULT_BUTTONS
LEVELS = PRIZE_LEVELS
CHANGES = PROGRAMME_CHANGES
KIND_ICONS: dict[str, str] = {kind: label.split()[0] for kind, label in RESULT_BUTTONS.items()}
LOG_BUTTON = "{icon} {day} · {line}"  # a result in the log's buttons
# beginnings of the words a typed kind may use (lower case, ё as е)
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "prize": ("приз", "мест", "конкурс", "побед", "лауреат", "диплом", "гран"),
    "programme": ("программ",),
    "satisfaction": ("удовлетвор", "опрос", "анкет"),
    "assessment": ("оценк", "эксперт", "рейтинг"),
    "services": ("групп", "услуг", "кружок", "кружк", "объединени"),
}

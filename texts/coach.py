"""Labels of the method coach (buttons); messages are in texts/templates/coach/."""

from __future__ import annotations

from datetime import date

from texts.calendar_words import MONTHS_GENITIVE, WEEKDAYS

NOT_NOW = "🕓 Не сейчас"
ANOTHER = "🔀 Другой совет"
PLAN = "🗺 План по методике"
NEXT = "🧭 Следующий шаг"
ANSWERS = "📝 Ответы на вопросы I этапа"
EDIT_ANSWER = "✏️ Вопрос {n}"
ANSWER_NEXT = "✍️ Ответить на вопрос {n}"
DOCUMENTS = "📑 Типовые документы"
NEW_EVENT = "➕ Мероприятие"
EVENTS = "📆 План мероприятий"
EVENT_DONE = "✅ Готово"
EVENT_NO_PARTNER = "Без партнёра"
EVENT_MORE = "➕ Ещё партнёр"
RESPONSIBLE_ME = "👤 Я"
SKIP = "⏭ Пропустить"
DAY_OK = "✅ Верно"
DAY_PAST_OK = "✅ Да, прошедшее"
DAY_CHANGE = "✏️ Другая дата"
TEAM_AWARE = "✅ Коллектив в курсе"
TEAM_AWARE_UNDO = "↩️ Снять отметку «Коллектив в курсе»"

# Why a typed event date was refused (bot.domain.dates.Reason → a short explanation).
DATE_ERRORS: dict[str, str] = {
    "empty": "Не вижу даты",
    "unknown": "Не понял дату",
    "past": "Эта дата уже прошла",
    "bad_date": "Такой даты нет",
    "bad_time": "Такого времени не бывает",
    "dst_gap": "Такого времени в этот день нет",
    "too_far": "Это больше чем через три года — похоже на опечатку",
}


def human_day(day: date) -> str:
    """«пятница, 27 ноября 2026»"""
    return f"{WEEKDAYS[day.weekday()]}, {day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year}"


# What the button of a suggestion says, by rule (bot/domain/coach.py RULES).
ACTION_LABELS: dict[str, str] = {
    "due": "📌 Открыть",
    "report": "📝 Записать итоги встречи",
    "held": "✅ Отметить итоги мероприятия",
    "renewal": "📄 Открыть договор",
    "stage_one": "✍️ Ответить",
    "few_partners": "➕ Добавить партнёра",
    "few_categories": "➕ Добавить партнёра",
    "programmes": "📚 Добавить программу",
    "offer": "📝 Написать предложение",
    "meeting": "📅 Запланировать встречу",
    "agreement": "📄 Подготовить договор",
    "team": "👥 Пригласить коллегу",
    "employment": "➕ Добавить службу занятости",
    "responsible": "👤 Открыть карточку",
    "event": "📆 Запланировать мероприятие",
    "documents": "📑 Отметить документы",
    "evaluate": "⭐️ Оценить партнёрство",
    "direction": "🧭 Открыть карточку",
    # a rule whose button starts another action in some cases: "<rule>.<action kind>"
    "agreement.open_agreement": "📄 Открыть черновик договора",
}

# The button of an open item of /plan, by action kind.
PLAN_ACTION_LABELS: dict[str, str] = {
    "due": "📌 Открыть",
    "report": "📝 Записать итоги встречи",
    "held": "✅ Отметить итоги мероприятия",
    "renewal": "📄 Открыть договор",
    "answer": "✍️ Ответить на вопросы",
    "answers": "📝 Ответы на вопросы",
    "invite": "👥 Пригласить коллег",
    "add_partner": "➕ Добавить партнёра",
    "add_programme": "📚 Добавить программу",
    "edit_offer": "📝 Предложение партнёру",
    "new_meeting": "📅 Встреча с партнёром",
    "new_agreement": "📄 Договор",
    "open_agreement": "📄 Черновик договора",
    "event_held": "✅ Итоги мероприятия",
    "open_partner": "👤 Карточка партнёра",
    "new_event": "📆 Мероприятие",
    "documents": "📑 Типовые документы",
    "evaluate": "⭐️ Оценка партнёрства",
}

# A /plan button whose action serves several items, labelled for the item it sits on:
# (stage, item index, action kind) → label.
PLAN_ITEM_LABELS: dict[tuple[int, int, str], str] = {
    (2, 0, "documents"): "📑 Должностные инструкции",
}

DOCUMENT_LABELS: dict[str, str] = {
    "agreement": "Договор о сотрудничестве (типовой)",
    "program": "Положение о программе",
    "umk": "Положение об учебно-методических комплексах",
    "duties": "Должностные инструкции специалистов по работе с партнёрами",
    "other": "Положения о других ресурсах",
}

CRITERIA: tuple[str, ...] = (
    "Польза для детей",
    "Надёжность партнёра",
    "Активность партнёра",
    "Соответствие программам",
)

STAGE_SHORT: tuple[str, ...] = ("I", "II", "III")

# Said of a threshold the method does not give (bot/domain/coach.py): the bot's own.
THUMB = "ориентир бота"

# Events of the work plan: the card and its actions.
EVENT_MARK_HELD = "✅ Отметить проведённым"
EVENT_HELD_EDIT = "✏️ Итоги мероприятия"
EVENT_RESULT = "📝 Записать результат"
EVENT_PHOTO = "📷 Фото"
EVENT_EDIT_TITLE = "✏️ Название"
EVENT_EDIT_DAY = "📅 Дата"
EVENT_EDIT_PARTNERS = "🤝 Партнёры"
EVENT_EDIT_DIRECTION = "🧭 Направление"
EVENT_EDIT_RESPONSIBLE = "👤 Ответственный"
EVENT_DELETE = "🗑 Удалить"
EVENT_DELETE_OK = "🗑 Да, удалить"
EVENT_KEEP = "↩️ Оставить"
EVENT_CARD = "📆 Карточка мероприятия"
EVENT_PARTNER = "🤝 {name}"
EVENT_DROP = "✖️ {name}"
EVENT_LINE = "{day} {title}"

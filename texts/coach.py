"""Labels of the method coach (buttons); messages are in texts/templates/coach/."""

from __future__ import annotations

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

# What the button of a suggestion says, by rule (bot/coach.py RULES).
ACTION_LABELS: dict[str, str] = {
    "report": "📝 Записать итоги встречи",
    "renewal": "📄 Открыть договор",
    "stage_one": "✍️ Ответить",
    "few_partners": "➕ Добавить партнёра",
    "few_categories": "➕ Добавить партнёра",
    "programmes": "📚 Добавить программу",
    "offer": "📝 Написать предложение",
    "meeting": "📅 Запланировать встречу",
    "agreement": "📄 Подготовить договор",
    "team": "👥 Пригласить коллегу",
    "responsible": "👤 Открыть карточку",
    "event": "📆 Запланировать мероприятие",
    "documents": "📑 Отметить документы",
    "evaluate": "⭐️ Оценить партнёрство",
    "direction": "🧭 Открыть карточку",
}

# The button of an open item of /plan, by action kind.
PLAN_ACTION_LABELS: dict[str, str] = {
    "report": "📝 Записать итоги встречи",
    "renewal": "📄 Открыть договор",
    "answer": "✍️ Ответить на вопросы",
    "answers": "📝 Ответы на вопросы",
    "invite": "👥 Пригласить коллег",
    "add_partner": "➕ Добавить партнёра",
    "add_programme": "📚 Добавить программу",
    "edit_offer": "📝 Предложение партнёру",
    "new_meeting": "📅 Встреча с партнёром",
    "new_agreement": "📄 Договор",
    "open_partner": "👤 Карточка партнёра",
    "new_event": "📆 Мероприятие",
    "documents": "📑 Типовые документы",
    "evaluate": "⭐️ Оценка партнёрства",
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

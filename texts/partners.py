"""Button labels of the partner database and the programmes (Russian)."""

from __future__ import annotations

# partner card
EDIT = "✏️ Изменить"
NOTE = "📝 Заметка"
STATUS = "🔄 Статус"
MEETING = "📅 Встреча"
AGREEMENT = "📄 Договор"
LETTER = "✉️ Письмо-предложение"
DRAFT_AGREEMENT = "📝 Проект договора"
MEETINGS_LIST = "🗓 Встречи партнёра"
AGREEMENTS_LIST = "🗂 Договоры партнёра"
EVENT = "🎉 Совместное мероприятие"
EVALUATE = "⭐️ Оценка"
ARCHIVE = "🗄 В архив"
RESTORE = "♻️ Вернуть из архива"
DELETE = "🗑 Удалить"
DELETE_CONFIRM = "🗑 Да, удалить навсегда"
KEEP = "Нет, оставить"
TO_LIST = "📋 К списку"
TO_CARD = "◀️ К карточке"
FULL_NOTE = "📄 Заметка от {date} целиком"
FULL_OFFER = "📄 «Предлагаем» целиком"
FULL_ASK = "📄 «Просим» целиком"

# which field to edit
FIELD_LABELS: dict[str, str] = {
    "name": "Название",
    "category": "Категория",
    "source": "Откуда узнали",
    "contact_person": "Контактное лицо",
    "phone": "Телефон",
    "email": "E-mail",
    "address": "Адрес",
    "offer": "Что предлагаем",
    "ask": "О чём просим",
    "directions": "Направления",
    "responsible": "Ответственный",
    "programs": "Программы",
}
CLEAR = "🧹 Очистить поле"

# the add flow
OPEN_EXISTING = "📂 Открыть {name}"  # name via quoted()
ADD_ANYWAY = "➕ Всё равно добавить"
ADD_CONTACT = "➕ Добавить в партнёры"
ADD_FOUND = "➕ Добавить {name}"  # name via quoted()
ADD_MORE = "➕ Добавить ещё"

# the list
FILTER_CATEGORY = "🗂 Категория"
FILTER_STATUS = "🔄 Статус"
FILTER_DIRECTION = "🧭 Направление"
FILTER_ARCHIVE = "🗄 Архив"
FILTER_CURRENT = "📋 Текущие"
FILTER_RESET = "✖️ Сбросить фильтры"
FILTER_ALL = "Все"
PAGE = "{page} / {pages}"
CHECK = "✅ "

# programmes
PROGRAM_ADD = "➕ Добавить программу"
PROGRAM_LIST = "📚 К программам"
PROGRAM_FIELDS: dict[str, str] = {
    "name": "✏️ Название",
    "focus": "✏️ Направленность",
    "ages": "✏️ Возраст",
    "description": "✏️ Описание",
}
PROGRAM_DELETE = "🗑 Удалить программу"
PROGRAM_NEW_FROM_CARD = "➕ Новая программа"

# an age range as typed: «7–12», «7-12», «от 7 до 12», «10 лет»
AGES_PATTERN = r"^(?:от|с)?\s*(\d{1,2})\s*(?:(?:-|–|—|до)\s*(\d{1,2}))?\s*(?:лет|года|год)?\.?$"


def quoted(name: str) -> str:
    """«name», unless the name carries quotes of its own (МАУК «Музей», АО "Сибирь")."""
    return name if any(q in name for q in '«»"“”„') else f"«{name}»"


# a status chosen by hand (handlers/partners/status.py)
STATUS_REASON_NOTE = "{status}: {reason}"  # the note kept with the reason
STATUS_ANYWAY = "✅ Да, поставить"
STATUS_KEEP = "↩️ Нет, оставить как есть"
STATUS_NO_REASON = "⏭ Без причины"

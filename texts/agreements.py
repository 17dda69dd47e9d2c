"""Words of the agreements feature: button labels, kinds, dates, document defaults."""

from __future__ import annotations

from datetime import date

from storage.models import AgreementKind
from texts import plural
from texts.calendar_words import MONTHS_GENITIVE, WEEKDAYS

KIND_LABELS: dict[str, str] = {
    AgreementKind.COOPERATION: "🤝 Договор о сотрудничестве",
    AgreementKind.NETWORK: "🔗 Договор о сетевой форме реализации программы",
    AgreementKind.OTHER: "📄 Другой договор",
}

DEFAULT_SUBJECT = (
    "Совместная деятельность Сторон по созданию условий для полноценного обучения и "
    "воспитания детей, их разностороннего развития на основе взаимного учёта интересов"
)

SECTION_LABELS: dict[str, str] = {
    "active": "✅ Действующие",
    "expiring": "⏳ Истекают в 30 дней",
    "expired": "⌛️ Истёкшие",
    "drafts": "📝 Черновики",
}

BTN_NEW = "➕ Зарегистрировать договор"
BTN_OFFSETS = "⏰ Сроки напоминаний"
BTN_TEMPLATES = "🧾 Шаблоны документов"
BTN_OPEN_ENDED = "♾ Бессрочный"
BTN_CALENDAR = "📅 Выбрать в календаре"
BTN_TODAY = "Сегодня"
BTN_CONFIRM_DATE = "✅ Верно"
BTN_RETYPE_DATE = "✏️ Ввести заново"
BTN_SAVE = "✅ Сохранить"
BTN_USE_DEFAULT = "Взять типовой предмет договора"
BTN_KEEP_SUBJECT = "Оставить как в черновике"
BTN_ME = "👤 Я"
BTN_AUTO_YES = "🔁 Да, продлевается"
BTN_AUTO_NO = "Нет"
TERM_CHOICES: dict[int, str] = {12: "1 год", 6: "6 месяцев", 24: "2 года", 36: "3 года"}
BTN_MORE = "Ещё ▶️"
BTN_PREV_PAGE = "◀️ Назад"

BTN_SCAN = "📎 Скан договора"
BTN_PROLONG = "🔁 Продлить"
BTN_NEW_DRAFT = "📝 Подготовить новый договор"
# «let it end» is a decision not to renew (the agreement stays in force until its end date);
# «end early» closes it today: different words and icons, so the two are never confused
BTN_LET_END = "⏳ Пусть завершится в срок"
BTN_END_EARLY = "⛔️ Завершить досрочно"
BTN_END_NOW = "⛔️ Завершить договор"  # open-ended, or already past its end date
BTN_NO_LONGER_VALID = "⛔️ Уже не действует"  # the yearly «still in force?» of an open-ended one
BTN_STILL_VALID = "✅ Действует"
BTN_DRAFT_DOCX = "📄 Черновик договора (.docx)"
BTN_LETTER_DOCX = "✉️ Письмо-предложение (.docx)"
BTN_RESULT = "📝 Записать результат"  # a result of the partnership under it (/results)
BTN_REGISTER_DRAFT = "✍️ Договор подписан — внести"
BTN_PARTNER = "👥 Карточка партнёра"
BTN_PARTNER_AGREEMENTS = "📄 Договоры партнёра"
BTN_ALL = "📄 Все договоры"
BTN_ATTACH_SCAN = "📎 Приложить скан"

# making a document (handlers/agreements/produce.py and its steps)
BTN_KIND_COOPERATION = "🤝 О сотрудничестве"
BTN_KIND_NETWORK = "🔗 О сетевой форме реализации программы"
BTN_MAKE_NOW = "📄 Сформировать сейчас"
BTN_OUR_DETAILS = "🏢 Наши реквизиты"
BTN_THEIR_DETAILS = "🏛 Реквизиты партнёра"
BTN_EDIT_OBLIGATIONS = "✏️ Изменить обязательства"
BTN_EDIT_NETWORK = "✏️ Условия сетевой программы"
BTN_MY_CONTACTS = "✏️ Мои контакты в письмах"
BTN_OB_KEEP = "✅ {n}"
BTN_OB_EDIT = "✏️ {n}"
BTN_OB_DROP = "🗑 {n}"
BTN_OB_RESTORE = "↩️ Вернуть {n}"
BTN_OB_ADD_OURS = "➕ Наше"
BTN_OB_ADD_THEIRS = "➕ Партнёра"
BTN_OB_DONE = "✅ Всё верно"
# an obligation's state in the review → its mark
OB_MARKS: dict[str, str] = {"new": "▫️", "kept": "✅", "edited": "✏️", "dropped": "🗑"}
OB_FLAGGED = "⚠️"
MAX_OBLIGATION = 300  # characters of one typed obligation
MIN_OBLIGATION = 3
# the network-form terms, asked once: (key, question, may be skipped)
NETWORK_QUESTIONS: tuple[tuple[str, str, bool], ...] = (
    (
        "programme",
        "Какую дополнительную общеобразовательную программу вы реализуете вместе? "
        "Выберите из ваших программ или напишите название.",
        False,
    ),
    ("volume", "Объём программы в академических часах — например, 72.", True),
    (
        "our_parts",
        "Какие части (модули) программы проводит ваша организация? По одному в строке.",
        True,
    ),
    ("partner_parts", "Какие части (модули) программы проводит партнёр? По одному в строке.", True),
    (
        "our_resources",
        "Какие ваши ресурсы используются: кабинеты, оборудование, педагоги? По одному в строке.",
        True,
    ),
    (
        "partner_resources",
        "Какие ресурсы предоставляет партнёр: помещения, экспозиции, специалисты? "
        "По одному в строке.",
        True,
    ),
)
ACADEMIC_HOURS = ("академический час", "академических часа", "академических часов")
MAX_NETWORK_ANSWER = 1000
# the member's contacts for letters, asked once
CONTACT_QUESTIONS: tuple[str, ...] = (
    "В письме вы — контактное лицо. Ваш телефон для партнёра? Например: +7 912 345-67-89",
    "Ваша электронная почта для партнёра?",
)
CONTACT_ERRORS: tuple[str, ...] = (
    "Не похоже на номер телефона. Пример: +7 912 345-67-89.",
    "Не похоже на адрес электронной почты. Пример: ivanova@example.ru.",
)

BTN_TPL_DOWNLOAD = "⬇️ Скачать"
BTN_TPL_REPLACE = "⬆️ Заменить своим"
BTN_TPL_RESET = "↩️ Вернуть стандартный"
TEMPLATE_LABELS: dict[str, str] = {"agr": "Договор", "letter": "Письмо-предложение"}

FILE_NAMES: dict[str, str] = {"agr": "Договор", "letter": "Письмо"}


# bot.domain.dates.Reason → what went wrong with a typed date
DATE_ERRORS: dict[str, str] = {
    "empty": "Напишите дату.",
    "unknown": "Не понял дату.",
    "bad_date": "Такой даты нет",
    "past": "Эта дата уже прошла.",
    "too_far": "Слишком далеко.",
}


def long_date(day: date | None) -> str:
    """15 января 2027 г."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year} г."


def short_date(day: date | None) -> str:
    return "" if day is None else f"{day:%d.%m.%Y}"


def day_month(day: date, today: date) -> str:
    """10.12 within the current year, 10.12.2027 otherwise."""
    return f"{day:%d.%m}" if day.year == today.year else f"{day:%d.%m.%Y}"


def weekday(day: date) -> str:
    return WEEKDAYS[day.weekday()]


LIST_ITEM_UNTIL = "{partner} · до {until}"
YEAR_WORDS = ("год", "лет")  # «1 год», «2 года», «5 лет» in a typed prolongation term


def months_label(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} {plural(years, 'год', 'года', 'лет')}"
    return f"{months} {plural(months, 'месяц', 'месяца', 'месяцев')}"

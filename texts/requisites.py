"""Words of the requisites screens (ours in /settings, a partner's from its card): groups of
fields, the questions, buttons and the errors of typed values."""

from __future__ import annotations

from texts import paperwork

LABELS = paperwork.REQUISITE_LABELS

# the screen's groups: (key, title, fields); the bank's are optional
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("name", "🏷 Наименование", ("full_name", "short_name", "legal_form")),
    ("head", "👤 Руководитель", ("director_position", "director_name", "director_basis")),
    ("address", "📍 Адреса", ("legal_address", "postal_address")),
    ("codes", "🔢 ИНН, КПП, ОГРН", ("inn", "kpp", "ogrn")),
    ("contacts", "📞 Контакты", ("phone", "email", "website")),
    ("bank", "🏦 Банк", ("bank_name", "bik", "account", "corr_account")),
)
BANK_GROUP = "bank"

PROMPTS: dict[str, str] = {
    "full_name": (
        "Полное наименование — как в уставе.\nНапример: Муниципальное автономное учреждение "
        "дополнительного образования «Дом детского творчества» г. Тюмени"
    ),
    "short_name": "Сокращённое наименование.\nНапример: МАУ ДО ДДТ",
    "legal_form": "Организационно-правовая форма.\nНапример: муниципальное автономное учреждение",
    "director_position": "Должность руководителя.\nНапример: директор",
    "director_name": (
        "Фамилия, имя и отчество руководителя полностью.\nНапример: Иванова Мария Петровна — "
        "в договоре будет «в лице директора Ивановой Марии Петровны»."
    ),
    "director_basis": (
        "На основании какого документа действует руководитель? Если пропустить — «Устава».\n"
        "Если по доверенности, напишите, например: доверенность № 5 от 01.12.2026"
    ),
    "legal_address": (
        "Юридический адрес с индексом.\nНапример: 625000, г. Тюмень, ул. Республики, д. 1"
    ),
    "postal_address": "Почтовый адрес — если отличается от юридического.",
    "inn": "ИНН — 10 цифр (у индивидуального предпринимателя 12).",
    "kpp": "КПП — 9 знаков.",
    "ogrn": "ОГРН — 13 цифр (ОГРНИП — 15).",
    "phone": "Телефон организации.\nНапример: +7 (3452) 63-81-24",
    "email": "Электронная почта организации.",
    "website": "Сайт организации.\nНапример: ddt72.ru",
    "bank_name": "Банк (или управление Федерального казначейства).",
    "bik": "БИК банка — 9 цифр.",
    "account": "Расчётный (казначейский) счёт — 20 цифр.",
    "corr_account": "Корреспондентский счёт (или ЕКС) — 20 цифр.",
}

# errors of a typed value: the domain's, and those of the form
ERRORS: dict[str, str] = {
    **paperwork.REQUISITE_ERRORS,
    "person": (
        "Не получилось разобрать ФИО. Напишите фамилию, имя и отчество полностью, например: "
        "Иванова Мария Петровна."
    ),
    "need_text": "Напишите ответ текстом.",
}

TITLE_OURS = "🏢 Реквизиты организации"
TITLE_PARTNER = "🏛 Реквизиты: {name}"
BTN_SETTINGS = "🏢 Реквизиты"  # /settings
BTN_PARTNER = "🏛 Реквизиты"  # the partner card
BTN_WALK = "✍️ Заполнить по порядку"
BTN_SKIP = "⏭ Пропустить"
BTN_KEEP = "✅ Оставить как есть"
BTN_SAME_ADDRESS = "Совпадает с юридическим"
BTN_CLEAR = "🧹 Очистить"
BTN_STOP = "⏹ Закончить"
BTN_MALE = "👨 Мужчина"
BTN_FEMALE = "👩 Женщина"
BTN_TO_PARTNER = "👥 Карточка партнёра"
BTN_BACK_TO_DOCUMENT = "📄 Вернуться к документу"
BORROWED_OURS = "из регистрации"
BORROWED_PARTNER = "из карточки партнёра"
DEFAULT_BASIS_NOTE = "Устав (по умолчанию)"

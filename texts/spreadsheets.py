"""Words of /export and of the import of partners from a spreadsheet: column headers,
sheet names, the reasons a file or a row is refused, and the vocabulary that recognises
columns and guesses categories (bot/domain/spreadsheets.py). Codes are those of
storage/enums.py and storage/models."""

from __future__ import annotations

from texts import plural
from texts.method import (
    CATEGORY_LABELS,
    CATEGORY_SHORT,
    DIRECTION_LABELS,
    DIRECTION_SHORT,
    SOURCE_LABELS,
    STATUS_LABELS,
)
from texts.report import AGREEMENT_KINDS, FORMAT_LABELS, OUTCOME_LABELS, plain

EXPORT_FILE = "Партнёры {date}"  # + .xlsx / .csv
SHEET_PARTNERS = "Партнёры"
SHEET_MEETINGS = "Встречи"
SHEET_AGREEMENTS = "Договоры"
SHEET_REJECTED = "Не загружены"
YES = "да"
NO = "нет"

# the partners sheet: field → header (the import recognises every one of them back)
PARTNER_COLUMNS: dict[str, str] = {
    "name": "Наименование",
    "category": "Категория",
    "status": "Статус",
    "directions": "Направления взаимодействия",
    "contact_person": "Контактное лицо",
    "phone": "Телефон",
    "email": "E-mail",
    "address": "Адрес",
    "source": "Откуда узнали",
    "offer": "Что предлагаем",
    "ask": "О чём просим",
    "responsible": "Ответственный",
    "programmes": "Программы",
    "last_meeting": "Последняя встреча",
    "agreement_number": "Договор №",
    "agreement_signed": "Договор заключён",
    "agreement_until": "Договор действует до",
    "created": "Добавлен",
    "archived": "В архиве с",
}
MEETING_COLUMNS: dict[str, str] = {
    "partner": "Партнёр",
    "starts_at": "Дата и время",
    "format": "Формат",
    "status": "Состояние",
    "outcome": "Итог",
    "place": "Место",
    "purpose": "Цель встречи",
    "notes": "Как прошла",
    "next_step": "Следующий шаг",
    "member": "Педагог",
}
AGREEMENT_COLUMNS: dict[str, str] = {
    "partner": "Партнёр",
    "number": "Номер",
    "kind": "Вид договора",
    "subject": "Предмет договора",
    "status": "Состояние",
    "signed_on": "Дата заключения",
    "valid_until": "Действует до",
    "auto_prolong": "Продлевается автоматически",
    "prolong_count": "Продлений",
    "ended_on": "Завершён",
    "responsible": "Ответственный",
}
OPEN_ENDED = "бессрочный"
AGREEMENT_STATUSES: dict[str, str] = {
    "draft": "Черновик",
    "active": "Действует",
    "ended": "Завершён",
}
MEETING_STATUSES: dict[str, str] = {
    "planned": "Запланирована",
    "done": "Итоги записаны",
    "cancelled": "Отменена",
}
CATEGORIES = CATEGORY_LABELS
STATUSES = STATUS_LABELS
DIRECTIONS: dict[str, str] = {code: plain(label) for code, label in DIRECTION_SHORT.items()}
SOURCES: dict[str, str] = {code: plain(label) for code, label in SOURCE_LABELS.items()}
FORMATS = FORMAT_LABELS
OUTCOMES = OUTCOME_LABELS
KINDS = AGREEMENT_KINDS

# ------------------------------------------------------------------------------ import

# Headers people give these columns, besides the export's own (compared lower-cased, ё as е,
# without spaces and punctuation; a header that begins with one of them matches too).
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "name": (
        "Наименование", "Название", "Организация", "Наименование организации",
        "Название организации", "Полное наименование", "Краткое наименование",
        "Сокращённое наименование", "Партнёр", "Социальный партнёр", "Наименование партнёра",
        "Учреждение", "Предприятие", "Компания", "Name", "Organization", "Organisation",
        "Company", "Partner",
    ),
    "category": (
        "Категория", "Категория партнёра", "Тип партнёра", "Тип организации", "Тип",
        "Вид организации", "Сфера", "Сфера деятельности", "Отрасль", "Category", "Type",
    ),
    "status": ("Статус", "Этап", "Стадия", "Status", "Stage"),
    "directions": (
        "Направления", "Направление", "Направления взаимодействия", "Направления работы",
        "Формы сотрудничества", "Форма сотрудничества", "Directions",
    ),
    "contact_person": (
        "Контактное лицо", "Контакт", "ФИО", "ФИО контактного лица", "Представитель",
        "Руководитель", "Директор", "Контактное лицо ФИО", "Contact person", "Contact name",
        "Contact",
    ),
    "contacts": ("Контакты", "Контактные данные", "Контактная информация", "Contacts"),
    "phone": (
        "Телефон", "Тел", "Телефоны", "Номер телефона", "Контактный телефон", "Мобильный",
        "Моб", "Сотовый", "Phone", "Tel", "Telephone", "Mobile",
    ),
    "email": (
        "E-mail", "Email", "Е-mail", "Почта", "Электронная почта", "Эл. почта",
        "Адрес электронной почты", "Емейл", "Имейл", "Мейл", "Mail",
    ),
    "address": (
        "Адрес", "Юридический адрес", "Фактический адрес", "Почтовый адрес",
        "Адрес организации", "Местонахождение", "Address",
    ),
    "source": ("Откуда узнали", "Источник", "Source"),
    "offer": (
        "Что предлагаем", "Что можем предложить", "Мы предлагаем", "Наше предложение",
        "Предложение", "Offer",
    ),
    "ask": (
        "О чём просим", "Что просим", "Просим", "Что хотим попросить", "Запрос", "Просьба",
        "Ask", "Request",
    ),
    "responsible": (
        "Ответственный", "Ответственный сотрудник", "Ответственный педагог", "Куратор",
        "Responsible",
    ),
    "programmes": ("Программы", "Программа", "Образовательные программы", "Programmes"),
    "note": ("Примечание", "Примечания", "Комментарий", "Заметка", "Заметки", "Note", "Comment"),
    "last_meeting": ("Последняя встреча", "Дата последней встречи"),
    "agreement_number": ("Договор №", "Номер договора", "Договор"),
    "agreement_signed": ("Договор заключён", "Дата договора", "Дата заключения договора"),
    "agreement_until": ("Договор действует до", "Срок договора", "Срок действия договора"),
    "created": ("Добавлен", "Дата добавления"),
    "archived": ("В архиве с", "Архив"),
}  # fmt: skip

# What the preview calls each recognised column
FIELD_NAMES: dict[str, str] = {
    **{field: header for field, header in PARTNER_COLUMNS.items()},
    "contacts": "Контакты (телефон, e-mail и имя)",
    "note": "Примечание",
}
NOT_IMPORTED = "не загружается"
UNUSED_COLUMN = "не используется"

# A cell meaning "nothing" («-», «нет», «н/д»): treated as empty
EMPTY_CELLS: tuple[str, ...] = (
    "-", "—", "–", "--", "нет", "н/д", "н.д.", "нд", "не указан", "не указано", "не указана",
    "отсутствует", "?", "x", "х",
)  # fmt: skip

# words between the directions of one cell («Профориентация и наставничество»)
LIST_JOINERS: tuple[str, ...] = ("и",)
# labels before a phone or e-mail inside a «Контакты» cell, not part of the person's name
CONTACT_LABELS: tuple[str, ...] = (
    "тел", "телефон", "моб", "мобильный", "сот", "e-mail", "email", "mail", "эл. почта", "почта",
)  # fmt: skip

# Category guessed from a category cell or from the organisation's name.
# Legal forms decide first (a whole word of the name)
CATEGORY_FORMS: dict[str, tuple[str, ...]] = {
    "business": (
        "ооо", "оао", "зао", "пао", "ао", "ип", "ук", "тд", "нпп", "нпо", "пк", "кфх",
        "llc", "ltd", "inc",
    ),
    "nonprofit": ("ано", "нко", "роо", "моо", "тос", "фонд", "ассоциация", "союз"),
}  # fmt: skip
# then these beginnings of words (a phrase: of consecutive words), in this order: the first
# category with a match wins (authorities before institutions: «Департамент культуры»)
CATEGORY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("parents", ("родител", "мама", "папа", "семья", "семьи")),
    ("graduates", ("выпускник", "интересн люд", "интересн человек", "почетн гражданин")),
    ("state", (
        "госвласть", "органы государственной власти", "министерств", "правительств",
        "губернатор", "департамент", "законодательн", "областная дума", "мвд", "мчс", "гибдд",
        "полици", "прокуратур", "военкомат", "росгварди", "уфсин", "фсин", "фнс", "роспотреб",
        "федеральн служб", "федеральн агентств", "государственн власт",
        "государственн орган", "орган власт",
    )),
    ("municipal", (
        "местное самоуправление", "администраци", "дума города", "городская дума",
        "районная дума", "муниципалитет", "глава города", "глава района", "сельсовет",
        "сельского поселения", "городского округа", "комитет", "управление образования",
        "управление культуры", "управление по", "органы местного самоуправления",
        "местн власт",
    )),
    ("institution", (
        "учреждения других ведомств", "музе", "библиотек", "театр", "филармони",
        "дом культуры", "дворец культуры", "дк", "кдц", "клуб", "кинотеатр", "цирк",
        "галере", "университет", "институт", "академи", "колледж", "техникум", "училищ",
        "школ", "гимнази", "лице", "детский сад", "спорт", "стадион", "бассейн", "фок",
        "ледов", "больниц", "поликлиник", "медицин", "здравоохранени", "госпитал",
        "санатори", "планетари", "обсерватори", "зоопарк", "заповедник", "парк",
        "научн", "наук", "культур", "архив", "центр творчества", "дом детского творчества",
        "станция юных", "кванториум", "точка роста", "it-куб", "ит-куб", "образовани",
        "образовательн",
    )),
    ("business", (
        "бизнес", "работодател", "коммерч", "завод", "фабрик", "комбинат", "компани",
        "корпораци", "холдинг", "банк", "сбер", "магазин", "торгов", "кафе", "ресторан",
        "агентств", "студи", "строительн", "групп компаний", "предприяти", "производств",
        "агрофирм", "ферм", "типографи", "аптек", "салон", "автосервис",
    )),
    ("nonprofit", (
        "некоммерч", "общественн", "благотворит", "волонт", "добровол", "движени",
        "объединени", "федерация", "казач", "религиозн", "приход", "епархи", "нко",
    )),
)  # fmt: skip

# Other words for statuses and sources found in people's tables
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "potential": ("потенциальный", "потенциальные", "новый", "в списке"),
    "offer_ready": ("предложение готово", "предложение"),
    "meeting_planned": ("встреча запланирована", "встреча", "запланирована встреча"),
    "negotiating": ("переговоры", "ведём переговоры", "в работе"),
    "agreement_signed": ("договор подписан", "договор", "подписан договор", "заключён договор"),
    "active": ("активный партнёр", "активный", "действующий", "партнёр"),
    "paused": ("на паузе", "пауза", "приостановлен"),
    "declined": ("отказ", "отказался", "отказались"),
}

# ------------------------------------------------------------------------------ refusals

# why a file was refused (bot.domain.spreadsheets.ReadReason)
READ_ERRORS: dict[str, str] = {
    "too_big": "Файл больше {limit} МБ. Разделите таблицу на части и пришлите по очереди.",
    "too_many_rows": (
        "В таблице больше {limit} строк. Разделите её на части и пришлите по очереди."
    ),
    "empty": "В файле нет строк с данными.",
    "not_downloaded": "Не удалось получить файл из Telegram. Пришлите его ещё раз.",
    "not_table": "Это не таблица. Пришлите файл Excel (.xlsx) или CSV (.csv).",
    "old_xls": (
        "Это файл старого формата Excel (.xls). Откройте его в Excel и сохраните как «Книга "
        "Excel (.xlsx)», затем пришлите снова."
    ),
    "encrypted": "Файл защищён паролем. Снимите защиту в Excel и пришлите снова.",
    "broken": "Файл повреждён: его не удалось прочитать. Сохраните таблицу заново и пришлите.",
    "zip_bomb": "Файл распаковывается в слишком большой объём — такой файл не загружаю.",
    "encoding": (
        "Не удалось прочитать текст файла. Сохраните CSV в кодировке UTF-8 и пришлите снова."
    ),
    "no_name_column": (
        "Не нашёл столбец с наименованием организации. Назовите его «Наименование» и "
        "пришлите файл снова."
    ),
}

# why a row was not imported (bot.domain.spreadsheets.RejectReason)
REJECT_REASONS: dict[str, str] = {
    "no_name": "Нет наименования",
    "length": "«{field}»: нужно от {low} до {high} символов, сейчас {detail}",
    "bad_phone": "Телефон не распознан: {detail}",
    "bad_email": "E-mail не распознан: {detail}",
    "no_category": "Не удалось определить категорию",
    "bad_category": "Категория не распознана: {detail}",
    "bad_status": "Статус не распознан: {detail}",
    "bad_direction": "Направление не распознано: {detail}",
    "bad_source": "«Откуда узнали» не распознано: {detail}",
    "duplicate_db": "Такой партнёр уже есть в базе",
    "duplicate_file": "Повтор: этот партнёр уже есть в строке {detail} файла",
}
REJECTED_LINE = "Строка"
REJECTED_REASON = "Причина"
REJECTED_FILE = "Не загруженные строки"  # + .xlsx
EXTRA_PHONES = "Другие телефоны: {phones}"
SOURCE_NOTE = "Откуда узнали: {text}"  # a free-text source, kept as a note
EXTRA_EMAILS = "Другие e-mail: {emails}"


def rows_word(n: int) -> str:
    return f"{n} {plural(n, 'строка', 'строки', 'строк')}"


# the words of the category, status, direction and source tables, for the matching
ALL_CATEGORY_LABELS: dict[str, tuple[str, ...]] = {
    code: (CATEGORY_LABELS[code], plain(CATEGORY_SHORT[code])) for code in CATEGORY_LABELS
}
ALL_DIRECTION_LABELS: dict[str, tuple[str, ...]] = {
    code: (DIRECTION_LABELS[code], plain(DIRECTION_SHORT[code])) for code in DIRECTION_LABELS
}

# ------------------------------------------------------------------------------ the bot's words

IMPORT_NOTE_PROGRAMMES = "Программы из таблицы: {names}"  # not in the programmes' database
IMPORT_NOTE_RESPONSIBLE = "Ответственный по таблице: {name}"  # not a member of the bot
BTN_MORE_CSV = "📄 CSV встреч и договоров"
BTN_IMPORT = "✅ Загрузить: {n}"
BTN_CANCEL_IMPORT = "✖️ Не загружать"
BTN_SKIP_UNKNOWN = "⏭ Не загружать эти строки"
MEETINGS_FILE = "Встречи {date}"
AGREEMENTS_FILE = "Договоры {date}"
# short names of the reasons, for the preview's counts
REJECT_SHORT: dict[str, str] = {
    "no_name": "нет наименования",
    "length": "слишком длинное или короткое поле",
    "bad_phone": "телефон не распознан",
    "bad_email": "e-mail не распознан",
    "no_category": "не определена категория",
    "bad_category": "категория не распознана",
    "bad_status": "статус не распознан",
    "bad_direction": "направление не распознано",
    "duplicate_db": "уже есть в базе",
    "duplicate_file": "повтор в файле",
}
STAGES: dict[str, str] = {"check": "Проверяю строки", "save": "Записываю партнёров"}

"""Words of the director's report (/report): periods, the five results of social
partnership, the .docx, the .xlsx and the chart. Codes are the values of the enums in
bot/domain/periods.py and bot/domain/results.py (texts never imports bot/)."""

from __future__ import annotations

import re
from datetime import date

from texts import plural
from texts.calendar_words import MONTHS_GENITIVE
from texts.meetings import FORMATS, OUTCOMES
from texts.method import DIRECTION_SHORT


def plain(label: str) -> str:
    """A button label without its leading emoji: «🏭 Бизнес, работодатели» → «Бизнес,
    работодатели» (charts and spreadsheets have no emoji font)."""
    return re.sub(r"^[^\w«(]+", "", label).strip()


def short_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def number(n: int) -> str:
    """10 000 with a no-break space between thousands (from five digits, as typeset in
    Russian); 9999 stays as it is."""
    return f"{n:,}".replace(",", "\u00a0") if abs(n) >= 10_000 else str(n)


def long_date(day: date) -> str:
    """«1 сентября 2026 г.»"""
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year} г."


# ------------------------------------------------------------------------------ periods

PERIOD_BUTTONS: dict[str, str] = {
    "quarter": "📅 Этот квартал",
    "last_quarter": "⏮ Прошлый квартал",
    "year": "🗓 Этот год",
    "academic": "🎒 Учебный год",
    "custom": "✏️ Свои даты",
}

RANGE_HINT = "Напишите две даты через тире, например: 01.09.2026–31.12.2026"

# what may stand between and around the two dates of a typed period, besides dashes:
# «с 1 сентября по 31 декабря 2026», «01.09.2026 до 31.12.2026»
RANGE_WORDS_BETWEEN: tuple[str, ...] = ("по", "до")
RANGE_WORDS_BEFORE: tuple[str, ...] = ("с", "со", "от", "за", "период", "за период")

# why a typed period was refused (bot.domain.periods.RangeReason)
PERIOD_ERRORS: dict[str, str] = {
    "empty": "Не вижу дат. " + RANGE_HINT,
    "unknown": "Не понял период. " + RANGE_HINT,
    "bad_date": "Такой даты нет в календаре: {detail}",
    "reversed": "Начало периода позже его конца: {detail}",
    "future": "Этот период ещё не начался: {detail}",
    "too_long": "Период длиннее пяти лет — похоже на опечатку: {detail}",
}

_ROMAN = ("I", "II", "III", "IV")


def period_name(kind: str, start: date, end: date) -> str:
    """What the period is called: «IV квартал 2026 г.», «2026 год», «2025/2026 учебный год»,
    «01.09.2026 – 31.12.2026»."""
    if kind in ("quarter", "last_quarter"):
        return f"{_ROMAN[(start.month - 1) // 3]} квартал {start.year} г."
    if kind == "year":
        return f"{start.year} год"
    if kind == "academic":
        return f"{start.year}/{end.year} учебный год"
    return f"{short_date(start)} – {short_date(end)}"


def period_for(kind: str, start: date, end: date) -> str:
    """The period after «Отчёт … за»: «за IV квартал 2026 г.», «за период с 01.09.2026 по
    31.12.2026»."""
    if kind == "custom":
        return f"за период с {short_date(start)} по {short_date(end)}"
    return "за " + period_name(kind, start, end)


# ------------------------------------------------------------------------------ results

# The five results of social partnership (the method's «Результаты социального партнёрства»)
RESULT_KINDS: dict[str, str] = {
    "prize": "Призовые места в конкурсах различного уровня",
    "programme": "Обновление содержания, форм и средств образовательного процесса",
    "satisfaction": "Удовлетворённость участников качеством дополнительного образования",
    "assessment": "Внешняя оценка качества услуг дополнительного образования",
    "services": "Расширение спектра услуг для разных категорий детей, в том числе одарённых "
    "и с ОВЗ",
}
RESULT_BUTTONS: dict[str, str] = {
    "prize": "🏆 Призовое место",
    "programme": "📚 Новая или обновлённая программа",
    "satisfaction": "😊 Удовлетворённость участников",
    "assessment": "🔎 Внешняя оценка качества",
    "services": "🌱 Новая группа или услуга",
}
RESULT_SHORT: dict[str, str] = {kind: plain(label) for kind, label in RESULT_BUTTONS.items()}

PRIZE_LEVELS: dict[str, str] = {
    "municipal": "Муниципальный",
    "regional": "Региональный",
    "federal": "Федеральный (всероссийский)",
    "international": "Международный",
}
# stems of the words people use for each level (lower case, ё as е)
PRIZE_LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    "municipal": ("муницип", "городск", "районн", "поселков", "сельск", "местн"),
    # a contest of several regions ranks above a regional one but is not all-Russian
    "regional": ("регион", "межрегион", "областн", "краев", "республиканск", "окружн"),
    "federal": ("федерал", "всеросс", "российск", "национальн"),
    "international": ("междунар", "мирово", "интернац", "international"),
}
PROGRAMME_CHANGES: dict[str, str] = {
    "new": "Новая программа",
    "updated": "Обновлённая программа",
}
PROGRAMME_CHANGE_WORDS: dict[str, tuple[str, ...]] = {
    "new": ("нов", "разработ", "созда"),
    "updated": ("обнов", "измен", "доработ", "переработ", "дополн", "скорректир"),
}

# The question asked for each detail of a result (bot.domain.results.FIELDS)
RESULT_FIELDS: dict[str, str] = {
    "contest": "Конкурс (название)",
    "level": "Уровень конкурса",
    "place": "Место или награда (например: 1 место, лауреат, Гран-при)",
    "children": "Сколько детей",
    "programme": "Программа (название)",
    "change": "Новая программа или обновлённая",
    "what": "Что изменилось (содержание, формы, средства)",
    "survey": "Опрос: кого спрашивали (например: родители, обучающиеся)",
    "percent": "Доля удовлетворённых, % (можно «4,6 из 5»)",
    "respondents": "Сколько человек ответили",
    "assessment": "Какая оценка и кто её провёл",
    "outcome": "Итог оценки (словами)",
    "score": "Балл оценки, % (если есть)",
    "service": "Новая группа или услуга (название)",
    "gifted": "Из них одарённых детей",
    "disabled": "Из них детей с ОВЗ",
}

# why a typed detail was refused (bot.domain.results.FieldReason)
RESULT_ERRORS: dict[str, str] = {
    "empty": "Нужно заполнить это поле",
    "length": "Нужно от {low} до {high} символов, сейчас {detail}",
    "not_number": "Нужно число, например: 12",
    "range": "Число должно быть от {low} до {high}",
    "choice": "Выберите один из вариантов кнопкой",
    "more_than_children": "Это больше, чем всего детей ({detail})",
}

# one line per result in lists: kind-specific details
RESULT_LINES: dict[str, str] = {
    "prize": "{contest} — {level}{place}{children}",
    "programme": "{change}: {programme}{what}",
    "satisfaction": "{survey}: {percent} удовлетворены{respondents}",
    "assessment": "{assessment}: {outcome}{score}",
    "services": "{service}: {children}{gifted}{disabled}",
}
LEVEL_IN_LINE: dict[str, str] = {
    "municipal": "муниципальный уровень",
    "regional": "региональный уровень",
    "federal": "федеральный уровень",
    "international": "международный уровень",
}


def percent(value: float) -> str:
    """«87 %», «87,5 %»"""
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} %"


def children(n: int) -> str:
    return f"{n} {plural(n, 'ребёнок', 'ребёнка', 'детей')}"


def people(n: int) -> str:
    return f"{n} {plural(n, 'человек', 'человека', 'человек')}"


def result_line(kind: str, values: dict[str, object]) -> str:
    """One result in words: «Конкурс «Юный техник» — региональный уровень, 1 место, 3 ребёнка»."""

    def text(key: str) -> str:
        return str(values.get(key) or "")

    def count(key: str) -> int:
        value = values.get(key)
        return value if isinstance(value, int) else 0

    if kind == "prize":
        return RESULT_LINES[kind].format(
            contest=text("contest"),
            level=LEVEL_IN_LINE.get(text("level"), text("level")),
            place=f", {text('place')}" if text("place") else "",
            children=f", {children(count('children'))}" if count("children") else "",
        )
    if kind == "programme":
        return RESULT_LINES[kind].format(
            change=PROGRAMME_CHANGES.get(text("change"), text("change")),
            programme=text("programme"),
            what=f" ({text('what')})" if text("what") else "",
        )
    if kind == "satisfaction":
        value = values.get("percent")
        return RESULT_LINES[kind].format(
            survey=text("survey"),
            percent=percent(float(value)) if isinstance(value, int | float) else "",
            respondents=f" (ответили {people(count('respondents'))})"
            if count("respondents")
            else "",
        )
    if kind == "assessment":
        value = values.get("score")
        return RESULT_LINES[kind].format(
            assessment=text("assessment"),
            outcome=text("outcome"),
            score=f", {percent(float(value))}" if isinstance(value, int | float) else "",
        )
    return RESULT_LINES["services"].format(
        service=text("service"),
        children=children(count("children")),
        gifted=SUMMARY_GIFTED.format(n=count("gifted")) if count("gifted") else "",
        disabled=SUMMARY_DISABLED.format(n=count("disabled")) if count("disabled") else "",
    )


# The yearly summary (stage III: what the partnership has given the children this year)
SUMMARY_TITLE = "Что партнёрство дало детям {period}"
SUMMARY_NOTHING = "Результатов пока не записано."
SUMMARY_PRIZES = "🏆 Призовых мест: {n} ({levels})"
SUMMARY_PRIZE_CHILDREN = "награждено {children}"
SUMMARY_PROGRAMMES = "📚 Программ: новых — {new}, обновлённых — {updated}"
SUMMARY_SATISFACTION = "😊 Удовлетворённость участников: {percent} ({surveys})"
SUMMARY_ASSESSMENTS = "🔎 Внешних оценок качества: {n}{best}"
SUMMARY_BEST_SCORE = ", лучший балл — {score}"
SUMMARY_SERVICES = "🌱 Новых групп и услуг: {n}, в них {children}{gifted}{disabled}"
SUMMARY_GIFTED = ", одарённых — {n}"
SUMMARY_DISABLED = ", с ОВЗ — {n}"
SUMMARY_PARTNERS = "🤝 Партнёров, с которыми достигнуты результаты: {n}"
LEVEL_COUNTS: dict[str, str] = {
    "municipal": "муниципальных — {n}",
    "regional": "региональных — {n}",
    "federal": "федеральных — {n}",
    "international": "международных — {n}",
}


def surveys(n: int, respondents: int) -> str:
    text = f"{n} {plural(n, 'опрос', 'опроса', 'опросов')}"
    if respondents:
        text += f", {people(respondents)}"
    return text


# ------------------------------------------------------------------------------ the report

REPORT_TITLE = "Отчёт о развитии социального партнёрства"
REPORT_FILE = "Отчёт о партнёрстве {name}"  # + .docx / .xlsx; name: period_name
COMPILED_ON = "Дата составления: {date}"
COMPILED_BY = "Составитель: {author}"
DATA_AS_OF = "Период ещё не закончился: данные на {date}"
NO_DATA = "Нет данных"
TOTAL = "Всего"
MORE_IN_XLSX = "…и ещё {n} — полный список в таблице .xlsx"
YES = "да"
NO = "нет"
OPEN_ENDED = "бессрочный"

SECTION_PARTNERS = "1. Партнёры"
SECTION_MEETINGS = "2. Встречи с партнёрами"
SECTION_AGREEMENTS = "3. Договоры"
SECTION_EVENTS = "4. Совместные мероприятия"
SECTION_RESULTS = "5. Результаты социального партнёрства"
SECTION_PIPELINE = "6. Путь партнёров: от потенциального к активному"
SECTION_METHOD = "7. Продвижение по методике"
SECTION_CHARTS = "Диаграммы"

PARTNERS_BY_CATEGORY = "Партнёры по категориям модели партнёрства"
PARTNERS_BY_STATUS = "Партнёры по статусам"
PARTNERS_MOVES = "Новых партнёров за период: {added}; перенесено в архив: {archived}."
COL_CATEGORY = "Категория"
COL_STATUS = "Статус"
COL_AT_START = "На начало периода"
COL_AT_END = "На конец периода"
COL_CHANGE = "Изменение"

MEETINGS_SUMMARY = (
    "Проведено встреч: {held}; отменено: {cancelled}; запланировано на будущее: {planned}."
)
COL_OUTCOME = "Итог встречи"
COL_FORMAT = "Формат встречи"
COL_MEETINGS = "Встреч"
NO_OUTCOME = "Итог не записан"
OUTCOME_LABELS: dict[str, str] = {code: plain(label) for code, label in OUTCOMES.items()}
FORMAT_LABELS: dict[str, str] = {code: plain(label) for code, label in FORMATS.items()}

AGREEMENTS_SUMMARY = (
    "Заключено договоров: {signed}; продлено: {prolonged}; действуют на конец периода: "
    "{in_force}; истекают в ближайшие {days} дней: {ending}."
)
AGREEMENTS_SIGNED = "Заключённые договоры"
AGREEMENTS_PROLONGED = "Продлённые договоры"
AGREEMENTS_ENDING = "Истекают в ближайшие {days} дней"
COL_PARTNER = "Партнёр"
COL_NUMBER = "№"
COL_KIND = "Вид договора"
COL_SIGNED = "Дата заключения"
COL_UNTIL = "Действует до"
COL_PROLONGS = "Продлений"
COL_RESPONSIBLE = "Ответственный"
AGREEMENT_KINDS: dict[str, str] = {
    "coop": "О сотрудничестве",
    "network": "О сетевой форме реализации программы",
    "other": "Другой",
}

EVENTS_LIST = "Список мероприятий"
EVENTS_SUMMARY = "Проведено и запланировано совместных мероприятий: {n}."
COL_DAY = "Дата"
COL_EVENT = "Мероприятие"
COL_DIRECTION = "Направление"
COL_PARTNERS = "Партнёры"
COL_EVENTS = "Мероприятий"
NO_DIRECTION = "Не указано"
DIRECTION_LABELS: dict[str, str] = {code: plain(label) for code, label in DIRECTION_SHORT.items()}

RESULTS_LIST = "Записанные результаты"
COL_RESULT_KIND = "Результат"
COL_RESULTS = "Записей"
COL_DETAILS = "Содержание"

PIPELINE_NOTE = (
    "«Достигли» — партнёры, дошедшие до этапа к концу периода (учтены и ушедшие дальше); "
    "«Перешли за период» — сколько партнёров перешли на этап в течение периода."
)
COL_STAGE = "Этап"
COL_REACHED = "Достигли"
COL_ENTERED = "Перешли за период"

METHOD_STAGE = "{title}: выполнено {done} из {total}"
ITEM_DONE = "да"
ITEM_OPEN = "нет"
COL_ITEM = "Ожидаемый результат этапа"
COL_DONE = "Выполнено"


# the .xlsx
SHEET_SUMMARY = "Сводка"
SHEET_PARTNERS = "Партнёры"
SHEET_MEETINGS = "Встречи"
SHEET_AGREEMENTS = "Договоры"
SHEET_EVENTS = "Мероприятия"
SHEET_RESULTS = "Результаты"
SHEET_PIPELINE = "Воронка"
SHEET_METHOD = "Методика"
COL_FIGURE = "Показатель"
COL_VALUE = "Значение"
COL_GROUP = "Группа"
GROUP_CATEGORY = "Категория"
GROUP_STATUS = "Статус"
COL_AGREEMENT_GROUP = "Раздел"
AGREEMENT_GROUPS: dict[str, str] = {
    "signed": "Заключён",
    "prolonged": "Продлён",
    "ending": "Истекает",
}
COL_LAST_MEETING = "Последняя встреча"
COL_METHOD_STAGE = "Этап методики"
FIGURES: dict[str, str] = {
    "organisation": "Организация",
    "period": "Период",
    "from": "Начало периода",
    "to": "Конец периода",
    "compiled": "Дата составления",
    "partners_start": "Партнёров на начало периода",
    "partners_end": "Партнёров на конец периода",
    "added": "Новых партнёров",
    "archived": "Перенесено в архив",
    "meetings_held": "Проведено встреч",
    "meetings_cancelled": "Отменено встреч",
    "meetings_planned": "Запланировано встреч на будущее",
    "agreements_signed": "Заключено договоров",
    "agreements_prolonged": "Продлено договоров",
    "agreements_in_force": "Договоров действует на конец периода",
    "agreements_ending": "Договоров истекает в ближайшие {days} дней",
    "events": "Совместных мероприятий",
    "results": "Результатов партнёрства",
}

# the chart (one picture, sent in the chat and put into the .docx)
CHART_CATEGORIES = "Партнёры по категориям"
CHART_PIPELINE = "Путь партнёров (в скобках — за период)"
CHART_MEETINGS = "Итоги встреч"
CHART_RESULTS = "Результаты партнёрства"
CHART_AT_START = "на начало"
CHART_AT_END = "на конец"
CHART_TITLE = "{org}\n{period}"
STATUS_CHART: dict[str, str] = {
    "potential": "Потенциальный",
    "offer_ready": "Предложение",
    "meeting_planned": "Встреча",
    "negotiating": "Переговоры",
    "agreement_signed": "Договор",
    "active": "Активный",
}
CATEGORY_CHART: dict[str, str] = {
    "state": "Госвласть",
    "municipal": "Местное самоупр.",
    "business": "Бизнес",
    "nonprofit": "НКО",
    "education": "Образование",
    "institution": "Культура, наука, спорт",
    "parents": "Родители",
    "graduates": "Выпускники",
}
RESULT_CHART: dict[str, str] = {
    "prize": "Призы",
    "programme": "Программы",
    "satisfaction": "Удовлетворённость",
    "assessment": "Внешняя оценка",
    "services": "Новые услуги",
}

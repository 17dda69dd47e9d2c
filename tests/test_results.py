"""The five results of social partnership: their details typed the way teachers write them,
records checked again from untrusted data, one-line descriptions and the yearly summary."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.domain.results import (
    FIELDS,
    FieldError,
    FieldReason,
    PrizeLevel,
    ProgrammeChange,
    Result,
    ResultKind,
    field_of,
    parse_field,
    summarise,
    summary_lines,
    validate,
)
from texts import report as words

YEAR = (date(2025, 9, 1), date(2026, 8, 31))


def test_five_kinds_with_words_and_questions() -> None:
    assert [k.value for k in ResultKind] == [
        "prize",
        "programme",
        "satisfaction",
        "assessment",
        "services",
    ]
    for table in (words.RESULT_KINDS, words.RESULT_BUTTONS, words.RESULT_SHORT):
        assert set(table) == set(ResultKind)
    assert words.RESULT_SHORT["prize"] == "Призовое место"
    assert "ОВЗ" in words.RESULT_KINDS["services"]
    assert set(words.PRIZE_LEVELS) == set(PrizeLevel)
    assert set(words.PROGRAMME_CHANGES) == set(ProgrammeChange)
    for kind, fields in FIELDS.items():
        assert fields[0].required, kind
        for item in fields:
            assert words.RESULT_FIELDS[item.key], item.key
    for reason in FieldReason:
        assert "{" not in FieldError("x", reason, 2, 300, "7").text()


@pytest.mark.parametrize(
    ("typed", "level"),
    [
        ("Муниципальный", "municipal"),
        ("городской конкурс", "municipal"),
        ("районный", "municipal"),
        ("Областной", "regional"),
        ("межрегиональный", "regional"),
        ("краевой", "regional"),
        ("Всероссийский", "federal"),
        ("федеральный", "federal"),
        ("МЕЖДУНАРОДНЫЙ", "international"),
        ("international", "international"),
        ("regional", "regional"),  # the button's code
    ],
)
def test_prize_levels(typed: str, level: str) -> None:
    assert parse_field(field_of(ResultKind.PRIZE, "level"), typed) == level


@pytest.mark.parametrize("typed", ["городской и областной", "школьный", "высокий"])
def test_unclear_levels_are_asked_again(typed: str) -> None:
    result = parse_field(field_of(ResultKind.PRIZE, "level"), typed)
    assert result == FieldError("level", FieldReason.CHOICE)
    assert isinstance(result, FieldError)
    assert result.text() == "Выберите один из вариантов кнопкой"


@pytest.mark.parametrize(
    ("typed", "change"),
    [
        ("новая", "new"),
        ("Разработали новую", "new"),
        ("обновлённая", "updated"),
        ("доработали", "updated"),
        ("updated", "updated"),
    ],
)
def test_programme_changes(typed: str, change: str) -> None:
    assert parse_field(field_of(ResultKind.PROGRAMME, "change"), typed) == change


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("87", 87.0),
        ("87 %", 87.0),
        ("87,5%", 87.5),
        ("87.55", 87.6),
        ("87 процентов", 87.0),
        ("4,6 из 5", 92.0),
        ("4,6 балла из 5", 92.0),
        ("46/50", 92.0),
        ("0", 0.0),
        ("100", 100.0),
    ],
)
def test_percent(typed: str, value: float) -> None:
    assert parse_field(field_of(ResultKind.SATISFACTION, "percent"), typed) == value


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("101", FieldReason.RANGE),
        ("6 из 5", FieldReason.RANGE),
        ("3 из 0", FieldReason.RANGE),
        ("много", FieldReason.NOT_NUMBER),
        ("10 100", FieldReason.NOT_NUMBER),
        ("87 5", FieldReason.NOT_NUMBER),
        ("", FieldReason.EMPTY),
        ("   ", FieldReason.EMPTY),
    ],
)
def test_bad_percent(typed: str, reason: FieldReason) -> None:
    result = parse_field(field_of(ResultKind.SATISFACTION, "percent"), typed)
    assert isinstance(result, FieldError) and result.reason is reason


def test_percent_refusal_words() -> None:
    result = parse_field(field_of(ResultKind.SATISFACTION, "percent"), "120")
    assert isinstance(result, FieldError)
    assert result.text() == "Число должно быть от 0 до 100"


@pytest.mark.parametrize(
    ("typed", "value"),
    [("12", 12), ("12 детей", 12), ("1 200", 1200), ("1\u00a0200 чел.", 1200), ("7 ребят", 7)],
)
def test_counts(typed: str, value: int) -> None:
    assert parse_field(field_of(ResultKind.SERVICES, "children"), typed) == value


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("0", FieldReason.RANGE),
        ("-3", FieldReason.NOT_NUMBER),
        ("12,5", FieldReason.NOT_NUMBER),
        ("двенадцать", FieldReason.NOT_NUMBER),
        ("1" * 40, FieldReason.NOT_NUMBER),
    ],
)
def test_bad_counts(typed: str, reason: FieldReason) -> None:
    result = parse_field(field_of(ResultKind.SERVICES, "children"), typed)
    assert isinstance(result, FieldError) and result.reason is reason


def test_gifted_may_be_zero_and_optional_fields_may_be_empty() -> None:
    assert parse_field(field_of(ResultKind.SERVICES, "gifted"), "0") == 0
    assert parse_field(field_of(ResultKind.SERVICES, "gifted"), "") is None
    assert parse_field(field_of(ResultKind.PRIZE, "place"), "  ") is None


def test_text_lengths() -> None:
    contest = field_of(ResultKind.PRIZE, "contest")
    assert parse_field(contest, "  Юный   техник ") == "Юный техник"
    short = parse_field(contest, "Ю")
    assert short == FieldError("contest", FieldReason.LENGTH, 2, 300, "1")
    assert isinstance(short, FieldError)
    assert short.text() == "Нужно от 2 до 300 символов, сейчас 1"
    assert isinstance(parse_field(contest, "к" * 301), FieldError)


def test_validate_types_and_drops_unknown_keys() -> None:
    clean = validate(
        "prize",
        {"contest": " Юный техник ", "level": "Областной", "children": "3", "hack": "x"},
    )
    assert clean == {"contest": "Юный техник", "level": "regional", "children": 3}
    assert validate(ResultKind.SATISFACTION, {"survey": "Родители", "percent": 91}) == {
        "survey": "Родители",
        "percent": 91.0,
    }


@pytest.mark.parametrize(
    ("kind", "values", "errors"),
    [
        ("prize", {}, [("contest", "empty"), ("level", "empty")]),
        ("prize", {"contest": "Конкурс", "level": "galactic"}, [("level", "choice")]),
        (
            "prize",
            {"contest": "Конкурс", "level": "regional", "children": True},
            [("children", "not_number")],
        ),
        ("satisfaction", {"survey": "Дети", "percent": float("nan")}, [("percent", "not_number")]),
        ("satisfaction", {"survey": "Дети", "percent": 150}, [("percent", "range")]),
        ("services", {"service": "Робототехника", "children": 0}, [("children", "range")]),
        (
            "services",
            {"service": "Робототехника", "children": 10, "gifted": 11, "disabled": 12},
            [("gifted", "more_than_children"), ("disabled", "more_than_children")],
        ),
        ("assessment", {"assessment": "НОКО", "outcome": ["list"]}, [("outcome", "choice")]),
    ],
)
def test_validate_refuses(kind: str, values: dict[str, Any], errors: list[tuple[str, str]]) -> None:
    result = validate(kind, values)
    assert isinstance(result, list)
    assert [(e.key, e.reason.value) for e in result] == errors


def test_more_than_children_words() -> None:
    result = validate("services", {"service": "Группа", "children": 10, "disabled": 11})
    assert isinstance(result, list)
    assert result[0].text() == "Это больше, чем всего детей (10)"


def test_unknown_kind_is_an_error() -> None:
    with pytest.raises(ValueError):
        validate("medal", {})


@pytest.mark.parametrize(
    ("kind", "values", "line"),
    [
        (
            "prize",
            {"contest": "«Юный техник»", "level": "regional", "place": "1 место", "children": 3},
            "«Юный техник» — региональный уровень, 1 место, 3 ребёнка",
        ),
        (
            "prize",
            {"contest": "Шахматы", "level": "international"},
            "Шахматы — международный уровень",
        ),
        (
            "programme",
            {"programme": "Робототехника", "change": "updated", "what": "модуль на базе завода"},
            "Обновлённая программа: Робототехника (модуль на базе завода)",
        ),
        (
            "programme",
            {"programme": "Музейное дело", "change": "new"},
            "Новая программа: Музейное дело",
        ),
        (
            "satisfaction",
            {"survey": "Родители", "percent": 92.0, "respondents": 41},
            "Родители: 92 % удовлетворены (ответили 41 человек)",
        ),
        (
            "satisfaction",
            {"survey": "Обучающиеся", "percent": 87.5},
            "Обучающиеся: 87,5 % удовлетворены",
        ),
        (
            "assessment",
            {"assessment": "НОКО", "outcome": "вошли в топ-10 области", "score": 96.4},
            "НОКО: вошли в топ-10 области, 96,4 %",
        ),
        (
            "services",
            {"service": "Группа «Юный эколог»", "children": 21, "gifted": 3, "disabled": 2},
            "Группа «Юный эколог»: 21 ребёнок, одарённых — 3, с ОВЗ — 2",
        ),
        ("services", {"service": "Кружок", "children": 5}, "Кружок: 5 детей"),
    ],
)
def test_result_lines(kind: str, values: dict[str, Any], line: str) -> None:
    assert Result(ResultKind(kind), date(2026, 5, 1), values).line() == line


def _year_results() -> list[Result]:
    d = date(2026, 3, 1)
    return [
        Result(ResultKind.PRIZE, d, {"contest": "А", "level": "regional", "children": 3}, 1),
        Result(ResultKind.PRIZE, d, {"contest": "Б", "level": "regional"}, 1),
        Result(ResultKind.PRIZE, d, {"contest": "В", "level": "federal", "children": 1}, 2),
        Result(ResultKind.PROGRAMME, d, {"programme": "П", "change": "new"}, 2),
        Result(ResultKind.PROGRAMME, d, {"programme": "Р", "change": "updated"}, 3),
        Result(ResultKind.PROGRAMME, d, {"programme": "С", "change": "updated"}),
        # weighted by respondents: (80*10 + 95*30) / 40 = 91.25 → 91.3
        Result(ResultKind.SATISFACTION, d, {"survey": "Р", "percent": 80.0, "respondents": 10}),
        Result(ResultKind.SATISFACTION, d, {"survey": "Д", "percent": 95.0, "respondents": 30}),
        Result(ResultKind.ASSESSMENT, d, {"assessment": "НОКО", "outcome": "ок", "score": 88.0}),
        Result(ResultKind.ASSESSMENT, d, {"assessment": "Рейтинг", "outcome": "5 место"}),
        Result(
            ResultKind.SERVICES,
            d,
            {"service": "Группа", "children": 12, "gifted": 2, "disabled": 1},
            partner="Музей",
        ),
        Result(ResultKind.SERVICES, d, {"service": "Кружок", "children": 10, "disabled": 3}),
        # outside the academic year: not counted
        Result(ResultKind.PRIZE, date(2025, 8, 31), {"contest": "Г", "level": "municipal"}, 9),
        Result(ResultKind.PRIZE, date(2026, 9, 1), {"contest": "Д", "level": "municipal"}, 9),
    ]


def test_summary_numbers() -> None:
    s = summarise(_year_results(), *YEAR)
    assert s.total == 12
    assert dict(s.by_kind) == {
        "prize": 3,
        "programme": 3,
        "satisfaction": 2,
        "assessment": 2,
        "services": 2,
    }
    assert dict(s.prizes_by_level) == {
        "municipal": 0,
        "regional": 2,
        "federal": 1,
        "international": 0,
    }
    assert (s.prize_children, s.programmes_new, s.programmes_updated) == (4, 1, 2)
    assert (s.satisfaction, s.surveys, s.respondents) == (91.3, 2, 40)
    assert (s.assessments, s.best_score) == (2, 88.0)
    assert (s.services, s.service_children, s.gifted, s.disabled) == (2, 22, 2, 4)
    assert s.partners == 4  # ids 1, 2, 3 and «Музей»


def test_summary_in_words() -> None:
    lines = summary_lines(summarise(_year_results(), *YEAR))
    assert lines == [
        "🏆 Призовых мест: 3 (региональных — 2, федеральных — 1, награждено 4 ребёнка)",
        "📚 Программ: новых — 1, обновлённых — 2",
        "😊 Удовлетворённость участников: 91,3 % (2 опроса, 40 человек)",
        "🔎 Внешних оценок качества: 2, лучший балл — 88 %",
        "🌱 Новых групп и услуг: 2, в них 22 ребёнка, одарённых — 2, с ОВЗ — 4",
        "🤝 Партнёров, с которыми достигнуты результаты: 4",
    ]


def test_survey_without_respondents_counts_as_one_voice() -> None:
    d = date(2026, 1, 10)
    s = summarise(
        [
            Result(ResultKind.SATISFACTION, d, {"survey": "А", "percent": 70.0}),
            Result(ResultKind.SATISFACTION, d, {"survey": "Б", "percent": 91.0}),
        ],
        *YEAR,
    )
    assert (s.satisfaction, s.respondents) == (80.5, 0)
    assert summary_lines(s)[0] == "😊 Удовлетворённость участников: 80,5 % (2 опроса)"


def test_empty_summary() -> None:
    s = summarise([], *YEAR)
    assert s.total == 0 and s.satisfaction is None and s.best_score is None
    assert summary_lines(s) == ["Результатов пока не записано."]
    title = words.SUMMARY_TITLE.format(period="за 2025/2026 учебный год")
    assert title == "Что партнёрство дало детям за 2025/2026 учебный год"

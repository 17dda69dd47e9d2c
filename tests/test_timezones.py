"""Typed places and offsets → IANA zones; the order of the zone picker."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.morph import _analyzer
from bot.domain.timezones import (
    Place,
    ZoneChoice,
    describe,
    find_place,
    ordered_choices,
    zone_for,
)
from texts import buttons
from texts.timezones import PLACES

FOUND: list[tuple[str, str, str]] = [
    # (typed, the name shown back, zone) — the client's examples first
    ("тюмень", "Тюмень", "Asia/Yekaterinburg"),
    ("Сургут", "Сургут", "Asia/Yekaterinburg"),
    ("Омск", "Омск", "Asia/Omsk"),
    ("мск", "Москва", "Europe/Moscow"),
    ("+5", "Тюмень, Екатеринбург (UTC+5)", "Asia/Yekaterinburg"),
    ("UTC+5", "Тюмень, Екатеринбург (UTC+5)", "Asia/Yekaterinburg"),
    ("Екатеринбург", "Екатеринбург", "Asia/Yekaterinburg"),
    ("ХМАО", "Ханты-Мансийский автономный округ — Югра", "Asia/Yekaterinburg"),
    ("Ямал", "Ямало-Ненецкий автономный округ", "Asia/Yekaterinburg"),
    ("Новосибирск", "Новосибирск", "Asia/Novosibirsk"),
    ("Калининград", "Калининград", "Europe/Kaliningrad"),
    ("Владивосток", "Владивосток", "Asia/Vladivostok"),
    # case endings, prepositions, «ё», filler words
    ("в Тюмени", "Тюмень", "Asia/Yekaterinburg"),
    ("Я живу в Тюмени", "Тюмень", "Asia/Yekaterinburg"),
    ("из Сургута", "Сургут", "Asia/Yekaterinburg"),
    ("в Омске", "Омск", "Asia/Omsk"),
    ("в Набережных Челнах", "Набережные Челны", "Europe/Moscow"),
    ("в Нижнем Новгороде", "Нижний Новгород", "Europe/Moscow"),
    ("в Петропавловске-Камчатском", "Петропавловск-Камчатский", "Asia/Kamchatka"),
    ("в Ростове-на-Дону", "Ростов-на-Дону", "Europe/Moscow"),
    ("в Кемерове", "Кемерово", "Asia/Novokuznetsk"),
    ("в Великих Луках", "Великие Луки", "Europe/Moscow"),
    ("на Ямале", "Ямало-Ненецкий автономный округ", "Asia/Yekaterinburg"),
    ("в Югре", "Ханты-Мансийский автономный округ — Югра", "Asia/Yekaterinburg"),
    ("в Якутии", "Республика Саха (Якутия)", "Asia/Yakutsk"),
    ("ОРЁЛ", "Орёл", "Europe/Moscow"),
    ("орел", "Орёл", "Europe/Moscow"),
    ("Ёбург", "Екатеринбург", "Asia/Yekaterinburg"),
    ("г.Тюмень", "Тюмень", "Asia/Yekaterinburg"),
    # subjects, abbreviations, colloquial names
    ("Тюменская область", "Тюменская область", "Asia/Yekaterinburg"),
    ("Тюменская обл.", "Тюменская область", "Asia/Yekaterinburg"),
    ("Свердловская обл", "Свердловская область", "Asia/Yekaterinburg"),
    ("Пермский край", "Пермский край", "Asia/Yekaterinburg"),
    ("ХМАО-Югра", "Ханты-Мансийский автономный округ — Югра", "Asia/Yekaterinburg"),
    ("Ханты-Мансийский АО", "Ханты-Мансийский автономный округ — Югра", "Asia/Yekaterinburg"),
    ("ханты мансийск", "Ханты-Мансийск", "Asia/Yekaterinburg"),
    ("ЯНАО", "Ямало-Ненецкий автономный округ", "Asia/Yekaterinburg"),
    ("Питер", "Санкт-Петербург", "Europe/Moscow"),
    ("СПб", "Санкт-Петербург", "Europe/Moscow"),
    ("екб", "Екатеринбург", "Asia/Yekaterinburg"),
    ("Кузбасс", "Кемеровская область", "Asia/Novokuznetsk"),
    ("Подмосковье", "Московская область", "Europe/Moscow"),
    ("Забайкалье", "Забайкальский край", "Asia/Chita"),
    ("в Туве", "Республика Тыва", "Asia/Krasnoyarsk"),
    ("КЧР", "Карачаево-Черкесская Республика", "Europe/Moscow"),
    ("Крым", "Республика Крым", "Europe/Simferopol"),
    ("Удмуртия", "Удмуртская Республика", "Europe/Samara"),
    ("Астрахань", "Астрахань", "Europe/Astrakhan"),
    ("Киров", "Киров", "Europe/Kirov"),
    ("Чукотка", "Чукотский автономный округ", "Asia/Anadyr"),
    # an address: the city wins over its region
    ("Тюменская обл., г. Ишим", "Ишим", "Asia/Yekaterinburg"),
    ("Ишим, Тюменская область", "Ишим", "Asia/Yekaterinburg"),
    ("Тюмень, ул. Ленина, 5", "Тюмень", "Asia/Yekaterinburg"),
    # one typo in a long name
    ("Екатеринбур", "Екатеринбург", "Asia/Yekaterinburg"),
    ("Тюмнь", "Тюмень", "Asia/Yekaterinburg"),
    ("Новосибирк", "Новосибирск", "Asia/Novosibirsk"),
    # offsets: from UTC, or from Moscow
    ("GMT +7", "Новосибирск, Красноярск (UTC+7)", "Asia/Krasnoyarsk"),
    ("utc+05:00", "Тюмень, Екатеринбург (UTC+5)", "Asia/Yekaterinburg"),
    ("мск+2", "Тюмень, Екатеринбург (UTC+5)", "Asia/Yekaterinburg"),
    ("МСК -1", "Калининград (UTC+2)", "Europe/Kaliningrad"),
    ("МСК+9", "Камчатка (UTC+12)", "Asia/Kamchatka"),
    ("+12", "Камчатка (UTC+12)", "Asia/Kamchatka"),
]


@pytest.mark.parametrize(("typed", "name", "zone"), FOUND)
def test_found(typed: str, name: str, zone: str) -> None:
    place = find_place(typed)
    assert place is not None, typed
    assert (place.name, place.zone) == (name, zone)
    assert zone_for(typed) == zone


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "привет",
        "Берлин",
        "+13",  # no Russian zone
        "UTC+1",
        "Москва и Новосибирск",  # two zones: ask again rather than guess
        "Нижний",  # Нижний Новгород or Нижний Тагил: different zones
        "Томс",  # too short for a typo to be forgiven… and not «Омск» either
        "музей",
    ],
)
def test_not_found(typed: str) -> None:
    assert find_place(typed) is None
    assert zone_for(typed) is None


def test_every_federal_subject_is_listed() -> None:
    regions = [p for p in (find_place(name) for name, _, _ in PLACES) if p and p.region]
    federal_cities = {"Москва", "Санкт-Петербург", "Севастополь"}
    assert len(regions) + len(federal_cities) == 89  # the subjects named in the Constitution
    assert federal_cities <= {name for name, _, _ in PLACES}


def test_no_spelling_points_to_two_zones() -> None:
    from bot.domain.timezones import _index

    for key, places in _index().items():
        assert len({p.zone for p in places}) == 1, key


def _in_city(name: str) -> str:
    """«в Тюмени»: every word of the name in the prepositional case."""
    analyzer = _analyzer()
    out = []
    for word in name.split():
        parses = analyzer.parse(word)
        parse = next((p for p in parses if "Geox" in p.tag), parses[0])
        inflected = parse.inflect({"loct"})
        out.append(inflected.word if inflected is not None else word)
    return "в " + " ".join(out)


@pytest.mark.parametrize(("name", "zone", "aliases"), PLACES, ids=[row[0] for row in PLACES])
def test_every_row_in_every_spelling(name: str, zone: str, aliases: tuple[str, ...]) -> None:
    place = find_place(name)
    assert place is not None and (place.name, place.zone) == (name, zone)
    for alias in aliases:
        assert zone_for(alias) == zone, alias
    assert zone_for(name.upper()) == zone
    if not place.region:
        assert zone_for(_in_city(name)) == zone, _in_city(name)


def test_describe() -> None:
    assert describe(Place("Тюмень", "Asia/Yekaterinburg")) == "Тюмень — UTC+5 (МСК+2)"
    assert describe(Place("Калининград", "Europe/Kaliningrad")) == "Калининград — UTC+2 (МСК−1)"
    assert describe(Place("Москва", "Europe/Moscow")) == "Москва — UTC+3 (МСК)"
    assert describe(Place("Анадырь", "Asia/Anadyr")) == "Анадырь — UTC+12 (МСК+9)"


OFFERED = [ZoneChoice(label, zone) for label, zone in buttons.TIMEZONES.items()]


def test_choices_own_zone_first() -> None:
    choices = ordered_choices("Asia/Yekaterinburg")
    assert choices[0] == ZoneChoice("Тюмень, Екатеринбург (UTC+5)", "Asia/Yekaterinburg")
    assert choices[1:] == [c for c in OFFERED if c.zone != "Asia/Yekaterinburg"]
    assert len(choices) == len(OFFERED) == 11


def test_choices_keep_a_precise_zone() -> None:
    # Tomsk shares UTC+7 with Krasnoyarsk: the first button keeps Asia/Tomsk
    choices = ordered_choices("Asia/Tomsk")
    assert choices[0] == ZoneChoice("Новосибирск, Красноярск (UTC+7)", "Asia/Tomsk")
    assert "Asia/Krasnoyarsk" not in [c.zone for c in choices]
    assert [c.label for c in choices[1:]] == [
        c.label for c in OFFERED if c.label != "Новосибирск, Красноярск (UTC+7)"
    ]
    # Volgograd is on Moscow time
    assert ordered_choices("Europe/Volgograd")[0] == ZoneChoice(
        "Москва (UTC+3)", "Europe/Volgograd"
    )


def test_choices_for_a_zone_abroad_and_nonsense() -> None:
    winter = ordered_choices("Europe/Berlin")
    assert winter[0] == ZoneChoice("Сейчас: Europe/Berlin (UTC+1)", "Europe/Berlin")
    assert winter[1:] == OFFERED
    summer = ordered_choices("Europe/Berlin", datetime(2026, 7, 1, tzinfo=UTC))
    assert summer[0].label == "Сейчас: Europe/Berlin (UTC+2)"
    assert ordered_choices("Asia/Kolkata")[0].label == "Сейчас: Asia/Kolkata (UTC+5:30)"
    assert ordered_choices("Not/AZone") == OFFERED

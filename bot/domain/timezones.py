"""A typed place or offset → an IANA time zone; the zone picker's order.

`find_place("в Тюмени")` → `Place(name="Тюмень", zone="Asia/Yekaterinburg")`;
`zone_for("ХМАО")` → "Asia/Yekaterinburg"; `zone_for("+5")` → "Asia/Yekaterinburg".

What is understood:
  * every Russian federal subject, its centre and the large cities (texts/timezones.py
    `PLACES`), with abbreviations and colloquial names («мск», «СПб», «ХМАО», «Ямал», «екб»);
  * in any case and with «ё» or «е»; in any grammatical case («в Тюмени», «из Сургута»,
    «в Набережных Челнах»): both the table and the text are brought to dictionary forms
    with pymorphy3 (a geographic reading preferred), and words like «город», «г.»,
    «область», «край», «республика», «живу в», «я из» are ignored;
  * an address-like text («Тюменская обл., г. Ишим»): any one to three consecutive words
    naming a place; a city wins over its region; places in different zones → None;
  * one typo in a long name («Екатеринбур», «Тюмнь»): rapidfuzz ratio ≥ 85 on names of
    five letters or more, again only if all candidates share a zone;
  * offsets: «+5», «UTC+5», «GMT +5», «utc+05:00» are UTC+5; «мск», «МСК+2», «мск -1» are
    counted from Moscow (UTC+3). An offset gives the zone the onboarding offers for it
    (texts/buttons.py `TIMEZONES`); offsets without a Russian zone → None.

`ordered_choices(current_zone)` lists the offered zones (texts/buttons.py `TIMEZONES`,
west to east) with the one sharing the member's offset first — carrying the member's own
zone (e.g. Asia/Tomsk stays Asia/Tomsk); a zone outside Russia gets its own first row.
Offsets are read at `when` (default: 1 January 2026 UTC; Russia has not changed its zones
since 2020 and keeps no summer time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process

from bot.domain.morph import lemma
from texts import buttons
from texts import timezones as words

REFERENCE = datetime(2026, 1, 1, tzinfo=UTC)
FUZZY_CUTOFF = 85  # rapidfuzz ratio, 0..100
FUZZY_MIN_LENGTH = 5  # shorter names must be exact («Омск» is not «Томск»)

RUSSIAN_ZONES: frozenset[str] = frozenset(
    {
        "Europe/Kaliningrad",
        "Europe/Moscow",
        "Europe/Simferopol",
        "Europe/Kirov",
        "Europe/Volgograd",
        "Europe/Astrakhan",
        "Europe/Saratov",
        "Europe/Ulyanovsk",
        "Europe/Samara",
        "Asia/Yekaterinburg",
        "Asia/Omsk",
        "Asia/Novosibirsk",
        "Asia/Barnaul",
        "Asia/Tomsk",
        "Asia/Novokuznetsk",
        "Asia/Krasnoyarsk",
        "Asia/Irkutsk",
        "Asia/Chita",
        "Asia/Yakutsk",
        "Asia/Khandyga",
        "Asia/Vladivostok",
        "Asia/Ust-Nera",
        "Asia/Magadan",
        "Asia/Sakhalin",
        "Asia/Srednekolymsk",
        "Asia/Kamchatka",
        "Asia/Anadyr",
    }
)

# words that say nothing about the place (as typed, and as dictionary forms)
_IGNORED: frozenset[str] = frozenset(
    {
        "в",
        "во",
        "из",
        "на",
        "у",
        "по",
        "под",
        "от",
        "около",
        "рядом",
        "недалеко",
        "я",
        "мы",
        "нас",
        "наш",
        "жить",
        "находиться",
        "работать",
        "г",
        "гор",
        "город",
        "пгт",
        "п",
        "пос",
        "посёлок",
        "поселок",
        "село",
        "с",
        "д",
        "деревня",
        "обл",
        "область",
        "край",
        "респ",
        "республика",
        "ао",
        "автономный",
        "округ",
        "район",
        "р-н",
        "время",
        "часовой",
        "пояс",
    }
)
_REGION_WORDS = ("область", "край", "республика", "округ", "народная")
_OFFSET = re.compile(
    r"(utc|gmt|мск|msk|москва|московское)?\s*(?:время)?\s*([+\-−–])\s*(\d{1,2})(?:[:.]?00)?"
    r"(?:\s*ч\w*)?"
)
_SPLIT = re.compile(r"[^\w+\-−–]+")


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # as shown back to the member: «Тюмень», «Ямало-Ненецкий автономный округ»
    zone: str  # IANA
    region: bool = False  # a federal subject rather than a city


@dataclass(frozen=True, slots=True)
class ZoneChoice:
    label: str  # Russian, for the button
    zone: str  # IANA


def _words(text: str) -> list[str]:
    text = text.lower().replace("ё", "е").replace("—", " ")
    return [w.strip("-") for w in _SPLIT.split(text) if w.strip("-")]


def _key(words_: list[str]) -> str:
    """Dictionary forms of the meaningful words, hyphens as spaces: «ханты мансийск»."""
    out: list[str] = []
    for word in words_:
        if word in _IGNORED:
            continue
        form = lemma(word, prefer_place=True)
        if form in _IGNORED:
            continue
        out.append(form.replace("-", " "))
    return " ".join(out)


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[Place, ...]]:
    index: dict[str, list[Place]] = {}
    for name, zone, aliases in words.PLACES:
        region = any(word in name.lower() for word in _REGION_WORDS)
        place = Place(name, zone, region)
        for spelling in (name, *aliases):
            key = _key(_words(spelling))
            if key and place not in index.setdefault(key, []):
                index[key].append(place)
    return {key: tuple(places) for key, places in index.items()}


def _pick(places: list[Place]) -> Place | None:
    """One answer, or None when the candidates disagree on the zone."""
    if not places or len({p.zone for p in places}) > 1:
        return None
    cities = [p for p in places if not p.region]
    return (cities or places)[0]


def utc_offset_minutes(zone: str, when: datetime = REFERENCE) -> int:
    offset = when.astimezone(ZoneInfo(zone)).utcoffset()
    assert offset is not None
    return int(offset.total_seconds() // 60)


@lru_cache(maxsize=1)
def _offered_by_offset() -> dict[int, tuple[str, str]]:
    """UTC offset in hours → (label, zone) offered in onboarding."""
    return {
        utc_offset_minutes(zone) // 60: (label, zone) for label, zone in buttons.TIMEZONES.items()
    }


def _from_offset(text: str) -> Place | None:
    m = _OFFSET.fullmatch(text.strip())
    if m is None:
        return None
    base = 3 if m.group(1) and m.group(1) not in ("utc", "gmt") else 0
    sign = 1 if m.group(2) == "+" else -1
    hours = base + sign * int(m.group(3))
    offered = _offered_by_offset().get(hours)
    if offered is None:
        return None
    return Place(offered[0], offered[1])


def find_place(text: str) -> Place | None:
    """The place (and its zone) the member named, or None."""
    norm = text.lower().replace("ё", "е").strip()
    if (by_offset := _from_offset(norm)) is not None:
        return by_offset
    tokens = _words(norm)
    key = _key(tokens)
    if not key:
        return None
    index = _index()
    if key in index:
        return _pick(list(index[key]))
    # any one to three consecutive words naming a place
    parts = key.split(" ")
    found: list[Place] = []
    for size in (3, 2, 1):
        for start in range(len(parts) - size + 1):
            found.extend(index.get(" ".join(parts[start : start + size]), ()))
    if found:
        return _pick(found)
    # a typo in a long name
    long_keys = [k for k in index if len(k) >= FUZZY_MIN_LENGTH]
    for candidate in (key, *parts):
        if len(candidate) < FUZZY_MIN_LENGTH:
            continue
        best = process.extractOne(
            candidate, long_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
        )
        if best is not None:
            found.extend(index[best[0]])
    return _pick(found)


def zone_for(text: str) -> str | None:
    """Just the IANA zone of `find_place`."""
    place = find_place(text)
    return place.zone if place is not None else None


def _signed(hours: int) -> str:
    return f"+{hours}" if hours > 0 else ("" if hours == 0 else f"−{-hours}")


def describe(place: Place, when: datetime = REFERENCE) -> str:
    """«Тюмень — UTC+5 (МСК+2)» for the echo."""
    hours = utc_offset_minutes(place.zone, when) // 60
    return words.PLACE_FOUND.format(place=place.name, utc=_signed(hours), msk=_signed(hours - 3))


def ordered_choices(current_zone: str, when: datetime = REFERENCE) -> list[ZoneChoice]:
    """The offered zones, west to east, the member's own first (see the module docstring)."""
    offered = [ZoneChoice(label, zone) for label, zone in buttons.TIMEZONES.items()]
    try:
        offset = utc_offset_minutes(current_zone, when)
    except (ValueError, KeyError):  # not a zone name at all: the plain list
        return offered
    if current_zone not in RUSSIAN_ZONES:
        sign = "+" if offset >= 0 else "−"
        hours, minutes = divmod(abs(offset), 60)
        shown = f"{sign}{hours}" + (f":{minutes:02d}" if minutes else "")
        label = words.CURRENT_ZONE_LABEL.format(zone=current_zone, offset=shown)
        return [ZoneChoice(label, current_zone), *offered]
    for i, choice in enumerate(offered):
        if utc_offset_minutes(choice.zone, when) == offset:
            first = ZoneChoice(choice.label, current_zone)
            return [first, *offered[:i], *offered[i + 1 :]]
    return offered

"""The five results of social partnership the method ends with, as records a teacher writes
down, and the summary the coach shows at stage III ("what the partnership has given the
children this year").

 1. prize         quality of the educational process: prize places in contests, with the
                  contest's level (municipal / regional / federal / international)
 2. programme     renewed content, forms and means: a new or an updated programme
 3. satisfaction  participants' satisfaction: a survey's figure (percent)
 4. assessment    external assessment of the quality of the services
 5. services      a wider range of services for different children: a new group or
                  service, how many children, of them gifted and with disabilities (ОВЗ)

A result is stored as (kind, day, values, partner): `values` is a JSON-ready dict whose keys
are the kind's `FIELDS` (str, int or float values), so a `results` table needs one JSON
column, not a column per detail. A flow asks the fields in order: `parse_field` turns the
typed answer into a value or a `FieldError` (its Russian words: texts/report.py
RESULT_ERRORS); `validate` checks a whole record again (FSM data and JSON are untrusted)
including the rules across fields (gifted ≤ children).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from texts import report as words


class ResultKind(StrEnum):
    PRIZE = "prize"
    PROGRAMME = "programme"
    SATISFACTION = "satisfaction"
    ASSESSMENT = "assessment"
    SERVICES = "services"


class PrizeLevel(StrEnum):
    MUNICIPAL = "municipal"
    REGIONAL = "regional"
    FEDERAL = "federal"
    INTERNATIONAL = "international"


class ProgrammeChange(StrEnum):
    NEW = "new"
    UPDATED = "updated"


class FieldType(StrEnum):
    TEXT = "text"
    COUNT = "count"  # a whole number of children or people
    PERCENT = "percent"  # 0–100, one decimal; «4,6 из 5» is 92 %
    LEVEL = "level"  # PrizeLevel
    CHANGE = "change"  # ProgrammeChange


class FieldReason(StrEnum):
    EMPTY = "empty"
    LENGTH = "length"
    NOT_NUMBER = "not_number"
    RANGE = "range"
    CHOICE = "choice"
    MORE_THAN_CHILDREN = "more_than_children"


@dataclass(frozen=True, slots=True)
class Field:
    key: str  # also the key of its question in texts/report.py RESULT_FIELDS
    type: FieldType
    required: bool = True
    low: int = 0  # text: length; count / percent: value
    high: int = 0


@dataclass(frozen=True, slots=True)
class FieldError:
    key: str
    reason: FieldReason
    low: int = 0
    high: int = 0
    detail: str = ""

    def text(self) -> str:
        """The explanation a teacher reads."""
        return words.RESULT_ERRORS[self.reason].format(
            low=self.low, high=self.high, detail=self.detail
        )


MAX_CHILDREN = 100_000
_NAME = (2, 300)
_LONG = (2, 1000)

FIELDS: dict[ResultKind, tuple[Field, ...]] = {
    ResultKind.PRIZE: (
        Field("contest", FieldType.TEXT, True, *_NAME),
        Field("level", FieldType.LEVEL),
        Field("place", FieldType.TEXT, False, 1, 100),
        Field("children", FieldType.COUNT, False, 1, MAX_CHILDREN),
    ),
    ResultKind.PROGRAMME: (
        Field("programme", FieldType.TEXT, True, *_NAME),
        Field("change", FieldType.CHANGE),
        Field("what", FieldType.TEXT, False, *_LONG),
    ),
    ResultKind.SATISFACTION: (
        Field("survey", FieldType.TEXT, True, *_NAME),
        Field("percent", FieldType.PERCENT, True, 0, 100),
        Field("respondents", FieldType.COUNT, False, 1, MAX_CHILDREN),
    ),
    ResultKind.ASSESSMENT: (
        Field("assessment", FieldType.TEXT, True, *_NAME),
        Field("outcome", FieldType.TEXT, True, *_LONG),
        Field("score", FieldType.PERCENT, False, 0, 100),
    ),
    ResultKind.SERVICES: (
        Field("service", FieldType.TEXT, True, *_NAME),
        Field("children", FieldType.COUNT, True, 1, MAX_CHILDREN),
        Field("gifted", FieldType.COUNT, False, 0, MAX_CHILDREN),
        Field("disabled", FieldType.COUNT, False, 0, MAX_CHILDREN),
    ),
}

Value = str | int | float


def field_of(kind: ResultKind, key: str) -> Field:
    for item in FIELDS[kind]:
        if item.key == key:
            return item
    raise KeyError(f"{kind} has no field {key!r}")


# --------------------------------------------------------------------------- typed values

# a number, maybe with thousands separated by spaces, then any words («12 детей»)
_COUNT = re.compile(r"(\d{1,3}(?:[ \u00a0\u202f]\d{3}){1,2}|\d{1,9})(?:\s*[^\W\d_]+\.?)*")
_NUMBER = r"(\d{1,9}(?:[.,]\d{1,6})?)"
# «87», «87 %», «87 процентов»
_PERCENT = re.compile(_NUMBER + r"\s*(?:%|[^\W\d_]+)?")
# «4,6 из 5», «4,6 балла из 5», «46/50»: a part of a whole (the word between is not a digit)
_OUT_OF = re.compile(
    _NUMBER + r"\s*(?:[^\W\d_]+\s+)?(?:/|[^\W\d_]+)\s*" + _NUMBER + r"(?:\s*[^\W\d_]+)?"
)


def parse_field(item: Field, text: str) -> Value | FieldError | None:
    """The typed answer as the field's value; None for an optional field left empty."""
    raw = " ".join((text or "").split())
    if not raw:
        return None if not item.required else FieldError(item.key, FieldReason.EMPTY)
    if item.type is FieldType.TEXT:
        if not item.low <= len(raw) <= item.high:
            return FieldError(item.key, FieldReason.LENGTH, item.low, item.high, str(len(raw)))
        return raw
    if item.type is FieldType.COUNT:
        m = _COUNT.fullmatch(raw)
        if m is None:
            return FieldError(item.key, FieldReason.NOT_NUMBER)
        return _in_range(item, int(re.sub(r"\D", "", m.group(1))))
    if item.type is FieldType.PERCENT:
        return _percent(item, raw)
    stems = (
        words.PRIZE_LEVEL_WORDS if item.type is FieldType.LEVEL else words.PROGRAMME_CHANGE_WORDS
    )
    found = _by_stems(raw, stems)
    return found if found is not None else FieldError(item.key, FieldReason.CHOICE)


def _in_range(item: Field, value: int | float) -> int | float | FieldError:
    if not item.low <= value <= item.high:
        return FieldError(item.key, FieldReason.RANGE, item.low, item.high, str(value))
    return value


def _percent(item: Field, raw: str) -> float | FieldError:
    """«87», «87 %», «87,5%», «4,6 из 5», «46/50» → percent with one decimal."""
    if (m := _PERCENT.fullmatch(raw)) is not None:
        value = float(m.group(1).replace(",", "."))
    elif (m := _OUT_OF.fullmatch(raw)) is not None:
        part, whole = (float(g.replace(",", ".")) for g in m.groups())
        if whole <= 0 or part > whole:
            return FieldError(item.key, FieldReason.RANGE, item.low, item.high, raw)
        value = part / whole * 100
    else:
        return FieldError(item.key, FieldReason.NOT_NUMBER)
    checked = _in_range(item, _round1(value))
    return checked if isinstance(checked, FieldError) else float(checked)


def _round1(value: float) -> float:
    """One decimal, halves up as people round (87,55 → 87,6; float's round gives 87,5)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _by_stems(raw: str, stems: Mapping[str, tuple[str, ...]]) -> str | None:
    low = raw.lower().replace("ё", "е").strip()
    if low in stems:  # the code itself, as a button sends it
        return low
    tokens = re.findall(r"\w+", low)
    found = {
        code for code, options in stems.items() for t in tokens if t.startswith(tuple(options))
    }
    # the beginnings of words, so «обновлённая» is not «новая»; words of two choices at once
    # («городской и областной») are a question, not an answer
    return found.pop() if len(found) == 1 else None


# --------------------------------------------------------------------------- whole records


def validate(
    kind: ResultKind | str, values: Mapping[str, Any]
) -> dict[str, Value] | list[FieldError]:
    """A record's values checked again, typed (int, float, str), unknown keys dropped;
    or every problem found."""
    kind = ResultKind(kind)
    clean: dict[str, Value] = {}
    errors: list[FieldError] = []
    for item in FIELDS[kind]:
        value = values.get(item.key)
        if value is None or value == "":
            if item.required:
                errors.append(FieldError(item.key, FieldReason.EMPTY))
            continue
        checked = _typed(item, value)
        if isinstance(checked, FieldError):
            errors.append(checked)
        elif checked is not None:
            clean[item.key] = checked
    if kind is ResultKind.SERVICES and not errors:
        total = int(clean["children"])
        for key in ("gifted", "disabled"):
            if int(clean.get(key, 0)) > total:
                errors.append(FieldError(key, FieldReason.MORE_THAN_CHILDREN, detail=str(total)))
    return errors or clean


def _typed(item: Field, value: Any) -> Value | FieldError | None:
    if isinstance(value, bool):
        return FieldError(item.key, FieldReason.NOT_NUMBER)
    if item.type is FieldType.COUNT and isinstance(value, int):
        return _in_range(item, value)
    if item.type is FieldType.PERCENT and isinstance(value, int | float):
        if not math.isfinite(value):
            return FieldError(item.key, FieldReason.NOT_NUMBER)
        checked = _in_range(item, _round1(float(value)))
        return checked if isinstance(checked, FieldError) else float(checked)
    if isinstance(value, str):
        return parse_field(item, value)
    if item.type in (FieldType.COUNT, FieldType.PERCENT):
        return FieldError(item.key, FieldReason.NOT_NUMBER)
    return FieldError(item.key, FieldReason.CHOICE)


@dataclass(frozen=True, slots=True)
class Result:
    kind: ResultKind
    day: date
    values: Mapping[str, Value]
    partner_id: int | None = None
    partner: str = ""  # the partner's name, for lists and files

    def line(self) -> str:
        """The result in one line of Russian."""
        return words.result_line(self.kind, dict(self.values))


# --------------------------------------------------------------------------- the summary


@dataclass(frozen=True, slots=True)
class Summary:
    """What the results of a period add up to (plain numbers for texts and charts)."""

    by_kind: Mapping[str, int]  # every ResultKind, zeros included
    prizes_by_level: Mapping[str, int]  # every PrizeLevel
    prize_children: int
    programmes_new: int
    programmes_updated: int
    satisfaction: float | None  # mean percent, weighted by respondents where known
    surveys: int
    respondents: int
    assessments: int
    best_score: float | None
    services: int
    service_children: int
    gifted: int
    disabled: int
    partners: int  # distinct partners the results were achieved with
    total: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", sum(self.by_kind.values()))


def summarise(results: Iterable[Result], start: date, end: date) -> Summary:
    """The results dated start..end (inclusive)."""
    chosen = [r for r in results if start <= r.day <= end]
    by_kind = {kind.value: 0 for kind in ResultKind}
    levels = {level.value: 0 for level in PrizeLevel}
    prize_children = new = updated = services = service_children = gifted = disabled = 0
    assessments = respondents = surveys = 0
    weighted = weights = 0.0
    best: float | None = None
    partners: set[int | str] = set()
    for r in chosen:
        v = r.values
        by_kind[r.kind] += 1
        if r.partner_id is not None or r.partner:
            partners.add(r.partner_id if r.partner_id is not None else r.partner)
        if r.kind is ResultKind.PRIZE:
            level = str(v.get("level", ""))
            if level in levels:
                levels[level] += 1
            prize_children += _int(v.get("children"))
        elif r.kind is ResultKind.PROGRAMME:
            if v.get("change") == ProgrammeChange.NEW:
                new += 1
            else:
                updated += 1
        elif r.kind is ResultKind.SATISFACTION:
            figure = v.get("percent")
            if isinstance(figure, int | float):
                asked = _int(v.get("respondents"))
                surveys += 1
                respondents += asked
                # a survey without its number of respondents counts as one voice
                weight = asked or 1
                weighted += float(figure) * weight
                weights += weight
        elif r.kind is ResultKind.ASSESSMENT:
            assessments += 1
            score = v.get("score")
            if isinstance(score, int | float) and (best is None or score > best):
                best = float(score)
        elif r.kind is ResultKind.SERVICES:
            services += 1
            service_children += _int(v.get("children"))
            gifted += _int(v.get("gifted"))
            disabled += _int(v.get("disabled"))
    return Summary(
        by_kind=by_kind,
        prizes_by_level=levels,
        prize_children=prize_children,
        programmes_new=new,
        programmes_updated=updated,
        satisfaction=_round1(weighted / weights) if weights else None,
        surveys=surveys,
        respondents=respondents,
        assessments=assessments,
        best_score=best,
        services=services,
        service_children=service_children,
        gifted=gifted,
        disabled=disabled,
        partners=len(partners),
    )


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def summary_lines(s: Summary) -> list[str]:
    """The summary in Russian, one line per kind that has results (nothing: one line)."""
    if not s.total:
        return [words.SUMMARY_NOTHING]
    lines: list[str] = []
    prizes = s.by_kind[ResultKind.PRIZE]
    if prizes:
        levels = [
            words.LEVEL_COUNTS[level].format(n=n) for level, n in s.prizes_by_level.items() if n
        ]
        if s.prize_children:
            levels.append(
                words.SUMMARY_PRIZE_CHILDREN.format(children=words.children(s.prize_children))
            )
        lines.append(words.SUMMARY_PRIZES.format(n=prizes, levels=", ".join(levels)))
    if s.by_kind[ResultKind.PROGRAMME]:
        lines.append(
            words.SUMMARY_PROGRAMMES.format(new=s.programmes_new, updated=s.programmes_updated)
        )
    if s.satisfaction is not None:
        lines.append(
            words.SUMMARY_SATISFACTION.format(
                percent=words.percent(s.satisfaction),
                surveys=words.surveys(s.surveys, s.respondents),
            )
        )
    if s.assessments:
        best = (
            words.SUMMARY_BEST_SCORE.format(score=words.percent(s.best_score))
            if s.best_score is not None
            else ""
        )
        lines.append(words.SUMMARY_ASSESSMENTS.format(n=s.assessments, best=best))
    if s.services:
        lines.append(
            words.SUMMARY_SERVICES.format(
                n=s.services,
                children=words.children(s.service_children),
                gifted=words.SUMMARY_GIFTED.format(n=s.gifted) if s.gifted else "",
                disabled=words.SUMMARY_DISABLED.format(n=s.disabled) if s.disabled else "",
            )
        )
    if s.partners:
        lines.append(words.SUMMARY_PARTNERS.format(n=s.partners))
    return lines

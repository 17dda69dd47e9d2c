"""Which column of a teacher's table is which field: the usual Russian and English header
variants (texts/spreadsheets.py HEADER_WORDS) and the export's own headers, compared
without case, ё, spaces and punctuation; a header that begins or ends with a variant
matches too, and a near miss (a typo) as a last resort."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from texts import spreadsheets as words

# every field a column can hold; the ones in IMPORTED are written into the partner
FIELDS: tuple[str, ...] = tuple(dict.fromkeys((*words.PARTNER_COLUMNS, *words.HEADER_WORDS)))
IMPORTED = frozenset(
    {
        "name", "category", "status", "directions", "contact_person", "contacts", "phone",
        "email", "address", "source", "offer", "ask", "note", "responsible", "programmes",
    }
)  # fmt: skip


def header_key(text: str) -> str:
    """«E-mail:», «e mail», «Эл. почта*» → «email», «элпочта»: lower case, ё as е, letters
    and digits only."""
    return re.sub(r"[\W_]+", "", text.lower().replace("ё", "е"))


def _variants() -> dict[str, str]:
    found: dict[str, str] = {}
    for field, header in words.PARTNER_COLUMNS.items():  # the export reads back first
        found.setdefault(header_key(header), field)
    for field, headers in words.HEADER_WORDS.items():
        for header in headers:
            found.setdefault(header_key(header), field)
    found.pop("", None)
    return found


_VARIANTS = _variants()
_BY_LENGTH = sorted(_VARIANTS, key=len, reverse=True)


@dataclass(frozen=True, slots=True)
class ColumnMap:
    headers: tuple[str, ...]
    fields: Mapping[str, int]  # field → column index

    @property
    def has_name(self) -> bool:
        return "name" in self.fields

    def value(self, row: Sequence[str], field: str) -> str:
        index = self.fields.get(field)
        return row[index] if index is not None and index < len(row) else ""

    def preview(self) -> list[tuple[str, str]]:
        """(header, what it is understood as) for every column with a header."""
        by_column = {index: field for field, index in self.fields.items()}
        shown = []
        for index, header in enumerate(self.headers):
            if not header and index not in by_column:
                continue
            field = by_column.get(index)
            if field is None:
                meaning = words.UNUSED_COLUMN
            elif field in IMPORTED:
                meaning = words.FIELD_NAMES.get(field, field)
            else:
                meaning = f"{words.FIELD_NAMES.get(field, field)} ({words.NOT_IMPORTED})"
            shown.append((header, meaning))
        return shown


def recognise_columns(headers: Sequence[str]) -> ColumnMap:
    """Which column holds which field. A header matches a variant exactly, or begins or
    ends with one («Телефон рабочий», «Рабочий телефон»), or is a near miss («Телфон»);
    each field takes the best-matching column (the leftmost among equals)."""
    candidates: list[tuple[float, int, str]] = []
    for index, header in enumerate(headers):
        match = _match_header(header)
        if match is not None:
            field, score = match
            candidates.append((score, index, field))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    fields: dict[str, int] = {}
    taken: set[int] = set()
    for _, index, field in candidates:
        if field not in fields and index not in taken:
            fields[field] = index
            taken.add(index)
    return ColumnMap(tuple(headers), fields)


def _match_header(header: str) -> tuple[str, float] | None:
    key = header_key(header)
    if not key or len(key) > 80:
        return None
    if key in _VARIANTS:
        return _VARIANTS[key], 300.0
    for variant in _BY_LENGTH:  # longest first: «адресэлектроннойпочты» before «адрес»
        if len(variant) >= 3 and key.startswith(variant):
            return _VARIANTS[variant], 200.0 + len(variant)
    for variant in _BY_LENGTH:
        if len(variant) >= 5 and key.endswith(variant):
            return _VARIANTS[variant], 100.0 + len(variant)
    if len(key) < 4:
        return None
    from rapidfuzz import fuzz, process

    best = process.extractOne(key, _BY_LENGTH, scorer=fuzz.ratio, score_cutoff=85)
    if best is None:
        return None
    return _VARIANTS[best[0]], float(best[1])

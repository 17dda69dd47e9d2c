"""The rows of an imported table checked like the add flow: name and lengths, category
(from its cell, the name, or the one asked once), status, directions, phones and e-mails
normalised (several in a cell: the first kept, the others as a note; a «Контакты» cell
split), duplicates in the database and in the file; the refused rows as an .xlsx with the
reason of each."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from bot.domain.contacts import display_phone, normalize_email, normalize_phone
from bot.domain.spreadsheets.columns import ColumnMap
from bot.domain.spreadsheets.reading import Table
from bot.domain.spreadsheets.writing import Cell, Sheet, write_workbook
from storage.enums import PartnerSource, PartnerStatus
from texts import spreadsheets as words
from texts.report import plain

# The add flow's limits (handlers/partners.py LIMITS, same numbers): an imported row is
# checked like a typed one. They belong here once the add flow moves to the domain.
FIELD_LIMITS: dict[str, tuple[int, int]] = {
    "name": (2, 200),
    "contact_person": (2, 200),
    "address": (2, 300),
    "offer": (2, 1000),
    "ask": (2, 1000),
    "note": (2, 3000),
}


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


_EMPTY = frozenset(_norm(word) for word in words.EMPTY_CELLS)


def _value(text: str) -> str:
    """The cell, or "" when it only says "nothing" («-», «нет», «н/д»)."""
    value = " ".join(text.split()) if "\n" not in text else text.strip()
    return "" if _norm(value) in _EMPTY else value


def _exact(tables: Iterable[Mapping[str, Iterable[str]]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for table in tables:
        for code, labels in table.items():
            value = str(code)  # a plain str, not the StrEnum member the table is keyed by
            found.setdefault(_norm(value), value)
            for label in labels:
                found.setdefault(_norm(plain(label)), value)
                found.setdefault(_norm(label), value)
    return found


_CATEGORY_EXACT = _exact([words.ALL_CATEGORY_LABELS])
_STATUS_EXACT = _exact(
    [{code: (label,) for code, label in words.STATUSES.items()}, words.STATUS_WORDS]
)
_SOURCE_EXACT = _exact([{code: (label,) for code, label in words.SOURCES.items()}])
_DIRECTION_LABELS = sorted(
    {
        (_norm(text), str(code))
        for code, labels in words.ALL_DIRECTION_LABELS.items()
        for text in (*labels, str(code))
    },
    key=lambda pair: len(pair[0]),
    reverse=True,
)


def _stem_pattern(stem: str) -> str:
    """«федеральн служб» → words beginning with «федеральн», then with «служб»."""
    parts = [re.escape(part) for part in stem.split()]
    return r"(?<![\w-])" + r"[\w-]*\s+".join(parts)


# one search per category instead of a loop over words and stems (10 000 names: 30 ms)
_FORMS = [
    (category, re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, forms)) + r")(?![\w-])"))
    for category, forms in words.CATEGORY_FORMS.items()
]
_WORDS = [
    (category, re.compile("|".join(_stem_pattern(stem) for stem in stems)))
    for category, stems in words.CATEGORY_WORDS
]


def guess_category(text: str) -> str | None:
    """The partnership model's category named or suggested by a category cell or an
    organisation's name: «Бизнес» → business, «ООО «Сибирь»» → business, «МАУК
    «Городская библиотека»» → institution, «Администрация города Ишима» → municipal.
    A legal form decides first, then the words of CATEGORY_WORDS in their order (the
    beginnings of words: Russian words change their endings). None when nothing suggests
    one."""
    norm = _norm(text)
    if not norm:
        return None
    if norm in _CATEGORY_EXACT:
        return _CATEGORY_EXACT[norm]
    for category, pattern in _FORMS:
        if pattern.search(norm):
            return category
    for category, pattern in _WORDS:
        if pattern.search(norm):
            return category
    return None


@lru_cache(maxsize=1024)
def _cell_category(cell: str) -> str | None:
    """A category cell's category (cells repeat: «Бизнес» thousands of times)."""
    return guess_category(cell)


class RejectReason(StrEnum):
    NO_NAME = "no_name"
    LENGTH = "length"
    BAD_PHONE = "bad_phone"
    BAD_EMAIL = "bad_email"
    NO_CATEGORY = "no_category"
    BAD_CATEGORY = "bad_category"
    BAD_STATUS = "bad_status"
    BAD_DIRECTION = "bad_direction"
    DUPLICATE_DB = "duplicate_db"
    DUPLICATE_FILE = "duplicate_file"


@dataclass(frozen=True, slots=True)
class Rejected:
    line: int
    cells: tuple[str, ...]
    reason: RejectReason
    detail: str = ""
    field: str = ""
    low: int = 0
    high: int = 0

    def text(self) -> str:
        return words.REJECT_REASONS[self.reason].format(
            detail=self.detail,
            field=words.FIELD_NAMES.get(self.field, self.field),
            low=self.low,
            high=self.high,
        )


@dataclass(frozen=True, slots=True)
class ImportRow:
    line: int
    name: str
    category: str
    category_guessed: bool = False  # from the name or the default, not from a category cell
    status: str = PartnerStatus.POTENTIAL.value
    directions: tuple[str, ...] = ()
    contact_person: str | None = None
    phone: str | None = None  # E.164
    email: str | None = None
    address: str | None = None
    source: str | None = None
    offer: str | None = None
    ask: str | None = None
    notes: tuple[str, ...] = ()  # the note column, other phones and e-mails: partner notes
    responsible: str = ""  # as written: the service may match it to a member's name
    programmes: str = ""  # as written


class _Reject(Exception):
    def __init__(self, reason: RejectReason, detail: str = "", field: str = "") -> None:
        super().__init__(reason)
        self.reason, self.detail, self.field = reason, detail, field


def basic_key(name: str) -> str:
    """Lower case, ё as е, no quotes, single spaces. The service passes storage.partners
    .name_key instead (it also drops legal forms): the key the database compares."""
    return " ".join(re.sub(r"[«»\"“”„'`’]", " ", name.lower().replace("ё", "е")).split())


def _row_category(columns: ColumnMap, row: Sequence[str], name: str) -> tuple[str | None, str]:
    """(category or None, the category cell) from the cell, else from the name."""
    cell = _value(columns.value(row, "category"))
    found = _cell_category(cell) if cell else None
    return (found or guess_category(name)), cell


def unknown_categories(table: Table, columns: ColumnMap) -> int:
    """Rows with a name whose category neither their cell nor their name suggests: the
    handler asks once which category to give them all."""
    count = 0
    for row in table.rows:
        name = _value(columns.value(row, "name"))
        if name and _row_category(columns, row, name)[0] is None:
            count += 1
    return count


def check_rows(
    table: Table,
    columns: ColumnMap,
    is_duplicate: Callable[[str], bool],
    *,
    default_category: str | None = None,
    key: Callable[[str], str] = basic_key,
    progress: Callable[[int, int], None] | None = None,
    every: int = 500,
) -> tuple[list[ImportRow], list[Rejected]]:
    """Every non-empty row checked like the add flow: rows to import and rows refused with
    the reason. `is_duplicate(name)` answers for the database (the service preloads the
    organisation's name keys); duplicates inside the file are found by `key`; the first
    good row of a name is kept. `progress(done, total)` is called every `every` rows."""
    good: list[ImportRow] = []
    rejected: list[Rejected] = []
    seen: dict[str, int] = {}
    total = len(table.rows)
    for done, (line, row) in enumerate(zip(table.lines, table.rows, strict=True), start=1):
        if progress is not None and done % every == 0:
            progress(done, total)
        try:
            item = _check_row(line, row, columns, default_category)
            name_key = key(item.name)
            if name_key in seen:
                raise _Reject(RejectReason.DUPLICATE_FILE, str(seen[name_key]))
            if is_duplicate(item.name):
                raise _Reject(RejectReason.DUPLICATE_DB)
        except _Reject as refusal:
            low, high = FIELD_LIMITS.get(refusal.field, (0, 0))
            rejected.append(
                Rejected(line, row, refusal.reason, refusal.detail, refusal.field, low, high)
            )
            continue
        seen[name_key] = line
        good.append(item)
    if progress is not None:
        progress(total, total)
    return good, rejected


def _text(columns: ColumnMap, row: Sequence[str], field: str) -> str | None:
    value = _value(columns.value(row, field))
    if not value:
        return None
    low, high = FIELD_LIMITS[field]
    if not low <= len(value) <= high:
        raise _Reject(RejectReason.LENGTH, str(len(value)), field)
    return value


def _check_row(
    line: int, row: Sequence[str], columns: ColumnMap, default_category: str | None
) -> ImportRow:
    name = _value(columns.value(row, "name"))
    if not name:
        raise _Reject(RejectReason.NO_NAME)
    low, high = FIELD_LIMITS["name"]
    if not low <= len(name) <= high:
        raise _Reject(RejectReason.LENGTH, str(len(name)), "name")
    category, cell = _row_category(columns, row, name)
    guessed = category is not None and not (cell and _cell_category(cell))
    if category is None:
        if default_category is None:
            if cell:
                raise _Reject(RejectReason.BAD_CATEGORY, cell[:60])
            raise _Reject(RejectReason.NO_CATEGORY)
        category, guessed = default_category, True
    status = PartnerStatus.POTENTIAL.value
    status_cell = _value(columns.value(row, "status"))
    if status_cell:
        found = _STATUS_EXACT.get(_norm(plain(status_cell)))
        if found is None:
            raise _Reject(RejectReason.BAD_STATUS, status_cell[:60])
        status = found
    directions = _directions(_value(columns.value(row, "directions")))
    notes: list[str] = []
    person = _text(columns, row, "contact_person")
    phones = _phones(_value(columns.value(row, "phone")))
    emails = _emails(_value(columns.value(row, "email")))
    contacts = _value(columns.value(row, "contacts"))
    if contacts:
        other_person, other_phones, other_emails = split_contacts(contacts)
        person = person or _fit(other_person, "contact_person")
        phones += [p for p in other_phones if p not in phones]
        emails += [e for e in other_emails if e not in emails]
    if len(phones) > 1:
        notes.append(words.EXTRA_PHONES.format(phones=", ".join(map(display_phone, phones[1:]))))
    if len(emails) > 1:
        notes.append(words.EXTRA_EMAILS.format(emails=", ".join(emails[1:])))
    source = None
    source_cell = _value(columns.value(row, "source"))
    if source_cell:
        source = _SOURCE_EXACT.get(_norm(plain(source_cell)))
        if source is None:  # free text («от Марии Ивановны»): kept as a note, not lost
            source = PartnerSource.OTHER.value
            notes.append(words.SOURCE_NOTE.format(text=source_cell))
    note = _text(columns, row, "note")
    if note:
        notes.insert(0, note)
    return ImportRow(
        line=line,
        name=name,
        category=category,
        category_guessed=guessed,
        status=status,
        directions=directions,
        contact_person=person,
        phone=phones[0] if phones else None,
        email=emails[0] if emails else None,
        address=_text(columns, row, "address"),
        source=source,
        offer=_text(columns, row, "offer"),
        ask=_text(columns, row, "ask"),
        notes=tuple(notes),
        responsible=_value(columns.value(row, "responsible")),
        programmes=_value(columns.value(row, "programmes")),
    )


def _fit(value: str, field: str) -> str | None:
    low, high = FIELD_LIMITS[field]
    return value if low <= len(value) <= high else None


# what may stand between directions in a cell: punctuation and «и»
_JOINERS = re.compile(r"[\s,;/+.]|" + "|".join(rf"\b{re.escape(w)}\b" for w in words.LIST_JOINERS))
# what stays of a «Контакты» cell around its phones and e-mails besides the person
_CONTACT_NOISE = re.compile(
    r"[,;:/|]+|\b(?:" + "|".join(map(re.escape, words.CONTACT_LABELS)) + r")\b\.?",
    re.IGNORECASE,
)


def _directions(cell: str) -> tuple[str, ...]:
    """Labels of the six directions found in the cell (full or short, or codes), in the
    enum's order; anything else left over is refused."""
    if not cell:
        return ()
    rest = " " + _norm(" ".join(plain(part) for part in re.split(r"[;\n]", cell))) + " "
    found: set[str] = set()
    for label, code in _DIRECTION_LABELS:
        if label and label in rest:
            found.add(code)
            rest = rest.replace(label, " ")
    leftover = _JOINERS.sub("", rest)
    if leftover:
        raise _Reject(RejectReason.BAD_DIRECTION, cell[:60])
    order = list(words.ALL_DIRECTION_LABELS)
    return tuple(sorted(found, key=order.index))


def _phones(cell: str) -> list[str]:
    """E.164 numbers in a phone cell: one number (with «доб.»), or several in a row."""
    if not cell:
        return []
    single = normalize_phone(cell)
    if single:
        return [single]
    found = _find_phones(cell)
    if not found:
        raise _Reject(RejectReason.BAD_PHONE, cell[:60])
    return found


def _find_phones(text: str) -> list[str]:
    import phonenumbers

    found: list[str] = []
    for match in phonenumbers.PhoneNumberMatcher(text, "RU"):
        number = normalize_phone(match.raw_string)
        if number and number not in found:
            found.append(number)
    return found


_EMAIL_RE = re.compile(r"[^\s,;<>()\[\]:]+@[^\s,;<>()\[\]]+\.[^\s,;<>()\[\]]+")


def _emails(cell: str) -> list[str]:
    if not cell:
        return []
    single = normalize_email(cell.removeprefix("mailto:"))
    if single:
        return [single]
    found = _find_emails(cell)
    if not found:
        raise _Reject(RejectReason.BAD_EMAIL, cell[:60])
    return found


def _find_emails(text: str) -> list[str]:
    found: list[str] = []
    for raw in _EMAIL_RE.findall(text):
        email = normalize_email(raw.rstrip("."))
        if email and email not in found:
            found.append(email)
    return found


def split_contacts(text: str) -> tuple[str, list[str], list[str]]:
    """A «Контакты» cell → (the person, phones, e-mails): «Иванова Мария Петровна, 8 (3452)
    63-81-24, ivanova@mail.ru» → ("Иванова Мария Петровна", ["+73452638124"],
    ["ivanova@mail.ru"])."""
    emails = _find_emails(text)
    rest = _EMAIL_RE.sub(" ", text)
    import phonenumbers

    phones: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in phonenumbers.PhoneNumberMatcher(rest, "RU"):
        number = normalize_phone(match.raw_string)
        if number and number not in phones:
            phones.append(number)
        spans.append((match.start, match.end))
    for start, end in reversed(spans):
        rest = rest[:start] + " " + rest[end:]
    person = " ".join(_CONTACT_NOISE.sub(" ", rest).split())
    return person.strip(" ,;:-\u2013\u2014"), phones, emails


def preview_rows(table: Table, columns: ColumnMap, count: int = 3) -> list[dict[str, str]]:
    """The first rows as field → cell, for the confirmation message."""
    return [
        {field: row[index] for field, index in columns.fields.items() if row[index]}
        for row in table.rows[:count]
    ]


def rejected_file(rejected: Sequence[Rejected], headers: Sequence[str]) -> bytes:
    """The refused rows as they were, after their line number and the reason: the teacher
    fixes them and sends the file again (the two added columns are not recognised)."""
    width = len(headers)
    rows: list[list[Cell]] = [
        [item.line, item.text(), *((list(item.cells) + [""] * width)[:width])] for item in rejected
    ]
    sheet_headers = [words.REJECTED_LINE, words.REJECTED_REASON, *headers]
    return write_workbook([Sheet(words.SHEET_REJECTED, sheet_headers, rows)])

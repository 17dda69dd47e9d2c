"""Organisation names, written the way people write them: what is not part of the name.

ONE place for the legal forms («МАУК», «ООО», «ГАУК ТО»…), the spelled-out forms
(«муниципальное автономное учреждение культуры») and the quotes, shared by storage (the
sort and picker key `name_key`, stored as `partners.name_norm`) and bot/domain/search.py
(the index terms of search and the duplicate warning), so the two never disagree on what
a name is. Pure string work: no database, no morphology.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Legal-form abbreviations: never part of what a partner is called.
LEGAL_FORMS: frozenset[str] = frozenset(
    {
        "маук", "мауко", "мбук", "мкук", "гаук", "гбук", "гкук", "фгбук",
        "маоу", "мбоу", "мкоу", "гаоу", "гбоу", "гкоу", "чоу", "ноу", "ано",
        "мау", "мбу", "мку", "гау", "гбу", "гку", "фгбу", "фгуп", "муп", "гуп", "фгбоу", "фгаоу",
        "мадоу", "мбдоу", "мкдоу", "маудо", "мбудо", "мкудо", "гаудо", "гаупо", "гапоу", "гбпоу",
        "ооо", "оао", "зао", "пао", "нао", "ао", "ип", "нко", "тсж", "снт", "до", "дод",
    }
)  # fmt: skip
# Region codes right after a legal form: «ГАУК ТО» (Тюменской области).
REGION_CODES: frozenset[str] = frozenset(
    {"то", "рф", "со", "мо", "ло", "ро", "ко", "нсо", "хмао", "янао", "хмао-югры"}
)
# Spelled-out legal forms (lower case, «ё» as «е»).
LONG_FORM = re.compile(
    r"\b(?:(?:муниципальн|государственн|федеральн|областн|бюджетн|автономн|казенн"
    r"|общеобразовательн|образовательн|некоммерческ|профессиональн|публичн|акционерн)\w*\s+)+"
    r"(?:учреждени|организаци|предприяти|обществ)\w*"
    r"(?:\s+(?:культуры|дополнительного\s+образования|здравоохранения|спорта))?"
    r"|\bобществ\w*\s+с\s+ограниченной\s+ответственностью"
    r"|\bиндивидуальн\w*\s+предпринимател\w*"
)
QUOTES = re.compile(r"[«»\"“”„‟'`’]")
_LEGAL = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(sorted(LEGAL_FORMS, key=len, reverse=True))
    + r")(?:\s+(?:"
    + "|".join(sorted(REGION_CODES, key=len, reverse=True))
    + r"))?(?![\w-])"
)
_SPACES = re.compile(r"\s+")


def norm(text: str | None) -> str:
    """Lower case, «ё» as «е», single spaces: how contacts and notes are compared."""
    if not text:
        return ""
    return _SPACES.sub(" ", text.lower().replace("ё", "е")).strip()


def plain(text: str) -> str:
    """Lower case, «ё» as «е», quotes as spaces."""
    return QUOTES.sub(" ", text.lower().replace("ё", "е"))


def drop_legal(words: Sequence[str]) -> list[str]:
    """The words without legal forms and the region code right after one
    (["гаук", "то", "музей"] → ["музей"])."""
    kept: list[str] = []
    after_legal = False
    for word in words:
        if word in LEGAL_FORMS:
            after_legal = True
            continue
        if after_legal and word in REGION_CODES:
            after_legal = False
            continue
        after_legal = False
        kept.append(word)
    return kept


def name_key(name: str | None) -> str:
    """The name without quotes, dots, legal forms and spelled-out legal forms, lower case:
    stored as `partners.name_norm` (the list's order, the pickers' LIKE). A name that is
    nothing but a legal form («ООО») keeps it."""
    value = norm(plain(name or "").replace(".", " "))
    stripped = _SPACES.sub(" ", _LEGAL.sub(" ", LONG_FORM.sub(" ", value))).strip()
    return stripped or value

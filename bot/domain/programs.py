"""The focus areas of supplementary general education programmes: the typed answer to the
area the teacher means (the six codes are storage.enums.FocusArea, their words
texts/method.py FOCUS_AREA_LABELS / FOCUS_AREA_BUTTONS)."""

from __future__ import annotations

import re
from collections.abc import Mapping

_NOT_LETTERS = re.compile(r"[^а-яa-z]+")
STEM = 5  # letters of a typed word looked for in an area's name


def _words(text: str) -> list[str]:
    return [w for w in _NOT_LETTERS.split(text.lower().replace("ё", "е")) if w]


def focus_area_of(
    typed: str, labels: Mapping[str, str], buttons: Mapping[str, str] | None = None
) -> str | None:
    """The area whose button was pressed, or the one area the typed words name
    («туристско-краеведческая», «художественная направленность», «спорт»); None when
    none or several do."""
    text = typed.strip()
    for code, label in (buttons or {}).items():
        if text == label:
            return code
    stems = [w[:STEM] for w in _words(text) if len(w) >= 4]
    found = {
        code
        for code, label in labels.items()
        for stem in stems
        if any(stem in part for part in _words(label))
    }
    return found.pop() if len(found) == 1 else None

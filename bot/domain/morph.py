"""Russian word forms → dictionary forms (pymorphy3), shared by search and place names.

`lemma("Тюмени")` → "тюмень", `lemma("музеи")` → "музей". Lower-cased, «ё» as «е». The
analyser is built once, on first use (~60 ms, ~15 MB); results are cached per word.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


def load() -> None:
    """Load the dictionaries now (a worker process does it before its first job)."""
    _analyzer()


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def lemma(word: str, *, prefer_place: bool = False) -> str:
    """The dictionary form of one word. With `prefer_place`, a geographic reading wins
    («Орле» → «орел», «Челнах» → «челны») over a more frequent common-noun one."""
    word = word.lower().replace("ё", "е")
    if not word or not any(ch.isalpha() for ch in word):
        return word
    parses = _analyzer().parse(word)
    if not parses:
        return word
    best = parses[0]
    if prefer_place:
        best = next((p for p in parses if "Geox" in p.tag), best)
    return str(best.normal_form).replace("ё", "е")


@lru_cache(maxsize=65536)
def all_lemmas(word: str) -> frozenset[str]:
    """The dictionary forms of every reading of one word («им» → имя, он, они, оно)."""
    word = word.lower().replace("ё", "е")
    if not word or not any(ch.isalpha() for ch in word):
        return frozenset({word})
    forms = {str(p.normal_form).replace("ё", "е") for p in _analyzer().parse(word)}
    return frozenset(forms or {word})

"""Partner names for search and duplicate warnings: ONE index of dictionary forms.

`index_terms("МАУК «Краеведческий музей им. И. Я. Словцова»")` → ["краеведческий", "музей",
"словцов"]: what is stored per partner. Both the search and the duplicate warning read it.

Index terms of a name (`index_terms`):
  * the dictionary forms (pymorphy3, the most likely reading) of its words, lower case, «ё»
    as «е», in order, each once; numbers kept as written («№ 5» → "5", «5а» → "5а");
  * ignored: quotes, «им.»/«имени», initials and other one-letter words («А. С.», «и», «в»),
    a few function words («на», «для», «при»…), legal-form abbreviations (`LEGAL_FORMS`:
    «МАУК», «ГАУК ТО», «ООО», «МАОУ»…, with a region code right after one: «ТО», «РФ») and
    spelled-out legal forms («муниципальное автономное учреждение культуры», «общество с
    ограниченной ответственностью») — both from storage/names.py, which the stored sort
    key `name_norm` uses too. A name made only of such words keeps them all;
  * added: the parts of a hyphenated word («IT-куб» → it, куб; «Ромашка-2» → ромашка, 2),
    and for an abbreviation of a kind of institution its spelled-out form and back
    (`ABBREVIATIONS`: «ДК» ↔ дом/дворец культура, «СОШ», «ДШИ», «ЦДТ»…).

Query terms (`query_terms`) — the same words, each a `QueryTerm` that hits an index term when
  * the term is one of the word's dictionary forms (every reading: «музеи» → музей);
  * the word is the term plus an ending of up to three letters («Словцову» → словцов: names
    pymorphy does not know);
  * the term starts with the word as typed — a truncated word: «пожарн» → пожарный,
    «краев» → краеведческий (not for numbers: «5» never hits «15»).
`matches(query, name)`: every query term hits some index term of the name.

Similarity (`similarity`, 0–100) compares the two names' index terms, word order free,
with rapidfuzz: `token_set_ratio` (one name's words inside the other's score 100) when they
share a word that is not a mere kind of institution (`GENERIC`: «музей», «школа»,
«детский»…) and one's words are all in the other or they share at least half of the
larger's; otherwise `token_sort_ratio`;
names whose numbers differ («Школа № 5» / «Школа № 15», «Школа» / «Школа № 5») score at
most `NUMBER_MISMATCH_CAP` (60), and names that each have a word the other lacks, not a
typo of it («Музей истории» / «Музей искусств», «Краеведческий музей» / «Краеведческая
библиотека»), at most `CONFLICT_CAP` (70). So «Музей» / «Краеведческий музей» (42) are
not duplicates, «ДК Юность» / «Дом культуры «Юность»» (100) are.
`is_duplicate` is `similarity >= DUPLICATE_THRESHOLD` (85): «музей словцова» ~
«Краеведческий музей им. Словцова» (100); «Музей истории» / «Музей искусств» (70) are not.
`duplicates(new, [(key, name), …])` ranks the likely ones, best first.

Storage (storage/partner_terms.py) — one row per (partner, term):
    partner_terms(organisation_id INT, partner_id INT, term VARCHAR(64),
                  PRIMARY KEY (partner_id, term), INDEX (organisation_id, term))
written from `index_terms(name)` by bot/services/partners.py whenever a name is created,
changed or imported. Search: for each `QueryTerm`, the partners having a term with
`term IN (q.forms)` or, when `q.prefix`, `term >= q.prefix AND term < successor(q.prefix)`
(the prefix with its last letter moved one up: a range, so the B-tree index serves it in
SQLite and PostgreSQL alike, unlike LIKE), intersected over the query terms: exactly
`QueryTerm.hits`, i.e. `matches`. Duplicates: the partners having a term that starts with
the first four letters of any index term of the new name (numbers: equal), then
`is_duplicate` / `duplicates` in Python on those few.

`has_name_chars(text)`: a name needs a letter or a digit («--», «😀😀» are no names).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from rapidfuzz import fuzz

from bot.domain.morph import all_lemmas, lemma
from storage.names import LEGAL_FORMS, LONG_FORM, drop_legal, plain

__all__ = [
    "ABBREVIATIONS",
    "DUPLICATE_THRESHOLD",
    "GENERIC",
    "LEGAL_FORMS",
    "QueryTerm",
    "duplicates",
    "has_name_chars",
    "index_terms",
    "is_duplicate",
    "matches",
    "query_terms",
    "similarity",
]

DUPLICATE_THRESHOLD = 85.0  # similarity at or above which a new name is a likely duplicate
NUMBER_MISMATCH_CAP = 60.0  # the most two names with different numbers can score
CONFLICT_CAP = 70.0  # … and two names that differ in a word each («истории» / «искусств»)
TYPO_RATIO = 80.0  # two words this alike (rapidfuzz ratio) are one word mistyped
MAX_ENDING = 3  # «Словцову» is «словцов» + an ending of at most this many letters
MIN_STEM = 4  # … and the rest is at least this long

FUNCTION_WORDS: frozenset[str] = frozenset(
    {"им", "имени", "на", "по", "для", "при", "из", "от", "за", "об", "под", "над", "или", "не"}
)
# Kinds of institution and other words many names share: two names having only these in
# common are not taken as one («Музей» vs «Краеведческий музей»).
GENERIC: frozenset[str] = frozenset(
    {
        "музей", "библиотека", "центр", "школа", "дом", "дворец", "культура", "детский", "сад",
        "клуб", "театр", "парк", "часть", "отдел", "управление", "университет", "колледж",
        "институт", "гимназия", "лицей", "станция", "студия", "городской", "областной",
        "районный", "муниципальный", "государственный", "научный", "средний",
        "общеобразовательный", "дополнительный", "образование", "творчество", "спортивный",
        "музыкальный", "художественный", "искусство", "учреждение", "организация", "общество",
        "администрация", "комитет", "департамент", "фонд", "ассоциация", "союз", "объединение",
        "кружок", "секция", "филиал", "отделение", "молодежный", "юношеский", "национальный",
        "региональный", "федеральный", "технопарк", "центральный", "дк", "сош", "цдт", "ддт", "дши",
    }
)  # fmt: skip
# Common abbreviations of kinds of institution and their spelled-out dictionary forms: a
# name with either gets both, so «ДК Юность» and «Дом культуры «Юность»» are one.
ABBREVIATIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "дк": (("дом", "культура"), ("дворец", "культура")),  # both forms are added for «ДК»
    "ддт": (("дом", "детский", "творчество"),),
    "цдт": (("центр", "детский", "творчество"),),
    "дши": (("детский", "школа", "искусство"),),
    "дмш": (("детский", "музыкальный", "школа"),),
    "дхш": (("детский", "художественный", "школа"),),
    "дюсш": (("детско-юношеский", "спортивный", "школа"),),
    "сош": (("средний", "общеобразовательный", "школа"),),
    "цдо": (("центр", "дополнительный", "образование"),),
    "цбс": (("централизованный", "библиотечный", "система"),),
}
_SPLIT = re.compile(r"[^\w\-]+")


def has_name_chars(text: str) -> bool:
    """Whether `text` has a letter or a digit: «--» and «😀😀» name nothing."""
    return any(ch.isalnum() for ch in text)


def _is_number(word: str) -> bool:
    return word[:1].isdigit()


def _tokens(text: str) -> list[str]:
    """Words worth indexing, as typed (lower case), legal forms and fillers out."""
    text = plain(text)
    raw = [w.strip("-") for w in _SPLIT.split(LONG_FORM.sub(" ", text).replace("№", " "))]
    kept = [
        word
        for word in drop_legal([w for w in raw if w])
        if not ((len(word) == 1 and not word.isdigit()) or word in FUNCTION_WORDS)
    ]
    if kept:
        return kept
    # «ООО», «ДО»: nothing left — keep what there was rather than an empty name
    return [w for w in _SPLIT.split(text.replace("№", " ")) if w.strip("-")]


def _term(word: str) -> str:
    return word if _is_number(word) else lemma(word)


def _parts(words: list[str]) -> list[str]:
    """The parts of hyphenated words («IT-куб» → it, куб): a search may type them apart."""
    return [
        _term(part)
        for word in words
        if "-" in word and not _is_number(word)
        for part in word.split("-")
        if len(part) > 1 or part.isdigit()  # «Ромашка-2» is not «Ромашка»
    ]


def _expand(terms: list[str]) -> list[str]:
    """Add the spelled-out form of an abbreviation, and the abbreviation of a spelled-out one."""
    out = list(terms)
    for short, spellings in ABBREVIATIONS.items():
        if short in terms:
            out.extend(term for spelled in spellings for term in spelled)
        for spelled in spellings:
            n = len(spelled)
            if any(tuple(terms[i : i + n]) == spelled for i in range(len(terms) - n + 1)):
                out.append(short)
    return out


@lru_cache(maxsize=4096)
def _index_terms(name: str) -> tuple[str, ...]:
    words = _tokens(name)
    return tuple(dict.fromkeys([*_expand([_term(w) for w in words]), *_parts(words)]))


def index_terms(name: str) -> list[str]:
    """What the index stores for a partner's name (see the module docstring)."""
    return list(_index_terms(name))


def index_many(names: list[str]) -> list[list[str]]:
    """`index_terms` of each name (an import's thousands at once, in the worker process)."""
    return [index_terms(name) for name in names]


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One typed word of a search."""

    word: str  # as typed, lower case, «ё» as «е»
    forms: frozenset[str]  # index terms it hits exactly
    prefix: str | None  # an index term starting with this hits too; None for numbers

    def hits(self, term: str) -> bool:
        return term in self.forms or (self.prefix is not None and term.startswith(self.prefix))


def query_terms(text: str) -> list[QueryTerm]:
    """The typed words of a search, each with the index terms it hits."""
    terms: list[QueryTerm] = []
    for word in dict.fromkeys(_tokens(text)):
        if _is_number(word):
            terms.append(QueryTerm(word, frozenset({word}), None))
            continue
        stems = {word[:n] for n in range(max(MIN_STEM, len(word) - MAX_ENDING), len(word) + 1)}
        forms = frozenset({lemma(word), *all_lemmas(word), *stems})
        terms.append(QueryTerm(word, forms, word))
    return terms


def matches(query: str, name: str) -> bool:
    """Whether a search for `query` finds a partner called `name`."""
    terms = query_terms(query)
    if not terms:
        return False
    names = _index_terms(name)
    return all(any(q.hits(t) for t in names) for q in terms)


def similarity(a: str, b: str) -> float:
    """How alike two names are, 0–100 (see the module docstring)."""
    ta, tb = _index_terms(a), _index_terms(b)
    if not ta or not tb:
        return 0.0
    sa, sb = set(ta), set(tb)
    joined_a, joined_b = " ".join(ta), " ".join(tb)
    shared = sa & sb
    distinctive = any(t not in GENERIC for t in shared)
    if distinctive and (sa <= sb or sb <= sa or len(shared) * 2 >= max(len(sa), len(sb))):
        score = fuzz.token_set_ratio(joined_a, joined_b)
    else:
        score = fuzz.token_sort_ratio(joined_a, joined_b)
    if {t for t in sa if _is_number(t)} != {t for t in sb if _is_number(t)}:
        score = min(score, NUMBER_MISMATCH_CAP)
    only_a, only_b = sa - sb, sb - sa
    if only_a and only_b:
        fewer, more = sorted((only_a, only_b), key=len)
        if not all(any(fuzz.ratio(x, y) >= TYPO_RATIO for y in more) for x in fewer):
            score = min(score, CONFLICT_CAP)
    return float(score)


def is_duplicate(new: str, existing: str) -> bool:
    """Whether `new` is most likely the partner already saved as `existing`."""
    return similarity(new, existing) >= DUPLICATE_THRESHOLD


K = TypeVar("K")


def duplicates(
    new: str, existing: Iterable[tuple[K, str]], limit: int = 3
) -> list[tuple[K, float]]:
    """The likely duplicates of `new` among (key, name) pairs, best first; of equal scores
    the one whose words are closest to the new name's, all of them («Краеведческий музей
    Словцова»: «… музей им. Словцова» before «Краеведческий музей», both 100)."""
    terms = " ".join(_index_terms(new))
    found: list[tuple[float, float, int, K, float]] = []
    for key, name in existing:
        score = similarity(new, name)
        if score >= DUPLICATE_THRESHOLD:
            closeness = fuzz.token_sort_ratio(terms, " ".join(_index_terms(name)))
            found.append((-score, -closeness, len(found), key, score))
    return [(key, score) for *_, key, score in sorted(found)][:limit]

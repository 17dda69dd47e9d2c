"""Partner search and duplicate warnings on one index of dictionary forms."""

from __future__ import annotations

import pytest

from bot.domain.search import (
    DUPLICATE_THRESHOLD,
    QueryTerm,
    duplicates,
    index_terms,
    is_duplicate,
    matches,
    query_terms,
    similarity,
)

INDEXED: list[tuple[str, list[str]]] = [
    ("Краеведческий музей", ["краеведческий", "музей"]),
    ("МАУК «Краеведческий музей им. И. Я. Словцова»", ["краеведческий", "музей", "словцов"]),
    ("Библиотека им. А. С. Пушкина", ["библиотека", "пушкин"]),
    ("Библиотека имени А.С.Пушкина", ["библиотека", "пушкин"]),
    ("Пожарная часть № 5", ["пожарный", "часть", "5"]),
    (
        "ГАУК ТО «Тюменская областная научная библиотека им. Д. И. Менделеева»",
        ["тюменский", "областной", "научный", "библиотека", "менделеев"],
    ),
    ("ООО Ромашка", ["ромашка"]),
    ("Общество с ограниченной ответственностью «Ромашка»", ["ромашка"]),
    ("ООО", ["ооо"]),  # nothing but a legal form: kept rather than an empty name
    (
        "Муниципальное автономное учреждение культуры «Дом культуры Юность»",
        ["дом", "культура", "юность", "дк"],
    ),
    ("МАОУ СОШ №5", ["сош", "5", "средний", "общеобразовательный", "школа"]),
    ("ТюмГУ", ["тюмгу"]),
    ("Школа № 5а", ["школа", "5а"]),
    ("IT-куб", ["it-куб", "it", "куб"]),
    ("Ромашка-2", ["ромашка-2", "ромашка", "2"]),
    ("ДК «Юность»", ["дк", "юность", "дом", "культура", "дворец"]),
    ("Ёлочка", ["елочка"]),
]


@pytest.mark.parametrize(("name", "terms"), INDEXED)
def test_index_terms(name: str, terms: list[str]) -> None:
    assert index_terms(name) == terms


def test_query_terms_keep_prefixes_but_not_for_numbers() -> None:
    fire, part, five = query_terms("пожарн часть № 5")
    assert fire.word == "пожарн" and fire.prefix == "пожарн" and fire.hits("пожарный")
    assert part.hits("часть") and not part.hits("частный")
    assert five == QueryTerm("5", frozenset({"5"}), None)
    assert not five.hits("15") and not five.hits("50")
    # nothing but a legal form: searched as typed, and found only in a name that is just that
    assert [t.word for t in query_terms("ООО")] == ["ооо"]
    assert matches("ООО", "ООО") and not matches("ООО", "ООО «Лютик»")


SEARCH: list[tuple[str, str, bool]] = [
    # (typed, partner's name, found?) — the client's examples first
    ("музеи", "Краеведческий музей", True),
    ("библиотека пушкина", "Библиотека им. А. С. Пушкина", True),
    ("пожарн часть", "Пожарная часть № 5", True),
    ("Музей", "МАУК «Краеведческий музей им. И. Я. Словцова»", True),
    ("словцова", "МАУК «Краеведческий музей им. И. Я. Словцова»", True),
    ("музей словцову", "Краеведческий музей им. Словцова", True),  # an unknown surname
    ("краев", "Краеведческий музей", True),  # typed halfway
    ("краеведческого музея", "Краеведческий музей", True),
    ("в библиотеке", "Библиотека им. А. С. Пушкина", True),
    ("пушкинская библ", "Библиотека им. А. С. Пушкина", False),  # another word, not a form
    ("школа 5", "МАОУ СОШ №5", True),  # СОШ is a school
    ("сош", "Средняя общеобразовательная школа № 12", True),
    ("дом культуры", "ДК «Юность»", True),
    ("дк юность", "Дом культуры «Юность»", True),
    ("it куб", "IT-куб", True),
    ("тюмгу", "ТюмГУ", True),
    ("елочка", "Детский сад «Ёлочка»", True),
    ("5", "Пожарная часть № 5", True),
    ("5", "Школа № 15", False),
    ("школа 15", "Школа № 5", False),
    ("музей", "Библиотека им. А. С. Пушкина", False),
    ("пожарн часть", "Пожарное депо", False),  # every typed word must be there
    ("ромашка", "ООО «Лютик»", False),
    ("ооо", "ООО «Лютик»", False),  # the legal form is not a word of the name
    ("", "Краеведческий музей", False),
    ("им.", "Библиотека им. А. С. Пушкина", False),
]


@pytest.mark.parametrize(("query", "name", "found"), SEARCH)
def test_matches(query: str, name: str, found: bool) -> None:
    assert matches(query, name) is found


DUPLICATES: list[tuple[str, str, bool]] = [
    # (new, existing, a likely duplicate?) — the client's examples first
    ("музей словцова", "Краеведческий музей им. Словцова", True),
    ("Библиотека Пушкина", "Библиотека им. А. С. Пушкина", True),
    ("тюмгу", "ТюмГУ", True),
    ("Школа № 5", "Школа № 15", False),
    ("Музей истории", "Музей искусств", False),
    # the same partner, written otherwise
    ("Краеведческий музей", "МАУК «Краеведческий музей»", True),
    ("Музей краеведческий", "МАУК «Краеведческий музей»", True),
    ("Детская библиотека №5", "Детская библиотека № 5", True),
    ("ООО «Ромашка»", "Ромашка", True),
    ("Общество с ограниченной ответственностью «Ромашка»", "ООО Ромашка", True),
    ("Библиотека имени Пушкина", "Библиотека им. А. С. Пушкина", True),
    ("Библиотка Пушкина", "Библиотека им. Пушкина", True),  # a typo
    ("Краеведческие музеи", "Краеведческий музей", True),
    ("ДК Юность", "Дом культуры «Юность»", True),
    ("ДК Юность", "Дворец культуры «Юность»", True),
    ("ЦДТ", "Центр детского творчества", True),
    ("Дом детского творчества", "ДДТ", True),
    ("ДШИ № 1", "Детская школа искусств №1", True),
    ("СОШ №5", "МАОУ СОШ № 5", True),
    ("Школа № 5", "МАОУ СОШ № 5", True),
    ("Кванториум", "Детский технопарк «Кванториум»", True),
    (
        "Тюменская областная научная библиотека",
        "ГАУК ТО «Тюменская областная научная библиотека им. Д. И. Менделеева»",
        True,
    ),
    ("Музей-заповедник", "Музей заповедник", True),
    ("Центр «Семья»", "Центр Семья", True),
    ("Филармония", "Тюменская филармония", True),
    ("Библиотека семейного чтения", "Библиотека семейного чтения им. Гайдара", True),
    ("ЁЛОЧКА", "Детский сад «Ёлочка»", True),
    # other partners with similar names
    ("Музей", "Краеведческий музей", False),  # only the kind of institution in common
    ("Центр", "Центр детского творчества", False),
    ("Краеведческий музей", "Художественный музей", False),
    ("Краеведческий музей", "Краеведческая библиотека", False),
    ("Тюменский музей", "Тюменская библиотека", False),
    ("ДК Юность", "ДК Геолог", False),
    ("Музей Словцова", "Музей Менделеева", False),
    ("Библиотека им. Пушкина", "Библиотека им. Лермонтова", False),
    ("ТюмГУ", "ТИУ", False),
    ("Детский сад № 12", "Детский сад № 21", False),
    ("Библиотека № 3", "Библиотека № 4", False),
    ("Школа", "Школа № 5", False),
    ("Ромашка", "Ромашка-2", False),
    ("Спортивная школа", "Музыкальная школа", False),
    ("Школа искусств", "Школа танцев", False),
    ("ООО Ромашка", "ООО Лютик", False),
    ("Детская библиотека", "Детская школа искусств", False),
    ("Центральная городская библиотека", "Центральная детская библиотека", False),
    ("Городская библиотека", "Городской музей", False),
    ("Театр кукол", "Театр драмы", False),
    ("Центр детского творчества", "Центр народного творчества", False),
    ("Станция юных техников", "Станция юных натуралистов", False),
    ("Пожарная часть № 5", "Пожарная часть № 6", False),
]


@pytest.mark.parametrize(("new", "existing", "duplicate"), DUPLICATES)
def test_is_duplicate(new: str, existing: str, duplicate: bool) -> None:
    assert is_duplicate(new, existing) is duplicate, similarity(new, existing)
    assert is_duplicate(existing, new) is duplicate  # either way round


def test_table_size() -> None:
    assert len(DUPLICATES) >= 40
    assert {d for *_, d in DUPLICATES} == {True, False}


def test_similarity_values() -> None:
    assert similarity("Библиотека Пушкина", "Библиотека им. А. С. Пушкина") == 100.0
    assert similarity("Школа № 5", "Школа № 15") == 60.0  # numbers differ: capped
    assert similarity("Музей истории", "Музей искусств") == 70.0  # a word each: capped
    assert similarity("Музей", "Краеведческий музей") < 50.0
    assert similarity("", "Музей") == 0.0
    assert DUPLICATE_THRESHOLD == 85.0


def test_duplicates_ranked() -> None:
    existing = [
        (1, "Детская библиотека № 5"),
        (2, "Краеведческий музей им. Словцова"),
        (3, "Музей истории"),
        (4, "МАУК «Краеведческий музей им. И. Я. Словцова»"),
        (5, "Краеведческая библиотека"),
    ]
    assert duplicates("Краеведческий музей", existing) == [(2, 100.0), (4, 100.0)]
    assert duplicates("Музей словцова", existing, limit=1) == [(2, 100.0)]
    assert duplicates("Театр", existing) == []

"""Russian grammar for documents: people's names, positions, places, the polite "you".

Words are declined by libraries, not by string rules:
- people's names by pytrovich (the petrovich rules): chosen over `petrovich` 2.0 because it is
  maintained, detects gender, matches exceptions as whole words and looks rules up
  case-insensitively; `petrovich` 2.0 gets a woman's Shevchuk Olga and a man's Dolgikh
  wrong, leaves Nikita, Sova, Vorona undeclined in men's names and fails on
  capitals;
- every other word (positions, the Charter, the head of an organisation's name) by pymorphy3.

Hand-written here, because no library does it: splitting what people type into surname,
first name and patronymic; the gender (None when it cannot be told: the caller asks once);
capitals of places; the polite "you" (capital V) in letters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from texts import paperwork as words


class Gender(StrEnum):
    MALE = "m"
    FEMALE = "f"


class Case(StrEnum):
    """Grammatical cases; the values are pymorphy3's grammemes."""

    NOMINATIVE = "nomn"
    GENITIVE = "gent"
    DATIVE = "datv"
    ACCUSATIVE = "accs"
    INSTRUMENTAL = "ablt"
    PREPOSITIONAL = "loct"


@cache
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def morph() -> Any:
    """The shared pymorphy3 analyser (loaded once, on first use)."""
    return _morph()


@cache
def _name_maker() -> Any:
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


# --------------------------------------------------------------------------- capitals


def cap_word(word: str) -> str:
    """Each part of a hyphenated word capitalised (a double surname)."""
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def _keep_or_cap(word: str) -> str:
    """Abbreviations in capitals (up to five letters) stay; others get one capital letter."""
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters) and len(letters) <= 5:
        return word
    return cap_word(word)


CYR = "\u0410-\u042f\u0401\u0430-\u044f\u0451"  # the Russian letters, for regexes
_GLUED = "|".join(re.escape(t) for t in words.GLUED_PLACE_TYPES)
_GLUED_TYPE = re.compile(rf"(?i)\b({_GLUED})\.(?=[{CYR}]{{2}})")


def capitalize_place(text: str) -> str:
    """Place names as official documents write them: the settlement type in small letters
    with its space, every word of the name capitalised, the particles of hyphenated names
    small (see tests/test_russian.py for examples)."""
    text = " ".join(text.split())
    # a settlement type glued to the name gets its space
    text = _GLUED_TYPE.sub(r"\1. ", text)
    out: list[str] = []
    for token in text.split(" "):
        bare = token.rstrip(".,;").lower()
        if bare in words.PLACE_TYPES:
            out.append(token.lower())
            continue
        parts = token.split("-")
        fixed = [
            part.lower() if index and part.lower() in words.HYPHEN_PARTICLES else _keep_or_cap(part)
            for index, part in enumerate(parts)
        ]
        out.append("-".join(fixed))
    return " ".join(out)


_POLITE = re.compile(rf"(?<![{CYR}\w-])({'|'.join(words.POLITE_FORMS)})(?![{CYR}\w-])")


def polite_you(text: str) -> str:
    """Every form of the polite "you" capitalised, except inside quotation marks."""
    out: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text + "«"):
        if char not in "«»" and index < len(text):
            continue
        chunk = text[start:index]
        out.append(_POLITE.sub(lambda m: m.group(1).capitalize(), chunk) if depth == 0 else chunk)
        if index < len(text):
            out.append(char)
            depth = depth + 1 if char == "«" else max(0, depth - 1)
        start = index + 1
    return "".join(out)


# --------------------------------------------------------------------------- names


@dataclass(frozen=True)
class PersonName:
    """A person's name as typed, split into its parts (each capitalised); initials when only
    initials were given (first_initial and patronymic_initial then hold one letter each)."""

    surname: str = ""
    first: str = ""
    patronymic: str = ""
    first_initial: str = ""
    patronymic_initial: str = ""

    @property
    def initials(self) -> str:
        """The initials with full stops and a space between them."""
        first = self.first[:1] or self.first_initial
        second = self.patronymic[:1] or self.patronymic_initial
        return " ".join(f"{letter}." for letter in (first, second) if letter)

    @property
    def full(self) -> str:
        """Surname, first name, patronymic in the nominative."""
        return decline_person(self, Case.NOMINATIVE)


_INITIAL = re.compile(rf"^[{CYR}A-Za-z]\.?$")
_WORD = re.compile(rf"^[{CYR}A-Za-z]+(?:-[{CYR}A-Za-z]+)*$")
_TURKIC = words.TURKIC_PATRONYMIC
_TURKIC_FEMALE = words.TURKIC_PATRONYMIC_FEMALE
_PATRONYMIC_MALE = words.PATRONYMIC_MALE_ENDINGS
_PATRONYMIC_FEMALE = words.PATRONYMIC_FEMALE_ENDINGS
# Russian surnames whose ending tells the gender (the nominative as typed)
_SURNAME_FEMALE = re.compile(f"({'|'.join(words.SURNAME_FEMALE_ENDINGS)})$")
_SURNAME_MALE = re.compile(f"({'|'.join(words.SURNAME_MALE_ENDINGS)})$")


def _tokens(text: str) -> list[str]:
    text = re.split(r"[,(;]", text, maxsplit=1)[0]
    # initials glued together or to the surname get separated
    text = re.sub(rf"(?<![{CYR}A-Za-z])([\u0410-\u042f\u0401A-Z])\.(?=\S)", r"\1. ", text)
    return text.split()


def _tags(word: str) -> list[Any]:
    return [p.tag for p in _morph().parse(word.lower())]


def _patronymic_score(word: str) -> int:
    low = word.lower()
    if " " in low:  # a Turkic patronymic of two words
        return 3
    score = 0
    if any("Patr" in tag and "nomn" in tag for tag in _tags(low)):
        score += 2
    if len(low) >= 5 and low.endswith(_PATRONYMIC_MALE + _PATRONYMIC_FEMALE):
        score += 1
    return score


def _first_name_score(word: str) -> int:
    return 2 if any("Name" in tag and "nomn" in tag for tag in _tags(word)) else 0


def _surname_score(word: str) -> int:
    low = word.lower()
    score = 1 if any("Surn" in tag for tag in _tags(low)) else 0
    if _SURNAME_FEMALE.search(low) or _SURNAME_MALE.search(low):
        score += 1
    return score


def parse_person(text: str | None) -> PersonName | None:
    """What people type, in any order: surname first or last, in any capitals, initials
    glued or spaced, a first name with a patronymic only, Turkic patronymics of two words.
    None for an empty text or anything that is not a name (more than three words, digits)."""
    if not text or not text.strip():
        return None
    raw = _tokens(text)
    initials: list[str] = []
    words_: list[str] = []
    for token in raw:
        if _INITIAL.match(token):
            initials.append(token[0].upper())
        elif token.lower() in _TURKIC and words_:
            words_[-1] = f"{cap_word(words_[-1])} {token.lower()}"
        elif _WORD.match(token):
            words_.append(cap_word(token))
        else:
            return None
    if not words_ or len(words_) > 3 or len(initials) > 2:
        return None
    if initials:
        if len(words_) != 1:
            return None
        return PersonName(
            surname=words_[0],
            first_initial=initials[0],
            patronymic_initial=initials[1] if len(initials) > 1 else "",
        )
    if len(words_) == 1:
        if _first_name_score(words_[0]) > _surname_score(words_[0]):
            return PersonName(first=words_[0])
        return PersonName(surname=words_[0])
    if len(words_) == 2:
        a, b = words_
        options = {
            PersonName(surname=a, first=b): _surname_score(a) + 2 * _first_name_score(b),
            PersonName(first=a, surname=b): 2 * _first_name_score(a) + _surname_score(b),
            PersonName(first=a, patronymic=b): 2 * _first_name_score(a) + 3 * _patronymic_score(b),
        }
        return max(options, key=lambda option: options[option])  # ties: the official order
    a, b, c = words_
    official = PersonName(surname=a, first=b, patronymic=c)
    spoken = PersonName(first=a, patronymic=b, surname=c)
    official_score = 3 * _patronymic_score(c) + 2 * _first_name_score(b) + _surname_score(a)
    spoken_score = 3 * _patronymic_score(b) + 2 * _first_name_score(a) + _surname_score(c)
    return spoken if spoken_score > official_score else official


def detect_gender(name: PersonName | None) -> Gender | None:
    """From the patronymic; without one, from a first name whose gender the dictionary knows
    (not one of either gender), then from a Russian surname ending of one gender.
    None when it cannot be told: ask the teacher once and pass the answer on."""
    if name is None:
        return None
    if name.patronymic:
        low = name.patronymic.lower()
        last = low.split()[-1]
        if last in _TURKIC:
            return Gender.FEMALE if last in _TURKIC_FEMALE else Gender.MALE
        if low.endswith(_PATRONYMIC_FEMALE):
            return Gender.FEMALE
        if low.endswith(_PATRONYMIC_MALE):
            return Gender.MALE
    if name.first:
        genders = {
            "femn" if "femn" in tag else "masc" if "masc" in tag else "ms-f"
            for tag in _tags(name.first)
            if "Name" in tag and "nomn" in tag
        }
        if genders == {"femn"}:
            return Gender.FEMALE
        if genders == {"masc"}:
            return Gender.MALE
        if genders:
            return None  # a name of either gender: the surname does not settle it either
    if name.surname:
        low = name.surname.lower().split("-")[-1]
        if _SURNAME_FEMALE.search(low):
            return Gender.FEMALE
        if _SURNAME_MALE.search(low):
            return Gender.MALE
    return None


def _inflect_name_part(part: str, kind: str, case: Case, gender: Gender | None) -> str:
    if case is Case.NOMINATIVE or not part:
        return part
    from pytrovich.enums import Case as PCase
    from pytrovich.enums import Gender as PGender
    from pytrovich.enums import NamePart

    p_case = {
        Case.GENITIVE: PCase.GENITIVE,
        Case.DATIVE: PCase.DATIVE,
        Case.ACCUSATIVE: PCase.ACCUSATIVE,
        Case.INSTRUMENTAL: PCase.INSTRUMENTAL,
        Case.PREPOSITIONAL: PCase.PREPOSITIONAL,
    }[case]
    p_part = {"surname": NamePart.LASTNAME, "first": NamePart.FIRSTNAME}.get(
        kind, NamePart.MIDDLENAME
    )
    if kind == "patronymic" and " " in part:  # a Turkic patronymic: the father's name declines
        father, particle = part.split(" ", 1)
        return f"{_inflect_name_part(father, 'first', case, Gender.MALE)} {particle}"
    if gender is None:
        return str(_name_maker().make(p_part, PGender.ANDROGYNOUS, p_case, part, False))
    p_gender = PGender.FEMALE if gender is Gender.FEMALE else PGender.MALE
    return str(_name_maker().make(p_part, p_gender, p_case, part))


def decline_person(name: PersonName, case: Case, gender: Gender | None = None) -> str:
    """Surname, first name, patronymic in a case, each declined with its gender (detected
    when not given). Names given with initials only give the surname and the initials."""
    gender = gender or detect_gender(name)
    if not name.first and not name.patronymic and (name.first_initial or name.surname):
        return surname_initials(name, case, gender)
    parts = (
        _inflect_name_part(name.surname, "surname", case, gender),
        _inflect_name_part(name.first, "first", case, gender),
        _inflect_name_part(name.patronymic, "patronymic", case, gender),
    )
    return " ".join(part for part in parts if part)


def surname_initials(name: PersonName, case: Case, gender: Gender | None = None) -> str:
    """The surname in a case and the initials after it: the addressee of a letter."""
    gender = gender or detect_gender(name)
    surname = _inflect_name_part(name.surname, "surname", case, gender)
    return " ".join(part for part in (surname, name.initials) if part)


def initials_surname(name: PersonName, case: Case = Case.NOMINATIVE) -> str:
    """The initials and the surname: under a signature."""
    surname = _inflect_name_part(name.surname, "surname", case, detect_gender(name))
    return " ".join(part for part in (name.initials, surname) if part)


def salutation(name: PersonName | None, gender: Gender | None = None) -> str | None:
    """ "Dear" with the first name and the patronymic (or the first name, or the surname
    with a title); colleagues without a name; None when the gender is needed and unknown."""
    if name is None:
        return words.SALUTATION_COLLEAGUES
    gender = gender or detect_gender(name)
    if gender is None:
        return None
    if name.first:
        addressed = " ".join(part for part in (name.first, name.patronymic) if part)
        template = words.SALUTATION_FEMALE if gender is Gender.FEMALE else words.SALUTATION_MALE
    else:
        addressed = name.surname
        template = (
            words.SALUTATION_FEMALE_SURNAME
            if gender is Gender.FEMALE
            else words.SALUTATION_MALE_SURNAME
        )
    return template.format(name=addressed)


# --------------------------------------------------------------------------- phrases

_PHRASE_TOKEN = re.compile(r"\S+")
_HEADS = ("NOUN",)
_MODIFIERS = ("ADJF", "PRTF")


def _nominative_parse(word: str) -> Any | None:
    """The word's reading in the nominative: adjectives and participles first (so that
    present participles are read as participles), then nouns; None for any other word."""
    parses = [p for p in _morph().parse(word.lower()) if "nomn" in p.tag]
    for wanted in (_MODIFIERS, _HEADS):
        for parse in parses:
            if parse.tag.POS in wanted:
                return parse
    return None


def _agrees(modifier: Any, noun: Any) -> bool:
    if modifier.tag.number != noun.tag.number:
        return False
    return bool(modifier.tag.number == "plur" or modifier.tag.gender == noun.tag.gender)


def _with_capitals(source: str, result: str) -> str:
    if source[:1].isupper():
        return "-".join(cap_word(part) if part else part for part in result.split("-"))
    return result


def _inflected(parse: Any, case: Case, animate: bool) -> str:
    grammemes = {case.value}
    masculine_or_plural = parse.tag.number == "plur" or parse.tag.gender == "masc"
    if case is Case.ACCUSATIVE and parse.tag.POS in _MODIFIERS and masculine_or_plural:
        grammemes.add("anim" if animate else "inan")
    form = parse.inflect(grammemes) or parse.inflect({case.value})
    return str(form.word) if form is not None else str(parse.word)


def _head(words_: list[str]) -> Iterator[tuple[int, Any]]:
    """The phrase's head: its leading adjectives (or participles) and the first noun that
    agrees with them, each with its parse; stops at the first word in another case."""
    modifiers: list[tuple[int, Any]] = []
    for index, word in enumerate(words_):
        if not _WORD.match(word) or (word.isupper() and len(word) > 1):
            break
        parse = _nominative_parse(word)
        if parse is None:
            break
        if parse.tag.POS in _MODIFIERS:
            if modifiers and not _agrees(parse, modifiers[-1][1]):
                break
            modifiers.append((index, parse))
            continue
        if all(_agrees(m, parse) for _, m in modifiers):
            yield from modifiers
            yield index, parse
            return
        break
    yield from modifiers  # a participle standing alone is the head itself


def decline_phrase(phrase: str, case: Case) -> str:
    """Positions, documents and names of organisations in a case: the leading adjectives
    and participles and the noun they agree with are declined; abbreviations, initials
    and what follows the head stay as typed (see tests/test_russian.py for examples).
    A participle standing alone (the head of a department) names a person: its accusative
    is the animate one."""
    phrase = " ".join(phrase.split())
    if case is Case.NOMINATIVE or not phrase:
        return phrase
    tokens = phrase.split(" ")
    head = list(_head(tokens))
    if not head:
        return phrase
    noun = head[-1][1]
    # a participle standing alone names a person
    animate = noun.tag.POS not in _HEADS or noun.tag.animacy == "anim"
    for index, parse in head:
        tokens[index] = _with_capitals(tokens[index], _inflected(parse, case, animate))
    return " ".join(tokens)


def position_of(position: str, case: Case) -> str:
    """A position in lower case after a preposition or in running text."""
    phrase = " ".join(position.split())
    if phrase[:1].isupper() and not (phrase[:2].isupper()):
        phrase = phrase[:1].lower() + phrase[1:]
    return decline_phrase(phrase, case)


def is_proper_name(word: str) -> bool:
    """A first name, a surname or a place: it keeps its capital letter."""
    return any(grammeme in tag for tag in _tags(word) for grammeme in ("Name", "Surn", "Geox"))

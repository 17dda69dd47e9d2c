"""Draft obligations from the teacher's notes «what we offer» and «what we ask», for the
teacher to confirm or edit one by one before any goes into an agreement (the dialog is the
feature's). Raw notes never go in: each note becomes a neutral sentence that starts with a
verb («Провести выставку работ учащихся»); a hedged note («может спонсорство») or one about
money (the agreement is free of charge) is marked for review instead of passed through."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.domain.russian import Case, decline_phrase, morph
from texts import paperwork as words

OURS = "ours"
PARTNER = "partner"
REVIEW_HEDGE = "hedge"  # the note is unsure: «может», «возможно», «?»
REVIEW_MONEY = "money"  # money, sponsorship: not in a free-of-charge agreement as typed

# hedges, matched as whole words in lower case; removed from the draft
_HEDGES = re.compile(
    r"(?<![\w-])(?:может быть|может|возможно|наверное|вероятно|если получится|"
    r"если удастся|попробовать|попробуем|хотелось бы|не знаю|подумать|вроде|"
    r"как-нибудь|или нет|мб|м\.б\.)(?![\w-])",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"(?<![\w-])(?:спонсор\w*|деньг\w*|денеж\w*|финанс\w*|оплат\w*|платн\w*|пожертвован\w*|"
    r"бюджет\w*|грант\w*)",
    re.IGNORECASE,
)
# lemmas of things one holds rather than hands over: «провести», the rest «предоставить»
_EVENTS = frozenset(
    {
        "мастер-класс", "выставка", "концерт", "экскурсия", "встреча", "лекция", "занятие",
        "праздник", "конкурс", "фестиваль", "акция", "спектакль", "урок", "семинар",
        "консультация", "олимпиада", "соревнование", "турнир", "викторина", "квест",
        "конференция", "практикум", "тренинг", "экспедиция", "субботник", "ярмарка",
        "презентация", "день", "вечер", "игра", "смена", "стажировка", "практика",
    }
)  # fmt: skip
_BULLET = re.compile(r"^\s*(?:[-–—•*·]+|\d{1,2}[.)])\s*")


@dataclass(frozen=True)
class Obligation:
    side: str  # OURS (what we offer) or PARTNER (what we ask)
    text: str  # the draft the teacher confirms or edits
    source: str  # the note it was made from, shown beside it
    review: str = ""  # REVIEW_HEDGE, REVIEW_MONEY or "" (a plain draft)


def split_notes(text: str | None) -> list[str]:
    """One note per line or per «;», bullets and numbers typed by the teacher removed."""
    if not text:
        return []
    notes = []
    for line in text.replace(";", "\n").splitlines():
        note = " ".join(_BULLET.sub("", line).split()).strip(" ,.;:")
        if note:
            notes.append(note)
    return notes


def _first_parse(word: str) -> Any | None:
    parses = morph().parse(word.lower())
    return parses[0] if parses else None


def draft(note: str) -> str:
    """A neutral obligation from a note: «выставка работ в фойе» → «Провести выставку работ
    в фойе», «дадим помещение» → «Предоставить помещение», «проведём концерт» → «Провести
    концерт»; a note that already starts with an infinitive is kept."""
    text = " ".join(_HEDGES.sub(" ", note).split()).strip(" ,.;:?!—-")
    if not text:
        return ""
    first, _, rest = text.partition(" ")
    parse = _first_parse(first)
    if parse is not None and parse.tag.POS == "INFN":
        return text[:1].upper() + text[1:]
    if parse is not None and parse.tag.POS == "VERB":
        verb = str(parse.normal_form)
        return " ".join(part for part in (verb[:1].upper() + verb[1:], rest) if part)
    phrase = text[:1].lower() + text[1:] if not text[1:2].isupper() else text
    head = next(
        (
            p
            for word in phrase.split()
            for p in morph().parse(word.lower())[:1]
            if p.tag.POS == "NOUN"
        ),
        None,
    )
    event = head is not None and str(head.normal_form) in _EVENTS
    verb = words.OBLIGATION_VERB_EVENT if event else words.OBLIGATION_VERB_GIVE
    return f"{verb} {decline_phrase(phrase, Case.ACCUSATIVE)}"


def suggest_obligations(offer: str | None, ask: str | None) -> list[Obligation]:
    """Draft obligations: ours from the offer, the partner's from the ask, in the notes'
    order; hedged and money notes marked for review (never confirmed without the teacher)."""
    found: list[Obligation] = []
    for side, notes in ((OURS, split_notes(offer)), (PARTNER, split_notes(ask))):
        for note in notes:
            review = ""
            if _MONEY.search(note):
                review = REVIEW_MONEY
            elif _HEDGES.search(note) or "?" in note:
                review = REVIEW_HEDGE
            text = draft(note)
            if text:
                found.append(Obligation(side, text, note, review))
    return found

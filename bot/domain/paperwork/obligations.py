"""Draft obligations from the teacher's notes «what we offer» and «what we ask», for the
teacher to confirm or edit one by one before any goes into an agreement (the dialog is the
feature's). Raw notes never go in: each note becomes a neutral sentence that starts with a
verb ("hold an exhibition of the pupils' works"); a hedged note ("maybe sponsorship") or one about
money (the agreement is free of charge) is marked for review instead of passed through."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.domain.russian import Case, decline_phrase, morph
from texts import paperwork as words

OURS = "ours"
PARTNER = "partner"
REVIEW_HEDGE = "hedge"  # the note is unsure: "maybe", "perhaps", a question mark
REVIEW_MONEY = "money"  # money, sponsorship: not in a free-of-charge agreement as typed

# hedges, matched as whole words in lower case; removed from the draft
_HEDGE_WORDS = "|".join(re.escape(h) for h in words.HEDGES)
_HEDGES = re.compile(rf"(?<![\w-])(?:{_HEDGE_WORDS})(?![\w-])", re.IGNORECASE)
_MONEY_WORDS = "|".join(re.escape(stem) + r"\w*" for stem in words.MONEY_STEMS)
_MONEY = re.compile(rf"(?<![\w-])(?:{_MONEY_WORDS})", re.IGNORECASE)
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
    """A neutral obligation from a note: a noun phrase gets a verb ("hold" for events,
    "provide" for the rest) and goes into the accusative; a verb in the first person
    becomes its infinitive; a note that already starts with an infinitive is kept."""
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
    event = head is not None and str(head.normal_form) in words.EVENT_LEMMAS
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

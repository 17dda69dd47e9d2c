"""Button labels made of what people typed (partner and programme names): shortened at a word
boundary, never in the middle of a word.

A name of 45 characters cut to 30 keeps its first whole words and ends with an ellipsis
(tests/test_partners_names.py has examples).
"""

from __future__ import annotations

ELLIPSIS = "…"
_TRAILING = " \t\n,;:.-–—(«\"'/"  # nothing worth keeping right before the «…»


def cut_label(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: whole words, then «…» when something was cut.
    A first word longer than the limit is cut itself (there is no better boundary)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = max(limit - len(ELLIPSIS), 1)
    head = text[:room]
    if text[room] != " ":  # the limit falls inside a word: drop that word
        boundary = head.rfind(" ")
        if boundary > 0:
            head = head[:boundary]
    return (head.rstrip(_TRAILING) or text[:room]) + ELLIPSIS

"""Text as people type it, made safe to keep and to put into documents: control characters
(other than tab and line breaks) are not allowed in XML 1.0, so a .docx or .xlsx could not
hold them, and no person means them."""

from __future__ import annotations

import re

XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def without_controls(text: str) -> str:
    """`text` with each control character replaced by a space (one UTF-16 unit for one, so
    Telegram's entity offsets still point at the same words)."""
    return XML_ILLEGAL.sub(" ", text)

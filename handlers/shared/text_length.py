"""How long a rendered message is for Telegram's 4096-character limit."""

from __future__ import annotations

import html
import re

_TAG_RE = re.compile(r"<[^>]+>")


def shown_length(rendered: str) -> int:
    """The length Telegram counts against its 4096 limit: the text after entity parsing."""
    return len(html.unescape(_TAG_RE.sub("", rendered)))

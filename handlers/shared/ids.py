"""Row ids in callback data: untrusted, so parsed strictly.

`RowId` is the type of every id field of a feature's `CallbackData`: what comes back from
Telegram is either a plain ASCII number that can be a row id, or 0 (found nowhere). A
forged "²" or 2^64 thus finds nothing instead of failing the update or overflowing the
database driver.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

from storage.partners import valid_id


def row_id(value: str) -> int:
    """An id from callback data: 0 (found nowhere) unless it is a plain ASCII number that
    can be a row id ("²".isdigit() is true, yet int("²") fails)."""
    if not (value.isascii() and value.isdecimal() and len(value) <= 10):
        return 0
    number = int(value)
    return number if valid_id(number) else 0


def _parsed(value: Any) -> Any:
    # text comes from Telegram (unpack); numbers from our own code (pack) stay as they are
    return row_id(value) if isinstance(value, str) else value


RowId = Annotated[int, BeforeValidator(_parsed)]

"""Secrets never reach the logs.

Request URLs contain the bot token (`…/bot<token>/getUpdates`), and aiogram logs network
errors with the URL in them ("Failed to fetch updates - ClientOSError: … for
http://host/bot123:AA…/getUpdates"). `redact` installs a log-record factory that replaces
the secret in every record — message, arguments and traceback — whatever the handler.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

MASK = "<BOT_TOKEN>"
_secrets: set[str] = set()
_installed = False


def _scrub(text: str) -> str:
    for secret in _secrets:
        text = text.replace(secret, MASK)
    return text


def redact(secret: str | None) -> None:
    """From now on, `secret` is masked in every log record (idempotent)."""
    global _installed
    if not secret:
        return
    _secrets.add(secret)
    if _installed:
        return
    _installed = True
    make_record = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return record
        if any(secret in message for secret in _secrets):
            record.msg, record.args = _scrub(message), None
        if record.exc_info and record.exc_info[1] is not None:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            if any(secret in text for secret in _secrets):
                record.exc_text = _scrub(text)
        return record

    logging.setLogRecordFactory(factory)

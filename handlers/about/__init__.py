"""/about: the method as a browsable reference; page buttons edit one message."""

from __future__ import annotations

from aiogram import Router

from handlers.about import pages


def router() -> Router:
    return pages.router()

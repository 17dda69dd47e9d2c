"""Every word the user sees: Jinja2 HTML templates (texts/templates) and button labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.contacts import display_phone, tel_link
from texts import method

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TELEGRAM_TEXT_LIMIT = 4096


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural form: 1 партнёр, 2 партнёра, 5 партнёров."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def shorten(value: str | None, limit: int = 300) -> str:
    if not value:
        return ""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


class Texts:
    """One Jinja environment for the whole app; `render` returns ready HTML."""

    def __init__(self) -> None:
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES_DIR),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=StrictUndefined,
            auto_reload=False,
        )
        self.env.filters["plural"] = plural
        self.env.filters["shorten"] = shorten
        self.env.filters["phone"] = display_phone
        self.env.filters["tel"] = tel_link
        self.env.globals["method"] = method

    def render(self, name: str, /, **context: Any) -> str:
        return self.env.get_template(name).render(**context).strip()

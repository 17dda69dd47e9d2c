"""Every word the user sees: Jinja2 HTML templates (texts/templates) and button labels."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

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
    """The app's one Jinja environment; `render` returns ready HTML (user text escaped).

    `filters` adds the shell's formatting functions (e.g. phones), so texts/ needs nothing
    from the layers above it.
    """

    def __init__(self, filters: Mapping[str, Callable[..., Any]] | None = None) -> None:
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
        self.env.filters.update(filters or {})
        self.env.globals["method"] = method

    def render(self, name: str, /, **context: Any) -> str:
        return self.env.get_template(name).render(**context).strip()

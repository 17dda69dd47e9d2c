"""Every word the user sees: Jinja2 HTML templates (texts/templates) and button labels."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.contacts import display_phone, tel_link
from texts import method

if TYPE_CHECKING:
    from jinja2 import Environment

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


def _create_env() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        auto_reload=False,
    )
    env.filters["plural"] = plural
    env.filters["shorten"] = shorten
    env.filters["phone"] = display_phone
    env.filters["tel"] = tel_link
    env.globals["method"] = method
    return env


class Texts:
    """One Jinja environment for the whole app; `render` returns ready HTML.

    The environment (and the jinja2 import, ~0.1 s) is created on first use, so it does not
    delay the bot's start; `warm_up` does it ahead of time from a worker thread.
    """

    WARM_UP_DIRS = ("start/", "common/")  # what a first contact needs

    def __init__(self) -> None:
        self._env: Environment | None = None
        self._lock = threading.Lock()

    @property
    def env(self) -> Environment:
        env = self._env
        if env is None:
            with self._lock:
                if self._env is None:
                    self._env = _create_env()
                env = self._env
        return env

    def warm_up(self) -> None:
        """Create the environment and compile the first-contact templates (thread-safe)."""
        env = self.env
        for name in env.list_templates(extensions=["html"]):
            if name.startswith(self.WARM_UP_DIRS):
                env.get_template(name)

    def render(self, name: str, /, **context: Any) -> str:
        return self.env.get_template(name).render(**context).strip()

"""Filters shared by feature routers."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from storage.orgs import MemberInfo


class Registered(Filter):
    """Passes only for members of an organisation; hands the member on to the handler."""

    async def __call__(
        self, event: TelegramObject, member: MemberInfo | None = None
    ) -> bool | dict[str, Any]:
        return {"member": member} if member is not None else False


# aiogram runs synchronous filters (magic `F.…` included) in a worker thread, which costs
# more than the rest of a typical update; these async equivalents avoid that hop. A filter
# whose answer is a cheap pure function of the event exposes it as `quick_check`, which the
# routers' prefilters (bot/routing.py) call directly.


class TextIs(Filter):
    """The message text equals one of the given labels."""

    def __init__(self, *labels: str) -> None:
        self.labels = frozenset(labels)

    def quick_check(self, event: TelegramObject) -> bool:  # also read by bot/routing.py
        return getattr(event, "text", None) in self.labels

    async def __call__(self, event: TelegramObject) -> bool:
        return self.quick_check(event)


class Has(Filter):
    """The message carries this kind of content: Has("contact"), Has("voice"), …"""

    def __init__(self, *fields: str) -> None:
        self.fields = fields

    def quick_check(self, event: TelegramObject) -> bool:  # also read by bot/routing.py
        return any(getattr(event, name, None) is not None for name in self.fields)

    async def __call__(self, event: TelegramObject) -> bool:
        return self.quick_check(event)

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


# aiogram runs synchronous filters (a bare magic `F.text == …`) in a worker thread; these
# small async filters say the same thing without the hop.


class TextIs(Filter):
    """The message text equals one of the given labels."""

    def __init__(self, *labels: str) -> None:
        self.labels = frozenset(labels)

    async def __call__(self, event: TelegramObject) -> bool:
        return getattr(event, "text", None) in self.labels


class Has(Filter):
    """The message carries this kind of content: Has("contact"), Has("voice"), …"""

    def __init__(self, *fields: str) -> None:
        self.fields = fields

    async def __call__(self, event: TelegramObject) -> bool:
        return any(getattr(event, name, None) is not None for name in self.fields)

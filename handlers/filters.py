"""Filters shared by feature routers."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from storage.models import Member


class Registered(Filter):
    """Passes only for members of an organisation; hands the member on to the handler."""

    async def __call__(
        self, event: TelegramObject, member: Member | None = None
    ) -> bool | dict[str, Any]:
        return {"member": member} if member is not None else False

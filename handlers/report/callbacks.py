"""The report's callback data: the period's kind only."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.domain.periods import PeriodKind


class PeriodCb(CallbackData, prefix="rpt"):
    kind: PeriodKind

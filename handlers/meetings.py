"""Placeholder router: the feature lands here."""

from __future__ import annotations

from aiogram import Router

from bot.reminder_types import ReminderRenderer

router = Router(name=__name__)

# kind → renderer, collected by the reminder engine (bot/reminder_types.py)
REMINDER_RENDERERS: dict[str, ReminderRenderer] = {}

"""Placeholder router: the feature lands here."""

from __future__ import annotations

from aiogram import Router

router = Router(name=__name__)

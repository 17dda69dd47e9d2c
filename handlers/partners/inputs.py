"""What a typed answer about a partner may be: limits and checks (the add flow, the card's
edits and notes share them)."""

from __future__ import annotations

from aiogram.types import Message

from bot.context import Ctx
from bot.domain.contacts import normalize_email, normalize_phone
from bot.domain.search import has_name_chars

LIMITS: dict[str, tuple[int, int]] = {
    "name": (2, 200),
    "contact_person": (2, 200),
    "address": (2, 300),
    "offer": (2, 1000),
    "ask": (2, 1000),
    "note": (2, 3000),
    "phone": (5, 64),
    "email": (3, 254),
}


def check_text(step: str, message: Message, ctx: Ctx) -> tuple[str | None, str | None]:
    """(value, None) when the answer fits the step, else (None, the explanation)."""
    if message.text is None:
        return None, ctx.render("partners/bad.html", reason="text")
    value = message.text.strip()
    low, high = LIMITS[step]
    if step == "phone":
        phone = normalize_phone(value)
        return (phone, None) if phone else (None, ctx.render("partners/bad.html", reason="phone"))
    if step == "email":
        email = normalize_email(value)
        return (email, None) if email else (None, ctx.render("partners/bad.html", reason="email"))
    if not low <= len(value) <= high:
        return None, ctx.render(
            "partners/bad.html", reason="length", min=low, limit=high, length=len(value)
        )
    if step == "name" and not has_name_chars(value):
        return None, bad(ctx, "nameless")
    return value, None


def bad(ctx: Ctx, reason: str) -> str:
    """The explanation of a wrong answer: "text", "phone", "button", "required"…"""
    return ctx.render("partners/bad.html", reason=reason)

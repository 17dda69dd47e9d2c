"""Organisation settings of the feature (admins only), from the overview: how many days
before the end renewal reminders come. Document templates are in templates.py."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.services import agreements as service
from handlers.agreements.callbacks import AgSet, SetAct
from handlers.agreements.views import digits, message_of
from storage import agreements as store


class AgreementSettingsForm(StatesGroup):
    offsets = State()
    template = State()


# rows saved before the group was renamed (it clashed with handlers/settings.SettingsForm)
LEGACY_OFFSETS = "SettingsForm:offsets"
LEGACY_TEMPLATE = "SettingsForm:template"


async def admin_message(query: CallbackQuery, ctx: Ctx) -> Message | None:
    """The message under an admin's settings button; None (having said why) otherwise."""
    message = message_of(query)
    if message is None:
        return None
    if not ctx.member.is_admin:
        await message.answer(ctx.render("agreements/admin_only.html"))
        return None
    return message


async def ask_offsets(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := await admin_message(query, ctx)) is None:
        return
    await ctx.state.set_state(AgreementSettingsForm.offsets)
    offsets = await store.get_offsets(ctx.session, ctx.org)
    await message.answer(ctx.render("agreements/ask_offsets.html", offsets=offsets))


async def offsets_typed(message: Message, ctx: Ctx) -> None:
    raw = (message.text or "").replace(",", " ").replace(";", " ").split()
    numbers = all(digits(v) and len(v) <= 4 for v in raw)
    values = sorted({int(v) for v in raw}, reverse=True) if numbers else []
    if (
        not values
        or len(values) > store.MAX_OFFSETS
        or any(not 1 <= v <= store.MAX_OFFSET_DAYS for v in values)
    ):
        await message.answer(
            ctx.render(
                "agreements/ask_offsets.html",
                offsets=await store.get_offsets(ctx.session, ctx.org),
                bad=True,
                max_count=store.MAX_OFFSETS,
                max_days=store.MAX_OFFSET_DAYS,
            )
        )
        return
    count = await service.set_offsets(ctx.session, ctx.org, values, now=ctx.now())
    await ctx.state.clear()
    await message.answer(ctx.render("agreements/offsets_saved.html", offsets=values, count=count))


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(ask_offsets, AgSet.filter(F.action == SetAct.OFFSETS))
    r.message.register(offsets_typed, StateFilter(AgreementSettingsForm.offsets, LEGACY_OFFSETS))
    return r

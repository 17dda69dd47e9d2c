"""The member's reminder settings for meetings (reached from /settings): the evening-before
and two-hours-before reminders on or off, the quiet hours."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.context import Ctx
from bot.services import meetings as service
from handlers.meetings import keyboards
from handlers.meetings.callbacks import PrefsAct, PrefsCb
from handlers.meetings.view import message_of, render, say, tz_label
from handlers.shared.callbacks import ReminderSettings
from handlers.shared.keyboards import edit
from storage import meetings as db
from texts import meetings as words


async def _screen(ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    prefs = await db.get_prefs(ctx.session, ctx.member.id)
    text = render(
        ctx.tx,
        "meetings/settings.html",
        prefs=prefs,
        quiet=words.quiet_label(prefs.quiet_from, prefs.quiet_to),
        tz_label=tz_label(ctx),
    )
    return text, keyboards.prefs(prefs)


async def _redraw(message: Message, ctx: Ctx) -> None:
    text, markup = await _screen(ctx)
    await edit(message, text, markup)  # the current preset tapped again changes nothing


async def show(query: CallbackQuery, ctx: Ctx) -> None:
    """The entry point /settings offers (ReminderSettings)."""
    if message := message_of(query):
        text, markup = await _screen(ctx)
        await message.answer(text, reply_markup=markup)


async def toggle_eve(query: CallbackQuery, ctx: Ctx) -> None:
    if message := message_of(query):
        await service.toggle_eve(ctx.session, ctx.member.id)
        await _redraw(message, ctx)


async def toggle_soon(query: CallbackQuery, ctx: Ctx) -> None:
    if message := message_of(query):
        await service.toggle_soon(ctx.session, ctx.member.id)
        await _redraw(message, ctx)


async def quiet_hours(query: CallbackQuery, callback_data: PrefsCb, ctx: Ctx) -> None:
    if not (message := message_of(query)):
        return
    if not 0 <= callback_data.idx < len(words.QUIET_PRESETS):
        await say(message, ctx, "common/stale.html")
        return
    quiet_from, quiet_to = words.QUIET_PRESETS[callback_data.idx]
    await service.set_quiet(ctx.session, ctx.member.id, quiet_from, quiet_to)
    await _redraw(message, ctx)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(show, ReminderSettings.filter())
    r.callback_query.register(toggle_eve, PrefsCb.filter(F.action == PrefsAct.EVE))
    r.callback_query.register(toggle_soon, PrefsCb.filter(F.action == PrefsAct.SOON))
    r.callback_query.register(quiet_hours, PrefsCb.filter(F.action == PrefsAct.QUIET))
    return r

"""Last in the feature: a form button pressed at another question (an old message, a double
tap) is stale — said in the chat, the form stays where it is."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery

from bot.context import Ctx
from handlers.agreements.callbacks import AgForm
from handlers.agreements.form import AgreementForm
from handlers.agreements.prolong import ProlongForm
from handlers.agreements.views import message_of, stale


async def stale_form_button(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await stale(message, ctx)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(
        stale_form_button, AgForm.filter(), StateFilter(AgreementForm, ProlongForm)
    )
    return r

"""Outside any flow: a contact card shared in the chat is offered as a partner, and typed
text is a request ("what next", "help": handlers/partners/intents.py) or else a search.
Registered last of the partner database (and partners last of the features): a flow's
questions and every command come first."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Filter, StateFilter
from aiogram.types import Message, TelegramObject

from bot.context import Ctx
from bot.domain.contacts import normalize_phone
from bot.domain.intents import detect
from bot.domain.search import has_name_chars
from bot.services import partners as service
from handlers.partners import intents, keyboards, listing, view
from handlers.partners.callbacks import ListCb
from handlers.shared.filters import Has
from handlers.shared.keyboards import main_menu
from storage import partners as db
from texts import buttons

SEARCH_MAX = 100
MENU_LABELS = frozenset(
    value for name, value in vars(buttons).items() if name.isupper() and isinstance(value, str)
)


class SearchText(Filter):
    """Plain typed text that is not a command nor a menu label: a search query."""

    async def __call__(self, event: TelegramObject) -> bool:
        text = getattr(event, "text", None)
        if not text:
            return False
        text = text.strip()
        return (
            len(text) >= 2
            and not text.startswith("/")
            and text not in MENU_LABELS
            and len(text) <= SEARCH_MAX
        )


async def contact_offer(message: Message, ctx: Ctx) -> None:
    contact = message.contact
    assert contact is not None
    name = " ".join(filter(None, [contact.first_name, contact.last_name])).strip()[:200]
    phone = normalize_phone(contact.phone_number, lenient=True)
    await ctx.state.set_data({"contact": {"name": name or contact.phone_number, "phone": phone}})
    await message.answer(
        ctx.render("partners/contact_offer.html", name=name, phone=phone),
        reply_markup=keyboards.add_from_contact(),
    )


async def search_typed(message: Message, ctx: Ctx, **data: Any) -> None:
    """A request ("what next", "hello"): answered as its command. Otherwise a search:
    one partner found: its card; none: offer to add it; more: the list of them."""
    query = (message.text or "").strip()
    intent = detect(query)
    if intent is not None:
        await intents.answer(message, ctx, intent, data)
        return
    if not has_name_chars(query):  # «--», «😀😀»: nothing to find, nothing to add
        await message.answer(ctx.render("partners/search_nameless.html"), reply_markup=main_menu())
        return
    rows, more = await service.search_partners(ctx.session, ctx.org, query)
    await ctx.state.set_data({"sq": query})
    if len(rows) == 1 and not more:
        partner = await db.get_partner(ctx.session, ctx.org, rows[0].id)
        if partner is not None:
            await view.send_card(message, ctx, partner)
            return
    if not rows:
        await message.answer(
            ctx.render("partners/search_none.html", query=query),
            reply_markup=keyboards.add_from_search(query),
        )
        return
    text, markup = await listing.render(ctx, ListCb(search=True), found=(query, rows, more))
    await message.answer(text, reply_markup=markup)


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(contact_offer, StateFilter(None), Has("contact"))
    r.message.register(search_typed, StateFilter(None), SearchText())  # the last one
    return r

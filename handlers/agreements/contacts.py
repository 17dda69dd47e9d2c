"""The member's phone and e-mail for letters: a proposal letter names its author as the
partner's contact. Asked once, before the first letter, and kept on the member
(bot/services/requisites.py); each can be skipped or kept as it is — with neither, the letter
gives the organisation's phone and e-mail from its requisites. The letter's caption offers
to change them."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import Ctx
from bot.domain.contacts import display_phone
from bot.services import requisites as service
from handlers.agreements.callbacks import ContactAct, ContactCb
from handlers.agreements.produce import Job, run
from handlers.agreements.views import message_of
from texts import agreements as words
from texts import buttons
from texts import requisites as requisite_words

KEY = "lc"


class ContactForm(StatesGroup):
    phone = State()
    email = State()


async def _question(message: Message, ctx: Ctx, i: int, current: str, error: str = "") -> None:
    kb = InlineKeyboardBuilder()
    label = requisite_words.BTN_KEEP if current else buttons.SKIP
    kb.row(
        InlineKeyboardButton(
            text=label, callback_data=ContactCb(action=ContactAct.SKIP, i=i).pack()
        )
    )
    await message.answer(
        ctx.render(
            "agreements/ask_contact.html",
            question=words.CONTACT_QUESTIONS[i],
            current=current,
            error=error,
        ),
        reply_markup=kb.as_markup(),
    )


async def ask(message: Message, ctx: Ctx, job: Job) -> None:
    """The phone, then the e-mail; then the job goes on."""
    known = await service.contacts(ctx.session, ctx.member.id)
    await ctx.state.set_state(ContactForm.phone)
    data = {"job": job.as_data(), "phone": known.phone, "email": known.email}
    await ctx.state.set_data({KEY: data})
    await _question(message, ctx, 0, display_phone(known.phone))


async def _answered(message: Message, ctx: Ctx, data: dict[str, Any]) -> None:
    """After the phone: the e-mail; after the e-mail: saved, and the job goes on."""
    if await ctx.state.get_state() == ContactForm.phone.state:
        await ctx.state.set_state(ContactForm.email)
        await ctx.state.set_data({KEY: data})
        await _question(message, ctx, 1, str(data.get("email") or ""))
        return
    phone, email = str(data.get("phone") or ""), str(data.get("email") or "")
    await service.save_contacts(ctx.session, ctx.member.id, phone=phone, email=email, now=ctx.now())
    await ctx.state.clear()
    await message.answer(
        ctx.render("agreements/contacts_saved.html", phone=display_phone(phone), email=email)
    )
    job = Job.from_data(data.get("job"))
    if job is not None:
        await run(message, ctx, job)


async def typed(message: Message, ctx: Ctx) -> None:
    data = (await ctx.state.get_data()).get(KEY)
    if not isinstance(data, dict):
        await ctx.state.clear()
        await message.answer(ctx.render("common/stale.html"))
        return
    is_phone = await ctx.state.get_state() == ContactForm.phone.state
    text = (message.text or "").strip()
    value = service.parse_phone(text) if is_phone else service.parse_email(text)
    if value is None:
        i = 0 if is_phone else 1
        await _question(message, ctx, i, "", words.CONTACT_ERRORS[i])
        return
    data["phone" if is_phone else "email"] = value
    await _answered(message, ctx, data)


async def skip(
    query: CallbackQuery, callback_data: ContactCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    data = (await ctx.state.get_data()).get(KEY)
    state = await ctx.state.get_state()
    expected = ContactForm.phone.state if callback_data.i == 0 else ContactForm.email.state
    message = message_of(query)
    if not isinstance(data, dict) or state != expected or message is None:
        callback_answer.text = ctx.render("common/stale.html")
        callback_answer.show_alert = True
        return
    await _answered(message, ctx, data)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(skip, ContactCb.filter(F.action == ContactAct.SKIP))
    r.message.register(typed, StateFilter(ContactForm.phone, ContactForm.email))
    return r

"""A partner's card, rendered to fit one message, and the answers every screen gives."""

from __future__ import annotations

from typing import NamedTuple

from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services.history import partner_history
from handlers.partners import keyboards
from handlers.partners.callbacks import FullAct, FullText
from handlers.shared.keyboards import edit
from handlers.shared.text_length import shown_length
from storage import orgs
from storage import partners as db
from storage import tasks as tasks_db
from storage.models import Partner
from texts import TELEGRAM_TEXT_LIMIT, shorten
from texts import partners as labels


class CardSize(NamedTuple):
    """How much of each value the card shows (source values are shortened before rendering:
    a cut through rendered HTML could split a tag or an entity)."""

    text: int  # what we offer / ask
    history: int  # history items
    note: int  # one note in the history
    programs: int  # linked programmes
    program: int  # one programme's name
    field: int  # name, contact person, e-mail, address, responsible


# Card rendering, from generous to compact, until it fits in one message. The last size
# drops the history and the programmes: whatever is stored, it fits (a test checks it).
CARD_SIZES: tuple[CardSize, ...] = (
    CardSize(600, 10, 300, 10, 200, 300),
    CardSize(300, 6, 150, 10, 80, 300),
    CardSize(120, 3, 60, 5, 40, 300),
    CardSize(60, 0, 0, 0, 0, 60),
)
FULL_NOTES = 5  # at most so many «… in full» buttons


async def card(ctx: Ctx, partner: Partner) -> tuple[str, InlineKeyboardMarkup]:
    history = await partner_history(ctx.session, ctx.org, partner.id)
    responsible = None
    if partner.responsible_id == ctx.member.id:  # the usual case: no query
        responsible = ctx.member.full_name
    elif partner.responsible_id:
        person = await orgs.get_member(ctx.session, ctx.org, partner.responsible_id)
        responsible = person.full_name if person else None
    linked = await db.partner_program_names(ctx.session, ctx.org, partner.id)
    next_task = await tasks_db.next_open(ctx.session, ctx.org, partner.id)  # handlers/tasks
    tz = ctx.tz
    text = ""
    size = CARD_SIZES[-1]
    for size in CARD_SIZES:
        text = ctx.render(
            "partners/card.html",
            p=partner,
            name=shorten(partner.name, size.field),
            contact_person=shorten(partner.contact_person, size.field),
            email=shorten(partner.email, size.field),
            address=shorten(partner.address, size.field),
            offer=shorten(partner.offer, size.text),
            ask=shorten(partner.ask, size.text),
            note_cut=size.note,
            tz=tz,
            status_date=partner.status_changed_at.astimezone(tz).strftime("%d.%m.%Y"),
            responsible=shorten(responsible, size.field),
            directions=[d.direction for d in partner.directions],
            programs=[shorten(name, size.program) for name in linked[: size.programs]],
            history=history[: size.history],
            next_task=next_task,
            today=ctx.today(),
        )
        if shown_length(text) <= TELEGRAM_TEXT_LIMIT:
            break
    extra: list[keyboards.Button] = []
    if partner.offer and len(partner.offer) > size.text:
        extra.append((labels.FULL_OFFER, FullText(action=FullAct.OFFER, id=partner.id)))
    if partner.ask and len(partner.ask) > size.text:
        extra.append((labels.FULL_ASK, FullText(action=FullAct.ASK, id=partner.id)))
    for item in history[: size.history]:
        if item.kind == "note" and len(item.data["text"]) > size.note and len(extra) < FULL_NOTES:
            # the time tells two notes of one day apart; a number, two of the same minute
            label = labels.FULL_NOTE.format(date=item.at.astimezone(tz).strftime("%d.%m %H:%M"))
            taken = [text for text, _ in extra]
            if label in taken:
                label = f"{label} ({sum(1 for t in taken if t.startswith(label)) + 1})"
            extra.append(
                (label, FullText(action=FullAct.NOTE, id=partner.id, note=item.data["id"]))
            )
    return text, keyboards.card(partner, extra)


async def send_card(message: Message, ctx: Ctx, partner: Partner) -> None:
    text, markup = await card(ctx, partner)
    await message.answer(text, reply_markup=markup)


async def edit_card(message: Message, ctx: Ctx, partner: Partner) -> None:
    text, markup = await card(ctx, partner)
    await edit(message, text, reply_markup=markup)


def not_found(ctx: Ctx, answer: CallbackAnswer) -> None:
    answer.text = ctx.render("common/not_found.html")
    answer.show_alert = True


def stale(ctx: Ctx, answer: CallbackAnswer) -> None:
    answer.text = ctx.render("common/stale.html")
    answer.show_alert = True


async def tapped(
    message: object, ctx: Ctx, pid: int, answer: CallbackAnswer
) -> tuple[Message, Partner] | None:
    """The message of a tap and the organisation's partner `pid`; None (and «not found»)
    when either is missing."""
    partner = await db.get_partner(ctx.session, ctx.org, pid)
    if partner is None or not isinstance(message, Message):
        not_found(ctx, answer)
        return None
    return message, partner

"""A status chosen by hand on the card (bot/domain/statuses.py `gap`, `WITH_REASON`).

«Отказ» and «Пауза» ask why (the reason stays as a note; «⏭ Без причины» skips it). Any
other status the records do not show — «Встреча запланирована» with no meeting, «Договор
подписан» with no agreement — asks to confirm first; what the records show is set at once.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import Ctx
from bot.domain.statuses import WITH_REASON
from bot.services import partners as service
from handlers.partners import view
from handlers.partners.callbacks import CardAct, CardCb, SetStatus, StatusOk
from handlers.shared.filters import Has
from handlers.shared.keyboards import edit
from storage import partners as db
from storage.enums import PartnerStatus
from texts import method
from texts import partners as labels

REASON_LIMIT = 300  # characters of a reason


class StatusForm(StatesGroup):
    reason = State()  # data: status_pid, status_to


def _keyboard(pid: int, status: PartnerStatus, yes: str, no: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=yes, callback_data=StatusOk(id=pid, status=status))
    kb.button(text=no, callback_data=CardCb(action=CardAct.OPEN, id=pid))  # the card again
    kb.adjust(1)
    return kb.as_markup()


async def chosen(
    query: CallbackQuery, callback_data: SetStatus, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is None:
        return
    message, partner = found
    target = callback_data.status
    label = method.STATUS_LABELS[target]
    if target in WITH_REASON and partner.status != target:
        await ctx.state.set_state(StatusForm.reason)
        await ctx.state.set_data({"status_pid": partner.id, "status_to": target.value})
        await edit(  # the status menu becomes the question (a second tap changes nothing)
            message,
            ctx.render("partners/status_reason.html", label=label, name=partner.name),
            _keyboard(partner.id, target, labels.STATUS_NO_REASON, labels.STATUS_KEEP),
        )
        return
    missing = await service.status_gap(ctx.session, partner, target)
    if missing is not None and partner.status != target:
        await edit(
            message,
            ctx.render("partners/status_gap.html", label=label, name=partner.name, gap=missing),
            _keyboard(partner.id, target, labels.STATUS_ANYWAY, labels.STATUS_KEEP),
        )
        return
    await service.set_status(ctx.session, ctx.member, partner, target, now=ctx.now())
    callback_answer.text = label
    await view.edit_card(message, ctx, partner)


async def confirmed(
    query: CallbackQuery, callback_data: StatusOk, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """«Да, поставить» or «Без причины»."""
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is None:
        return
    message, partner = found
    if await ctx.state.get_state() == StatusForm.reason.state:
        await ctx.state.clear()
    await service.set_status(ctx.session, ctx.member, partner, callback_data.status, now=ctx.now())
    await view.edit_card(message, ctx, partner)  # the question becomes the card


async def reason_typed(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    reason = (message.text or "").strip()
    partner = await db.get_partner(ctx.session, ctx.org, int(data.get("status_pid", 0)))
    status = data.get("status_to", "")
    if partner is None or status not in set(PartnerStatus):
        await ctx.state.clear()
        await message.answer(ctx.render("common/not_found.html"))
        return
    if not 2 <= len(reason) <= REASON_LIMIT:
        await message.answer(
            ctx.render(
                "partners/bad.html", reason="length", min=2, limit=REASON_LIMIT, length=len(reason)
            )
        )
        return
    await ctx.state.clear()
    target = PartnerStatus(status)
    await service.set_status(ctx.session, ctx.member, partner, target, now=ctx.now(), reason=reason)
    await view.send_card(message, ctx, partner)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(chosen, SetStatus.filter())
    r.callback_query.register(confirmed, StatusOk.filter())
    r.message.register(reason_typed, StateFilter(StatusForm.reason), Has("text"))
    return r

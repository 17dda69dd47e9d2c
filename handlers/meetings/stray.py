"""What the meetings' forms did not ask for (registered last in the package)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from handlers.meetings.callbacks import StepCb
from handlers.meetings.states import MeetingForm

TEXT_ANSWERS = (
    MeetingForm.partner,
    MeetingForm.list_partner,
    MeetingForm.when,
    MeetingForm.time,
    MeetingForm.confirm,
    MeetingForm.place,
    MeetingForm.link,
    MeetingForm.purpose,
    MeetingForm.past_when,
    MeetingForm.past_time,
    MeetingForm.item,
    MeetingForm.notes,
    MeetingForm.next_step,
    MeetingForm.next_date,
)


async def text_expected(message: Message, ctx: Ctx) -> None:
    """A sticker, photo… where a text answer is expected: the same question stands."""
    await message.answer(ctx.render("start/need_text.html"))


async def step_elsewhere(_: CallbackQuery, ctx: Ctx, callback_answer: CallbackAnswer) -> None:
    """A form's button once the form has moved on or ended (an old message): the meeting
    it was about is not found."""
    callback_answer.text = ctx.render("common/not_found.html")
    callback_answer.show_alert = True


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(text_expected, StateFilter(*TEXT_ANSWERS))
    r.callback_query.register(step_elsewhere, StepCb.filter())
    return r

"""Free text outside a flow that asks for something ("what next", "help", "hello",
"meetings"…): answered as the command it means, before it is taken for a partner's name.

bot.domain.intents.detect tells the intent. Each one is answered by re-dispatching its
command's text through the same dispatcher (`/next`, `/help`, `/meetings`…): the member
gets exactly the command's reply — the same handler, filters and FSM handling — and no
feature's handler internals are imported here, so the coach, meetings and agreements
may reshape their handlers freely. A greeting gets a short greeting and the main menu.
"""

from __future__ import annotations

from typing import Any

from aiogram import Dispatcher
from aiogram.types import Message

from bot.context import Ctx
from bot.domain.intents import Intent
from handlers.shared.keyboards import main_menu
from texts import shorten

GREETING_NAME = 100

COMMANDS: dict[Intent, str] = {
    Intent.NEXT: "next",
    Intent.TASKS: "next",  # "tasks", "today's to-do": the coach's next step is the to-do
    Intent.HELP: "help",
    Intent.MEETINGS: "meetings",
    Intent.AGREEMENTS: "agreements",
    Intent.PARTNERS: "partners",
    Intent.PLAN: "plan",
}


async def answer(message: Message, ctx: Ctx, intent: Intent, data: dict[str, Any]) -> None:
    """Reply to `intent` as its command does; `data`: the handler's context (the dispatcher
    and everything its middlewares put there)."""
    if intent is Intent.GREETING:
        name = shorten(ctx.member.full_name, GREETING_NAME)
        await message.answer(
            ctx.render("partners/greeting.html", name=name), reply_markup=main_menu()
        )
        return
    dispatcher: Dispatcher = data["dispatcher"]
    command = message.model_copy(update={"text": f"/{COMMANDS[intent]}", "entities": None})
    context = {key: value for key, value in data.items() if key not in {"handler", "event_router"}}
    await dispatcher.propagate_event("message", command, ctx=ctx, **context)

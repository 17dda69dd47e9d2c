"""The coach's forms (a stage-I answer, an event of the work plan, an evaluation) and what
they share."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject

from storage.enums import Direction
from texts import buttons

ANSWER_LIMIT = 1000
TITLE_LIMIT = 200
COMMENT_LIMIT = 1000
PRIZE_LIMIT = 300
CHILDREN_MAX = 100_000
DIRECTIONS: tuple[str, ...] = tuple(Direction)


class CoachForm(StatesGroup):
    answer = State()
    ev_title = State()
    ev_day = State()
    ev_day_ok = State()
    ev_partner = State()
    ev_direction = State()
    ev_responsible = State()
    held_children = State()
    held_partners = State()
    held_prize = State()
    held_photo = State()
    eval_score = State()
    eval_comment = State()
    eval_direction = State()


class NotCommand(Filter):
    """Typed text that is neither a /command nor a main-menu button: those typed in the
    middle of a coach flow reach their own handlers instead of becoming an answer."""

    async def __call__(self, event: TelegramObject) -> bool:
        text = getattr(event, "text", None) or ""
        return not text.startswith("/") and text not in buttons.MENU_LABELS


def message_of(query: CallbackQuery) -> Message | None:
    """The message under the tapped button (None when Telegram no longer has it)."""
    return query.message if isinstance(query.message, Message) else None

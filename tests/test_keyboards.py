"""handlers/keyboards.inline builds its buttons without validation: they must be exactly
the buttons (and the JSON) that validated construction gives."""

from __future__ import annotations

import json

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.callbacks import OpenPartner
from handlers.keyboards import inline


class _Session(BaseSession):
    async def close(self) -> None:  # pragma: no cover
        return None

    async def make_request(self, *args: object, **kwargs: object) -> object:  # pragma: no cover
        raise NotImplementedError

    async def stream_content(self, *args: object, **kwargs: object) -> object:  # pragma: no cover
        raise NotImplementedError


def test_inline_buttons_equal_validated_ones() -> None:
    rows = [[("Музей «Родина» <b>", OpenPartner(id=7).pack()), ("Далее ▶", "pl:1")], [("Ещё", "x")]]
    built = inline(rows)
    validated = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
            for row in rows
        ]
    )
    assert built == validated
    assert built.model_dump(exclude_none=True) == validated.model_dump(exclude_none=True)
    session = _Session()
    bot = Bot("42:TEST", session=session)

    def sent(markup: InlineKeyboardMarkup) -> object:  # what goes to Telegram
        return json.loads(session.prepare_value(markup, bot, {}))

    assert sent(built) == sent(validated)
    assert sent(built) == {
        "inline_keyboard": [
            [
                {"text": "Музей «Родина» <b>", "callback_data": "po:7"},
                {"text": "Далее ▶", "callback_data": "pl:1"},
            ],
            [{"text": "Ещё", "callback_data": "x"}],
        ]
    }

"""An in-process stand-in for the Bot API, and a simulated Telegram user.

The terminal chat and the fast flow tests both use it: the bot's calls are recorded
(and answered as Telegram would), and the user's lines and button presses become real
`Update` objects fed through the real Dispatcher.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import (
    CallbackQuery,
    Chat,
    Contact,
    Document,
    File,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    PhotoSize,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Sticker,
    Update,
    User,
    Voice,
)

if TYPE_CHECKING:
    from collections.abc import AsyncGenerator

    from aiogram import Bot, Dispatcher

BOT_USERNAME = "partner_local_bot"
NO_FILE = "Bad Request: invalid file_id"
FILE_PATH_PREFIX = "local/"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
TEXT_LIMIT = 4096
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


@dataclass
class Sent:
    """One thing the bot did in the chat."""

    method: str
    chat_id: int
    message_id: int | None = None
    text: str | None = None
    markup: InlineKeyboardMarkup | None = None
    keyboard: ReplyKeyboardMarkup | ReplyKeyboardRemove | None = None
    file_name: str | None = None
    file_data: bytes | None = None
    show_alert: bool = False
    raw: Any = None

    @property
    def plain(self) -> str:
        return html_to_plain(self.text or "")

    @property
    def buttons(self) -> list[str]:
        if self.markup is None:
            return []
        return [b.text for row in self.markup.inline_keyboard for b in row]


def html_to_plain(text: str) -> str:
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text)


def _same_markup(a: InlineKeyboardMarkup | None, b: InlineKeyboardMarkup | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.model_dump(exclude_none=True) == b.model_dump(exclude_none=True)


@dataclass
class _Stored:
    message: Message
    markup: InlineKeyboardMarkup | None


class LocalSession(BaseSession):
    """Answers the bot's API calls in memory and records them."""

    def __init__(self, on_event: Callable[[Sent], None] | None = None) -> None:
        super().__init__()
        self.sent: list[Sent] = []
        self.answered_queries: set[str] = set()
        self.on_event = on_event
        self.messages: dict[tuple[int, int], _Stored] = {}
        self._ids = itertools.count(1000)
        self.commands: list[Any] = []
        # the files people sent (file_id → bytes): what getFile and a download find
        self.files: dict[str, bytes] = {}

    async def close(self) -> None:
        return None

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        # a file sent in this chat: getFile gave its path as `local/<file_id>`
        file_id = url.rpartition(f"/{FILE_PATH_PREFIX}")[2]
        data = self.files.get(file_id)
        if data is None:
            raise TelegramBadRequest(method=GetFile(file_id=file_id), message=NO_FILE)
        for start in range(0, len(data), chunk_size):
            yield data[start : start + chunk_size]

    def _record(self, event: Sent) -> None:
        self.sent.append(event)
        if self.on_event is not None:
            self.on_event(event)

    def _bot_user(self, bot: Bot) -> User:
        return User(id=bot.id, is_bot=True, first_name="Партнёрство", username=BOT_USERNAME)

    def _new_message(self, bot: Bot, chat_id: int, **fields: Any) -> Message:
        return Message(
            message_id=next(self._ids),
            date=datetime.now(UTC),
            chat=Chat(id=chat_id, type="private"),
            from_user=self._bot_user(bot),
            **fields,
        )

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        result: Any = True
        text_arg = getattr(method, "text", None)
        if isinstance(text_arg, str) and len(html_to_plain(text_arg)) > TEXT_LIMIT:
            # as Telegram does: the bot must split or shorten its messages
            raise TelegramBadRequest(method=method, message="Bad Request: message is too long")
        if isinstance(method, GetMe):
            result = self._bot_user(bot)
        elif isinstance(method, SendMessage):
            chat_id = int(method.chat_id)
            inline = (
                method.reply_markup
                if isinstance(method.reply_markup, InlineKeyboardMarkup)
                else None
            )
            keyboard = (
                method.reply_markup
                if isinstance(method.reply_markup, ReplyKeyboardMarkup | ReplyKeyboardRemove)
                else None
            )
            result = self._new_message(bot, chat_id, text=method.text, reply_markup=inline)
            self.messages[(chat_id, result.message_id)] = _Stored(result, inline)
            self._record(
                Sent(
                    "sendMessage",
                    chat_id,
                    result.message_id,
                    method.text,
                    inline,
                    keyboard,
                    raw=method,
                )
            )
        elif isinstance(method, EditMessageText | EditMessageReplyMarkup):
            chat_id = int(method.chat_id or 0)
            message_id = int(method.message_id or 0)
            stored = self.messages.get((chat_id, message_id))
            inline = (
                method.reply_markup
                if isinstance(method.reply_markup, InlineKeyboardMarkup)
                else None
            )
            text = method.text if isinstance(method, EditMessageText) else None
            if stored is not None:
                new_text = text if text is not None else stored.message.text
                if new_text == stored.message.text and _same_markup(inline, stored.markup):
                    # Telegram refuses an edit that changes nothing
                    raise TelegramBadRequest(method=method, message=NOT_MODIFIED)
                stored.message = stored.message.model_copy(
                    update={"text": new_text, "reply_markup": inline}
                )
                stored.markup = inline
                text = new_text
            name = (
                "editMessageText"
                if isinstance(method, EditMessageText)
                else "editMessageReplyMarkup"
            )
            self._record(Sent(name, chat_id, message_id, text, inline, raw=method))
        elif isinstance(method, SendDocument | SendPhoto):
            chat_id = int(method.chat_id)
            payload = method.document if isinstance(method, SendDocument) else method.photo
            name, data = await self._file(bot, payload)
            inline = (
                method.reply_markup
                if isinstance(method.reply_markup, InlineKeyboardMarkup)
                else None
            )
            result = self._new_message(
                bot,
                chat_id,
                caption=method.caption,
                document=Document(file_id=f"local-{name}", file_unique_id=name, file_name=name),
            )
            self.messages[(chat_id, result.message_id)] = _Stored(result, inline)
            self._record(
                Sent(
                    "sendDocument",
                    chat_id,
                    result.message_id,
                    method.caption,
                    inline,
                    file_name=name,
                    file_data=data,
                    raw=method,
                )
            )
        elif isinstance(method, GetFile):
            data = self.files.get(method.file_id)
            if data is None:  # as Telegram does for an id it never gave
                raise TelegramBadRequest(method=method, message=NO_FILE)
            result = File(
                file_id=method.file_id,
                file_unique_id=method.file_id,
                file_size=len(data),
                file_path=FILE_PATH_PREFIX + method.file_id,
            )
        elif isinstance(method, AnswerCallbackQuery):
            if method.callback_query_id in self.answered_queries:
                # as Telegram does: a query is answered once (a second answer is a bug)
                raise TelegramBadRequest(method=method, message=QUERY_TOO_OLD)
            self.answered_queries.add(method.callback_query_id)
            self._record(
                Sent(
                    "answerCallbackQuery",
                    0,
                    text=method.text,
                    show_alert=bool(method.show_alert),
                    raw=method,
                )
            )
        else:
            if type(method).__name__ == "SetMyCommands":
                self.commands = list(getattr(method, "commands", []))
            self._record(
                Sent(type(method).__name__, int(getattr(method, "chat_id", 0) or 0), raw=method)
            )
        return result  # type: ignore[no-any-return]

    async def _file(self, bot: Bot, payload: Any) -> tuple[str, bytes | None]:
        if isinstance(payload, InputFile):
            chunks = [chunk async for chunk in payload.read(bot)]
            return payload.filename or "file", b"".join(chunks)
        return str(payload), None


@dataclass
class LocalUser:
    """A person in a private chat with the bot: sends lines, taps buttons, shares contacts."""

    dispatcher: Dispatcher
    bot: Bot
    session: LocalSession
    user_id: int = 1
    first_name: str = "Анна"
    last_name: str | None = "Петрова"
    keyboard: ReplyKeyboardMarkup | None = field(default=None)
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def user(self) -> User:
        return User(
            id=self.user_id,
            is_bot=False,
            first_name=self.first_name,
            last_name=self.last_name,
            language_code="ru",
        )

    @property
    def chat(self) -> Chat:
        return Chat(id=self.user_id, type="private", first_name=self.first_name)

    def _message(self, **fields: Any) -> Message:
        return Message(
            message_id=next(self._message_ids),
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=self.user,
            **fields,
        )

    async def _feed(self, update: Update) -> list[Sent]:
        start = len(self.session.sent)
        await self.dispatcher.feed_update(self.bot, update)
        produced = [s for s in self.session.sent[start:] if s.chat_id in (self.user_id, 0)]
        for event in produced:
            if isinstance(event.keyboard, ReplyKeyboardMarkup):
                self.keyboard = event.keyboard
            elif isinstance(event.keyboard, ReplyKeyboardRemove):
                self.keyboard = None
        # A tap's answer (the toast or alert) is listed first, whenever the bot sent it:
        # the person sees it at once, next to the messages, so `replies[-1]` is the last
        # message. `session.sent` keeps the calls in their real order.
        produced.sort(key=lambda event: event.method != "answerCallbackQuery")
        return produced

    async def send(self, text: str) -> list[Sent]:
        return await self._feed(
            Update(update_id=next(self._update_ids), message=self._message(text=text))
        )

    async def send_in_group(self, text: str, chat_id: int = -100500) -> list[Sent]:
        """The same person writes in a group the bot is a member of."""
        group = Chat(id=chat_id, type="supergroup", title="Педагоги")
        message = self._message(text=text).model_copy(update={"chat": group})
        start = len(self.session.sent)
        await self.dispatcher.feed_update(
            self.bot, Update(update_id=next(self._update_ids), message=message)
        )
        return self.session.sent[start:]

    async def send_message(self, **fields: Any) -> list[Sent]:
        """Any other kind of message: photo=…, sticker=…, voice=…, contact=…"""
        return await self._feed(
            Update(update_id=next(self._update_ids), message=self._message(**fields))
        )

    async def send_contact(
        self, phone: str, first_name: str, last_name: str | None = None, user_id: int | None = None
    ) -> list[Sent]:
        contact = Contact(
            phone_number=phone, first_name=first_name, last_name=last_name, user_id=user_id
        )
        return await self.send_message(contact=contact)

    async def send_photo(self) -> list[Sent]:
        return await self.send_message(
            photo=[PhotoSize(file_id="photo-1", file_unique_id="p1", width=10, height=10)]
        )

    async def send_sticker(self) -> list[Sent]:
        return await self.send_message(
            sticker=Sticker(
                file_id="sticker-1",
                file_unique_id="s1",
                type="regular",
                width=10,
                height=10,
                is_animated=False,
                is_video=False,
            )
        )

    async def send_voice(self, file_id: str = "voice-1", duration: int = 5) -> list[Sent]:
        return await self.send_message(
            voice=Voice(file_id=file_id, file_unique_id=file_id, duration=duration)
        )

    async def send_document(
        self, file_id: str, file_name: str, data: bytes | None = None
    ) -> list[Sent]:
        """Send a file; with `data` the bot can download it (otherwise getFile fails, as for
        a file Telegram no longer has)."""
        if data is not None:
            self.session.files[file_id] = data
        return await self.send_message(
            document=Document(
                file_id=file_id,
                file_unique_id=file_id,
                file_name=file_name,
                file_size=None if data is None else len(data),
            )
        )

    def find_button(self, label: str) -> tuple[int, str]:
        """The newest message with an inline button whose text contains `label`."""
        for (chat_id, message_id), stored in reversed(list(self.session.messages.items())):
            if chat_id != self.user_id or stored.markup is None:
                continue
            for row in stored.markup.inline_keyboard:
                for button in row:
                    if label in button.text and button.callback_data is not None:
                        return message_id, button.callback_data
        raise LookupError(f"no inline button with {label!r}")

    async def press(self, message_id: int, data: str) -> list[Sent]:
        """Tap a button: `data` is its callback data (possibly forged, in tests)."""
        stored = self.session.messages.get((self.user_id, message_id))
        message = stored.message if stored else self._message(text="?")
        query = CallbackQuery(
            id=f"{self.user_id}:{next(self._update_ids)}",
            from_user=self.user,
            chat_instance="local",
            message=message,
            data=data,
        )
        return await self._feed(Update(update_id=next(self._update_ids), callback_query=query))

    async def tap(self, label: str) -> list[Sent]:
        """Tap an inline button by (part of) its label, or a reply-keyboard button."""
        try:
            message_id, data = self.find_button(label)
        except LookupError:
            if self.keyboard is not None:
                for row in self.keyboard.keyboard:
                    for button in row:
                        if label in button.text:
                            if button.request_contact:
                                return await self.send_contact("+70000000000", self.first_name)
                            return await self.send(button.text)
            raise
        return await self.press(message_id, data)

"""A fake Telegram Bot API server (aiohttp, 127.0.0.1, a free port) for end-to-end tests.

The bot under test is pointed at it with ``TELEGRAM_API_URL=fake.url`` and calls
``{url}/bot{token}/{method}`` exactly as it would call api.telegram.org. The server:

* answers ``getMe``, ``getUpdates`` (real long polling: the request is held until an update
  is injected or its ``timeout`` passes; ``offset`` confirms updates, as in Telegram),
  ``sendMessage``, ``editMessageText``, ``editMessageReplyMarkup``, ``answerCallbackQuery``,
  ``setMyCommands`` / ``getMyCommands`` / ``deleteMyCommands``, ``sendDocument``, ``sendPhoto``,
  ``deleteMessage``, ``sendChatAction``; any other method gets ``{"ok": true, "result": true}``;
* parses multipart form data (aiogram's ``AiohttpSession``: complex fields JSON-encoded as
  strings, files as parts), url-encoded forms and JSON bodies;
* behaves like Telegram where tests benefit: HTML parse mode is checked (unsupported or
  unclosed tags → 400 "can't parse entities"), texts over 4096 characters → 400, editing a
  message with identical text and keyboard → 400 "message is not modified", editing an
  unknown message → 400 "message to edit not found";
* records every call (``calls``; ``sent`` = everything but ``getUpdates``) and wakes waiters
  on each one: ``await fake.wait_for(predicate)``, ``await fake.wait_message(chat_id, ...)``;
  records when each update was first handed out by ``getUpdates`` (``delivered_at``, for
  the benchmarks in bench/);
* fails on request: ``fail_next("sendMessage", 429, retry_after=3)``, 403 (bot blocked),
  500; ``block(chat_id)``; ``hold("sendMessage")`` delivers but keeps the answers back (the
  bot is killed mid-call) until ``release()``; a global sliding-window rate limit
  (``rate_limit=30`` send calls per second) and a per-chat limit of one message per second
  (``per_chat_limit=True``).

Tokens are never logged or stored: only the bot id (the part before the colon) is kept.

Usage (see the ``fake_api`` fixture in tests/conftest.py)::

    async with FakeTelegram() as fake:
        chat = fake.chat(1001)
        await chat.send("/start")
        reply = await chat.expect(contains="Здравствуйте")
        await chat.press("Согласен")
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

# How long a wait for the bot may last before the test is declared hung. Waits end on the
# event itself (a call recorded, a condition met), so this is no deadline a loaded machine
# has to meet; a test that must see nothing happen asserts on what was recorded instead.
PATIENCE = 60.0
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
# Methods that deliver something to a chat: the rate limits and blocked chats apply to them.
SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendAudio",
        "sendVideo",
        "sendVoice",
        "sendAnimation",
        "sendSticker",
        "sendLocation",
        "sendContact",
        "sendPoll",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
    }
)
EDIT_METHODS = frozenset({"editMessageText", "editMessageReplyMarkup", "editMessageCaption"})
# Form fields that are plain strings even when they look like JSON ("123", "true").
_STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "callback_query_id",
        "inline_message_id",
        "description",
        "short_description",
        "name",
        "title",
        "query",
        "url",
        "first_name",
        "last_name",
        "phone_number",
        "vcard",
        "address",
        "question",
        "explanation",
        "payload",
        "emoji",
        "document",
        "photo",
        "audio",
        "video",
        "voice",
        "animation",
        "sticker",
        "thumbnail",
        "action",
        "parse_mode",
        "language_code",
        "file_id",
    }
)
# Tags Telegram accepts in HTML parse mode (https://core.telegram.org/bots/api#html-style).
_ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
        "br",  # not in Telegram's list; rejected below with a clear message
    }
)
_ERRORS = {
    400: "Bad Request",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class _HtmlCheck(HTMLParser):
    """Rejects what Telegram's HTML parser rejects (approximately, strict enough for tests)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.error: str | None = None
        self.plain: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.error:
            return
        if tag not in _ALLOWED_TAGS or tag == "br":
            self.error = f'Unsupported start tag "{tag}"'
            return
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.error:
            self.error = f'Unsupported start tag "{tag}"'

    def handle_endtag(self, tag: str) -> None:
        if self.error:
            return
        if not self.stack or self.stack[-1] != tag:
            self.error = f'Unmatched end tag "{tag}"'
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.plain.append(data)


def check_html(text: str) -> tuple[str | None, str]:
    """(error or None, plain text) for a message sent with parse_mode=HTML."""
    if re.search(r"<(?![a-zA-Z/])", text):
        return "Unsupported start tag", html_to_plain(text)
    parser = _HtmlCheck()
    parser.feed(text)
    parser.close()
    if parser.error is None and parser.stack:
        parser.error = f'Can\'t find end tag corresponding to start tag "{parser.stack[-1]}"'
    return parser.error, "".join(parser.plain)


def html_to_plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float  # time.perf_counter() when the request arrived
    bot_id: int | None = None
    status: int = 200
    result: Any = None
    description: str | None = None
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def chat_id(self) -> int | str | None:
        value = self.params.get("chat_id")
        return int(value) if isinstance(value, str) and value.lstrip("-").isdigit() else value

    @property
    def text(self) -> str | None:
        value = self.params.get("text", self.params.get("caption"))
        return None if value is None else str(value)

    @property
    def plain(self) -> str:
        """The text as the user reads it (tags stripped, entities unescaped)."""
        return html_to_plain(self.text or "")

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        markup = self.params.get("reply_markup")
        return markup if isinstance(markup, dict) else None

    @property
    def buttons(self) -> list[str]:
        """Labels of the inline buttons (or, failing that, of the reply keyboard)."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [b["text"] if isinstance(b, dict) else str(b) for row in rows for b in row]

    @property
    def callback_data(self) -> dict[str, str]:
        markup = self.reply_markup or {}
        return {
            b["text"]: b["callback_data"]
            for row in markup.get("inline_keyboard", [])
            for b in row
            if "callback_data" in b
        }

    @property
    def message_id(self) -> int | None:
        """The message sent (its new id) or the message edited/deleted."""
        if isinstance(self.result, dict) and "message_id" in self.result:
            return int(self.result["message_id"])
        value = self.params.get("message_id")
        return int(value) if value is not None else None

    @property
    def file(self) -> tuple[str, bytes] | None:
        """(filename, bytes) of an uploaded document/photo."""
        for key in ("document", "photo", "audio", "video", "voice", "animation"):
            value = self.params.get(key)
            if isinstance(value, str) and value.startswith("attach://"):
                return self.files.get(value.removeprefix("attach://"))
        return None

    @property
    def document(self) -> bytes | None:
        f = self.file
        return f[1] if f else None

    @property
    def filename(self) -> str | None:
        f = self.file
        return f[0] if f else None

    def __repr__(self) -> str:  # short and token-free
        text = (self.plain[:60] + "…") if len(self.plain) > 60 else self.plain
        return f"<Call {self.method} chat={self.chat_id} status={self.status} {text!r}>"


@dataclass
class _Failure:
    status: int
    count: int
    retry_after: int | None
    description: str | None


@dataclass
class _Waiter:
    predicate: Callable[[Call], bool]
    future: asyncio.Future[Call]


class FakeTelegram:
    """The server. Start with ``await fake.start()`` (or ``async with``); ``fake.url``."""

    def __init__(
        self,
        *,
        rate_limit: int | None = None,
        per_chat_limit: bool = False,
        check_html: bool = True,
        bot_username: str = "partner_test_bot",
    ) -> None:
        self.rate_limit = rate_limit
        self.per_chat_limit = per_chat_limit
        self.check_html = check_html
        self.bot_username = bot_username
        self.url = ""
        self.calls: list[Call] = []  # every request, getUpdates included
        self.sent: list[Call] = []  # every request but getUpdates
        self.counts: Counter[str] = Counter()  # requests per method
        self.errors: Counter[tuple[str, int]] = Counter()  # (method, status) of failures
        self.too_many_requests = 0  # 429 answers given
        self.first_get_updates_at: float | None = None  # time.perf_counter()
        self.confirmed_offset = 0  # the highest offset a getUpdates call confirmed
        self.commands: dict[str, list[dict[str, Any]]] = {}  # scope+language → commands
        self.blocked: set[int] = set()
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}  # (chat, id) → Message
        self.files: dict[str, bytes] = {}  # file_id → content, served by getFile + /file/
        # update_id → time.perf_counter() when a getUpdates response first handed it out
        # (benchmarks: latency = reply arrival − delivery)
        self.delivered_at: dict[int, float] = {}
        self.chat_messages: dict[int, list[int]] = {}  # chat → ids of the bot's messages
        self._updates: list[dict[str, Any]] = []  # injected, not yet confirmed
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._failures: dict[str, deque[_Failure]] = {}
        self._window: deque[float] = deque()  # times of recent send calls (global limit)
        self._chat_last: dict[int | str, float] = {}  # chat → time of its last send call
        self._waiters: list[_Waiter] = []
        self.holding: set[str] = set()  # methods whose answers are held back (`hold`)
        self._until: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []
        self._closing = False
        self._runner: web.AppRunner | None = None

    # ---- lifecycle -------------------------------------------------------------------------

    async def start(self) -> FakeTelegram:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/file/bot{token}/{path:.*}", self._file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        return self

    async def stop(self) -> None:
        self._closing = True
        self._notify()
        for waiter in self._waiters:
            if not waiter.future.done():
                waiter.future.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---- what tests do -------------------------------------------------------------------

    def chat(self, user_id: int, first_name: str = "Анна", **user: Any) -> FakeChat:
        return FakeChat(self, user_id, first_name, user)

    def inject_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update (an ``update_id`` is assigned when missing)."""
        if "update_id" not in update:
            update = {"update_id": next(self._update_ids), **update}
        self._updates.append(update)
        self._notify()
        return update

    def inject_message(
        self, user_id: int, first_name: str = "Анна", **fields: Any
    ) -> dict[str, Any]:
        user = self._user(user_id, first_name)
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": first_name},
            "from": user,
            **fields,
        }
        return self.inject_update({"message": message})

    def inject_text(self, user_id: int, text: str, first_name: str = "Анна") -> dict[str, Any]:
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.inject_message(user_id, first_name, **fields)

    def inject_contact(
        self,
        user_id: int,
        phone: str,
        first_name: str,
        last_name: str | None = None,
        contact_user_id: int | None = None,
    ) -> dict[str, Any]:
        contact: dict[str, Any] = {"phone_number": phone, "first_name": first_name}
        if last_name:
            contact["last_name"] = last_name
        if contact_user_id is not None:
            contact["user_id"] = contact_user_id
        return self.inject_message(user_id, contact=contact)

    def add_file(self, data: bytes, file_id: str | None = None) -> str:
        """Make a file downloadable by the bot (getFile, then /file/bot<token>/<path>)."""
        file_id = file_id or f"file-{len(self.files) + 1}"
        self.files[file_id] = data
        return file_id

    def inject_document(
        self,
        user_id: int,
        data: bytes,
        file_name: str,
        caption: str | None = None,
        mime_type: str | None = None,
    ) -> dict[str, Any]:
        """The user sends a file (the bot can download it)."""
        file_id = self.add_file(data)
        document: dict[str, Any] = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": file_name,
            "file_size": len(data),
        }
        if mime_type:
            document["mime_type"] = mime_type
        fields: dict[str, Any] = {"document": document}
        if caption:
            fields["caption"] = caption
        return self.inject_message(user_id, **fields)

    def inject_callback(
        self, user_id: int, message_id: int, data: str, first_name: str = "Анна"
    ) -> dict[str, Any]:
        """A button press on the bot's message ``message_id`` (forged data welcome)."""
        message = self.messages.get((user_id, message_id)) or {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": first_name},
            "from": self._bot_user(None),
            "text": "…",
        }
        query = {
            "id": str(next(self._query_ids)),
            "from": self._user(user_id, first_name),
            "message": message,
            "chat_instance": f"ci{user_id}",
            "data": data,
        }
        return self.inject_update({"callback_query": query})

    def fail_next(
        self,
        method: str,
        status: int,
        count: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Answer the next ``count`` calls of ``method`` with an error status."""
        if status == 429 and retry_after is None:
            retry_after = 1
        self._failures.setdefault(method, deque()).append(
            _Failure(status, count, retry_after, description)
        )

    def hold(self, method: str) -> None:
        """Telegram takes ``method`` calls (recorded, delivered) but their answers do not
        come back until ``release()``: the bot cannot know whether they went out."""
        self.holding.add(method)

    def release(self) -> None:
        self.holding.clear()
        self._notify()

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: every send to this chat answers 403."""
        self.blocked.add(chat_id)

    def find_button(self, chat_id: int, label: str) -> tuple[int, str]:
        """(message_id, callback_data) of the newest inline button in the chat whose label
        contains ``label`` (like ``FakeChat.button``, without scanning other chats)."""
        for message_id in reversed(self.chat_messages.get(chat_id, [])):
            message = self.messages.get((chat_id, message_id))
            if message is None:
                continue
            for row in message.get("reply_markup", {}).get("inline_keyboard", []):
                for b in row:
                    if label in b["text"] and "callback_data" in b:
                        return message_id, b["callback_data"]
        raise LookupError(f"no inline button with {label!r} in chat {chat_id}")

    def mark(self) -> int:
        """A position in ``sent``: pass it as ``since`` to wait for what comes after."""
        return len(self.sent)

    def find(
        self, predicate: Callable[[Call], bool], since: int = 0, *, include_polls: bool = False
    ) -> Call | None:
        for call in (self.calls if include_polls else self.sent)[since:]:
            if predicate(call):
                return call
        return None

    async def wait_for(
        self, predicate: Callable[[Call], bool], timeout: float = PATIENCE, since: int = 0
    ) -> Call:
        """The first recorded call (at index ≥ ``since`` of ``sent``) matching ``predicate``.

        Event-driven: the predicate is tested on every new call as it is recorded.
        """
        found = self.find(predicate, since)
        if found is not None:
            return found
        future: asyncio.Future[Call] = asyncio.get_running_loop().create_future()
        waiter = _Waiter(predicate, future)
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            recent = self.sent[max(since, len(self.sent) - 8) :]
            raise AssertionError(
                f"no matching Bot API call within {timeout}s; recent calls: {recent}"
            ) from None
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    async def wait_message(
        self,
        chat_id: int,
        contains: str | None = None,
        *,
        since: int = 0,
        timeout: float = PATIENCE,
        methods: Iterable[str] = ("sendMessage", "editMessageText", "sendDocument", "sendPhoto"),
    ) -> Call:
        """A successful message to ``chat_id`` (sent or edited) whose text contains ``contains``."""
        wanted = frozenset(methods)

        def match(call: Call) -> bool:
            return (
                call.ok
                and call.method in wanted
                and call.chat_id == chat_id
                and (contains is None or contains in call.plain)
            )

        return await self.wait_for(match, timeout, since)

    async def wait_until(self, condition: Callable[[], bool], timeout: float = PATIENCE) -> None:
        """Wait until ``condition()`` holds; re-checked on every request the bot makes."""
        if not await self._wait(condition, timeout):
            raise AssertionError(f"condition not met within {timeout}s")

    async def wait_confirmed(self, timeout: float = PATIENCE) -> None:
        """Wait until the bot has confirmed (by ``offset``) every update injected so far."""
        await self.wait_until(lambda: not self._updates, timeout)

    async def wait_polling(self, timeout: float = PATIENCE) -> None:
        """Wait for the bot's first ``getUpdates``."""
        await self.wait_until(lambda: self.first_get_updates_at is not None, timeout)

    def registered_commands(self, scope: str = "default") -> dict[str, str]:
        """command → description of a scope (``"all_private_chats"``…), as set by
        ``setMyCommands``."""
        return {c["command"]: c["description"] for c in self.commands.get(scope, [])}

    def count(self, method: str) -> int:
        return self.counts[method]

    @property
    def pending_updates(self) -> int:
        return len(self._updates)

    # ---- internals -------------------------------------------------------------------------

    def _notify(self) -> None:
        """Wake whoever waits for a state change (long polls, ``wait_until``)."""
        if self._until:
            still: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []
            for condition, future in self._until:
                if future.done():
                    continue
                if self._closing or condition():
                    future.set_result(None)
                else:
                    still.append((condition, future))
            self._until = still

    async def _wait(self, condition: Callable[[], bool], timeout: float) -> bool:
        """True once ``condition()`` holds, False after ``timeout`` seconds."""
        if condition():
            return True
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._until.append((condition, future))
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            return False
        return True

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        if call.method != "getUpdates":
            self.sent.append(call)
            if self._waiters:
                for waiter in list(self._waiters):
                    if not waiter.future.done() and waiter.predicate(call):
                        waiter.future.set_result(call)
        self._notify()

    def _bot_user(self, bot_id: int | None) -> dict[str, Any]:
        return {
            "id": bot_id or 42,
            "is_bot": True,
            "first_name": "Партнёрство",
            "username": self.bot_username,
        }

    @staticmethod
    def _user(user_id: int, first_name: str) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "ru"}

    async def _params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, Any]]:
        raw: dict[str, Any] = dict(request.query)
        files: dict[str, tuple[str, bytes]] = {}
        if request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    return {**raw, **body}, files
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        files[key] = (value.filename, value.file.read())
                    else:
                        raw[key] = value
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if isinstance(value, str) and key not in _STRING_FIELDS:
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    params[key] = value
            else:
                params[key] = value
        return params, files

    @staticmethod
    def _bot_id(token: str) -> int | None:
        head = token.split(":", 1)[0]
        return int(head) if head.isdigit() else None

    async def _file(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        data = self.files.get(file_id)
        if data is None:
            return self._error(404, "Not Found")
        return web.Response(body=data)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        bot_id = self._bot_id(request.match_info["token"])
        if bot_id is None:
            return self._error(404, "Not Found")
        params, files = await self._params(request)
        call = Call(method, params, time.perf_counter(), bot_id, files=files)
        self.counts[method] += 1
        if method.lower() == "getupdates":
            call.method = "getUpdates"
            return await self._get_updates(call)
        failure = self._failure(call)
        if failure is not None:
            call.status, call.description, retry_after = failure
            self._record(call)
            return self._error(call.status, call.description, retry_after)
        try:
            result = self._dispatch(call)
        except _ApiError as e:
            call.status, call.description = e.status, e.description
            self.errors[(method, e.status)] += 1
            self._record(call)
            return self._error(e.status, e.description)
        call.result = result
        self._record(call)
        if method in self.holding:
            await self._wait(lambda: method not in self.holding, PATIENCE * 10)
        return web.json_response({"ok": True, "result": result})

    def _failure(self, call: Call) -> tuple[int, str, int | None] | None:
        queue = self._failures.get(call.method)
        if queue:
            failure = queue[0]
            failure.count -= 1
            if failure.count <= 0:
                queue.popleft()
            template = failure.description or _ERRORS.get(failure.status, "Error")
            self.errors[(call.method, failure.status)] += 1
            if failure.status == 429:
                self.too_many_requests += 1
            return (
                failure.status,
                template.format(retry_after=failure.retry_after),
                failure.retry_after,
            )
        if call.method not in SEND_METHODS:
            return None
        chat = call.chat_id
        if isinstance(chat, int) and chat in self.blocked:
            self.errors[(call.method, 403)] += 1
            return 403, _ERRORS[403], None
        now = call.at
        if self.rate_limit is not None:
            window = self._window
            while window and now - window[0] >= 1.0:
                window.popleft()
            if len(window) >= self.rate_limit:
                return self._too_many(call, max(1, round(1.0 - (now - window[0]) + 0.5)))
            window.append(now)
        if self.per_chat_limit and chat is not None:
            last = self._chat_last.get(chat)
            if last is not None and now - last < 1.0:
                return self._too_many(call, 1)
            self._chat_last[chat] = now
        return None

    def _too_many(self, call: Call, retry_after: int) -> tuple[int, str, int | None]:
        self.too_many_requests += 1
        self.errors[(call.method, 429)] += 1
        return 429, _ERRORS[429].format(retry_after=retry_after), retry_after

    @staticmethod
    def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    async def _get_updates(self, call: Call) -> web.StreamResponse:
        if self.first_get_updates_at is None:
            self.first_get_updates_at = call.at
        params = call.params
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset > 0:
            self.confirmed_offset = max(self.confirmed_offset, offset)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        self._record(call)
        failure = self._failure(call)
        if failure is not None:
            call.status, call.description, retry_after = failure
            return self._error(call.status, call.description, retry_after)
        allowed = params.get("allowed_updates")

        def ready() -> bool:
            return self._closing or any(u["update_id"] >= offset for u in self._updates)

        if timeout > 0:
            await self._wait(ready, timeout)
        updates = [u for u in self._updates if u["update_id"] >= offset]
        if allowed:
            kinds = set(allowed)
            updates = [u for u in updates if kinds & set(u)]
        call.result = updates[:limit]
        response = web.json_response({"ok": True, "result": call.result})
        handed_out = time.perf_counter()
        for update in call.result:
            self.delivered_at.setdefault(update["update_id"], handed_out)
        return response

    # ---- methods ---------------------------------------------------------------------------

    def _dispatch(self, call: Call) -> Any:
        handler = getattr(self, f"_m_{call.method}", None)
        if handler is None:
            return True
        return handler(call)

    def _m_getMe(self, call: Call) -> Any:
        return {
            **self._bot_user(call.bot_id),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _message(self, call: Call, **fields: Any) -> dict[str, Any]:
        chat_id = call.chat_id
        if not isinstance(chat_id, int):
            raise _ApiError(400, "Bad Request: chat not found")
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": self._bot_user(call.bot_id),
            **{k: v for k, v in fields.items() if v is not None},
        }
        markup = call.reply_markup
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self.messages[(chat_id, message["message_id"])] = message
        self.chat_messages.setdefault(chat_id, []).append(message["message_id"])
        return message

    def _text(self, call: Call, key: str, limit: int) -> str | None:
        text = call.params.get(key)
        if text is None:
            return None
        text = str(text)
        plain = text
        if self.check_html and str(call.params.get("parse_mode", "")).upper() == "HTML":
            error, plain = check_html(text)
            if error is not None:
                raise _ApiError(400, f"Bad Request: can't parse entities: {error}")
        if not plain.strip() and key == "text":
            raise _ApiError(400, "Bad Request: message text is empty")
        if len(plain) > limit:
            raise _ApiError(400, f"Bad Request: {key} is too long")
        return plain

    def _m_sendMessage(self, call: Call) -> Any:
        text = self._text(call, "text", TEXT_LIMIT)
        if text is None:
            raise _ApiError(400, "Bad Request: message text is empty")
        return self._message(call, text=text)

    def _upload(self, call: Call, key: str) -> tuple[str, int]:
        value = call.params.get(key)
        if value is None:
            raise _ApiError(400, f"Bad Request: there is no {key} in the request")
        if isinstance(value, str) and value.startswith("attach://"):
            part = call.files.get(value.removeprefix("attach://"))
            if part is None:
                raise _ApiError(400, "Bad Request: file must be non-empty")
            return part[0], len(part[1])
        return str(value), 0

    def _m_sendDocument(self, call: Call) -> Any:
        caption = self._text(call, "caption", CAPTION_LIMIT)
        name, size = self._upload(call, "document")
        file_id = f"doc-{len(self.sent) + 1}"
        document = {"file_id": file_id, "file_unique_id": file_id, "file_name": name}
        if size:
            document["file_size"] = size
        return self._message(call, document=document, caption=caption)

    def _m_sendPhoto(self, call: Call) -> Any:
        caption = self._text(call, "caption", CAPTION_LIMIT)
        self._upload(call, "photo")
        file_id = f"photo-{len(self.sent) + 1}"
        photo = [
            {"file_id": file_id, "file_unique_id": file_id, "width": 90, "height": 90},
        ]
        return self._message(call, photo=photo, caption=caption)

    def _stored(self, call: Call) -> dict[str, Any]:
        if call.params.get("inline_message_id"):
            raise _ApiError(400, "Bad Request: inline messages are not supported here")
        chat_id, message_id = call.chat_id, call.params.get("message_id")
        stored = self.messages.get((chat_id, int(message_id or 0)))  # type: ignore[arg-type]
        if stored is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        return stored

    def _edit(self, call: Call, **changes: Any) -> Any:
        stored = self._stored(call)
        markup = call.reply_markup
        new = dict(stored)
        new.update({k: v for k, v in changes.items() if v is not None})
        if markup is not None and "inline_keyboard" in markup:
            new["reply_markup"] = markup
        else:
            new.pop("reply_markup", None)
        if new == stored:
            raise _ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        new["edit_date"] = int(time.time())
        self.messages[(stored["chat"]["id"], stored["message_id"])] = new
        return new

    def _m_editMessageText(self, call: Call) -> Any:
        text = self._text(call, "text", TEXT_LIMIT)
        return self._edit(call, text=text)

    def _m_editMessageCaption(self, call: Call) -> Any:
        caption = self._text(call, "caption", CAPTION_LIMIT)
        return self._edit(call, caption=caption)

    def _m_editMessageReplyMarkup(self, call: Call) -> Any:
        return self._edit(call)

    def _m_deleteMessage(self, call: Call) -> Any:
        key = (call.chat_id, int(call.params.get("message_id") or 0))
        if self.messages.pop(key, None) is None:  # type: ignore[arg-type]
            raise _ApiError(400, "Bad Request: message to delete not found")
        return True

    def _m_answerCallbackQuery(self, call: Call) -> Any:
        text = call.params.get("text")
        if text is not None and len(str(text)) > 200:
            raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    @staticmethod
    def _scope_key(call: Call) -> str:
        scope = call.params.get("scope")
        kind = scope.get("type", "default") if isinstance(scope, dict) else "default"
        chat = scope.get("chat_id") if isinstance(scope, dict) else None
        language = call.params.get("language_code") or ""
        return ":".join(str(p) for p in (kind, chat, language) if p)

    def _m_setMyCommands(self, call: Call) -> Any:
        commands = call.params.get("commands")
        if not isinstance(commands, list):
            raise _ApiError(400, "Bad Request: commands must be a list")
        for command in commands:
            name, description = command.get("command", ""), command.get("description", "")
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name) or not 1 <= len(description) <= 256:
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self.commands[self._scope_key(call)] = commands
        return True

    def _m_getMyCommands(self, call: Call) -> Any:
        return self.commands.get(self._scope_key(call), [])

    def _m_deleteMyCommands(self, call: Call) -> Any:
        self.commands.pop(self._scope_key(call), None)
        return True

    def _m_getFile(self, call: Call) -> Any:
        file_id = str(call.params.get("file_id", ""))
        data = self.files.get(file_id)
        if data is None:
            raise _ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(data),
            "file_path": f"documents/{file_id}",
        }

    def _m_sendChatAction(self, call: Call) -> Any:
        return True

    def _m_getChat(self, call: Call) -> Any:
        chat_id = call.chat_id
        return {"id": chat_id, "type": "private"}


class _ApiError(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


class FakeChat:
    """One person's private chat, for tests that read like the conversation."""

    def __init__(
        self, fake: FakeTelegram, user_id: int, first_name: str, user: dict[str, Any]
    ) -> None:
        self.fake = fake
        self.user_id = user_id
        self.first_name = first_name
        self.since = fake.mark()

    async def send(self, text: str) -> None:
        self.since = self.fake.mark()
        self.fake.inject_text(self.user_id, text, self.first_name)

    async def send_contact(self, phone: str, first_name: str, **kwargs: Any) -> None:
        self.since = self.fake.mark()
        self.fake.inject_contact(self.user_id, phone, first_name, **kwargs)

    async def send_message(self, **fields: Any) -> None:
        """A photo, sticker, …: ``send_message(sticker={...})``."""
        self.since = self.fake.mark()
        self.fake.inject_message(self.user_id, self.first_name, **fields)

    async def send_document(self, data: bytes, file_name: str, caption: str | None = None) -> None:
        self.since = self.fake.mark()
        self.fake.inject_document(self.user_id, data, file_name, caption)

    def button(self, label: str) -> tuple[int, str]:
        """(message_id, callback_data) of the newest inline button containing ``label``."""
        for (chat_id, message_id), message in reversed(self.fake.messages.items()):
            if chat_id != self.user_id:
                continue
            for row in message.get("reply_markup", {}).get("inline_keyboard", []):
                for b in row:
                    if label in b["text"] and "callback_data" in b:
                        return message_id, b["callback_data"]
        raise LookupError(f"no inline button with {label!r} in chat {self.user_id}")

    async def press(self, label: str) -> None:
        message_id, data = self.button(label)
        await self.press_data(message_id, data)

    async def press_data(self, message_id: int, data: str) -> None:
        self.since = self.fake.mark()
        self.fake.inject_callback(self.user_id, message_id, data, self.first_name)

    async def expect(self, contains: str | None = None, timeout: float = PATIENCE) -> Call:
        """The first message to this chat, after my last action, containing ``contains``."""
        return await self.fake.wait_message(
            self.user_id, contains, since=self.since, timeout=timeout
        )

    async def expect_answer(self, timeout: float = PATIENCE) -> Call:
        """The answerCallbackQuery after my last button press."""
        return await self.fake.wait_for(
            lambda c: c.method == "answerCallbackQuery" and c.ok, timeout, self.since
        )

    def replies(self) -> list[Call]:
        """Everything successfully sent to this chat since my last action."""
        return [c for c in self.fake.sent[self.since :] if c.ok and c.chat_id == self.user_id]

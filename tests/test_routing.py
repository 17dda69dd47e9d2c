"""The routers' prefilters (bot/routing.py) only skip routers that could not take an update:
whenever some handler of a router accepts an event, the router's prefilter lets it in."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import product
from typing import Any

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Chat, Contact, Message, User

from bot.app import App
from bot.routing import Prefilter
from storage.orgs import MemberInfo
from texts import buttons

USER = User(id=1, is_bot=False, first_name="Анна")
CHAT = Chat(id=1, type="private")


def _message(text: str | None = None, **fields: Any) -> Message:
    return Message(
        message_id=1, date=datetime.now(UTC), chat=CHAT, from_user=USER, text=text, **fields
    )


def _callback(data: str) -> CallbackQuery:
    return CallbackQuery(
        id="1", from_user=USER, chat_instance="c", message=_message("…"), data=data
    )


def _routers(app: App) -> list[Router]:
    found: list[Router] = []

    def walk(router: Router) -> None:
        for sub in router.sub_routers:
            found.append(sub)
            walk(sub)

    walk(app.dispatcher)
    return found


def _states(app: App) -> list[str | None]:
    names: set[str | None] = {None}
    for router in _routers(app):
        for observer in (router.message, router.callback_query):
            for handler in observer.handlers:
                for f in handler.filters or ():
                    if isinstance(f.callback, StateFilter):
                        for s in f.callback.states:
                            if isinstance(s, State) and s.state:
                                names.add(s.state)
                            elif isinstance(s, type) and issubclass(s, StatesGroup):
                                names.update(s.__all_states_names__)
    return sorted(names, key=str)


def _prefilter(observer: Any) -> Prefilter | None:
    filters = observer._handler.filters or []
    found = [f.callback for f in filters if isinstance(f.callback, Prefilter)]
    assert len(found) <= 1  # installing again (a second dispatcher) replaces, never stacks
    if found:
        assert filters[0].callback is found[0]  # checked before the other root filters
    return found[0] if found else None


async def _accepts(handler: Any, event: Any, raw_state: str | None, app: App) -> bool:
    member = MemberInfo(
        id=1, telegram_id=1, chat_id=1, organisation_id=1, organisation_name="ДДТ",
        municipality="г. Тюмень", invite_code="x", full_name="Анна", position="педагог",
        role="admin", timezone="Asia/Yekaterinburg", is_active=True,
    )  # fmt: skip
    passed, _ = await handler.check(
        event, raw_state=raw_state, member=member, bot=app.bot, event_from_user=USER
    )
    return bool(passed)


async def test_feature_routers_get_a_prefilter(app: App) -> None:
    names = {r.name: r for r in _routers(app)}
    for name in ("handlers.partners", "handlers.meetings", "handlers.coach"):
        assert _prefilter(names[name].message) is not None
        assert _prefilter(names[name].callback_query) is not None
    # the fallback takes anything: nothing to skip
    assert _prefilter(names["handlers.fallback"].message) is None


def _sample(app: App) -> tuple[list[Message], list[CallbackQuery]]:
    """Messages (commands, menu and flow buttons, typed answers, a contact) and callback
    data of every factory the handlers filter on."""
    labels: set[str] = set()
    prefixes: set[str] = set()
    for router in _routers(app):
        for handler in router.message.handlers:
            for f in handler.filters or ():
                labels.update(getattr(f.callback, "labels", ()))
        for handler in router.callback_query.handlers:
            for f in handler.filters or ():
                factory = getattr(f.callback, "callback_data", None)
                if factory is not None:
                    prefixes.add(factory.__prefix__)
    commands = [f"/{name}" for name in buttons.COMMANDS] + [
        "/start", "/start inv_abc", "/add Музей", "/cancel", "/partners@bench_bot", "/ADD", "/",
        " /cancel", "/about\nmore",
    ]  # fmt: skip
    texts = [
        *commands, "краевед", "Иван Петрович", "8 (3452) 63-81-24", "15.12 в 15:00",
        *sorted(buttons.MENU_LABELS), *sorted(labels),
    ]  # fmt: skip
    messages = [_message(t) for t in texts] + [
        _message(caption="/add"),
        _message(contact=Contact(phone_number="+79123456789", first_name="Иван")),
    ]
    tails = ("", ":1", ":1:2", ":c:x", ":1:1:1:1")
    callbacks = [_callback(p + tail) for p in sorted(prefixes) for tail in tails]
    return messages, callbacks


async def test_a_prefilter_never_turns_away_an_event_a_handler_takes(app: App) -> None:
    states = _states(app)
    messages, callbacks = _sample(app)
    checked = taken = 0
    for router in _routers(app):
        for observer, events in (
            (router.message, messages),
            (router.callback_query, callbacks),
        ):
            prefilter = _prefilter(observer)
            if prefilter is None:
                continue
            for event, raw_state in product(events, states):
                let_in = await prefilter(event, raw_state=raw_state)
                for handler in observer.handlers:
                    checked += 1
                    if await _accepts(handler, event, raw_state, app):
                        taken += 1
                        assert let_in, (router.name, event.model_dump(exclude_none=True))
    assert taken > 100 and checked > 10 * taken  # the sample did exercise the handlers


async def test_features_never_compete_for_an_event(app: App) -> None:
    """Apart from `common` (/cancel and the cancel button win everywhere) and the fallback,
    no two routers take the same event: their order only decides how soon it is found."""
    states = _states(app)
    messages, callbacks = _sample(app)
    features = [r for r in _routers(app) if r.name not in ("handlers.common", "handlers.fallback")]
    for kind, events in (("message", messages), ("callback_query", callbacks)):
        for event, raw_state in product(events, states):
            text = getattr(event, "text", None) or getattr(event, "caption", None)
            if raw_state is not None and text and (text[0] == "/" or text in buttons.MENU_LABELS):
                continue  # inside a flow these run as commands, with no state (CommandsPauseFlows)
            takers = [
                router.name
                for router in features
                if any([
                    await _accepts(handler, event, raw_state, app)
                    for handler in router.observers[kind].handlers
                ])
            ]  # fmt: skip
            assert len(takers) <= 1, (text or getattr(event, "data", None), raw_state, takers)


async def test_a_prefilter_skips_a_router_with_nothing_to_offer(app: App) -> None:
    names = {r.name: r for r in _routers(app)}
    meetings = _prefilter(names["handlers.meetings"].message)
    assert meetings is not None
    # an answer typed in the middle of adding a partner is none of the meetings' business
    assert not await meetings(_message("Иван Петрович"), raw_state="PartnerForm:contact_person")
    assert await meetings(_message("/meetings"), raw_state=None)


async def test_each_handler_is_tried_whenever_its_filters_would_take_the_event(app: App) -> None:
    """The indexed trigger skips a handler only when one of its own known conditions fails:
    every (handler, event, state) a handler's filters accept keeps all its conditions true,
    and so the handler chosen is the one aiogram's own loop would choose."""
    from bot.routing import INDEX_FROM, IndexedTrigger, _conditions

    states = _states(app)
    messages, callbacks = _sample(app)
    taken = skipped = 0
    for router in _routers(app):
        for observer, events in (
            (router.message, messages),
            (router.callback_query, callbacks),
        ):
            indexed = isinstance(observer.__dict__.get("trigger"), IndexedTrigger)
            assert indexed == (len(observer.handlers) >= INDEX_FROM)
            for handler in observer.handlers:
                conditions = _conditions(handler)
                for event, raw_state in product(events, states):
                    holds = all(c(event, raw_state) for c in conditions)
                    skipped += not holds
                    if await _accepts(handler, event, raw_state, app):
                        taken += 1
                        assert holds, (router.name, handler.callback.__name__, raw_state)
    assert taken > 100 and skipped > 10 * taken  # the index does skip most handlers


async def test_the_indexed_trigger_sees_handlers_registered_later(app: App) -> None:
    names = {r.name: r for r in _routers(app)}
    observer = names["handlers.partners"].callback_query
    trigger = observer.__dict__["trigger"]
    before = len(trigger._handlers())

    async def late(query: CallbackQuery) -> str:
        return "late"

    observer.register(late)
    try:
        assert len(trigger._handlers()) == before + 1
        assert await trigger(_callback("zz:1"), raw_state=None) == "late"
    finally:
        observer.handlers.pop()

"""A cheap first look at whether a router can take an update at all.

aiogram tries the handlers of every router in turn, and each try goes through its generic
call machinery (preparing keyword arguments, awaiting each filter): a few microseconds per
handler. With about seventy message handlers across the features, a message answered by
the last feature paid for every one of them — more than the bare echo bot spends on the
whole update.

`Prefilter` becomes the first root filter of a feature router. From the router's own
handlers, read when the dispatcher is built, it knows the FSM states, commands, exact texts
and callback-data prefixes they can take (a custom filter is understood when it declares
its `callback_data` factory or has a `quick_check(event)`), and lets an update into the
router only if some handler might take it. It never decides a match: a filter it does not
know is assumed to pass, so the outcome is always the one aiogram would reach, only sooner.

Inside a router the same conditions pick the handlers worth trying: `install_prefilters`
also gives each observer a `trigger` that tries, in aiogram's order, only the handlers whose
known conditions hold (a callback for the card no longer unpacks the data of every factory
registered before it). A handler is skipped only when one of its own filters would refuse
the event, so the handler chosen is the one aiogram's own loop would choose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from inspect import isclass
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.bases import UNHANDLED, SkipHandler
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.filters import Command, Filter, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject

# A necessary condition of one handler: (event, raw_state) → might this handler take it?
Condition = Callable[[TelegramObject, str | None], bool]


def _state_condition(states: Iterable[Any]) -> Condition | None:
    names: set[str | None] = set()
    for allowed in states:
        if isinstance(allowed, State):
            allowed = allowed.state
        if isinstance(allowed, str) or allowed is None:
            if allowed == "*":
                return None  # any state
            names.add(allowed)
        elif isclass(allowed) and issubclass(allowed, StatesGroup):
            names.update(allowed.__all_states_names__)
        else:
            return None  # not understood: no condition
    frozen = frozenset(names)
    return lambda _event, raw_state: raw_state in frozen


def _command_condition(rule: Command) -> Condition:
    """The text is one of the rule's commands (any command, if one is a pattern)."""
    names = frozenset(c for c in rule.commands if isinstance(c, str))
    any_name = len(names) < len(rule.commands)
    prefixes, fold = rule.prefix, rule.ignore_case

    def condition(event: TelegramObject, _raw_state: str | None) -> bool:
        if not isinstance(event, Message):
            return False
        text = event.text or event.caption  # what aiogram's Command looks at
        # as Command.extract_command: " /name@mention args" → "/", "name"
        words = text.split(maxsplit=1) if text else []
        if not words or words[0][0] not in prefixes:
            return False
        if any_name:
            return True
        name = words[0][1:].partition("@")[0]
        return (name.casefold() if fold else name) in names

    return condition


def _quick_condition(quick: Callable[[TelegramObject], bool]) -> Condition:
    return lambda event, _raw_state: quick(event)


def _callback_condition(prefix: str, separator: str) -> Condition:
    with_fields = prefix + separator

    def condition(event: TelegramObject, _raw_state: str | None) -> bool:
        data = event.data if isinstance(event, CallbackQuery) else None
        # a factory without fields packs to the bare prefix
        return data is not None and (data.startswith(with_fields) or data == prefix)

    return condition


def _conditions(handler: HandlerObject) -> list[Condition]:
    """What must hold for `handler` to take an update (the filters this module knows)."""
    conditions: list[Condition] = []
    for filter_object in handler.filters or ():
        rule = filter_object.callback
        condition: Condition | None = None
        if isinstance(rule, StateFilter):
            condition = _state_condition(rule.states)
        elif isinstance(rule, Command):  # CommandStart too
            condition = _command_condition(rule)
        elif callable(quick := getattr(rule, "quick_check", None)):  # see handlers/filters.py
            condition = _quick_condition(quick)
        elif isclass(factory := getattr(rule, "callback_data", None)) and issubclass(
            factory, CallbackData
        ):  # aiogram's `Factory.filter()`, and our filters that say whose data they take
            condition = _callback_condition(factory.__prefix__, factory.__separator__)
        if condition is not None:
            conditions.append(condition)
    return conditions


class Prefilter(Filter):
    """Root filter: might any handler of this observer take the event?"""

    def __init__(self, handlers: list[list[Condition]]) -> None:
        self._handlers = handlers

    @classmethod
    def of(cls, router: Router, event: str) -> Prefilter | None:
        """For the router's observer of `event` (its root filters also gate its sub-routers,
        so their handlers count too). None when some handler has no condition this module
        knows: it may take anything."""
        handlers = [_conditions(handler) for handler in _handlers(router, event)]
        if any(not conditions for conditions in handlers):
            return None
        return cls(handlers)

    async def __call__(self, event: TelegramObject, raw_state: str | None = None) -> bool:
        return any(
            all(condition(event, raw_state) for condition in conditions)
            for conditions in self._handlers
        )


def _handlers(router: Router, event: str) -> list[HandlerObject]:
    found = list(router.observers[event].handlers)
    for sub in router.sub_routers:
        found.extend(_handlers(sub, event))
    return found


# An index pays for itself only where a miss is likely: with a handful of handlers aiogram's
# own loop is as quick (bench.foundation: /about, /start).
INDEX_FROM = 6


class IndexedTrigger:
    """An observer's `trigger` that tries only the handlers whose known conditions hold.

    The loop is aiogram's `TelegramEventObserver.trigger` (aiogram 3.x): check the handler's
    filters, then call it through the observer's inner middlewares; `SkipHandler` goes on to
    the next one. Handlers registered after installation are seen (the index is rebuilt)."""

    def __init__(self, observer: TelegramEventObserver) -> None:
        self._observer = observer
        self._count = -1
        self._index: list[tuple[HandlerObject, tuple[Condition, ...]]] = []

    def _handlers(self) -> list[tuple[HandlerObject, tuple[Condition, ...]]]:
        handlers = self._observer.handlers
        if len(handlers) != self._count:  # aiogram only ever appends to this list
            self._count = len(handlers)
            self._index = [(h, tuple(_conditions(h))) for h in handlers]
        return self._index

    async def __call__(self, event: TelegramObject, **kwargs: Any) -> Any:
        raw_state = kwargs.get("raw_state")
        observer = self._observer
        for handler, conditions in self._handlers():
            if conditions and not all(condition(event, raw_state) for condition in conditions):
                continue  # one of its own filters would refuse the event
            kwargs["handler"] = handler
            result, data = await handler.check(event, **kwargs)
            if result:
                kwargs.update(data)
                try:
                    wrapped_inner = observer.outer_middleware.wrap_middlewares(
                        observer._resolve_middlewares(), handler.call
                    )
                    return await wrapped_inner(event, kwargs)
                except SkipHandler:
                    continue
        return UNHANDLED


def install_prefilters(router: Router) -> None:
    """Put a `Prefilter` first among the root filters of the message and callback observers
    of the router and of its sub-routers (again, replacing the old one, when a router joins
    another dispatcher), and give those observers an `IndexedTrigger`."""
    for event in ("message", "callback_query"):
        observer: TelegramEventObserver = router.observers[event]
        indexed = isinstance(observer.__dict__.get("trigger"), IndexedTrigger)
        if not indexed and len(observer.handlers) >= INDEX_FROM:
            observer.trigger = IndexedTrigger(observer)  # type: ignore[method-assign]
        root = observer._handler  # aiogram keeps an observer's root filters here
        filters = [f for f in root.filters or () if not isinstance(f.callback, Prefilter)]
        prefilter = Prefilter.of(router, event)
        if prefilter is not None:
            filters.insert(0, FilterObject(prefilter))
        root.filters = filters
    for sub in router.sub_routers:
        install_prefilters(sub)

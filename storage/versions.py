"""Per-organisation data versions, and a small cache of views computed from that data.

Every write through an ORM session bumps the version of the organisation whose rows it
touched (SQLAlchemy session events: `after_flush`, again at `after_commit` — so a reader
that cached between the two cannot keep a stale entry — and bulk statements in
`do_orm_execute`). A row without `organisation_id` (link tables) bumps every organisation.
Writes that change nothing a view shows (FSM records, reminder bookkeeping, coach
dismissals) are ignored.

Caches compare versions instead of being told what to forget: an entry stored under an
older version is simply not used. A TTL bounds staleness from other processes and from
time passing. All of it is per engine (one database), in memory, for one bot process —
polling allows only one per token anyway.
"""

from __future__ import annotations

import time
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

ALL = -1
_IGNORED_TABLES = frozenset({"fsm_records", "reminders", "coach_dismissals"})


class Versions:
    """Version counters for one database."""

    def __init__(self) -> None:
        self._global = 0
        self._orgs: dict[int, int] = {}

    def of(self, organisation_id: int) -> tuple[int, int]:
        return self._global, self._orgs.get(organisation_id, 0)

    def bump(self, organisation_ids: set[int]) -> None:
        if ALL in organisation_ids:
            self._global += 1
            return
        for org in organisation_ids:
            self._orgs[org] = self._orgs.get(org, 0) + 1


class ViewCache:
    """(organisation, key) → value, valid while the organisation's version is unchanged
    and the entry is younger than the TTL. Bounded (least recently used goes first)."""

    def __init__(self, versions: Versions, ttl_seconds: float = 60.0, max_size: int = 4096):
        self._versions = versions
        self._ttl = ttl_seconds
        self._max = max_size
        self._items: OrderedDict[tuple[int, Hashable], tuple[tuple[int, int], float, Any]] = (
            OrderedDict()
        )

    def get(self, organisation_id: int, key: Hashable) -> Any | None:
        full = (organisation_id, key)
        hit = self._items.get(full)
        if hit is None:
            return None
        version, born, value = hit
        if version != self._versions.of(organisation_id) or time.monotonic() - born > self._ttl:
            del self._items[full]
            return None
        self._items.move_to_end(full)
        return value

    def put(
        self, organisation_id: int, key: Hashable, value: Any, version: tuple[int, int]
    ) -> None:
        """Store `value` computed from data at `version` (taken BEFORE reading the data)."""
        self._items[(organisation_id, key)] = (version, time.monotonic(), value)
        self._items.move_to_end((organisation_id, key))
        while len(self._items) > self._max:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


class _Registry:
    def __init__(self) -> None:
        self.versions = Versions()
        self.views = ViewCache(self.versions)


_registries: weakref.WeakKeyDictionary[Engine, _Registry] = weakref.WeakKeyDictionary()


def _engine_of(bind: Any) -> Engine | None:
    engine = getattr(bind, "engine", bind)
    return engine if isinstance(engine, Engine) else None


def _registry(bind: Any) -> _Registry | None:
    engine = _engine_of(bind)
    if engine is None:
        return None
    registry = _registries.get(engine)
    if registry is None:
        registry = _registries[engine] = _Registry()
    return registry


def versions_of(session: AsyncSession) -> Versions:
    registry = _registry(session.sync_session.get_bind())
    assert registry is not None
    return registry.versions


def views_of(session: AsyncSession) -> ViewCache:
    registry = _registry(session.sync_session.get_bind())
    assert registry is not None
    return registry.views


def _touched(session: Session) -> set[int]:
    orgs: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if getattr(obj, "__tablename__", None) in _IGNORED_TABLES:
            continue
        org = getattr(obj, "organisation_id", None)
        orgs.add(org if isinstance(org, int) else ALL)
    return orgs


def _bump(session: Session, orgs: set[int]) -> None:
    if orgs:
        registry = _registry(session.bind)
        if registry is not None:
            registry.versions.bump(orgs)


def _after_flush(session: Session, _context: Any) -> None:
    orgs = _touched(session)
    if orgs:
        session.info.setdefault("versions_dirty", set()).update(orgs)
        _bump(session, orgs)


def _after_commit(session: Session) -> None:
    orgs = session.info.pop("versions_dirty", None)
    if orgs:
        _bump(session, orgs)


def _after_rollback(session: Session, _previous: Any) -> None:
    # a view may have been cached from flushed-then-rolled-back rows: outdate it
    orgs = session.info.pop("versions_dirty", None)
    if orgs:
        _bump(session, orgs)


def _bulk(state: ORMExecuteState) -> None:
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in _IGNORED_TABLES:
            return
        session = state.session
        session.info.setdefault("versions_dirty", set()).add(ALL)
        _bump(session, {ALL})


P = ParamSpec("P")
T = TypeVar("T")


def org_cached(
    name: str,
) -> Callable[
    [Callable[Concatenate[AsyncSession, int, P], Awaitable[T]]],
    Callable[Concatenate[AsyncSession, int, P], Awaitable[T]],
]:
    """Cache a read query `f(session, organisation_id, *args)` in the view cache until the
    organisation's data changes. Arguments must be hashable; results are shared, so callers
    must not mutate them."""

    def decorate(
        fn: Callable[Concatenate[AsyncSession, int, P], Awaitable[T]],
    ) -> Callable[Concatenate[AsyncSession, int, P], Awaitable[T]]:
        async def wrapper(
            session: AsyncSession, organisation_id: int, /, *args: P.args, **kwargs: P.kwargs
        ) -> T:
            views = views_of(session)
            key = (name, args, tuple(sorted(kwargs.items())))
            hit = views.get(organisation_id, key)
            if hit is not None:
                return hit  # type: ignore[no-any-return]
            version = versions_of(session).of(organisation_id)
            value = await fn(session, organisation_id, *args, **kwargs)
            views.put(organisation_id, key, value, version)
            return value

        wrapper.__name__, wrapper.__doc__ = fn.__name__, fn.__doc__
        wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
        return wrapper

    return decorate


_installed = False


def install() -> None:
    """Register the session events (once per process; called when an engine is made)."""
    global _installed
    if _installed:
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_soft_rollback", _after_rollback)
    event.listen(Session, "do_orm_execute", _bulk)
    _installed = True

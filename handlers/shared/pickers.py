"""The shared pickers: a responsible member, a programme.

A feature shows a picker with `member_picker(...)` / `programme_picker(...)` and handles
the taps of its own scope:

    r.callback_query.register(picked, MemberPick.filter(F.scope == PickScope.PARTNER))

`subject` is what the choice is for (the partner's id on the partner card); `id` is the
member or programme tapped. Both are untrusted: load them with the member's organisation.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.shared.ids import RowId


class PickScope(StrEnum):
    """Whose picker a tap comes from; a feature that shows a picker adds its own."""

    PARTNER = "p"  # the partner card (handlers/partners)


class MemberPick(CallbackData, prefix="mp"):
    """A member of the organisation picked as responsible for `subject`."""

    scope: PickScope
    subject: RowId
    id: RowId


class ProgrammePick(CallbackData, prefix="pp"):
    """A programme of the organisation ticked (or unticked) for `subject`."""

    scope: PickScope
    subject: RowId
    id: RowId


Back = tuple[str, CallbackData]  # the label and data of the last button ("back to …")


def _picker(rows: Iterable[tuple[str, CallbackData]], back: Back | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for label, data in rows:
        kb.button(text=label, callback_data=data)
    if back is not None:
        kb.button(text=back[0], callback_data=back[1])
    kb.adjust(1)
    return kb.as_markup()


def member_picker(
    scope: PickScope,
    subject: int,
    members: Iterable[tuple[int, str]],
    *,
    chosen: Container[int] = (),
    mark: str = "",
    back: Back | None = None,
) -> InlineKeyboardMarkup:
    """One button per (member id, label), `mark` before the chosen ones, one per row."""
    return _picker(
        (
            (
                (mark if mid in chosen else "") + label,
                MemberPick(scope=scope, subject=subject, id=mid),
            )
            for mid, label in members
        ),
        back,
    )


def programme_picker(
    scope: PickScope,
    subject: int,
    programmes: Iterable[tuple[int, str]],
    *,
    chosen: Container[int] = (),
    mark: str = "",
    back: Back | None = None,
) -> InlineKeyboardMarkup:
    """One button per (programme id, label), `mark` before the chosen ones, one per row."""
    return _picker(
        (
            (
                (mark if pid in chosen else "") + label,
                ProgrammePick(scope=scope, subject=subject, id=pid),
            )
            for pid, label in programmes
        ),
        back,
    )

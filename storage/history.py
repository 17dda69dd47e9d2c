"""The history section of a partner card: the item every feature's storage module returns.

Each feature exposes `async def history_items(session, organisation_id, partner_id)
-> list[HistoryItem]` in its storage module; bot/services/history.py lists them (this module
imports none of them, so no feature and this module import each other). An item is rendered
by the template `texts/templates/history/<kind>.html` with `item` in context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class HistoryItem:
    at: datetime
    kind: str  # template name under texts/templates/history/
    data: dict[str, Any] = field(default_factory=dict)

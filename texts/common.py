"""Labels of what works everywhere (/cancel)."""

from __future__ import annotations

CANCEL_YES = "✖️ Да, отменить"
CANCEL_NO = "↩️ Продолжить"

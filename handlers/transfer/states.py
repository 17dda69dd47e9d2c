"""The import's states (stored). FSM data: imp_file_id, imp_name (the file's), imp_category
(given to rows without one; None: such rows are not imported)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class ImportForm(StatesGroup):
    file = State()  # waiting for the file (/import)
    category = State()  # asked once for all rows without a category
    confirm = State()  # the preview shown

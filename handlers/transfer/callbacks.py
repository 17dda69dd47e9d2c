"""/export and the import's callback data: actions and codes only."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from storage.enums import PartnerCategory


class ExportAct(StrEnum):
    MORE_CSV = "c"  # the meetings and agreements as .csv too


class ExportCb(CallbackData, prefix="exp"):
    action: ExportAct


class ImportAct(StrEnum):
    CONFIRM = "ok"
    CANCEL = "no"
    SKIP_UNKNOWN = "sk"  # rows without a category are not imported


class ImportCb(CallbackData, prefix="imp"):
    action: ImportAct


class ImportCategory(CallbackData, prefix="imc"):
    """The category given to every row whose category was not understood."""

    category: PartnerCategory

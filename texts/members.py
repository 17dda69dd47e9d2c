"""Labels of a member's profile: the time zone step of onboarding, the form of address, the
move of planned meetings when the time zone changes, the organisation's details."""

from __future__ import annotations

# typed at «Тюмень — UTC+5 (МСК+2), верно?»: the proposed zone is right
YES_WORDS = frozenset(
    {"да", "верно", "правильно", "ага", "угу", "так", "точно", "ок", "ok", "yes", "конечно"}
)

# the form of address («если вы работаете одна / один»)
FORM_FEMININE = "👩 В женском роде"
FORM_MASCULINE = "👨 В мужском роде"
FORM_SHOWN = {"f": "в женском роде", "m": "в мужском роде"}

# /settings
SETTINGS_FORM = "⚧ Обращение"
SETTINGS_ORG_NAME = "🏫 Учреждение"
SETTINGS_TOWN = "📍 Муниципалитет"

# planned meetings when the time zone changes
ZONE_KEEP_CLOCK = "🕒 Оставить время встреч"
ZONE_KEEP_MOMENT = "⏱ Пересчитать в новый пояс"
ZONE_CANCEL = "✖️ Не менять пояс"

"""What the date parser adds to an echo: assumed times, the other reading of a phrase."""

from __future__ import annotations

from datetime import datetime

from texts.calendar_words import MONTHS_GENITIVE, WEEKDAYS

# keys: bot.domain.dates.PartOfDay values
PART_OF_DAY_NOTES: dict[str, str] = {
    "morning": "«Утром» — ставлю 09:00. Нужно другое время — напишите его.",
    "afternoon": "«Днём» — ставлю 13:00. Нужно другое время — напишите его.",
    "after_lunch": "«После обеда» — ставлю 14:00. Нужно другое время — напишите его.",
    "evening": "«Вечером» — ставлю 18:00. Нужно другое время — напишите его.",
}
# shown when the phrase has another reading (offered as a button)
WEEKDAY_RULE_NOTE = (
    "«Во вторник» — ближайший вторник, «в следующий вторник» — вторник следующей недели."
)
TWELVE_HOUR_NOTE = "Если имели в виду время после полудня — нажмите кнопку ниже."
UNTIL_NOTE = "Записываю как крайний срок."
ALTERNATIVE_BUTTON = "Нет, {when}"


def short_when(local: datetime, has_time: bool) -> str:
    """«вторник, 24 ноября, 14:00» / «вторник, 24 ноября» (for a button)."""
    day = f"{WEEKDAYS[local.weekday()]}, {local.day} {MONTHS_GENITIVE[local.month - 1]}"
    return f"{day}, {local:%H:%M}" if has_time else day

"""/about shows the ONE table of status transitions (bot/domain/statuses.py), worded in
texts/method.py: every row, and nothing the table does not say."""

from __future__ import annotations

from bot.app import App
from bot.domain.statuses import TRANSITIONS, Fact
from bot.local_api import LocalUser
from texts import buttons, method


def test_every_fact_and_status_has_its_words() -> None:
    assert set(method.FACT_LABELS) == {f.value for f in Fact}
    for row in TRANSITIONS:
        assert set(row.sources) <= set(method.STATUS_LABELS)


async def test_about_shows_the_status_table(app: App, user: LocalUser) -> None:
    await user.send("/about")
    replies = await user.tap(buttons.ABOUT_PAGES["statuses"])
    text = replies[-1].plain
    assert "Как меняется статус партнёра" in text
    rows = [line for line in text.splitlines() if line.startswith("• ")]
    assert len(rows) == len(TRANSITIONS)
    for row, transition in zip(rows, TRANSITIONS, strict=True):
        assert row.startswith("• " + method.FACT_LABELS[transition.fact] + ": ")
    assert (
        "• Провели совместное мероприятие по действующему договору: из «Договор подписан» → "
        "«Активный партнёр»." in rows
    )
    assert any("из любого, кроме «Активный партнёр» → «Договор подписан»" in r for r in rows)
    assert any(r.endswith("→ " + method.STATUS_BACK + ".") for r in rows)
    assert len(replies[-1].text or "") <= 4096

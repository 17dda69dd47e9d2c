"""Messages stay within Telegram's 4096 characters (counted after entity parsing) by
shortening the stored values before rendering: the HTML is never cut, so no tag or entity
is ever split ("can't parse entities")."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

from sqlalchemy import select

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser
from handlers.partners.callbacks import FullAct, FullText
from handlers.shared.callbacks import OpenPartner
from handlers.shared.text_length import shown_length
from storage import partners as db
from storage import programs
from storage.enums import Direction, PartnerStatus
from storage.models import Partner, PartnerNote
from tests.coach_helpers import add_partner, member_of, update_partner
from tests.conftest import onboard

MARKUP = "&<b>"  # typed by a user: escaped to 12 characters of HTML, shown as 4
_ENTITY_RE = re.compile(r"&(?!(?:amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);)")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.broken = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.broken = True


def well_formed(text: str) -> bool:
    """Every tag closed in order, no half tag at the end, every "&" starts an entity."""
    parser = _Tags()
    parser.feed(text)
    parser.close()
    tail = text[text.rfind("<") :] if "<" in text else ""
    return (
        not parser.broken
        and not parser.stack
        and (not tail or ">" in tail)
        and _ENTITY_RE.search(text) is None
    )


def test_shown_length_counts_the_text_after_entity_parsing() -> None:
    assert shown_length("<b>a &amp; b</b> &lt;i&gt;") == len("a & b <i>")
    assert shown_length("📝 <i>x</i>") == 3
    assert well_formed("<b>a &amp; b</b>")
    assert not well_formed("<b>a &am")
    assert not well_formed("<b>a</b> <i")


async def _largest_partner(app: App, clock: FakeClock, *, scale: int = 1) -> int:
    """A partner with every field at its input limit (× scale: stored by other means)."""
    member = await member_of(app)
    pid = await add_partner(
        app,
        ("Музей " + MARKUP) * 20 * scale,
        "institution",
        at=clock.now(),
        directions=[d.value for d in Direction],
    )
    await update_partner(
        app,
        pid,
        contact_person=("К" + MARKUP) * 40 * scale,
        email=("e" * 250 + "@x.ru") * scale,
        address=("А" + MARKUP) * 60 * scale,
        offer=("П" + MARKUP) * 200 * scale,
        ask=("Р" + MARKUP) * 200 * scale,
        phone="+73452000000",
    )
    async with app.sessionmaker() as session:
        partner = await db.get_partner(session, member.organisation_id, pid)
        assert partner is not None
        for i in range(40):
            program = await programs.insert_program(
                session,
                organisation_id=member.organisation_id,
                name=f"{i} " + ("Программа " + MARKUP) * 14 * scale,
                now=clock.now(),
            )
            await db.toggle_program(session, partner, program)
        for i in range(12):
            clock.advance(timedelta(minutes=1))
            await db.add_note(
                session,
                partner,
                member_id=member.id,
                text=f"{i} " + MARKUP * 700 * scale,
                now=clock.now(),
            )
            status = PartnerStatus.NEGOTIATING if i % 2 else PartnerStatus.MEETING_PLANNED
            await db.change_status(session, partner, status, member_id=member.id, now=clock.now())
            await session.commit()
    return pid


async def test_card_of_a_partner_at_every_input_limit_fits(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    pid = await _largest_partner(app, clock)
    replies = await user.press(0, OpenPartner(id=pid).pack())
    card = replies[-1]
    assert card.method == "sendMessage"
    assert len(card.text or "") > 4096  # escaped markup: the HTML itself is longer…
    assert len(card.plain) <= 4096  # …but Telegram counts the text after entity parsing
    assert well_formed(card.text or "")
    assert ("Музей " + MARKUP) * 20 in card.plain  # the name in full
    assert "📄 «Предлагаем» целиком" in card.buttons
    assert "…" in card.plain


async def test_card_with_oversized_stored_values_still_fits(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    pid = await _largest_partner(app, clock, scale=10)  # beyond every input limit
    replies = await user.press(0, OpenPartner(id=pid).pack())
    card = replies[-1]
    assert card.method == "sendMessage" and "пошло не так" not in card.plain
    assert len(card.plain) <= 4096 and well_formed(card.text or "")
    assert card.plain.count(MARKUP) > 10  # shown literally, shortened, not dropped


async def test_full_text_of_an_oversized_note_fits(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    member = await member_of(app)
    pid = await add_partner(app, "Краеведческий музей", at=clock.now())
    async with app.sessionmaker() as session:
        partner = await db.get_partner(session, member.organisation_id, pid)
        assert partner is not None
        note = await db.add_note(
            session, partner, member_id=member.id, text=MARKUP * 5000, now=clock.now()
        )
        await session.commit()
        note_id = note.id
    await update_partner(app, pid, offer="П" * 9000)
    for x in (
        FullText(action=FullAct.NOTE, id=pid, note=note_id).pack(),
        FullText(action=FullAct.OFFER, id=pid).pack(),
    ):
        replies = await user.press(0, x)
        text = replies[-1]
        assert text.method == "sendMessage", x
        assert len(text.plain) <= 4096 and well_formed(text.text or ""), x
        assert text.plain.endswith("…") and len(text.plain) > 4000, x
    assert (MARKUP * 100) in text.plain or "П" * 4000 in text.plain


async def test_full_text_of_a_normal_note_is_whole(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    member = await member_of(app)
    pid = await add_partner(app, "Краеведческий музей", at=clock.now())
    body = ("Отчёт " + MARKUP) * 300  # 3000 characters: the input limit
    async with app.sessionmaker() as session:
        partner = await db.get_partner(session, member.organisation_id, pid)
        assert partner is not None
        note = await db.add_note(session, partner, member_id=member.id, text=body, now=clock.now())
        await session.commit()
        note_id = note.id
    replies = await user.press(0, FullText(action=FullAct.NOTE, id=pid, note=note_id).pack())
    assert body in replies[-1].plain and "…" not in replies[-1].plain
    assert well_formed(replies[-1].text or "")


async def test_programme_card_with_an_oversized_description_fits(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    member = await member_of(app)
    async with app.sessionmaker() as session:
        program = await programs.insert_program(
            session,
            organisation_id=member.organisation_id,
            name="Юный краевед " + MARKUP,
            now=clock.now(),
            description=MARKUP * 3000,
        )
        await session.commit()
        prog_id = program.id
    await user.send("/programs")
    replies = await user.tap("Юный краевед")
    card = replies[-1]
    assert card.method == "editMessageText" and "пошло не так" not in card.plain
    assert len(card.plain) <= 4096 and well_formed(card.text or "")
    assert "Юный краевед " + MARKUP in card.plain and card.plain.count("…") == 1
    async with app.sessionmaker() as session:  # the stored value is untouched
        stored = await programs.get_program(session, member.organisation_id, prog_id)
        assert stored is not None and stored.description == MARKUP * 3000
        assert (await session.execute(select(PartnerNote))).first() is None
        assert (await session.execute(select(Partner))).first() is None

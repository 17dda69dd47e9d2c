"""In a group the bot shows nothing: one line to a command, silence otherwise, no flow."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.local_api import LocalUser
from storage.models import FsmRecord, Member
from tests.conftest import onboard

LINE = "Я работаю только в личном чате"


async def test_a_member_asking_in_a_group_sees_one_line_and_no_data(
    app: App, user: LocalUser
) -> None:
    await onboard(user)
    await user.send("/add Краеведческий музей")
    sent = await user.send_in_group("/partners")
    assert [s.method for s in sent] == ["sendMessage"]
    assert LINE in sent[0].plain and "музей" not in sent[0].plain.lower()
    assert sent[0].chat_id == -100500
    assert await user.send_in_group("Краеведческий музей") == []  # plain talk: silence


async def test_onboarding_never_starts_in_a_group(app: App, make_user) -> None:  # type: ignore[no-untyped-def]
    stranger: LocalUser = make_user(user_id=77, first_name="Олег")
    sent = await stranger.send_in_group("/start")
    assert len(sent) == 1 and LINE in sent[0].plain
    async with app.sessionmaker() as session:
        assert (await session.execute(select(Member))).first() is None
        assert (await session.execute(select(FsmRecord))).first() is None

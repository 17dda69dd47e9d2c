"""Teacher opens the bot for the first time and registers the organisation."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.local_api import LocalUser
from storage.models import Member, Organisation
from tests.conftest import onboard


async def test_teacher_onboards_and_sees_menu(app: App, user: LocalUser) -> None:
    replies = await user.send("/start")
    assert "Здравствуйте" in replies[0].plain
    assert "Как называется ваше учреждение" in replies[-1].plain

    await user.send("МАУ ДО «ДДТ» <b>")
    await user.send("г. Тюмень")
    await user.send("Анна Петрова")
    replies = await user.send("педагог")
    assert replies[-1].buttons[0].startswith("Тюмень")
    await user.tap("UTC+5")
    replies = await user.tap("Согласен")
    assert "Готово, Анна Петрова" in replies[-1].plain
    assert "&lt;b&gt;" in (replies[-1].text or "")  # markup typed by the user is shown literally
    assert user.keyboard is not None

    async with app.sessionmaker() as session:
        member = (await session.execute(select(Member))).scalar_one()
        org = (await session.execute(select(Organisation))).scalar_one()
    assert (member.telegram_id, member.role, member.timezone) == (1, "admin", "Asia/Yekaterinburg")
    assert org.name == "МАУ ДО «ДДТ» <b>"

    replies = await user.send("/start")
    assert "выберите действие" in replies[-1].plain


async def test_helper_onboard(app: App, user: LocalUser) -> None:
    await onboard(user)
    replies = await user.send("/help")
    assert "/cancel" in replies[-1].plain

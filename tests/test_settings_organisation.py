"""/settings edits the organisation's name and municipality (issue 12, item 10): its
admins only; every colleague sees the change."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from bot.app import App
from bot.local_api import LocalUser
from handlers.settings.callbacks import SetAct, SetCb
from storage.models import Organisation
from tests.conftest import onboard
from texts import members as words


async def organisation(app: App) -> Organisation:
    async with app.sessionmaker() as session:
        return (await session.execute(select(Organisation))).scalar_one()


async def invite(app: App, admin: LocalUser, colleague: LocalUser) -> None:
    org = await organisation(app)
    await colleague.send(f"/start inv_{org.invite_code}")
    await colleague.send("Олег Иванов")
    await colleague.send("педагог")
    await colleague.tap("Согласен")


async def test_admin_renames_the_organisation_and_its_municipality(
    app: App, make_user: Callable[..., LocalUser]
) -> None:
    admin = make_user(1, "Анна")
    await onboard(admin)
    replies = await admin.send("/settings")
    assert words.SETTINGS_ORG_NAME in replies[-1].buttons
    assert words.SETTINGS_TOWN in replies[-1].buttons

    replies = await admin.tap(words.SETTINGS_ORG_NAME)
    assert "Сейчас: «МАУ ДО «Дом детского творчества»»" in replies[-1].plain
    replies = await admin.send("Я")
    assert "от 2 до 200" in replies[-1].plain  # the same question stays
    replies = await admin.send("МАУ ДО «ДДТ «Радуга»»")
    assert "Сохранено: название учреждения — МАУ ДО «ДДТ «Радуга»»." in replies[0].plain
    assert "Учреждение: МАУ ДО «ДДТ «Радуга»», г. Тюмень" in replies[-1].plain

    await admin.tap(words.SETTINGS_TOWN)
    replies = await admin.send("Ишимский район")
    assert "Сохранено: муниципалитет — Ишимский район." in replies[0].plain
    assert "Учреждение: МАУ ДО «ДДТ «Радуга»», Ишимский район" in replies[-1].plain
    assert len(replies) == 2  # no place named: nothing said about the time zone
    org = await organisation(app)
    assert (org.name, org.municipality) == ("МАУ ДО «ДДТ «Радуга»»", "Ишимский район")

    # a town in another zone: said, not changed
    await admin.tap(words.SETTINGS_TOWN)
    replies = await admin.send("г. Омск")
    assert replies[1].plain == (
        "🕰 Часовой пояс там — Омск — UTC+6 (МСК+3), а у вас в настройках — "
        "Тюмень, Екатеринбург (UTC+5). Если нужно, смените его кнопкой «Часовой пояс» ниже."
    )
    assert "Часовой пояс: Тюмень, Екатеринбург (UTC+5)" in replies[-1].plain
    await admin.tap(words.SETTINGS_TOWN)
    replies = await admin.send("г. Тобольск")  # the same clock: nothing to say
    assert len(replies) == 2

    colleague = make_user(2, "Олег", "Иванов")
    await invite(app, admin, colleague)
    replies = await colleague.send("/start")
    assert "МАУ ДО «ДДТ «Радуга»»" in replies[-1].plain
    replies = await colleague.send("/settings")
    assert "Учреждение: МАУ ДО «ДДТ «Радуга»», г. Тобольск" in replies[-1].plain


async def test_a_teacher_cannot_rename_it(app: App, make_user: Callable[..., LocalUser]) -> None:
    admin = make_user(1, "Анна")
    await onboard(admin)
    colleague = make_user(2, "Олег", "Иванов")
    await invite(app, admin, colleague)
    replies = await colleague.send("/settings")
    assert words.SETTINGS_ORG_NAME not in replies[-1].buttons
    assert words.SETTINGS_TOWN not in replies[-1].buttons
    replies = await colleague.press(
        replies[-1].message_id or 0, SetCb(action=SetAct.ORG_NAME).pack()
    )
    assert [r.plain for r in replies if r.method == "answerCallbackQuery"] == [
        "Эта кнопка устарела. Откройте нужный раздел заново из меню."
    ]
    replies = await colleague.send("Чужое название")  # not taken as a new name
    assert (await organisation(app)).name == "МАУ ДО «Дом детского творчества»"

"""The form of address (issue 12, item 10): derived from the name, asked once when the name
does not tell it, kept on the member, changed in /settings, and given to templates as
`member.agree("одна", "один")`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import update

from bot.app import App
from bot.local_api import LocalUser
from storage.models import Member
from tests.conftest import onboard
from tests.meetings_helpers import member_row
from texts import buttons
from texts import members as words


async def onboard_as(user: LocalUser, full_name: str) -> list[str]:
    """Onboarding up to the position question; the questions asked after the name."""
    await user.send("/start")
    await user.send("ДДТ «Радуга»")
    await user.send("г. Тюмень")
    replies = await user.send(full_name)
    return [r.plain.split("\n")[0] for r in replies]


async def test_a_name_that_tells_is_not_asked(app: App, user: LocalUser) -> None:
    asked = await onboard_as(user, "Анна Петрова")
    assert asked == ["Ваша должность?"]
    await user.send("педагог")
    await user.tap("UTC+5")
    await user.tap("Согласен")
    assert (await member_row(app)).address_form == "f"
    replies = await user.send("/settings")
    assert "Обращение: в женском роде" in replies[-1].plain


async def test_a_name_that_does_not_tell_is_asked_once(app: App, user: LocalUser) -> None:
    asked = await onboard_as(user, "Саша Ким")
    assert asked == ["Как мне о вас писать?"]
    replies = await user.send("мужчина")  # typed: the buttons again, the answer kept
    assert "Выберите кнопкой" in replies[-1].plain
    assert replies[-1].buttons == [words.FORM_FEMININE, words.FORM_MASCULINE]
    replies = await user.tap(words.FORM_MASCULINE)
    assert "Буду писать о вас в мужском роде" in replies[1].plain  # the question, edited
    assert "Ваша должность?" in replies[-1].plain
    await user.send("педагог")
    await user.tap("UTC+5")
    await user.tap("Согласен")
    assert (await member_row(app)).address_form == "m"
    replies = await user.send("/start")  # never asked again
    assert "выберите действие" in replies[-1].plain and len(replies) == 1


async def test_joining_asks_too(app: App, make_user: Callable[..., LocalUser]) -> None:
    admin = make_user(1, "Анна")
    await onboard(admin)
    await admin.send("/settings")
    link = (await admin.tap("Пригласить коллегу"))[-1].plain
    payload = link[link.index("start=") + len("start=") :].split()[0]
    colleague = make_user(2, "Женя", None)
    await colleague.send(f"/start {payload}")
    replies = await colleague.send("Женя")
    assert "Как мне о вас писать?" in replies[-1].plain
    await colleague.tap(words.FORM_FEMININE)
    await colleague.send("педагог")
    await colleague.tap("Согласен")
    assert (await member_row(app, 2)).address_form == "f"


async def test_changed_in_settings(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/settings")
    replies = await user.tap(words.SETTINGS_FORM)
    assert replies[-1].buttons == [words.FORM_FEMININE, words.FORM_MASCULINE]
    replies = await user.tap(words.FORM_MASCULINE)
    assert "Обращение: в мужском роде" in replies[-1].plain
    assert (await member_row(app)).address_form == "m"
    # a new name that tells the form sets it; one that does not keeps it
    await user.tap(buttons.SETTINGS_NAME)
    replies = await user.send("Ольга Сергеевна")
    assert "Обращение: в женском роде" in replies[-1].plain
    await user.tap(buttons.SETTINGS_NAME)
    replies = await user.send("Саша")
    assert "Обращение: в женском роде" in replies[-1].plain


async def test_a_member_from_before_gets_it_from_the_name(app: App, user: LocalUser) -> None:
    await onboard(user)
    async with app.sessionmaker() as session:  # as the migration left existing members
        await session.execute(update(Member).values(address_form=None))
        await session.commit()
    replies = await user.send("/settings")
    assert "Обращение: в женском роде" in replies[-1].plain  # «Анна Петрова»
    assert (await member_row(app)).address_form == "f"
    async with app.sessionmaker() as session:
        await session.execute(update(Member).values(address_form=None, full_name="Саша"))
        await session.commit()
    replies = await user.send("/settings")
    assert "Обращение: не указано" in replies[-1].plain
    assert (await member_row(app)).address_form is None


async def test_templates_agree_with_the_member(app: App, user: LocalUser) -> None:
    await onboard(user)
    from storage import orgs

    async with app.sessionmaker() as session:
        member = await orgs.get_member_info(session, 1)
    assert member is not None and member.agree("одна", "один") == "одна"
    assert replace(member, address_form="m").agree("одна", "один") == "один"
    unknown = replace(member, address_form=None)
    assert unknown.agree("одна", "один") == "один"
    assert unknown.agree("одна", "один", "в одиночку") == "в одиночку"
    line = app.texts.env.from_string('если вы работаете {{ member.agree("одна", "один") }}')
    assert line.render(member=member) == "если вы работаете одна"

"""Free text outside a flow: the few requests people type are answered as their commands,
never offered as a partner's name; anything else is a search, as before."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.local_api import LocalUser, Sent
from tests.conftest import onboard
from tests.test_partners_find import count, seed
from texts import buttons


def texts(replies: list[Sent]) -> list[tuple[str, list[str]]]:
    return [(r.plain, r.buttons) for r in replies if r.method == "sendMessage"]


@pytest.mark.parametrize(
    ("typed", "command"),
    [
        ("что дальше", "/next"),
        ("что делать дальше?", "/next"),
        ("Следующий шаг", "/next"),
        ("помощь", "/help"),
        ("встречи", "/meetings"),
        ("мои договоры", "/agreements"),
        ("партнёры", "/partners"),
        ("план", "/plan"),
    ],
)
async def test_a_request_gets_its_commands_reply(
    app: App, user: LocalUser, typed: str, command: str
) -> None:
    await onboard(user)
    await seed(app, "Краеведческий музей")
    expected = texts(await user.send(command))
    assert expected
    replies = await user.send(typed)
    assert texts(replies) == expected
    assert not any("в базе нет" in plain for plain, _ in texts(replies))


async def test_hello_is_a_greeting_not_a_partner(app: App, user: LocalUser) -> None:
    await onboard(user)
    for typed in ("привет", "Добрый день!"):
        [reply] = await user.send(typed)
        assert reply.plain.startswith("Здравствуйте, Анна Петрова!")
        assert "в базе нет" not in reply.plain and not reply.buttons
        assert user.keyboard is not None
        assert buttons.MENU_ADD in [b.text for row in user.keyboard.keyboard for b in row]
    assert await count(app) == 0


async def test_what_next_is_never_offered_as_a_name(app: App, user: LocalUser) -> None:
    await onboard(user)
    for typed in ("привет", "что делать дальше?", "помогите"):
        for reply in await user.send(typed):
            assert not any("Добавить" in b for b in reply.buttons), typed
    # a name that merely has such a word is still searched (and offered)
    reply = (await user.send("Центр помощи семье"))[-1]
    assert "Партнёра «Центр помощи семье» в базе нет" in reply.plain
    assert reply.buttons == ["➕ Добавить «Центр помощи семье»"]


async def test_asked_for_a_name_hello_is_no_name(app: App, user: LocalUser) -> None:
    """At the add flow's name question a greeting or «что дальше?» is explained and the
    question asked again; in quotes it is a name, and so is a word that may name a club."""
    await onboard(user)
    await user.send("/add")
    for typed in ("Привет!", "что делать дальше?"):
        reply = (await user.send(typed))[-1]
        assert f"«{typed}» не похоже на название партнёра" in reply.plain
        assert "Как называется партнёр?" in reply.plain
    reply = (await user.send("«Привет»"))[-1]
    assert "модели партнёрства" in reply.plain and "Продолжаем" not in reply.plain
    await user.send("/cancel")
    await user.send("/add")
    reply = (await user.send("Встреча"))[-1]  # a club may be called so
    assert "модели партнёрства" in reply.plain and "Продолжаем" not in reply.plain
    await user.tap("Культура")
    await user.tap("Пропустить")
    for _ in range(6):
        await user.send(buttons.SKIP)
    reply = (await user.tap("Готово"))[-1]
    assert reply.plain.startswith("⚪️ Встреча")
    assert await count(app) == 1

"""A command typed in the middle of a flow: never taken as an answer, never a silent drop."""

from __future__ import annotations

import pytest
from aiogram.types import PhotoSize
from sqlalchemy import select

from bot.app import App
from bot.local_api import LocalUser
from storage.models import Partner
from tests.conftest import onboard


async def test_command_mid_flow_runs_and_the_flow_waits(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add")
    replies = await user.send("Краеведческий музей")
    assert "по модели партнёрства" in replies[-1].plain

    replies = await user.send("/about")  # not a partner category, not lost either
    assert "Что такое социальное партнёрство" in replies[0].plain
    assert "Вы в середине действия" in replies[-1].plain and "/cancel" in replies[-1].plain

    await user.tap("Культура")  # the flow goes on from the same question
    replies = await user.tap("Пропустить")
    assert replies[-1].plain.startswith("Кто контактное лицо?")


async def test_menu_button_mid_flow_is_not_an_answer(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add")
    await user.send("📖 О методике")  # the main-menu label, typed while the name is asked
    async with app.sessionmaker() as session:
        assert (await session.execute(select(Partner))).first() is None


async def test_command_that_ends_the_flow_says_so_first(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add")
    replies = await user.send("/start")  # back to the main menu
    # the notice comes before the new screen, not after it
    assert [r.plain.split("\n")[0] for r in replies] == [
        "Незаконченное действие прервано; всё, что уже было сохранено, на месте.",
        "МАУ ДО «Дом детского творчества»",
    ]
    assert "выберите действие" in replies[-1].plain

    await user.send("/add")
    await user.send("Краеведческий музей")
    replies = await user.send("⚙️ Настройки")  # a menu button does the same
    assert "прервано" in replies[0].plain
    assert replies[-1].plain.startswith("⚙️ Настройки")
    assert len(replies) == 2


async def test_another_flow_started_by_a_command_says_the_first_one_ended(
    app: App, user: LocalUser
) -> None:
    await onboard(user)
    await user.send("/settings")
    await user.tap("Имя")  # the name question of /settings is open
    replies = await user.send("/add")  # adding a partner replaces it
    assert "прервано" in replies[0].plain
    assert "Как называется партнёр?" in replies[-1].plain
    assert len(replies) == 2


async def test_a_command_that_leaves_the_flow_never_says_it_ended(
    app: App, user: LocalUser
) -> None:
    await onboard(user)
    await user.send("/add")
    replies = await user.send("/help")  # a glance: nothing said about the flow
    assert "прервано" not in "\n".join(r.plain for r in replies)
    replies = await user.send("/about")
    assert "прервано" not in "\n".join(r.plain for r in replies)
    assert "Вы в середине действия" in replies[-1].plain  # after the page, the way back


async def test_commands_during_onboarding_keep_the_answers(app: App, user: LocalUser) -> None:
    await user.send("/start")
    await user.send("ДДТ «Радуга»")
    replies = await user.send("/about")
    assert "Что такое социальное партнёрство" in replies[0].plain
    assert "Знакомство на паузе" in replies[-1].plain
    replies = await user.send("г. Тюмень")  # still the municipality question
    assert "Как вас зовут" in replies[-1].plain


async def test_time_zone_change_replans_agreement_and_meeting_reminders(
    app: App, user: LocalUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage import agreements as agreements_store

    calls: list[tuple[int, str]] = []
    real = agreements_store.timezone_changed

    async def spy(session, organisation_id, member_id, timezone, now):  # type: ignore[no-untyped-def]
        calls.append((member_id, timezone))
        return await real(session, organisation_id, member_id, timezone, now)

    monkeypatch.setattr(agreements_store, "timezone_changed", spy)
    await onboard(user)
    await user.send("/settings")
    await user.tap("Часовой пояс")
    replies = await user.tap("Омск")
    assert any("Сохранено" in r.plain for r in replies)
    assert calls == [(1, "Asia/Omsk")]


async def test_command_in_a_photo_caption_mid_flow_is_a_command(app: App, user: LocalUser) -> None:
    """aiogram's Command filter reads captions too: a photo sent with "/about" in the middle
    of a flow runs /about and the flow waits, as if the command had been typed."""
    await onboard(user)
    await user.send("/add")
    await user.send("Краеведческий музей")
    photo = PhotoSize(file_id="p1", file_unique_id="u1", width=10, height=10)
    replies = await user.send_message(photo=[photo], caption="/about")
    assert "Что такое социальное партнёрство" in replies[0].plain
    assert "Вы в середине действия" in replies[-1].plain
    replies = await user.tap("Культура")  # the flow goes on from the same question
    assert replies[-1].plain.startswith("Откуда узнали о партнёре?")


async def test_a_caption_equal_to_a_menu_label_stays_in_the_flow(app: App, user: LocalUser) -> None:
    """Only typed text is a menu button: a file sent with such a caption is the flow's
    business (here: the name question wants text), and a bare "/" caption breaks nothing."""
    await onboard(user)
    await user.send("/add")
    photo = PhotoSize(file_id="p1", file_unique_id="u1", width=10, height=10)
    replies = await user.send_message(photo=[photo], caption="📖 О методике")
    assert "Что такое социальное партнёрство" not in replies[-1].plain
    assert "Вы в середине действия" not in replies[-1].plain
    replies = await user.send_message(photo=[photo], caption="/")
    assert replies  # answered, no error
    replies = await user.send("Краеведческий музей")  # the flow is where it was
    assert "по модели партнёрства" in replies[-1].plain

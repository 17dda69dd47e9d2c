"""Foundation flows through the real Dispatcher (Dispatcher.feed_update via LocalUser):
onboarding, joining by invitation, /cancel, /help, /about, /settings, fallbacks, errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App
from bot.local_api import LocalUser, Sent
from handlers.settings.callbacks import SetAct, SetCb
from handlers.shared.callbacks import Invite
from handlers.start.callbacks import TzAct, TzCb
from storage import orgs
from storage.models import FsmRecord, Member, Organisation
from tests.conftest import onboard
from texts import buttons, method

ABOUT_TOTAL = len(buttons.ABOUT_PAGES)


async def member_row(app: App, telegram_id: int) -> Member | None:
    async with app.sessionmaker() as session:
        result = await session.execute(select(Member).where(Member.telegram_id == telegram_id))
        return result.scalar_one_or_none()


async def fsm_row(app: App, user_id: int) -> tuple[str | None, dict[str, Any]] | None:
    """The persisted FSM state and data of a private chat (what survives a restart)."""
    async with app.sessionmaker() as session:
        for record in (await session.execute(select(FsmRecord))).scalars():
            if record.key.split(":")[1:3] == [str(user_id), str(user_id)]:
                return record.state, dict(record.data or {})
    return None


def texts_of(replies: list[Sent]) -> str:
    return "\n".join(r.plain for r in replies if r.text)


def alerts(replies: list[Sent]) -> list[str]:
    return [r.plain for r in replies if r.method == "answerCallbackQuery" and r.text]


# ---- onboarding ------------------------------------------------------------------------


async def test_onboarding_rejects_bad_answers_and_keeps_earlier_ones(
    app: App, user: LocalUser
) -> None:
    replies = await user.send("/start")
    assert "Здравствуйте" in replies[0].plain
    assert "Как называется ваше учреждение" in replies[-1].plain

    for bad in ("   ", "Я", "Ш" * 201):
        replies = await user.send(bad)
        assert len(replies) == 1
        assert replies[0].plain == "Нужно от 2 до 200 символов. Попробуйте ещё раз."
    for nameless in ("😀😀😀", "--"):  # no letters and no digits: no name
        replies = await user.send(nameless)
        assert [r.plain for r in replies] == [
            "В ответе нет ни букв, ни цифр. Напишите словами, пожалуйста."
        ]
    assert await fsm_row(app, 1) == ("Onboarding:org_name", {})

    await user.send("ДДТ «Радуга»")
    replies = await user.send_photo()
    assert replies[-1].plain == "Пожалуйста, ответьте текстом."
    replies = await user.send_sticker()
    assert replies[-1].plain == "Пожалуйста, ответьте текстом."
    replies = await user.send_voice()
    assert replies[-1].plain == "Пожалуйста, ответьте текстом."
    assert await fsm_row(app, 1) == ("Onboarding:municipality", {"org_name": "ДДТ «Радуга»"})

    replies = await user.send("  г. Ишим  ")
    assert "Как вас зовут" in replies[-1].plain
    await user.send("Анна Петрова")
    replies = await user.send("П" * 101)  # the position allows 100
    assert "до 100 символов" in replies[-1].plain
    replies = await user.send("педагог-организатор")
    assert "часовой пояс" in replies[-1].plain
    state, data = await fsm_row(app, 1) or (None, {})
    assert state == "Onboarding:timezone"
    assert data == {
        "org_name": "ДДТ «Радуга»",
        "municipality": "г. Ишим",
        "full_name": "Анна Петрова",
        "address_form": "f",  # told by the name: not asked
        "position": "педагог-организатор",
        # the zone proposed from the municipality (buttons carry no zone)
        "tz_guess": "Asia/Yekaterinburg",
        "tz_label": "Ишим — UTC+5 (МСК+2)",
        "tz_found": True,
    }
    assert await member_row(app, 1) is None


async def _to_the_zone_step(user: LocalUser, municipality: str) -> Sent:
    await user.send("/start")
    for answer in ("ДДТ", municipality, "Ольга Смирнова", "методист"):
        replies = await user.send(answer)
    return replies[-1]


async def test_the_municipality_proposes_its_zone(app: App, user: LocalUser) -> None:
    question = await _to_the_zone_step(user, "г. Тобольск")
    assert "Часовой пояс: Тобольск — UTC+5 (МСК+2). Верно?" in question.plain
    assert question.buttons == ["Тобольск — UTC+5 (МСК+2)", buttons.TZ_OTHER]
    replies = await user.tap("Тобольск")
    edit = next(r for r in replies if r.method == "editMessageText")
    assert edit.message_id == question.message_id
    assert edit.plain == "Часовой пояс: Тобольск — UTC+5 (МСК+2)."
    assert "согласие" in replies[-1].plain
    await user.tap("Согласен")
    member = await member_row(app, 1)
    assert member is not None and member.timezone == "Asia/Yekaterinburg"


async def test_a_precise_zone_of_the_municipality_is_kept(app: App, user: LocalUser) -> None:
    question = await _to_the_zone_step(user, "Томск")
    assert question.buttons == ["Томск — UTC+7 (МСК+4)", buttons.TZ_OTHER]
    replies = await user.tap(buttons.TZ_OTHER)
    edit = next(r for r in replies if r.method == "editMessageReplyMarkup")
    # the region's offset first, then the others west to east; Krasnoyarsk is not doubled
    assert edit.buttons[0] == "Новосибирск, Красноярск (UTC+7)"
    assert edit.buttons[1:] == [z for z in buttons.TIMEZONES if "UTC+7" not in z]
    await user.tap("Новосибирск, Красноярск")
    await user.tap("Согласен")
    member = await member_row(app, 1)
    assert member is not None and member.timezone == "Asia/Tomsk"


async def test_typed_places_at_the_zone_step(app: App, user: LocalUser) -> None:
    question = await _to_the_zone_step(user, "Ишимский район")  # names no known place
    assert "Ваш часовой пояс?" in question.plain
    assert question.buttons == ["Тюмень, Екатеринбург (UTC+5)", buttons.TZ_OTHER]

    replies = await user.send("привет")
    assert "Не нашёл часовой пояс по «привет»" in replies[-1].plain
    assert replies[-1].buttons[0] == "Тюмень, Екатеринбург (UTC+5)"  # the proposed one first
    assert len(replies[-1].buttons) == len(buttons.TIMEZONES)
    replies = await user.send_sticker()
    assert "Напишите город" in replies[-1].plain
    assert (await fsm_row(app, 1) or ("",))[0] == "Onboarding:timezone"

    replies = await user.send("тюмень")  # the client's example: one answer, no list
    assert replies[0].plain == (
        "Часовой пояс: Тюмень — UTC+5 (МСК+2). Изменить его можно в /settings."
    )
    assert "согласие" in replies[-1].plain
    state, data = await fsm_row(app, 1) or (None, {})
    assert state == "Onboarding:consent" and data["timezone"] == "Asia/Yekaterinburg"


@pytest.mark.parametrize(
    ("typed", "zone", "echo"),
    [
        ("Сургут", "Asia/Yekaterinburg", "Сургут — UTC+5 (МСК+2)"),
        ("в Омске", "Asia/Omsk", "Омск — UTC+6 (МСК+3)"),
        ("мск", "Europe/Moscow", "Москва — UTC+3 (МСК)"),
        ("+5", "Asia/Yekaterinburg", "Тюмень, Екатеринбург (UTC+5) — UTC+5 (МСК+2)"),
        ("Да", "Asia/Novosibirsk", "Новосибирск — UTC+7 (МСК+4)"),  # yes to the proposal
    ],
)
async def test_typed_zone_answers(
    app: App, user: LocalUser, typed: str, zone: str, echo: str
) -> None:
    await _to_the_zone_step(user, "г. Новосибирск")
    replies = await user.send(typed)
    assert replies[0].plain.startswith(f"Часовой пояс: {echo}.")
    await user.tap("Согласен")
    member = await member_row(app, 1)
    assert member is not None and member.timezone == zone


async def test_timezone_other_list_and_consent_typed(app: App, user: LocalUser) -> None:
    question = await _to_the_zone_step(user, "г. Омск")
    replies = await user.press(
        question.message_id or 0, TzCb(action=TzAct.ALL).pack()
    )  # «Другой часовой пояс»
    edit = next(r for r in replies if r.method == "editMessageReplyMarkup")
    assert edit.message_id == question.message_id
    assert edit.buttons[0] == "Омск (UTC+6)" and len(edit.buttons) == len(buttons.TIMEZONES)
    replies = await user.press(
        question.message_id or 0, TzCb(action=TzAct.ALL).pack()
    )  # a double tap: no error
    assert [r.method for r in replies] == ["answerCallbackQuery"] and alerts(replies) == []

    replies = await user.press(
        question.message_id or 0, TzCb(action=TzAct.PICK, idx=99).pack()
    )  # forged index
    assert alerts(replies) == ["Эта кнопка устарела. Откройте нужный раздел заново из меню."]
    assert (await fsm_row(app, 1) or ("",))[0] == "Onboarding:timezone"

    replies = await user.tap("Камчатка")
    assert "Часовой пояс: Камчатка (UTC+12)" in texts_of(replies)
    assert "согласие" in replies[-1].plain
    assert replies[-1].buttons == [buttons.CONSENT]

    replies = await user.send("согласна")  # typed instead of pressed
    assert "нажмите кнопку «Согласен(на)»" in replies[-1].plain
    assert replies[-1].buttons == [buttons.CONSENT]
    assert await member_row(app, 1) is None

    replies = await user.tap("Согласен")
    assert "Готово, Ольга Смирнова" in replies[-1].plain
    assert user.keyboard is not None
    labels = [b.text for row in user.keyboard.keyboard for b in row]
    assert buttons.MENU_ABOUT in labels and buttons.MENU_SETTINGS in labels
    member = await member_row(app, 1)
    assert member is not None
    assert (member.timezone, member.role, member.position) == (
        "Asia/Kamchatka",
        "admin",
        "методист",
    )
    assert member.consent_at is not None
    assert await fsm_row(app, 1) is None  # the finished flow leaves nothing behind


async def test_cancel_mid_onboarding_then_start_resumes(app: App, user: LocalUser) -> None:
    await user.send("/start")
    await user.send("ДДТ")
    replies = await user.send("/cancel")
    assert "ответы сохранены" in replies[-1].plain
    assert await fsm_row(app, 1) == (None, {"org_name": "ДДТ"})

    replies = await user.send("привет")  # not registered, no flow: told what to do
    assert "нажмите /start" in replies[-1].plain

    replies = await user.send("/start")
    assert "Продолжим" in replies[0].plain
    assert "В каком муниципалитете" in replies[-1].plain
    await user.send("г. Тюмень")
    assert (await fsm_row(app, 1) or ("", {}))[1] == {
        "org_name": "ДДТ",
        "municipality": "г. Тюмень",
    }


async def test_cancel_with_nothing_to_cancel(app: App, user: LocalUser) -> None:
    replies = await user.send("/cancel")
    assert "Сейчас нечего отменять" in replies[-1].plain
    await onboard(user)
    replies = await user.send("/cancel")
    assert "Сейчас нечего отменять" in replies[-1].plain
    assert replies[-1].keyboard is not None  # the menu stays


async def test_start_for_a_member_never_restarts_onboarding(app: App, user: LocalUser) -> None:
    await onboard(user)
    for command in ("/start", "/start", "/start something", f"/start inv_{'x' * 12}"):
        replies = await user.send(command)
        assert len(replies) == 1
        assert "выберите действие" in replies[0].plain
        assert "Как называется" not in replies[0].plain
    async with app.sessionmaker() as session:
        assert len((await session.execute(select(Member))).scalars().all()) == 1


async def test_start_with_garbage_payload(app: App, user: LocalUser) -> None:
    replies = await user.send("/start <b>&amp;'\"%00")
    assert "Здравствуйте" in replies[0].plain
    assert "Как называется ваше учреждение" in replies[-1].plain
    replies = await user.send("/start inv_doesnotexist")
    assert "Приглашение не найдено" in texts_of(replies)
    assert "Как называется ваше учреждение" in replies[-1].plain


async def test_invite_link_joins_the_same_organisation(
    app: App, make_user: Callable[..., LocalUser]
) -> None:
    admin = make_user(1, "Анна")
    await onboard(admin)
    replies = await admin.send("/settings")
    assert buttons.SETTINGS_INVITE in replies[-1].buttons
    replies = await admin.tap("Пригласить коллегу")
    link = re.search(r"https://t\.me/\S+\?start=(inv_\S+)", replies[-1].plain)
    assert link is not None
    payload = link.group(1)
    admin_row = await member_row(app, 1)
    assert admin_row is not None
    async with app.sessionmaker() as session:
        org = await session.get(Organisation, admin_row.organisation_id)
        assert org is not None and payload == f"inv_{org.invite_code}"

    colleague = make_user(2, "Олег", "Иванов")
    replies = await colleague.send(f"/start {payload}")
    assert "Вас пригласили в команду учреждения" in replies[0].plain
    assert "МАУ ДО «Дом детского творчества»" in replies[0].plain
    assert "Как вас зовут" in replies[-1].plain
    await colleague.send("Олег Иванов")
    replies = await colleague.send("педагог")
    assert "согласие" in replies[-1].plain  # no time zone question: the organisation's
    replies = await colleague.tap("Согласен")
    assert "Готово, Олег Иванов" in replies[-1].plain

    teacher = await member_row(app, 2)
    assert teacher is not None
    assert (teacher.organisation_id, teacher.role, teacher.timezone) == (
        admin_row.organisation_id,
        "teacher",
        "Asia/Yekaterinburg",
    )
    async with app.sessionmaker() as session:
        assert len((await session.execute(select(Organisation))).scalars().all()) == 1

    # a teacher sees no invite button, and a forged invite press changes nothing
    replies = await colleague.send("/settings")
    assert buttons.SETTINGS_INVITE not in replies[-1].buttons
    replies = await colleague.press(replies[-1].message_id or 0, Invite().pack())
    assert "https://t.me" not in texts_of(replies)
    assert "устарела" in texts_of(replies)


# ---- /help, /about ---------------------------------------------------------------------


async def test_help_lists_the_commands(app: App, user: LocalUser) -> None:
    replies = await user.send("/help")
    text = replies[-1].plain
    for name in ("start", "help", "about", "settings", "cancel"):
        assert f"/{name} — {buttons.COMMANDS[name]}" in text
    assert "нажмите /start" in text
    await onboard(user)
    replies = await user.send("/help")
    assert "нажмите /start" not in replies[-1].plain


async def test_about_every_page_reachable_and_faithful(app: App, user: LocalUser) -> None:
    replies = await user.send("/about")
    first = replies[-1]
    assert f"Стр. 1 из {ABOUT_TOTAL}" in first.plain
    assert "взаимовыгодная кооперация" in first.plain
    labels = list(buttons.ABOUT_PAGES.values())
    assert first.buttons[0] == buttons.FORWARD  # no «back» on the first page
    assert "• " + labels[0] in first.buttons

    pages: dict[str, str] = {}
    keys = list(buttons.ABOUT_PAGES)
    for index in [*range(1, ABOUT_TOTAL), 0]:  # the first page is shown already
        key, label = keys[index], labels[index]
        replies = await user.tap(label)
        edits = [r for r in replies if r.method == "editMessageText"]
        assert len(edits) == 1, key
        assert edits[0].message_id == first.message_id  # one message, edited
        assert not [r for r in replies if r.method == "sendMessage"]
        assert f"Стр. {index + 1} из {ABOUT_TOTAL}" in edits[0].plain
        assert "• " + label in edits[0].buttons
        assert len(edits[0].plain) <= 4096
        pages[key] = edits[0].plain

    principles = pages["principles"]
    for item in ("целостность", "равенство сторон", "добровольность", "разделение ответственности"):
        assert item in principles
    for item in ("взаимодополняемость", "границы", "обмен результатами"):
        assert item in principles
    for number, stage in enumerate(method.STAGES, start=1):
        page = pages[f"stage{number}"]
        assert str(stage["title"]) in page
        for item in stage["items"]:  # type: ignore[attr-defined]
            assert item in page
    for question in method.STAGE_ONE_QUESTIONS:
        assert question in pages["stage1"]
    steps = pages["steps"]
    assert [int(n) for n in re.findall(r"Шаг (\d)\.", steps)] == [1, 2, 3, 4, 5]
    assert "Сядьте за стол переговоров" in steps
    assert "Давайте вместе проведём событие" in steps  # the advice on the first meeting
    directions = pages["directions"]
    assert len(re.findall(r"^\d\. ", directions, flags=re.MULTILINE)) == 6
    assert "Профориентационная деятельность" in directions
    # the six participants of the social dialogue, as the method names them
    model = pages["model"]
    participants = re.findall(r"^• (.+?)[;.]$", model, flags=re.MULTILINE)
    assert len(participants) == 6
    for participant in ("государство", "местное самоуправление", "коммерческий сектор"):
        assert participant in model
    assert "некоммерческие организации" in model and "родители" in model
    results = pages["results"]
    assert len(re.findall(r"^\d\. ", results, flags=re.MULTILINE)) == 5
    assert "ОВЗ" in results
    contacts = pages["contacts"]
    for fact in ("8 (3452) 638-124", "доб. 102", "rmc@togirro.ru", "8 (3452) 638-129"):
        assert fact in contacts

    # arrows move one page; the current page pressed again changes nothing and says nothing
    replies = await user.tap(buttons.FORWARD)
    assert f"Стр. 2 из {ABOUT_TOTAL}" in replies[-1].plain
    replies = await user.tap(buttons.PREV)
    assert f"Стр. 1 из {ABOUT_TOTAL}" in replies[-1].plain
    replies = await user.tap("• ")
    assert [r.method for r in replies] == ["answerCallbackQuery"]
    assert alerts(replies) == []


async def test_about_from_the_menu_button(app: App, user: LocalUser) -> None:
    await onboard(user)
    replies = await user.tap(buttons.MENU_ABOUT)
    assert "Стр. 1 из" in replies[-1].plain


async def test_stale_and_forged_buttons_are_answered(app: App, user: LocalUser) -> None:
    replies = await user.send("/about")
    message_id = replies[-1].message_id or 0
    for data in ("ab:999", "ab:-1", "ab:x", "zz:1", "", "st:name", "tz:3", "ok"):
        replies = await user.press(message_id, data)
        assert alerts(replies) == ["Эта кнопка устарела. Откройте нужный раздел заново из меню."], (
            data
        )
        assert not [r for r in replies if r.method.startswith("edit")], data
    await onboard(user)
    replies = await user.press(message_id, "ok")  # consent again, after onboarding
    assert alerts(replies)
    async with app.sessionmaker() as session:
        assert len((await session.execute(select(Member))).scalars().all()) == 1


async def test_unknown_messages_are_answered(app: App, user: LocalUser) -> None:
    replies = await user.send("что это?")
    assert "нажмите /start" in replies[-1].plain
    replies = await user.send_sticker()
    assert "нажмите /start" in replies[-1].plain
    await onboard(user)
    replies = await user.send_sticker()
    assert "Я не понял это сообщение" in replies[-1].plain
    assert replies[-1].keyboard is not None
    replies = await user.send("/nosuchcommand")
    assert replies and replies[-1].text


# ---- /settings ---------------------------------------------------------------------------


async def test_settings_change_name_position_timezone(app: App, user: LocalUser) -> None:
    await onboard(user)
    replies = await user.send("/settings")
    shown = replies[-1].plain
    assert "Имя: Анна Петрова" in shown and "Тюмень, Екатеринбург (UTC+5)" in shown
    assert "администратор" in shown

    await user.tap("Имя")
    replies = await user.send("Я")
    assert "от 2 до 200" in replies[-1].plain
    replies = await user.send("<i>Анна</i> & Co")  # markup typed by the user stays literal
    assert "&lt;i&gt;Анна&lt;/i&gt; &amp; Co" in (replies[-1].text or "")
    assert "Имя: <i>Анна</i> & Co" in replies[-1].plain

    await user.tap("Должность")
    replies = await user.send_photo()
    assert replies[-1].plain == "Пожалуйста, ответьте текстом."
    await user.send("заместитель директора")

    settings_message = (await user.send("/settings"))[-1]
    replies = await user.tap("Часовой пояс")
    edit = next(r for r in replies if r.method == "editMessageText")
    assert edit.message_id == settings_message.message_id
    tyumen = "Тюмень, Екатеринбург (UTC+5)"  # the member's own first, then west to east
    assert edit.buttons == [tyumen, *(z for z in buttons.TIMEZONES if z != tyumen)]
    # a double tap on the same button: nothing changes, no error
    replies = await user.press(settings_message.message_id or 0, SetCb(action=SetAct.ZONES).pack())
    assert [r.method for r in replies] == ["answerCallbackQuery"]
    replies = await user.tap("Москва")
    assert "Сохранено: часовой пояс — Москва (UTC+3)" in texts_of(replies)
    assert "Часовой пояс: Москва (UTC+3)" in replies[-1].plain

    member = await member_row(app, 1)
    assert member is not None
    assert (member.full_name, member.position, member.timezone) == (
        "<i>Анна</i> & Co",
        "заместитель директора",
        "Europe/Moscow",
    )
    replies = await user.send("/start")  # the cached member was refreshed
    assert "<i>Анна</i> & Co, выберите действие" in replies[-1].plain


async def test_settings_need_registration(app: App, user: LocalUser) -> None:
    replies = await user.send("/settings")
    assert "нажмите /start" in replies[-1].plain


async def test_cancel_leaves_settings_flow(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/settings")
    await user.tap("Имя")
    replies = await user.send("/cancel")
    assert "Отменено" in replies[-1].plain
    replies = await user.send("Новое Имя")  # no longer taken as the name: a partner search
    assert [r.plain for r in replies] == ["Партнёра «Новое Имя» в базе нет. Добавить его?"]
    assert replies[-1].buttons == ["➕ Добавить «Новое Имя»"]
    member = await member_row(app, 1)
    assert member is not None and member.full_name == "Анна Петрова"


# ---- errors --------------------------------------------------------------------------------


async def test_error_handler_apologises_and_the_next_update_works(
    app: App, user: LocalUser, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await onboard(user)
    await user.send("/settings")
    await user.tap("Должность")

    async def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database is on fire")

    monkeypatch.setattr(orgs, "update_member_profile", broken)
    replies = await user.send("директор")
    assert "Простите, что-то пошло не так" in replies[-1].plain
    assert any("handler failed on update" in r.message for r in caplog.records)
    assert any(r.exc_info and "database is on fire" in str(r.exc_info[1]) for r in caplog.records)

    monkeypatch.undo()
    replies = await user.send("/help")
    assert "Команды" in replies[-1].plain
    replies = await user.send("директор")  # still at the same question
    assert "Сохранено: должность — директор" in texts_of(replies)

    # a failing button press gets the apology as an alert
    monkeypatch.setattr(orgs, "update_member_profile", broken)
    await user.send("/settings")
    await user.tap("Часовой пояс")
    replies = await user.tap("Омск")
    # once: as an alert, or in the chat when the button had already been answered
    said = [r.plain for r in replies if r.text]  # alerts and messages
    assert sum("что-то пошло не так" in line for line in said) == 1

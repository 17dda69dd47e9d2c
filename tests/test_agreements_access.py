"""Another organisation's agreement and partner ids in forged callbacks: not found, and
nothing changes."""

from __future__ import annotations

from collections.abc import Callable

from bot.app import App
from bot.local_api import LocalUser
from handlers.agreements.callbacks import (
    AgCb,
    AgForm,
    AgList,
    AgSet,
    CardAct,
    DocKind,
    FormAct,
    ListAct,
    SetAct,
)
from handlers.shared.callbacks import Draft, NewAgreement, PartnerAgreements
from storage.models import Organisation, Reminder
from tests.conftest import onboard
from tests.test_agreements_flow import agreements, make_partner, pending, register


async def test_foreign_ids_are_not_found(
    app: App, user: LocalUser, make_user: Callable[..., LocalUser]
) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)
    [agreement] = await agreements(app)
    before = [(r.kind, r.due_at, r.status) for r in await pending(app)]

    stranger = make_user(user_id=2, first_name="Олег", last_name=None)
    await onboard(stranger, org_name="Другая школа", full_name="Олег Сидоров")
    actions = (
        CardAct.OPEN,
        CardAct.SCAN,
        CardAct.PROLONG,
        CardAct.NEW,
        CardAct.LET_END,
        CardAct.END,
        CardAct.VALID,
        CardAct.DOC,
        CardAct.LETTER,
        CardAct.REGISTER,
    )
    for action in actions:
        replies = await stranger.press(1, AgCb(action=action, id=agreement.id).pack())
        assert [r.method for r in replies] == ["answerCallbackQuery"], action
        assert replies[0].text == "Не найдено: запись удалена или недоступна."
        assert replies[0].show_alert
    for data in (
        Draft(kind="agr", partner_id=partner_id),
        Draft(kind="letter", partner_id=partner_id),
        NewAgreement(partner_id=partner_id),
        PartnerAgreements(partner_id=partner_id),
        AgList(action=ListAct.ACTIVE, partner_id=partner_id),
    ):
        replies = await stranger.press(1, data.pack())
        assert [r.method for r in replies] == ["answerCallbackQuery"], data
        assert "Не найдено" in (replies[0].text or "")

    # the stranger's own lists do not show it
    replies = await stranger.send("/agreements")
    assert "Действующие: 0" in replies[-1].plain

    [after] = await agreements(app)
    assert (after.status, after.valid_until, after.renewal_decision) == (
        agreement.status,
        agreement.valid_until,
        agreement.renewal_decision,
    )
    assert [(r.kind, r.due_at, r.status) for r in await pending(app)] == before
    async with app.sessionmaker() as session:
        assert await session.get(Reminder, 10_000) is None


async def test_unregistered_user_gets_nothing(app: App, user: LocalUser) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)
    [agreement] = await agreements(app)
    outsider_user = LocalUser(app.dispatcher, app.bot, user.session, user_id=3, first_name="X")
    replies = await outsider_user.press(1, AgCb(action=CardAct.END, id=agreement.id).pack())
    assert all(r.method != "sendDocument" for r in replies)
    [after] = await agreements(app)
    assert after.status == "active"


async def test_teacher_cannot_change_organisation_settings(
    app: App, user: LocalUser, make_user: Callable[..., LocalUser]
) -> None:
    await onboard(user)
    # an invited colleague is a teacher, not an admin
    colleague = make_user(user_id=5, first_name="Вера", last_name=None)
    async with app.sessionmaker() as session:
        org = await session.get(Organisation, 1)
        assert org is not None
        code = org.invite_code
    await colleague.send(f"/start inv_{code}")
    await colleague.send("Вера Павлова")
    await colleague.send("педагог")
    await colleague.tap("Согласен")
    replies = await colleague.press(1, AgSet(action=SetAct.OFFSETS).pack())
    assert "только администратор" in replies[-1].plain
    replies = await colleague.press(1, AgSet(action=SetAct.RESET, kind=DocKind.AGREEMENT).pack())
    assert "только администратор" in replies[-1].plain


async def test_forged_form_values(
    app: App, user: LocalUser, make_user: Callable[..., LocalUser]
) -> None:
    await onboard(user)
    await make_partner(app)
    stranger = make_user(user_id=2, first_name="Олег", last_name=None)
    await onboard(stranger, org_name="Другая школа", full_name="Олег Сидоров")
    theirs = await make_partner(app, telegram_id=2, name="Чужой музей")
    await user.send("/agreements")
    await user.tap("Зарегистрировать договор")
    # ids are typed: "abc" was read as 0 before; as raw data it is no button of ours at all
    for value in (0, 99999999999999, theirs, -1):
        replies = await user.press(1, AgForm(action=FormAct.PARTNER, id=value).pack())
        assert "Не найдено" in replies[-1].plain, value
    replies = await user.press(1, "agf:p:abc")
    assert [(r.method, r.show_alert) for r in replies] == [("answerCallbackQuery", True)]
    assert "устарела" in replies[0].plain
    replies = await user.press(1, AgForm(action=FormAct.SAVE).pack())
    assert "устарела" in replies[-1].plain  # not at that step
    assert await agreements(app) == []

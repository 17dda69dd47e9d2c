"""Organisation details as a teacher fills them: /settings → «Реквизиты», one question at a
time; a bad ИНН is refused with the reason and asked again; the director's gender asked once
when the name does not tell; a partner organisation's details from its card; a teacher
(not an admin) cannot change ours; forged ids are not found."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.app import App
from bot.local_api import LocalUser
from handlers.requisites.callbacks import ReqAct, ReqCb
from handlers.shared.callbacks import OpenPartner, Requisites
from storage.models import OrganisationRequisites, PartnerRequisites, PersonGender
from tests.conftest import onboard
from tests.test_agreements_flow import make_partner

OURS = {
    "full_name": (
        "Муниципальное автономное учреждение дополнительного образования «Дом детского "
        "творчества» г. Тюмени"
    ),
    "short_name": "МАУ ДО ДДТ",
    "legal_form": "муниципальное автономное учреждение",
    "director_position": "директор",
    "director_name": "Иванова Мария Петровна",
    "legal_address": "625000, г. Тюмень, ул. Республики, д. 1",
    "inn": "7707083893",
    "kpp": "773601001",
    "ogrn": "1027700132195",
    "phone": "+7 (3452) 63-81-24",
    "email": "ddt@example.ru",
}


async def fill_ours(user: LocalUser, values: dict[str, str] | None = None) -> None:
    """/settings → «Реквизиты» → «Заполнить по порядку», typing the values given and
    skipping the rest."""
    values = OURS if values is None else values
    await user.send("/settings")
    await user.tap("Реквизиты")
    replies = await user.tap("Заполнить по порядку")
    order = [
        "full_name", "short_name", "legal_form", "director_position", "director_name",
        "director_basis", "legal_address", "postal_address", "inn", "kpp", "ogrn", "phone",
        "email", "website",
    ]  # fmt: skip
    for field in order:
        if field in values:
            replies = await user.send(values[field])
        elif field == "postal_address":
            replies = await user.tap("Совпадает с юридическим")
        else:
            replies = await user.tap("Пропустить")
    assert "Сохранено" in replies[-1].plain, replies[-1].plain


async def join(app: App, admin: LocalUser, make_user: Callable[..., LocalUser]) -> LocalUser:
    """A colleague joins the admin's organisation by the invitation link (a teacher)."""
    await admin.send("/settings")
    replies = await admin.tap("Пригласить коллегу")
    link = re.search(r"\?start=(inv_\S+)", replies[-1].plain)
    assert link is not None
    teacher = make_user(user_id=2, first_name="Олег", last_name="Иванов")
    await teacher.send(f"/start {link.group(1)}")
    await teacher.send("Олег Иванов")
    await teacher.send("педагог")
    await teacher.tap("Согласен")
    return teacher


async def stored_ours(app: App) -> OrganisationRequisites:
    async with app.sessionmaker() as session:
        row = await session.get(OrganisationRequisites, 1)
        assert row is not None
        return row


async def test_fill_our_details_once(app: App, user: LocalUser) -> None:
    await onboard(user)
    replies = await user.send("/settings")
    assert "🏢 Реквизиты" in replies[-1].buttons
    replies = await user.tap("Реквизиты")
    screen = replies[-1].plain
    assert "🏢 Реквизиты организации" in screen
    # the name given at registration stands in until the full one is typed
    assert "Полное наименование: МАУ ДО «Дом детского творчества» (из регистрации)" in screen
    assert "Документ, на основании которого действует руководитель: Устав (по умолчанию)" in screen
    assert "Для договора не хватает: Должность руководителя, ФИО руководителя" in screen

    replies = await user.tap("Заполнить по порядку")
    assert "Полное наименование — как в уставе" in replies[-1].plain
    assert "Сейчас: МАУ ДО «Дом детского творчества»" in replies[-1].plain
    assert replies[-1].buttons == ["✅ Оставить как есть", "⏹ Закончить"]
    await user.send(OURS["full_name"])
    await user.send(OURS["short_name"])
    await user.tap("Пропустить")  # legal form
    await user.send("директор")
    replies = await user.send("иванова мария петровна")
    assert "На основании какого документа" in replies[-1].plain
    await user.tap("Пропустить")  # the Charter
    await user.send(OURS["legal_address"])
    replies = await user.tap("Совпадает с юридическим")
    assert "ИНН — 10 цифр" in replies[-1].plain

    # a typo in the INN: the reason, the same question, nothing stored
    replies = await user.send("7707083894")
    assert "❌ ИНН не проходит проверку контрольных цифр: проверьте, нет ли опечатки." in (
        replies[-1].plain
    )
    assert "ИНН — 10 цифр" in replies[-1].plain
    assert (await stored_ours(app)).inn is None
    replies = await user.send("77070838")
    assert "В ИНН 10 цифр у организации и 12 у индивидуального предпринимателя." in (
        replies[-1].plain
    )
    replies = await user.send("7707 083 893")
    assert "КПП — 9 знаков" in replies[-1].plain
    await user.send("773601001")
    replies = await user.send("1027700132196")
    assert "ОГРН не проходит проверку контрольной цифры" in replies[-1].plain
    await user.send("1027700132195")
    replies = await user.send("телефон")
    assert "Не похоже на номер телефона" in replies[-1].plain
    await user.send("8 3452 638124")
    await user.send("DDT@Example.RU")
    replies = await user.tap("Пропустить")  # site
    screen = replies[-1].plain
    assert "✅ Сохранено." in screen
    assert "ФИО руководителя: Иванова Мария Петровна" in screen
    assert "Телефон: +7 (3452) 63-81-24" in screen
    assert "(из регистрации)" not in screen
    assert "Для договора и письма всё есть." in screen
    assert "Банковские реквизиты" not in screen and "🏦 Банк — необязательно" in screen

    row = await stored_ours(app)
    assert (row.inn, row.kpp, row.ogrn) == ("7707083893", "773601001", "1027700132195")
    assert (row.phone, row.email) == ("+73452638124", "DDT@example.ru")  # the domain lower-cased
    assert row.director_name == "Иванова Мария Петровна"  # capitalised, surname first
    assert row.postal_address is None and row.director_basis is None


async def test_bank_details_are_checked_together(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/settings")
    await user.tap("Реквизиты")
    replies = await user.tap("Банк")
    assert "Банк (или управление Федерального казначейства)" in replies[-1].plain
    await user.send("ПАО Сбербанк")
    replies = await user.send("40702810400000000225")  # an account before the BIK
    assert "Номер счёта — 20 цифр." not in replies[-1].plain
    assert "БИК банка — 9 цифр." in replies[-1].plain  # the BIK comes first in the group
    await user.send("044525225")
    replies = await user.send("40702810400000000226")
    assert "Номер счёта не сходится с БИК" in replies[-1].plain
    await user.send("40702810938000000001")  # a real-looking account: key checked
    replies = await user.send("30101810400000000225")
    assert "✅ Сохранено." in replies[-1].plain
    row = await stored_ours(app)
    assert (row.bik, row.corr_account) == ("044525225", "30101810400000000225")


async def test_director_gender_is_asked_once_when_the_name_does_not_tell(
    app: App, user: LocalUser
) -> None:
    await onboard(user)
    await user.send("/settings")
    await user.tap("Реквизиты")
    await user.tap("Руководитель")
    await user.send("заведующий")
    replies = await user.send("Ким Женя")
    assert "Ким Женя — мужчина или женщина?" in replies[-1].plain
    replies = await user.send("женщина")  # typed: the question again
    assert replies[-1].buttons == ["👨 Мужчина", "👩 Женщина"]
    replies = await user.tap("Женщина")
    assert replies[0].text == "Запомнил: Ким Женя — женщина."
    assert "На основании какого документа" in replies[-1].plain
    async with app.sessionmaker() as session:
        row = await session.get(PersonGender, (1, "ким женя"))
        assert row is not None and row.gender == "f"
    # a name that tells the gender is not asked about
    await user.tap("Закончить")
    await user.tap("Руководитель")
    await user.tap("Оставить как есть")
    replies = await user.send("Петров Иван Сергеевич")
    assert "На основании какого документа" in replies[-1].plain


async def test_a_partner_organisations_details_from_its_card(app: App, user: LocalUser) -> None:
    await onboard(user)
    museum = await make_partner(app, name="Краеведческий музей")
    family = await make_partner(app, name="Семья Ивановых")
    async with app.sessionmaker() as session:
        from storage.models import Partner

        row = await session.get(Partner, family)
        assert row is not None
        row.category = "parents"
        await session.commit()
    replies = await user.press(1, OpenPartner(id=museum).pack())
    assert "🏛 Реквизиты" in replies[-1].buttons
    replies = await user.press(1, OpenPartner(id=family).pack())
    assert "🏛 Реквизиты" not in replies[-1].buttons  # people, not an organisation

    await user.press(1, OpenPartner(id=museum).pack())
    replies = await user.tap("🏛 Реквизиты")
    screen = replies[-1].plain
    assert "🏛 Реквизиты: Краеведческий музей" in screen
    assert "Полное наименование: Краеведческий музей (из карточки партнёра)" in screen
    assert replies[-1].buttons[-1] == "👥 Карточка партнёра"
    await user.tap("Руководитель")
    await user.send("Директор")
    await user.send("Сидорова Анна Петровна")
    replies = await user.send("доверенность № 5 от 01.12.2026")
    assert "✅ Сохранено." in replies[-1].plain
    async with app.sessionmaker() as session:
        row = await session.get(PartnerRequisites, museum)
        assert row is not None
        assert (row.organisation_id, row.director_name) == (1, "Сидорова Анна Петровна")
        assert row.director_basis == "доверенность № 5 от 01.12.2026"


async def test_a_teacher_sees_but_cannot_change_our_details(
    app: App, user: LocalUser, make_user: Callable[..., LocalUser]
) -> None:
    await onboard(user)
    await fill_ours(user)
    teacher = await join(app, user, make_user)
    replies = await teacher.press(1, Requisites().pack())
    assert "ИНН: 7707083893" in replies[-1].plain
    assert "Изменить реквизиты организации может администратор." in replies[-1].plain
    assert "Заполнить по порядку" not in replies[-1].buttons
    for data in (
        ReqCb(action=ReqAct.WALK),
        ReqCb(action=ReqAct.GROUP, i=3),
    ):
        replies = await teacher.press(1, data.pack())
        assert [r.method for r in replies] == ["answerCallbackQuery"]
        assert replies[0].text == "Реквизиты организации может изменить только администратор."
    assert (await stored_ours(app)).inn == "7707083893"


async def test_forged_ids_and_stale_buttons(
    app: App, user: LocalUser, make_user: Callable[..., LocalUser]
) -> None:
    await onboard(user)
    museum = await make_partner(app, name="Краеведческий музей")
    stranger = make_user(user_id=2, first_name="Олег", last_name=None)
    await onboard(stranger, org_name="Другая школа", full_name="Олег Сидоров")
    for data in (
        Requisites(partner_id=museum),
        ReqCb(action=ReqAct.WALK, pid=museum),
        ReqCb(action=ReqAct.GROUP, pid=museum, i=0),
        ReqCb(action=ReqAct.STOP, pid=museum),
        Requisites(partner_id=2**70),
    ):
        replies = await stranger.press(1, data.pack())
        assert [r.method for r in replies] == ["answerCallbackQuery"], data
        assert "Не найдено" in (replies[0].text or "")
    # a button of a question no longer asked, a group that does not exist
    for data in (
        ReqCb(action=ReqAct.SKIP, i=8),
        ReqCb(action=ReqAct.CLEAR, i=999),
        ReqCb(action=ReqAct.GROUP, i=99),
        ReqCb(action=ReqAct.FEMALE),
    ):
        replies = await user.press(1, data.pack())
        assert replies[0].text == "Эта кнопка устарела. Откройте нужный раздел заново из меню."
    async with app.sessionmaker() as session:
        assert await session.get(PartnerRequisites, museum) is None

"""A network-form agreement (сетевая форма реализации программы): the programme picked from
the organisation's list, its volume, the parts each party runs and the resources, asked
once and kept; the clauses in the file. A new agreement continuing a signed one keeps its
obligations and terms without asking again."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser
from bot.reminders import Limits
from handlers.agreements.callbacks import NetAct, NetCb
from handlers.shared.callbacks import Draft
from storage.models import Program
from tests.conftest import onboard
from tests.test_agreements_documents import text_of
from tests.test_agreements_flow import agreements, files, make_partner, register, through


async def test_network_form_terms_asked_once(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await make_partner(app, name="Краеведческий музей")
    async with app.sessionmaker() as session:
        session.add(
            Program(organisation_id=1, name="Юный инженер", name_norm="юный инженер",
                    focus="техническая")
        )  # fmt: skip
        await session.commit()
    await user.press(1, Draft(kind="agr", partner_id=pid).pack())
    replies = await user.tap("О сетевой форме реализации программы")
    assert "Базовая организация обязуется:" in replies[-1].plain
    assert "Организация-участник обязуется:" in replies[-1].plain
    replies = await user.tap("Всё верно")
    assert "вопрос 1 из 6" in replies[-1].plain
    assert replies[-1].buttons == ["Юный инженер"]  # the programme cannot be skipped
    replies = await user.send("   ")
    assert "Напишите ответ текстом." in replies[-1].plain
    replies = await user.tap("Юный инженер")
    assert "вопрос 2 из 6" in replies[-1].plain
    await user.send("72")
    await user.send("Модуль 1. Основы конструирования")
    await user.send("Модуль 2. Экскурсионный практикум")
    replies = await user.tap("Пропустить")  # our resources
    assert "вопрос 6 из 6" in replies[-1].plain
    replies = await user.send("экспозиционный зал\nэкскурсоводы")
    doc = await through(user, replies)
    assert "о сетевой форме" in (doc.text or "")
    assert doc.buttons[-1] == "✏️ Условия сетевой программы"
    assert doc.file_data is not None
    text = text_of(doc.file_data)
    for line in (
        "о сетевой форме реализации дополнительной общеобразовательной программы",
        "(далее — «Базовая организация»)",
        "1.1. Совместная реализация Сторонами в сетевой форме дополнительной "
        "общеобразовательной программы «Юный инженер»",
        "2.1. Наименование Программы: «Юный инженер».",
        "2.2. Направленность Программы: техническая.",
        "2.3. Объём Программы: 72 академических часа.",
        "— модуль 1. Основы конструирования.",
        "— модуль 2. Экскурсионный практикум.",
        "— экспозиционный зал;",
        "— экскурсоводы.",
    ):
        assert line in text, line
    [draft] = await agreements(app)
    assert draft.kind == "network"
    assert draft.network_terms == {
        "programme": "Юный инженер",
        "focus": "техническая",
        "volume": "72 академических часа",
        "our_parts": ["Модуль 1. Основы конструирования"],
        "partner_parts": ["Модуль 2. Экскурсионный практикум"],
        "partner_resources": ["экспозиционный зал", "экскурсоводы"],
    }
    # asked once: the next draft comes at once
    doc = await through(user, await user.press(1, Draft(kind="agr", partner_id=pid).pack()))
    assert doc.file_data is not None and "«Юный инженер»" in text_of(doc.file_data)
    # the caption's button goes through them again, the answers shown
    replies = await user.tap("Условия сетевой программы")
    assert "Сейчас: Юный инженер" in replies[-1].plain
    replies = await user.press(1, NetCb(action=NetAct.SKIP, aid=draft.id, i=3).pack())
    assert replies[0].text == "Эта кнопка устарела. Откройте нужный раздел заново из меню."


async def test_a_new_agreement_keeps_the_confirmed_obligations(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    pid = await make_partner(app)
    await register(user, pid)
    replies = await user.tap("Черновик договора")
    assert "Обязательства сторон" in replies[-1].plain
    await user.tap("🗑 2")
    doc = await through(user, await user.tap("Всё верно"))
    assert doc.file_data is not None
    assert "концерт" not in text_of(doc.file_data)
    assert app.reminders is not None
    app.reminders.configure(limits=Limits.none())
    clock.set(datetime(2026, 12, 15, 5, 0, tzinfo=UTC))
    await app.reminders.run_due()
    replies = await user.tap("Подготовить новый договор")
    [new] = files(replies) or [await through(user, replies)]
    assert new.file_data is not None
    text = text_of(new.file_data)
    assert "провести выставку работ учащихся в фойе" in text and "концерт" not in text
    assert "с 17 декабря 2026 г. и действует до 16 декабря 2027 г. включительно" in text
    old, draft = await agreements(app)
    assert (
        draft.our_obligations == old.our_obligations == ["Провести выставку работ учащихся в фойе"]
    )

"""The four stage III documents from /plan and the typical documents checklist: they carry
the organisation's details (the name in the genitive, the director's approval block), the
plan is made of the events and agreements of the academic year, the evaluation of the
partners' latest scores; what is missing is listed first; making a document ticks nothing."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from sqlalchemy import func, select

from bot.app import App
from bot.local_api import LocalUser
from handlers.coach.callbacks import PaperAct, PaperCb
from storage.models import AdoptedDocument, Evaluation, WorkEvent, WorkEventPartner
from tests.conftest import onboard
from tests.test_agreements_documents import text_of
from tests.test_agreements_flow import files, make_partner, register
from tests.test_requisites_flow import fill_ours

ORG_GENITIVE = (
    "Муниципального автономного учреждения дополнительного образования «Дом детского "
    "творчества» г. Тюмени"
)


async def test_the_four_documents_carry_the_organisations_data(app: App, user: LocalUser) -> None:
    await onboard(user)
    await fill_ours(user)
    museum = await make_partner(app, name="Краеведческий музей")
    await register(user, museum, until="30.06.2027")
    async with app.sessionmaker() as session:
        event = WorkEvent(
            organisation_id=1, title="Фестиваль «Радуга талантов»", day=date(2027, 2, 14),
            direction="events", responsible_id=1,
        )  # fmt: skip
        session.add(event)
        await session.flush()
        session.add(WorkEventPartner(event_id=event.id, partner_id=museum))
        session.add(WorkEvent(organisation_id=1, title="Прошлогодний бал", day=date(2026, 5, 1)))
        session.add(
            Evaluation(
                organisation_id=1, partner_id=museum, member_id=1, benefit=5, reliability=4,
                activity=4, fit=5, comment="Надёжный партнёр", direction="career",
                created_at=datetime(2026, 11, 20, 5, 0, tzinfo=UTC),
            )
        )  # fmt: skip
        await session.commit()

    replies = await user.send("/plan")
    assert "📄 Документы III этапа (Word)" in replies[-1].buttons
    replies = await user.tap("Документы III этапа")
    assert "Сформированный документ ещё не принят" in replies[-1].plain
    assert replies[-1].buttons[-1] == "📑 Типовые документы"

    [regulation] = files(await user.tap("Положение о социальном партнёрстве"))
    assert regulation.file_name == "Положение_о_социальном_партнёрстве.docx"
    assert "Файл сам по себе не отмечает документ принятым" in (regulation.text or "")
    assert regulation.file_data is not None
    text = text_of(regulation.file_data)
    assert "УТВЕРЖДАЮ" in text and "Директор МАУ ДО ДДТ" in text
    assert "____________ М. П. Иванова" in text
    assert f"о социальном партнёрстве {ORG_GENITIVE}" in text

    replies = await user.tap("Должностная инструкция специалиста")
    assert "Для кого должностная инструкция?" in replies[-1].plain
    assert replies[-1].buttons == ["👤 Я — Анна Петрова", "Оставить строку для ФИО пустой"]
    [instruction] = files(await user.tap("Я — Анна Петрова"))
    assert instruction.file_data is not None
    text = text_of(instruction.file_data)
    assert f"работника {ORG_GENITIVE} (далее — Организация), ответственного за" in text
    assert "социальное партнёрство: педагог дополнительного образования." in text
    assert "/ Петрова Анна /" in text

    [plan] = files(await user.tap("План совместной работы"))
    assert plan.file_name == "План_совместной_работы_2026-2027.docx"
    assert "2026/2027 учебный год" in (plan.text or "")
    assert plan.file_data is not None
    document = Document(io.BytesIO(plan.file_data))
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    text = text_of(plan.file_data)
    assert f"совместной работы {ORG_GENITIVE} с социальными партнёрами на 2026/2027" in text
    assert "Фестиваль «Радуга талантов»" in text and "14.02.2027" in text
    assert "Прошлогодний бал" not in text  # another academic year
    assert "Подведение итогов и продление договора № 15/2026" in text
    assert "Экспертная оценка партнёрства и определение направлений дальнейшей работы" in text

    [evaluation] = files(await user.tap("Экспертная оценка партнёрства"))
    assert "Оценено партнёров: 1." in (evaluation.text or "")
    assert evaluation.file_data is not None
    text = text_of(evaluation.file_data)
    assert f"социального партнёрства {ORG_GENITIVE} за 2026/2027 учебный год" in text
    assert "Краеведческий музей" in text and "4,5" in text and "Надёжный партнёр" in text

    # the files tick nothing: adoption is the member's tap
    async with app.sessionmaker() as session:
        adopted = await session.execute(select(func.count()).select_from(AdoptedDocument))
        assert adopted.scalar_one() == 0
    # the same four from the typical documents checklist
    replies = await user.send("/plan")
    replies = await user.tap("Типовые документы")
    assert "📄 Положение о социальном партнёрстве" in replies[-1].buttons
    assert "Принято 0 из 5" in replies[-1].plain


async def test_missing_details_are_listed_first(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/plan")
    await user.tap("Документы III этапа")
    replies = await user.tap("Положение о социальном партнёрстве")
    assert "Положение о социальном партнёрстве: чего не хватает" in replies[-1].plain
    assert "• Должность руководителя" in replies[-1].plain
    assert "• ФИО руководителя" in replies[-1].plain
    assert files(replies) == []
    replies = await user.tap("Реквизиты организации")
    assert "📄 Вернуться к документу" in replies[-1].buttons
    await user.tap("Руководитель")
    await user.send("директор")
    await user.send("Иванова Мария Петровна")
    await user.tap("Пропустить")
    [regulation] = files(await user.tap("Вернуться к документу"))
    assert regulation.file_data is not None
    assert "Директор МАУ ДО «Дом детского творчества»" in text_of(regulation.file_data)

    replies = await user.press(1, PaperCb(action=PaperAct.MAKE, d=2).pack())
    [plan] = files(replies)  # nothing missing any more; no events: empty rows to fill in
    assert plan.file_data is not None
    assert "Экспертная оценка партнёрства" in text_of(plan.file_data)


async def test_stale_and_forged_buttons(app: App, user: LocalUser) -> None:
    await onboard(user)
    for data in (PaperCb(action=PaperAct.MAKE, d=9), PaperCb(action=PaperAct.GO, d=-1)):
        replies = await user.press(1, data.pack())
        assert replies[0].text == "Эта кнопка устарела. Откройте нужный раздел заново из меню."
    # another organisation's member as the instruction's specialist: not found
    replies = await user.press(1, PaperCb(action=PaperAct.GO, d=1, m=999).pack())
    assert replies[0].text == "Не найдено: запись удалена или недоступна."

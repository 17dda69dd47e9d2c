"""Organisations' own document templates through the bot: the placeholders listed in the
chat, a looping, a multiplying and an inflating template refused with a clear message (the
old template stays), a good one used for the draft with values that break naive XML, the
standard template downloadable and valid, a stored template that no longer passes the
checks replaced by the standard document with a warning; only admins upload."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from docx import Document

from bot.app import App
from bot.domain.paperwork import placeholders, samples
from bot.domain.template_safety import check_template
from bot.local_api import LocalUser
from handlers.agreements.callbacks import AgSet, DocKind, SetAct
from handlers.shared.callbacks import Draft
from storage.models import Agreement, DocumentTemplate
from tests.conftest import onboard
from tests.test_agreements_flow import document_text, files, make_partner, through
from tests.test_requisites_flow import join

TRICKY = 'ООО «Рога & Копыта» "Север" <центр>'


def docx(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


GOOD = docx(
    "СВОЙ ШАБЛОН {{ org_name }} и {{ partner_name }}, ИНН партнёра {{ partner_inn }}",
    "{{ subject }} | {{ our_obligations }} | {{ partner_obligations }} | {{ term }}",
)


def inflating() -> bytes:
    """A .docx whose body unpacks to 40 MiB of spaces (a zip bomb)."""
    base = docx("{{ org_name }}")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info, source.read(info))
        with archive.open("word/document.xml", "w", force_zip64=True) as body:
            chunk = b" " * (1024 * 1024)
            for _ in range(40):
                body.write(chunk)
    return out.getvalue()


async def test_templates_checked_before_they_are_accepted(
    app: App, user: LocalUser, uploads: dict[str, bytes]
) -> None:
    uploads |= {
        "loop": docx("{% for i in range(10**9) %}{{ org_name }}{% endfor %}"),
        "multiply": docx(
            "{{ org_name }} {{ partner_name }} {{ subject }} {{ term }}",
            "{{ our_obligations }} {{ partner_obligations }} {{ 'x' * 300000000 }}",
        ),
        "inflate": inflating(),
        "unknown": docx("{{ org_name }} {{ partner_name }} {{ director }}"),
        "text": b"just text",
        "good": GOOD,
    }
    await onboard(user)
    pid = await make_partner(app, name=TRICKY, offer="Концерт «Весна» & выставка")
    await user.send("/agreements")
    replies = await user.tap("Шаблоны документов")
    assert "Договор: стандартный" in replies[-1].plain
    replies = await user.tap("Заменить своим: Договор")
    listing = replies[-1].plain
    assert "{{ org_name }} — наименование нашей организации (обязательно)" in listing
    assert "{{ partner_inn }} — партнёр: ИНН" in listing
    assert "без вычислений, фильтров, циклов и условий" in listing

    replies = await user.send("просто текст")
    assert "Пришлите шаблон файлом .docx" in replies[-1].plain
    replies = await user.send_document("loop", "шаблон.docx")
    text = replies[-1].plain
    assert "❌ Шаблон «Договор» не принят:" in text
    assert "команды {% … %} не допускаются: {% for i in range(10**9) %}" in text
    assert "Остаётся прежний шаблон" in text
    replies = await user.send_document("multiply", "шаблон.docx")
    assert (
        "В поле должно быть только имя из списка — без вычислений, фильтров и вызовов: "
        "{{ 'x' * 300000000 }}"
    ) in replies[-1].plain
    replies = await user.send_document("inflate", "шаблон.docx")
    assert "подозрительно сильно" in replies[-1].plain or "больше 20 МБ" in replies[-1].plain
    replies = await user.send_document("unknown", "шаблон.docx")
    assert "Неизвестное поле: {{ director }}" in replies[-1].plain
    assert "Нет обязательного поля: {{ subject }}" in replies[-1].plain
    replies = await user.send_document("text", "шаблон.docx")
    assert "Это не документ Word (.docx)." in replies[-1].plain
    async with app.sessionmaker() as session:
        assert await session.get(DocumentTemplate, 1) is None

    # the standard document is still made
    doc = await through(user, await user.press(1, Draft(kind="agr", partner_id=pid).pack()))
    assert doc.file_data is not None
    assert "СВОЙ ШАБЛОН" not in document_text(doc.file_data)

    # a good template is accepted and used, values escaped
    await user.send("/agreements")
    await user.tap("Шаблоны документов")
    await user.tap("Заменить своим: Договор")
    replies = await user.send_document("good", "шаблон.docx")
    assert "заменён" in replies[-1].plain
    doc = await through(user, await user.press(1, Draft(kind="agr", partner_id=pid).pack()))
    assert doc.file_data is not None
    text = document_text(doc.file_data)
    assert f"СВОЙ ШАБЛОН МАУ ДО «Дом детского творчества» и {TRICKY}" in text
    assert "ИНН партнёра ____________________ (ИНН)" in text
    assert "1. Провести концерт «Весна» & выставка." in text
    assert "⚠️" not in (doc.text or "")

    # download it back, then return to the standard one
    await user.send("/agreements")
    await user.tap("Шаблоны документов")
    [current] = files(await user.tap("Скачать: Договор"))
    assert current.file_data == GOOD
    replies = await user.tap("Вернуть стандартный")
    assert "снова стандартный" in replies[-1].plain
    doc = await through(user, await user.press(1, Draft(kind="agr", partner_id=pid).pack()))
    assert doc.file_data is not None
    assert "СВОЙ ШАБЛОН" not in document_text(doc.file_data)


def _parts(docx_bytes: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


async def test_the_standard_templates_are_downloadable_and_valid(app: App, user: LocalUser) -> None:
    await onboard(user)
    for kind, label in ((DocKind.AGREEMENT, "Договор"), (DocKind.LETTER, "Письмо")):
        [template] = files(await user.press(1, AgSet(action=SetAct.GET, kind=kind).pack()))
        assert template.file_name == f"{label}_template.docx"
        assert template.file_data is not None
        # the same document (the zip's own timestamps may differ by a second)
        assert _parts(template.file_data) == _parts(samples.standard_template(kind))
        problems = check_template(
            template.file_data,
            placeholders.PLACEHOLDERS[kind],
            placeholders.REQUIRED[kind],
        )
        assert problems == []


async def test_a_stored_template_that_no_longer_passes_is_replaced_with_a_warning(
    app: App, user: LocalUser
) -> None:
    """Templates accepted before the checks grew stricter (a filter was allowed then)."""
    await onboard(user)
    pid = await make_partner(app)
    async with app.sessionmaker() as session:
        session.add(
            DocumentTemplate(
                organisation_id=1,
                kind="agr",
                content=docx(
                    "СТАРЫЙ {{ org_name | upper }} {{ partner_name }} {{ subject }} {{ term }}",
                    "{{ our_obligations }} {{ partner_obligations }}",
                ),
            )
        )
        await session.commit()
    doc = await through(user, await user.press(1, Draft(kind="agr", partner_id=pid).pack()))
    assert doc.file_data is not None
    assert "СТАРЫЙ" not in document_text(doc.file_data)
    assert "ДОГОВОР №" in document_text(doc.file_data)
    caption = doc.text or ""
    assert "⚠️ Шаблон организации не подошёл: В поле должно быть только имя из списка" in caption
    assert "Документ собран по стандартному образцу." in caption
    assert len(caption) <= 1024
    async with app.sessionmaker() as session:
        assert len((await session.execute(Agreement.__table__.select())).all()) == 1


async def test_only_admins_change_templates(
    app: App, user: LocalUser, make_user: Callable[..., LocalUser], uploads: dict[str, bytes]
) -> None:
    await onboard(user)
    teacher = await join(app, user, make_user)
    for action in (SetAct.TEMPLATES, SetAct.GET, SetAct.PUT, SetAct.RESET):
        replies = await teacher.press(1, AgSet(action=action, kind=DocKind.AGREEMENT).pack())
        assert replies[-1].plain == "Это может изменить только администратор организации."
    # a teacher who was asked for a file while an admin (roles change): refused at upload
    await user.send("/agreements")
    await user.tap("Шаблоны документов")
    await user.tap("Заменить своим: Договор")
    async with app.sessionmaker() as session:
        from storage.models import Member

        admin = await session.get(Member, 1)
        assert admin is not None
        admin.role = "teacher"
        await session.commit()
    uploads["good"] = GOOD
    replies = await user.send_document("good", "шаблон.docx")
    assert replies[-1].plain == "Это может изменить только администратор организации."
    async with app.sessionmaker() as session:
        assert await session.get(DocumentTemplate, 1) is None

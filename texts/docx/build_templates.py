"""Build the standard .docx templates (docxtpl: Jinja2 placeholders inside Word files).

Run after changing the wording, then commit the .docx files:
    .venv/bin/python -m texts.docx.build_templates

Each placeholder is written inside one run, so docxtpl sees it whole. The placeholders
are the ones bot/documents.py fills (AGREEMENT_FIELDS, LETTER_FIELDS); an organisation's
own template must use the same names.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
AGREEMENT_PATH = HERE / "agreement.docx"
LETTER_PATH = HERE / "letter.docx"


def _base() -> DocumentObject:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(12)  # type: ignore[attr-defined]
    for section in doc.sections:
        section.top_margin = Cm(2)
        section.bottom_margin = Cm(2)
        section.left_margin = Cm(2.5)
        section.right_margin = Cm(1.5)
    return doc


def _para(
    doc: DocumentObject,
    text: str,
    *,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    space_after: int = 4,
) -> None:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)


def build_agreement() -> DocumentObject:
    doc = _base()
    center = WD_ALIGN_PARAGRAPH.CENTER
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _para(doc, "ДОГОВОР {{ number }}", bold=True, align=center, space_after=0)
    _para(doc, "{{ kind_title }}", bold=True, align=center, space_after=12)
    _para(doc, "{{ city }}\t\t\t\t\t\t{{ date }}", space_after=12)
    _para(
        doc,
        # the representatives stay in the nominative after the dash: nothing is declined
        "{{ org_name }} (далее — «Организация») в лице представителя — "
        "{{ org_representative }}, с одной стороны, и {{ partner_name }} (далее — «Партнёр») "
        "в лице представителя — {{ partner_representative }}, с другой стороны, вместе "
        "именуемые «Стороны», заключили настоящий договор о нижеследующем.",
        align=justify,
        space_after=10,
    )
    _para(doc, "1. ПРЕДМЕТ ДОГОВОРА", bold=True, align=center)
    _para(doc, "1.1. {{ subject }}.", align=justify)
    _para(
        doc,
        "1.2. Стороны взаимодействуют на основе взаимного учёта интересов и потребностей, "
        "на принципах равенства сторон, добровольности, приоритетности диалога, "
        "обязательности исполнения договорённостей и разделения ответственности. "
        "Сотрудничество строится на долгосрочной основе и взаимном доверии и предполагает "
        "обмен ресурсами и результатами деятельности Сторон.",
        align=justify,
        space_after=10,
    )
    _para(doc, "2. НАПРАВЛЕНИЯ ВЗАИМОДЕЙСТВИЯ", bold=True, align=center)
    _para(doc, "{{ directions }}", align=justify, space_after=10)
    _para(doc, "3. ОБЯЗАННОСТИ СТОРОН", bold=True, align=center)
    # the obligations arrive as numbered items: «1. Выставка работ учащихся в фойе.»
    _para(doc, "3.1. Организация предоставляет Партнёру:", align=justify, space_after=2)
    _para(doc, "{{ our_obligations }}", align=justify)
    _para(doc, "3.2. Партнёр предоставляет Организации:", align=justify, space_after=2)
    _para(doc, "{{ partner_obligations }}", align=justify)
    _para(
        doc,
        "3.3. Стороны совместно планируют мероприятия, заранее определяют, кто что делает "
        "и в какие сроки, назначают ответственных и информируют друг друга о результатах.",
        align=justify,
        space_after=10,
    )
    _para(doc, "4. СРОК ДЕЙСТВИЯ ДОГОВОРА", bold=True, align=center)
    _para(doc, "4.1. {{ term }}", align=justify)
    _para(
        doc,
        "4.2. Договор может быть изменён или расторгнут по соглашению Сторон, а также по "
        "инициативе одной из Сторон с письменным уведомлением другой Стороны не менее чем "
        "за 30 дней.",
        align=justify,
        space_after=10,
    )
    _para(doc, "5. ЗАКЛЮЧИТЕЛЬНЫЕ ПОЛОЖЕНИЯ", bold=True, align=center)
    _para(
        doc,
        "5.1. Договор носит безвозмездный характер и не влечёт финансовых обязательств Сторон.",
        align=justify,
    )
    _para(
        doc,
        "5.2. Договор составлен в двух экземплярах, имеющих равную юридическую силу, по "
        "одному для каждой из Сторон.",
        align=justify,
        space_after=10,
    )
    _para(doc, "6. РЕКВИЗИТЫ И ПОДПИСИ СТОРОН", bold=True, align=center)
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run("Организация:").bold = True
    left.add_paragraph().add_run("{{ org_name }}")
    left.add_paragraph().add_run("{{ org_details }}")
    left.add_paragraph().add_run("")
    left.add_paragraph().add_run("____________ / {{ org_signatory }}")
    right.paragraphs[0].add_run("Партнёр:").bold = True
    right.add_paragraph().add_run("{{ partner_name }}")
    right.add_paragraph().add_run("{{ partner_details }}")
    right.add_paragraph().add_run("")
    right.add_paragraph().add_run("____________ / {{ partner_signatory }}")
    return doc


def build_letter() -> DocumentObject:
    doc = _base()
    right = WD_ALIGN_PARAGRAPH.RIGHT
    center = WD_ALIGN_PARAGRAPH.CENTER
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _para(doc, "{{ partner_name }}", align=right, space_after=0)
    _para(doc, "{{ partner_representative }}", align=right, space_after=14)
    _para(doc, "ПРЕДЛОЖЕНИЕ О СОТРУДНИЧЕСТВЕ", bold=True, align=center, space_after=10)
    _para(doc, "{{ greeting }}", align=center, space_after=8)
    _para(
        doc,
        "{{ org_name }} ({{ org_municipality }}) предлагает вам дружбу и партнёрство. "
        "Мы приходим не с просьбой, а с предложением: партнёрство — это "
        "взаимовыгодные отношения, в которых каждая сторона вносит свой вклад и получает "
        "результат.",
        align=justify,
    )
    _para(doc, "Что мы можем сделать для вас:", bold=True, space_after=2)
    _para(doc, "{{ our_offer }}", align=justify)
    _para(doc, "Чего мы хотели бы от вас:", bold=True, space_after=2)
    _para(doc, "{{ our_ask }}", align=justify)
    _para(doc, "Направления совместной работы:", bold=True, space_after=2)
    _para(doc, "{{ directions }}", align=justify)
    # step 4 of the method: invite to a bright event of ours, then propose a real joint deed
    # («от нас будет вот такой вклад, а от вас возможен этот»)
    _para(
        doc,
        "Приглашаем вас в гости на {{ event }}. Вы увидите наших ребят и педагогов в деле и "
        "сможете оценить, чем мы можем быть интересны друг другу.",
        align=justify,
    )
    _para(
        doc,
        "Давайте вместе проведём событие или организуем реальное дело: с нашей стороны — "
        "вклад, о котором мы написали выше, с вашей — то, о чём мы просим. Будем рады "
        "встрече, чтобы обсудить детали.",
        align=justify,
        space_after=14,
    )
    _para(doc, "С уважением,", space_after=0)
    _para(doc, "{{ sender_name }}, {{ sender_position }}", space_after=0)
    _para(doc, "{{ org_name }}", space_after=0)
    _para(doc, "{{ date }}", space_after=0)
    return doc


def main() -> None:
    build_agreement().save(str(AGREEMENT_PATH))
    build_letter().save(str(LETTER_PATH))
    print(f"written {AGREEMENT_PATH.name}, {LETTER_PATH.name}")


if __name__ == "__main__":
    main()

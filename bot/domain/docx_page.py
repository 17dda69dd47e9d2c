"""A blank A4 document set up as the Russian standard for organisational documents asks
(ГОСТ Р 7.0.97-2016): A4 portrait, margins left 20 mm, right 10 mm, top and bottom 20 mm,
Times New Roman 14 pt (12 pt in tables), single spacing, a 1.25 cm first-line indent.
Every generated .docx (agreements, letters, stage III documents, reports) starts here."""

from __future__ import annotations

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
A4_MM = (210, 297)
MARGINS_MM = {"left": 20, "right": 10, "top": 20, "bottom": 20}


def new_document() -> DocxDocument:
    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
        section.left_margin = Mm(MARGINS_MM["left"])
        section.right_margin = Mm(MARGINS_MM["right"])
        section.top_margin = Mm(MARGINS_MM["top"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    # Cyrillic text takes the East Asian / complex script font slots in some Word versions
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    paragraph = normal.paragraph_format
    paragraph.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.space_after = Pt(0)
    paragraph.first_line_indent = Cm(1.25)
    return document

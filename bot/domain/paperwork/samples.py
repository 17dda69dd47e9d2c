"""The standard agreement and letter as .docx templates: what an organisation downloads to
make its own. Laid out like the documents the builders make (A4, GOST R 7.0.97-2016, the
same clauses), with `{{ placeholder }}` fields (bot/domain/paperwork/placeholders.py) in
place of the values, each inside one run so docxtpl sees it whole.

The builders decline names ("в лице директора Ивановой Марии Петровны"); a template gets
its values as they are, so the sample names the signatory in the nominative, in brackets
after "в лице руководителя"."""

from __future__ import annotations

from bot.domain.paperwork.placeholders import KIND_AGREEMENT, KIND_LETTER
from bot.domain.paperwork.sheet import Sheet
from bot.domain.russian import polite_you
from texts import paperwork as words


def _field(name: str) -> str:
    return "{{ " + name + " }}"


def _party(prefix: str, role: str) -> str:
    return words.SAMPLE_PARTY.format(
        name=_field(f"{prefix}_full_name"),
        role=role,
        position=_field(f"{prefix}_director_position"),
        director=_field(f"{prefix}_director"),
        basis=_field(f"{prefix}_basis"),
    )


def agreement() -> bytes:
    sheet = Sheet(title=words.AGREEMENT_TITLE.format(number=""))
    sheet.title(words.AGREEMENT_TITLE.format(number="").replace("№ ", "") + _field("number"),
                _field("kind_title"))  # fmt: skip
    sheet.table([[_field("city"), _field("date")]], (90, 90), grid=False, align=("left", "right"))
    sheet.para("", after=6)
    sheet.para(
        words.SAMPLE_PREAMBLE.format(
            ours=_party("org", words.ROLE_OURS), partner=_party("partner", words.ROLE_PARTNER)
        ),
        after=6,
    )
    sheet.section(1, words.SECTION_SUBJECT)
    sheet.clause("1.1", _field("subject") + ".")
    sheet.clause("1.2", words.PRINCIPLES_CLAUSE)
    sheet.clause("1.3", words.LONG_TERM_CLAUSE)
    sheet.clause("1.4", words.DIRECTIONS_INTRO)
    sheet.para(_field("directions"))
    sheet.section(2, words.SECTION_OBLIGATIONS)
    sheet.clause("2.1", words.OURS_UNDERTAKES.format(role=words.ROLE_OURS))
    sheet.para(_field("our_obligations"))
    sheet.clause("2.2", words.PARTNER_UNDERTAKES.format(role=words.ROLE_PARTNER))
    sheet.para(_field("partner_obligations"))
    sheet.clause("2.3", words.JOINT_UNDERTAKE)
    sheet.section(3, words.SECTION_TERM)
    sheet.clause("3.1", _field("term"))
    sheet.clause("3.2", words.TERM_CHANGE)
    sheet.section(4, words.SECTION_FINAL)
    for index, clause in enumerate((words.FINAL_FREE, words.FINAL_DISPUTES, words.FINAL_COPIES), 1):
        sheet.clause(f"4.{index}", clause)
    sheet.section(5, words.SECTION_REQUISITES)
    columns = [
        [
            role,
            _field(f"{prefix}_name"),
            _field(f"{prefix}_details"),
            "",
            _field(f"{prefix}_director_position"),
            f"{words.SIGNATURE} / {_field(f'{prefix}_signatory')}",
            words.STAMP,
        ]
        for role, prefix in ((words.ROLE_OURS, "org"), (words.ROLE_PARTNER, "partner"))
    ]
    table = sheet.table([columns], (90, 90), grid=False)
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    return sheet.to_bytes()


def letter() -> bytes:
    sheet = Sheet(title=words.LETTER_HEADING)
    head = [
        _field("org_full_name"),
        _field("org_address"),
        words.REQ_INN_KPP.format(inn=_field("org_inn"), kpp=_field("org_kpp")),
        words.REQ_OGRN.format(value=_field("org_ogrn")),
        words.REQ_PHONE.format(value=_field("org_phone")),
        words.REQ_EMAIL.format(value=_field("org_email")),
        "",
        words.LETTER_NUMBER_DATE.format(date=_field("date"), number=_field("number")),
    ]
    table = sheet.table([[head, "", [_field("addressee")]]], (85, 10, 85), grid=False,
                        align=("center", "left", "left"))  # fmt: skip
    table.rows[0].cells[0].paragraphs[0].runs[0].bold = True
    sheet.para(words.LETTER_HEADING, align="left", indent=False, before=12, after=12)
    sheet.para(_field("greeting"), align="center", indent=False, after=6)
    opening = words.SAMPLE_LETTER_OPENING.format(
        sender=_field("org_name"), partner=_field("partner_name")
    )
    sheet.para(polite_you(opening))
    sheet.para(_field("our_offer"))
    sheet.para(polite_you(words.LETTER_TOGETHER))
    sheet.para(_field("our_ask"))
    sheet.para(_field("event"))
    sheet.para(polite_you(words.LETTER_CLOSING), after=24)
    sheet.table([[_field("sender_position"), words.SIGNATURE, _field("sender_name")]],
                (80, 40, 60), grid=False, align=("left", "center", "right"))  # fmt: skip
    sheet.para("", after=24)
    sheet.para(words.SAMPLE_CONTACT.format(contact=_field("contact")), align="left", indent=False)
    return sheet.to_bytes()


def standard_template(kind: str) -> bytes:
    """The standard template of `kind` (KIND_AGREEMENT or KIND_LETTER)."""
    if kind == KIND_AGREEMENT:
        return agreement()
    if kind == KIND_LETTER:
        return letter()
    raise ValueError(kind)

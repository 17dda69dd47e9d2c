"""Organisations' own templates: the package is checked before it is read (zip bombs,
entity bombs), only plain {{ placeholders }} from the published list are accepted (checked
on the parsed template), rendering runs in a sandbox in a process with time and memory
limits; a looping, a multiplying and an inflating template are refused within 5 s without
the bot's process growing by 100 MiB."""

from __future__ import annotations

import io
import resource
import time
import zipfile

import pytest
from docx import Document

from bot.domain.paperwork import placeholders, samples
from bot.domain.template_safety import (
    MAX_PART_BYTES,
    Limits,
    Problem,
    TemplateRefused,
    _run_worker,
    check_template,
    check_template_safe,
    inspect_docx,
    render_async,
    render_safe,
)
from texts.paperwork import TEMPLATE_PROBLEMS, template_problem

ALLOWED = frozenset({"org_name", "partner_name", "number", "date", "org.inn"})


def _docx(*paragraphs: str, header: str = "", title: str = "") -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if header:
        doc.sections[0].header.paragraphs[0].text = header
    if title:
        doc.core_properties.title = title
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _split_runs(*runs: str) -> bytes:
    """One paragraph typed in pieces, as Word stores a field edited twice."""
    doc = Document()
    paragraph = doc.add_paragraph()
    for text in runs:
        paragraph.add_run(text).bold = len(text) % 2 == 0
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- the check


def test_plain_placeholders_are_accepted() -> None:
    data = _docx("Договор № {{ number }} от {{date}}", "{{ org_name }} и {{ partner_name }}")
    assert check_template(data, ALLOWED) == []
    assert check_template(data, ALLOWED, required={"org_name", "number"}) == []


def test_a_placeholder_split_across_runs_is_seen_whole() -> None:
    data = _split_runs("{{ org_", "name }} и {", "{ partn", "er_name }}")
    assert check_template(data, ALLOWED, required={"org_name", "partner_name"}) == []


def test_unknown_and_missing_placeholders_are_named() -> None:
    data = _docx("{{ org_name }} {{ director }} {{ inn }}")
    assert check_template(data, ALLOWED, required={"org_name", "partner_name"}) == [
        Problem("unknown", "director"),
        Problem("unknown", "inn"),
        Problem("missing", "partner_name"),
    ]


def test_dotted_names_only_when_published() -> None:
    assert check_template(_docx("{{ org.inn }}"), ALLOWED) == []
    assert _codes(check_template(_docx("{{ org.kpp }}"), ALLOWED)) == ["expression"]
    assert _codes(check_template(_docx("{{ org_name.upper }}"), ALLOWED)) == ["expression"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{% for i in range(10) %}x{% endfor %}", "statement"),
        ("{% if org_name %}x{% endif %}", "statement"),
        ("{% set x = 1 %}", "statement"),
        ("{% macro m() %}{% endmacro %}", "statement"),
        ("{% include 'x' %}", "statement"),
        ("{{ 'x' * 300000000 }}", "expression"),
        ("{{ org_name * 1000 }}", "expression"),
        ("{{ org_name ~ partner_name }}", "expression"),
        ("{{ org_name|upper }}", "expression"),
        ("{{ org_name.__class__ }}", "expression"),
        ("{{ range(10) }}", "expression"),
        ("{{ lipsum(100000) }}", "expression"),
        ("{{ org_name[0] }}", "expression"),
        ("{{ 'text' }}", "expression"),
        ("{{ 10 ** 1000 }}", "expression"),
        ("{{ org_name if number else date }}", "expression"),
        ("{{r org_name }}", "rich_tag"),
        ("{%p if org_name %}", "rich_tag"),
        ("{%tr for x in y %}", "rich_tag"),
        ("{{ org_name", "syntax"),
        ("{{ org_name }", "syntax"),
        ("{{ org name }}", "syntax"),
    ],
)
def test_anything_but_a_plain_field_is_refused(text: str, code: str) -> None:
    problems = check_template(_docx("Начало", text), ALLOWED)
    assert code in _codes(problems), problems
    assert not any(p.code in ("unknown", "missing") and p.detail == "" for p in problems)


def test_the_refused_piece_is_shown_to_the_teacher() -> None:
    problems = check_template(_docx("Итого: {{ 'x' * 300000000 }}"), ALLOWED)
    assert problems == [Problem("expression", "{{ 'x' * 300000000 }}")]
    assert template_problem(problems[0].code, problems[0].detail) == (
        "В поле должно быть только имя из списка — без вычислений, фильтров и вызовов: "
        "{{ 'x' * 300000000 }}"
    )


def test_headers_and_document_properties_are_checked_too() -> None:
    # docxtpl renders headers, footers, footnotes and the title: a bomb hides there too
    assert _codes(check_template(_docx("ok", header="{{ 'x' * 99 }}"), ALLOWED)) == ["expression"]
    assert _codes(check_template(_docx("ok", title="{{ 'x' * 99 }}"), ALLOWED)) == ["expression"]
    assert check_template(_docx("ok", header="{{ org_name }}"), ALLOWED) == []


def test_the_standard_templates_pass() -> None:
    for kind in (placeholders.KIND_AGREEMENT, placeholders.KIND_LETTER):
        template = samples.standard_template(kind)
        allowed, required = placeholders.PLACEHOLDERS[kind], placeholders.REQUIRED[kind]
        assert check_template(template, allowed, required) == []


def test_every_problem_has_a_russian_message() -> None:
    codes = {
        "too_big", "not_docx", "too_many_parts", "part_too_big", "unpacked_too_big", "ratio",
        "encrypted", "compression", "bad_name", "doctype", "bad_xml", "statement",
        "rich_tag", "expression", "syntax", "unknown", "missing", "render", "timeout",
        "memory", "worker",
    }  # fmt: skip
    assert codes == set(TEMPLATE_PROBLEMS)
    assert template_problem("unknown", "inn") == "Неизвестное поле: {{ inn }}"


# --------------------------------------------------------------------------- the package


def _zip(entries: dict[str, bytes], *, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _bomb(unpacked_mib: int) -> bytes:
    """A .docx whose body unpacks to `unpacked_mib` MiB of spaces: written in 1 MiB
    pieces, so the test itself never holds it."""
    base = _docx("{{ org_name }}")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info, source.read(info))
        chunk = b" " * (1024 * 1024)
        with archive.open("word/document.xml", "w", force_zip64=True) as stream:
            for _ in range(unpacked_mib):
                stream.write(chunk)
    return out.getvalue()


def test_not_a_docx() -> None:
    assert _codes(inspect_docx(b"plain text")) == ["not_docx"]
    assert _codes(inspect_docx(_zip({"a.txt": b"x"}))) == ["not_docx"]
    assert _codes(inspect_docx(b"x" * (6 * 1024 * 1024))) == ["too_big"]
    assert _codes(check_template(b"\x00" * 100, ALLOWED)) == ["not_docx"]


def test_a_zip_bomb_is_refused_from_its_directory() -> None:
    bomb = _bomb(200)
    assert len(bomb) < 1024 * 1024  # 200 MiB packed into a few hundred KiB
    before = _peak_rss_mib()
    started = time.perf_counter()
    assert "part_too_big" in _codes(inspect_docx(bomb))
    assert "part_too_big" in _codes(check_template(bomb, ALLOWED))
    with pytest.raises(TemplateRefused) as refused:
        render_safe(bomb, {"org_name": "ДДТ"}, allowed=ALLOWED)
    assert "part_too_big" in _codes(refused.value.problems)
    assert time.perf_counter() - started < 5
    assert _peak_rss_mib() - before < 100


def test_a_part_that_packs_too_well_is_refused() -> None:
    # under the part limit, but a thousand times smaller packed than unpacked
    data = _bomb(MAX_PART_BYTES // (1024 * 1024) - 1)
    assert _codes(inspect_docx(data)) == ["ratio"]


def test_odd_part_names_and_entity_bombs() -> None:
    base = _docx("{{ org_name }}")
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    assert _codes(inspect_docx(_zip({**entries, "../evil.xml": b"x"}))) == ["bad_name"]
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    entries["word/document.xml"] = laughs
    assert _codes(check_template(_zip(entries), ALLOWED)) == ["doctype"]


# --------------------------------------------------------------------------- rendering


def test_render_fills_the_fields_escaped_with_line_breaks() -> None:
    data = _docx("Договор {{ number }}", "{{ org_name }} и {{ partner_name }}")
    out = render_safe(
        data,
        {"number": "№ 7 & 8", "org_name": 'МАУ ДО «ДДТ» <центр>', "partner_name": "Музей\nФилиал",
         "date": "", "org.inn": ""},
        allowed=ALLOWED,
    )  # fmt: skip
    document = Document(io.BytesIO(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[-2:] == ["Договор № 7 & 8", "МАУ ДО «ДДТ» <центр> и Музей\nФилиал"]
    assert "<w:br/>" in document.paragraphs[-1]._p.xml


async def test_render_runs_off_the_event_loop() -> None:
    out = await render_async(_docx("{{ org_name }}"), {"org_name": "ДДТ"}, allowed=ALLOWED)
    assert Document(io.BytesIO(out)).paragraphs[-1].text == "ДДТ"


def test_render_refuses_a_template_the_check_refuses() -> None:
    with pytest.raises(TemplateRefused) as refused:
        render_safe(_docx("{{ org_name|upper }}"), {"org_name": "x"}, allowed=ALLOWED)
    assert refused.value.problems == [Problem("expression", "{{ org_name|upper }}")]
    assert check_template_safe(_docx("{{ inn }}"), ALLOWED) == [Problem("unknown", "inn")]


@pytest.mark.parametrize(
    "text",
    [
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
        "{{ 'x' * 300000000 }}",
    ],
)
def test_looping_and_multiplying_templates_are_refused_quickly(text: str) -> None:
    before = _peak_rss_mib()
    started = time.perf_counter()
    with pytest.raises(TemplateRefused):
        render_safe(_docx(text), {}, allowed=ALLOWED)
    assert time.perf_counter() - started < 5
    assert _peak_rss_mib() - before < 100


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # nothing is printed: pure CPU, stopped by time
        ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
         "timeout"),
        ("{{ 'x' * 300000000 }}", "memory"),
    ],
)  # fmt: skip
def test_the_worker_limits_hold_even_without_the_check(text: str, code: str) -> None:
    """Defence in depth: were the check ever to miss something, the worker's limits stop
    it: the loop by time, the 300 MB string by memory."""
    before = _peak_rss_mib()
    started = time.perf_counter()
    problems, out = _run_worker(
        "render_unchecked", _docx(text), {"context": {}}, Limits(seconds=3, memory_mb=256)
    )
    assert (_codes(problems), out) == ([code], b"")
    assert time.perf_counter() - started < 5
    assert _peak_rss_mib() - before < 100

"""Organisations' own .docx templates, made safe to accept and to render.

1. `inspect_docx(data)`: the zip's directory is checked before anything is read: the file's
   size, the number of parts, the declared unpacked size of each part and of all of them,
   the packing ratio (zip bombs), encryption, odd part names, a DOCTYPE (entity bombs).
2. `check_template(data, allowed)`: every part docxtpl renders (body, headers, footers,
   footnotes, the document properties) is prepared as docxtpl does (`patch_xml`) and
   parsed by Jinja2; only plain `{{ placeholder }}` fields from the published list may
   appear: no statements (`{% %}`: loops, conditions, docxtpl's `{%p %}` and `{%tr %}`),
   no docxtpl rich-text tags (`{{r }}`, `{{p }}`), no calls, operators, filters,
   constants or subscripts — checked on the parsed template, not by regular expressions.
3. `render_safe(data, context)`: the template is checked again and rendered with docxtpl
   in Jinja2's `ImmutableSandboxedEnvironment` (autoescaped, undefined names are errors)
   in a separate process with a memory cap (RLIMIT_AS), a CPU-time cap (RLIMIT_CPU) and a
   wall-clock timeout after which it is killed; the result is re-read before it is
   returned. `check_template_safe` runs the check the same way. Both block: from the
   event loop call the `_async` variants (a worker thread waits for the process).

This file imports only the standard library, jinja2, lxml and docxtpl: it is also the
worker's program (`python -I template_safety.py`), which must not import the bot.
Problems are codes (`Problem.code`); their Russian wording is
`texts.paperwork.TEMPLATE_PROBLEMS`.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MiB = 1024 * 1024
MAX_FILE_BYTES = 5 * MiB  # the .docx as uploaded
MAX_TOTAL_BYTES = 20 * MiB  # all its parts unpacked
MAX_PART_BYTES = 10 * MiB  # one part unpacked
MAX_RATIO = 100  # unpacked / packed, for parts larger than RATIO_FLOOR
RATIO_FLOOR = 256 * 1024
MAX_PARTS = 1000
MAX_OUTPUT_BYTES = 20 * MiB

_TEMPLATED = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml")
_CORE = "docProps/core.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Problem:
    """Why a template is refused: a code (see texts.paperwork.TEMPLATE_PROBLEMS) and the
    piece of the template or the name it is about."""

    code: str
    detail: str = ""


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0  # wall clock for the whole worker, start-up included
    memory_mb: int = 512  # address space of the worker


class TemplateRefused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(", ".join(f"{p.code}:{p.detail}" for p in problems))
        self.problems = problems


# --------------------------------------------------------------------------- the package


def inspect_docx(data: bytes, *, max_file: int = MAX_FILE_BYTES) -> list[Problem]:
    """Is this a .docx small enough to open? Reads only the zip's directory."""
    if len(data) > max_file:
        return [Problem("too_big", str(len(data)))]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return [Problem("not_docx")]
    with archive:
        infos = archive.infolist()
        problems: list[Problem] = []
        if len(infos) > MAX_PARTS:
            return [Problem("too_many_parts", str(len(infos)))]
        names = [info.filename for info in infos]
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            return [Problem("not_docx")]
        if len(set(names)) != len(names):
            problems.append(Problem("bad_name", "duplicate"))
        total = 0
        for info in infos:
            name = info.filename
            if name.startswith(("/", "\\")) or ".." in name.split("/") or "\\" in name:
                problems.append(Problem("bad_name", name))
            if info.flag_bits & 0x1:
                problems.append(Problem("encrypted", name))
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                problems.append(Problem("compression", name))
            total += info.file_size
            if info.file_size > MAX_PART_BYTES:
                problems.append(Problem("part_too_big", name))
            elif info.file_size > RATIO_FLOOR and (
                info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                problems.append(Problem("ratio", name))
        if total > MAX_TOTAL_BYTES:
            problems.append(Problem("unpacked_too_big", str(total)))
        return problems


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part, never more than its declared size (checked by inspect_docx) plus one byte."""
    info = archive.getinfo(name)
    with archive.open(info) as stream:
        data = stream.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise zipfile.BadZipFile("a part is larger than declared")
    return data


def _parse_xml(data: bytes) -> Any:
    from lxml import etree

    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise ValueError("doctype")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


@dataclass(frozen=True)
class _Source:
    part: str
    text: str  # what a reader sees: paragraphs' text, or a document property
    jinja: str  # what Jinja parses: the part after docxtpl's patch_xml, or the property


def _docxtpl_helper() -> Any:
    """A DocxTemplate used only for its string helpers (they touch no document state)."""
    from docxtpl import DocxTemplate

    helper = DocxTemplate.__new__(DocxTemplate)
    helper.docx = None
    return helper


def _sources(data: bytes) -> list[_Source]:
    """Everything docxtpl renders, read after inspect_docx accepted the package."""
    helper = _docxtpl_helper()
    sources: list[_Source] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        for name in sorted(n for n in names if _TEMPLATED.fullmatch(n)):
            raw = _read_part(archive, name)
            root = _parse_xml(raw)
            paragraphs = [
                "".join(t.text or "" for t in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p")
            ]
            xml = helper.patch_xml(raw.decode("utf-8"))
            sources.append(_Source(name, "\n".join(paragraphs), xml))
        if _CORE in names:
            root = _parse_xml(_read_part(archive, _CORE))
            for element in root:
                text = element.text or ""
                if "{" in text:
                    sources.append(_Source(_CORE, text, text))
    return sources


# --------------------------------------------------------------------------- the check


def _env() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_RICH = re.compile(r"\{\{-?\s?(?:r|p|tr|tc)\s|\{%-?\s?(?:r|p|tr|tc)\s")
_XML_TAG = re.compile(r"<[^>]*>")


def _dotted(node: Any) -> str | None:
    """«org_name» for Name, «org.inn» for Getattr(Name): anything else is None."""
    from jinja2 import nodes

    if isinstance(node, nodes.Name) and node.ctx == "load":
        return str(node.name)
    if isinstance(node, nodes.Getattr):
        base = _dotted(node.node)
        return f"{base}.{node.attr}" if base else None
    return None


def _fields(template: Any, allowed: frozenset[str] | None) -> tuple[set[str], list[Problem]]:
    """The placeholders of a parsed template; a problem for anything else in it."""
    from jinja2 import nodes

    used: set[str] = set()
    problems: list[Problem] = []
    for statement in template.body:
        if not isinstance(statement, nodes.Output):
            problems.append(Problem("statement", type(statement).__name__.lower()))
            continue
        for child in statement.nodes:
            if isinstance(child, nodes.TemplateData):
                continue
            name = _dotted(child)
            dotted_ok = name is not None and ("." not in name or (allowed and name in allowed))
            if name is None or not dotted_ok:
                problems.append(Problem("expression", type(child).__name__.lower()))
            else:
                used.add(name)
    return used, problems


_SHAPE = frozenset({"statement", "expression", "rich_tag", "syntax"})


def _unclosed(text: str) -> str:
    """The text around the first «{{» or «{%» that is never closed."""
    for match in re.finditer(r"\{\{|\{%", text):
        closing = "}}" if match.group(0) == "{{" else "%}"
        end = text.find(closing, match.end())
        again = text.find("{", match.end())
        if end < 0 or (0 <= again < end):
            return " ".join(text[match.start() : match.start() + 40].split())
    return ""


def _shown(tag: str) -> str:
    return " ".join(_XML_TAG.sub("", tag).split())[:80]


def check_template(
    data: bytes, allowed: Iterable[str] | None, required: Iterable[str] = ()
) -> list[Problem]:
    """Problems that keep this file from being a template; [] when it can be accepted.
    `allowed` None accepts any plain name (the checks on the shape still apply)."""
    from jinja2 import TemplateSyntaxError

    problems = inspect_docx(data)
    if problems:
        return problems
    try:
        sources = _sources(data)
    except ValueError as exc:
        return [Problem("doctype" if str(exc) == "doctype" else "bad_xml")]
    except Exception:
        return [Problem("bad_xml")]
    allowed_set = frozenset(allowed) if allowed is not None else None
    env = _env()
    used: set[str] = set()
    for source in sources:
        for match in _RICH.finditer(source.text):
            problems.append(Problem("rich_tag", match.group(0).strip()))
        for tag in _TAG.findall(source.jinja):
            shown = _shown(tag)
            if tag.startswith("{%"):
                problems.append(Problem("statement", shown))
                continue
            try:
                names, found = _fields(env.parse(_XML_TAG.sub("", tag)), allowed_set)
            except TemplateSyntaxError:
                problems.append(Problem("syntax", shown))
                continue
            problems.extend(Problem(p.code, shown) for p in found)
            used |= names
        if any(p.code in _SHAPE for p in problems):
            continue  # the whole part would only repeat them
        try:  # the whole part too: an unclosed «{{» is only seen here
            _, found = _fields(env.parse(source.jinja), allowed_set)
        except TemplateSyntaxError as exc:
            problems.append(Problem("syntax", _unclosed(source.text) or str(exc.message or "")))
            continue
        problems.extend(found)
    if allowed_set is not None:
        problems.extend(Problem("unknown", name) for name in sorted(used - allowed_set))
    problems.extend(Problem("missing", name) for name in sorted(set(required) - used))
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


# --------------------------------------------------------------------------- rendering


def render(data: bytes, context: Mapping[str, str]) -> bytes:
    """Fill a checked template in-process (no limits: the worker calls this)."""
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(data))
    document.render(dict(context), jinja_env=_env())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def verify(data: bytes) -> list[Problem]:
    """The produced file opens with python-docx and has no field left unfilled."""
    problems = inspect_docx(data, max_file=MAX_OUTPUT_BYTES)
    if problems:
        return problems
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
        texts = [p.text for p in document.paragraphs]
        for table in document.tables:
            texts.extend(cell.text for row in table.rows for cell in row.cells)
    except Exception as exc:
        return [Problem("render", type(exc).__name__)]
    if any("{{" in text or "{%" in text for text in texts):
        return [Problem("render", "unfilled")]
    return []


def _job(op: str, data: bytes, header: dict[str, Any]) -> tuple[list[Problem], bytes]:
    allowed = header.get("allowed")
    if op in ("check", "render"):
        problems = check_template(data, allowed, header.get("required", ()))
        if problems or op == "check":
            return problems, b""
    if op not in ("check", "render", "render_unchecked"):
        return [Problem("worker", op)], b""
    try:
        out = render(data, header.get("context", {}))
    except MemoryError:
        raise
    except Exception as exc:
        return [Problem("render", type(exc).__name__)], b""
    problems = verify(out)
    return problems, b"" if problems else out


# --------------------------------------------------------------------------- the worker

_WORKER = str(Path(__file__).resolve())


def _run_worker(
    op: str, data: bytes, header: dict[str, Any], limits: Limits
) -> tuple[list[Problem], bytes]:
    problems = inspect_docx(data)
    if problems:
        return problems, b""
    job = {**header, "op": op, "memory_mb": limits.memory_mb, "seconds": limits.seconds}
    request = json.dumps(job).encode()
    try:
        done = subprocess.run(
            [sys.executable, "-I", _WORKER],
            input=request + b"\n" + data,
            capture_output=True,
            timeout=limits.seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return [Problem("timeout")], b""
    if done.returncode == -signal.SIGXCPU or done.returncode == -signal.SIGKILL:
        return [Problem("timeout")], b""
    head, _, body = done.stdout.partition(b"\n")
    try:
        answer = json.loads(head)
    except ValueError:
        code = "memory" if b"MemoryError" in done.stderr else "worker"
        return [Problem(code)], b""
    return [Problem(code, detail) for code, detail in answer["problems"]], body


def check_template_safe(
    data: bytes,
    allowed: Iterable[str] | None,
    required: Iterable[str] = (),
    limits: Limits = Limits(),
) -> list[Problem]:
    """check_template in the limited worker process."""
    header = {
        "allowed": sorted(allowed) if allowed is not None else None,
        "required": sorted(required),
    }
    problems, _ = _run_worker("check", data, header, limits)
    return problems


def render_safe(
    data: bytes,
    context: Mapping[str, str],
    *,
    allowed: Iterable[str] | None = None,
    limits: Limits = Limits(),
) -> bytes:
    """The filled document; raise TemplateRefused with the problems otherwise."""
    header = {
        "allowed": sorted(allowed) if allowed is not None else None,
        "context": {str(k): str(v) for k, v in context.items()},
    }
    problems, out = _run_worker("render", data, header, limits)
    if problems or not out:
        raise TemplateRefused(problems or [Problem("worker")])
    return out


async def check_template_async(
    data: bytes,
    allowed: Iterable[str] | None,
    required: Iterable[str] = (),
    limits: Limits = Limits(),
) -> list[Problem]:
    return await asyncio.to_thread(check_template_safe, data, allowed, required, limits)


async def render_async(
    data: bytes,
    context: Mapping[str, str],
    *,
    allowed: Iterable[str] | None = None,
    limits: Limits = Limits(),
) -> bytes:
    return await asyncio.to_thread(render_safe, data, context, allowed=allowed, limits=limits)


def _limit_self(memory_mb: int, seconds: float) -> None:
    import resource

    memory = memory_mb * MiB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = max(1, int(seconds + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # it writes no files


def _worker_main() -> None:
    raw = sys.stdin.buffer.read()
    head, _, data = raw.partition(b"\n")
    header = json.loads(head)
    _limit_self(int(header["memory_mb"]), float(header["seconds"]))
    del raw
    try:
        problems, out = _job(str(header["op"]), data, header)
    except MemoryError:
        problems, out = [Problem("memory")], b""
    answer = json.dumps({"problems": [[p.code, p.detail] for p in problems]}).encode()
    sys.stdout.buffer.write(answer + b"\n" + out)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _worker_main()

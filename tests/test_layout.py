"""The shape we keep (CONTRIBUTING.md), checked: floors import only downwards, no import
circles in storage/, no private attributes of libraries, handlers small and free of SQL,
commits and Russian words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PY = sorted(
    p for top in ("bot", "handlers", "storage", "texts") for p in (ROOT / top).rglob("*.py")
)


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("top", ["storage", "texts"])
def test_lower_floors_never_import_upper_ones(top: str) -> None:
    offenders = [
        (rel(p), name)
        for p in PY
        if rel(p).startswith(f"{top}/") and "migrations/versions" not in rel(p)
        for name in imports(p)
        if name.split(".")[0] in {"bot", "handlers"}
    ]
    assert offenders == []


def test_the_domain_is_pure() -> None:
    offenders = [
        (rel(p), name)
        for p in PY
        if rel(p).startswith("bot/domain/")
        for name in imports(p)
        if name.split(".")[0] in {"aiogram", "sqlalchemy", "handlers"}
    ]
    assert offenders == []


def test_no_import_circle_among_storage_modules() -> None:
    modules = {
        rel(p)[:-3].replace("/", ".").removesuffix(".__init__"): p
        for p in PY
        if rel(p).startswith("storage/") and "migrations" not in rel(p)
    }
    edges = {
        module: {
            other
            for name in imports(path)
            for other in modules
            if other not in {module, "storage"}
            and (name == other or name.startswith(other + "."))
            and not other.startswith("storage.models")
        }
        for module, path in modules.items()
    }

    def reaches(start: str, goal: str, seen: frozenset[str]) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt}))
            for nxt in edges[start]
        )

    assert [m for m in modules if reaches(m, m, frozenset({m}))] == []


def test_no_private_attributes_of_libraries() -> None:
    pattern = re.compile(r"_handler\b|_resolve_middlewares|_parent_router|observer\.trigger")
    offenders = [rel(p) for p in PY if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_handlers_stay_small_and_never_commit_or_build_sql() -> None:
    sql = re.compile(
        r"(^|[^.\w])(?<!def )(select|insert|update|delete)\(|session\.execute\(|\.commit\(\)"
    )
    problems = []
    for p in PY:
        if not rel(p).startswith("handlers/"):
            continue
        text = p.read_text(encoding="utf-8")
        if len(text.splitlines()) > 500:
            problems.append((rel(p), "over 500 lines"))
        if sql.search(text):
            problems.append((rel(p), "SQL or commit"))
    assert problems == []


def string_literals(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_russian_words_in_handlers_or_the_shell() -> None:
    """Words a user sees live in texts/. The domain may hold the Russian it *parses* (month
    names, legal forms); the local Bot API plays a Russian-speaking user."""
    cyrillic = re.compile("[А-Яа-яЁё]")
    offenders = [
        (rel(p), line, text[:40])
        for p in PY
        if rel(p).startswith(("handlers/", "bot/"))
        and not rel(p).startswith("bot/domain/")
        and rel(p) != "bot/local_api.py"
        for line, text in string_literals(p)
        if cyrillic.search(text)
    ]
    assert offenders == []


def test_buttons_are_answered_in_one_place() -> None:
    """One CallbackAnswerMiddleware on the dispatcher (bot/app.py): a second one on a router
    would answer the same query twice (Telegram refuses the second answer)."""
    users = [rel(p) for p in PY if "CallbackAnswerMiddleware()" in p.read_text(encoding="utf-8")]
    assert users == ["bot/app.py"]

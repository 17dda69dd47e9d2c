"""Run alembic migrations programmatically on the app's async engine.

Alembic (with mako and pygments behind it) costs 0.2–0.5 s of start-up time, so `upgrade`
skips it in the common case of a restart: the database is already at head (its
`alembic_version` equals the head revision read straight from the version files).
Everything else — a new database included — goes through the migrations, never
`create_all`, so every database has exactly the schema the migrations build.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str | None:
    """The single head of the migration chain, read from the version files without alembic.

    None when it cannot be told for sure (then alembic itself decides).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS_DIR.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found: dict[str, object] = {}
        for name, value in _ASSIGNMENT.findall(source):
            try:
                found.setdefault(name, ast.literal_eval(value))
            except (ValueError, SyntaxError):
                return None
        revision, down = found.get("revision"), found.get("down_revision")
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list):
            parents.update(str(d) for d in down)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _current_revisions(connection: Connection) -> set[str]:
    if not inspect(connection).has_table("alembic_version"):
        return set()
    return {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}


async def current_revisions(engine: AsyncEngine) -> set[str]:
    """What `alembic_version` says (empty for a fresh database)."""
    async with engine.connect() as conn:
        return await conn.run_sync(_current_revisions)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to `revision`; idempotent, and cheap when already there."""
    target = head_revision() if revision == "head" else revision
    if target is not None and await current_revisions(engine) == {target}:
        return

    def _run(connection: Connection) -> None:
        from alembic import command

        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)

    async with engine.begin() as conn:
        await conn.run_sync(_run)


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    def _run(connection: Connection) -> None:
        from alembic import command

        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)

    async with engine.begin() as conn:
        await conn.run_sync(_run)

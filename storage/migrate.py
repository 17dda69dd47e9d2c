"""Run alembic migrations programmatically on the app's async engine.

Alembic (with mako and pygments behind it) costs 0.2–0.5 s of start-up time, so `upgrade`
avoids it in the two common cases:

* the database is already at head: its `alembic_version` equals the head revision read
  straight from the version files;
* the database is empty: the schema is created from the models (`metadata.create_all`) and
  stamped with the head revision — alembic's own recipe for a new database. This is done
  only while every migration is schema-only (no `op.execute`, `bulk_insert`…), and
  tests/test_migrations.py checks that models and migrations produce the same schema.

Anything else (an older revision, data migrations) goes through alembic.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import Base

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)
# Anything that touches data rather than schema: such a chain must run through alembic.
_DATA_STEP = re.compile(r"\bop\.(?:execute|bulk_insert|get_bind|inline_literal|run_async)\b")

# alembic's own version table, as alembic creates it
_version_table = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


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
    return _scan()[0]


def _scan() -> tuple[str | None, bool]:
    """(head revision or None, whether every migration is schema-only)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    schema_only = True
    for path in VERSIONS_DIR.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        if _DATA_STEP.search(source):
            schema_only = False
        found: dict[str, object] = {}
        for name, value in _ASSIGNMENT.findall(source):
            try:
                found.setdefault(name, ast.literal_eval(value))
            except (ValueError, SyntaxError):
                return None, False
        revision, down = found.get("revision"), found.get("down_revision")
        if not isinstance(revision, str):
            return None, False
        revisions.add(revision)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list):
            parents.update(str(d) for d in down)
    heads = revisions - parents
    return (heads.pop() if len(heads) == 1 else None), schema_only


def _current_revisions(connection: Connection) -> set[str]:
    if not inspect(connection).has_table("alembic_version"):
        return set()
    return {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}


async def current_revisions(engine: AsyncEngine) -> set[str]:
    """What `alembic_version` says (empty for a fresh database)."""
    async with engine.connect() as conn:
        return await conn.run_sync(_current_revisions)


def _without_alembic(connection: Connection, head: str, schema_only: bool) -> bool:
    """Reach `head` without alembic when the database is at head or empty; True if done."""
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" in tables:
        return _current_revisions(connection) == {head}
    if tables or not schema_only:
        return False
    Base.metadata.create_all(connection)
    _version_table.create(connection)
    connection.execute(_version_table.insert().values(version_num=head))
    return True


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to `revision`; idempotent, and cheap when already there."""
    if revision == "head":
        head, schema_only = _scan()
        if head is not None:
            async with engine.begin() as conn:
                if await conn.run_sync(_without_alembic, head, schema_only):
                    return
    elif await current_revisions(engine) == {revision}:
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

"""The database holds partners' phones and e-mails: its folder and files are owner-only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from storage import migrate
from storage.db import create_engine, dispose

ROOT = Path(__file__).resolve().parent.parent


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_python_m_bot_creates_owner_only_data(tmp_path: Path) -> None:
    """The terminal chat (no token) started on a fresh folder: `ls -l data` shows 0700/0600."""
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/data/bot.db"}
    env.pop("BOT_TOKEN", None)
    subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input=b"",
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert mode(tmp_path / "data") == 0o700
    files = list((tmp_path / "data").iterdir())
    assert files and all(mode(f) == 0o600 for f in files), [(f.name, oct(mode(f))) for f in files]


async def test_an_existing_open_folder_and_database_are_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    (folder / "bot.db").touch(mode=0o644)
    folder.chmod(0o755)
    engine = create_engine(f"sqlite+aiosqlite:///{folder / 'bot.db'}")
    await migrate.upgrade(engine)
    await dispose(engine)
    assert mode(folder) == 0o700
    assert mode(folder / "bot.db") == 0o600

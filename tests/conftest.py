"""Shared fixtures: a real app on a temporary SQLite file, a fake clock, a simulated user.

Flow tests talk to the real Dispatcher through `LocalUser` (bot/local_api.py): what the
bot sent is recorded by an in-memory Bot API stand-in. End-to-end tests over HTTP use the
fake Bot API server in tests/fake_api.py.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.clock import FakeClock
from bot.config import Settings, load_settings
from bot.local_api import LocalSession, LocalUser
from storage import migrate
from storage.db import create_engine, dispose
from tests.fake_api import FakeTelegram

# Thursday 26 November 2026, 10:00 in Tyumen (UTC+5)
T0 = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database brought to head once per test process: each test starts from a copy
    (migrating 13 steps for every test cost most of the suite's time). The migrations
    themselves are tested from an empty file in tests/test_migrations.py."""
    path = tmp_path_factory.mktemp("template") / "bot.db"

    async def migrate_to_head() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await migrate.upgrade(engine)
        finally:
            await dispose(engine)

    asyncio.run(migrate_to_head())
    return path


@pytest.fixture
def db_url(tmp_path: Path, migrated_db: Path) -> str:
    target = tmp_path / "bot.db"
    shutil.copyfile(migrated_db, target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
def settings(db_url: str) -> Settings:
    return load_settings(
        bot_token=None,
        telegram_api_url=None,
        database_url=db_url,
        default_timezone="Asia/Yekaterinburg",
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
async def app(settings: Settings, clock: FakeClock) -> AsyncIterator[App]:
    application = await build_app(settings, clock=clock, bot_session=LocalSession())
    yield application
    await application.close()


@pytest.fixture
def make_user(app: App) -> Callable[..., LocalUser]:
    """make_user(user_id=2, first_name="Олег") → another person chatting with the same bot."""
    session = app.bot.session
    assert isinstance(session, LocalSession)

    def _make(user_id: int = 1, first_name: str = "Анна", last_name: str | None = "Петрова"):
        return LocalUser(
            app.dispatcher,
            app.bot,
            session,
            user_id=user_id,
            first_name=first_name,
            last_name=last_name,
        )

    return _make


@pytest.fixture
def uploads(app: App) -> dict[str, bytes]:
    """Files people send, by file id: what the bot downloads (an id not here: Telegram
    answers «invalid file_id»)."""
    session = app.bot.session
    assert isinstance(session, LocalSession)
    return session.files


@pytest.fixture
def user(make_user: Callable[..., LocalUser]) -> LocalUser:
    return make_user()


# people's names the onboarding accepts (no digits), for tests with several teachers
NAMES = ("Анна Петрова", "Мария Соколова", "Ольга Иванова", "Елена Смирнова", "Ирина Козлова")


async def onboard(
    user: LocalUser,
    org_name: str = "МАУ ДО «Дом детского творчества»",
    municipality: str = "г. Тюмень",
    full_name: str = "Анна Петрова",
    position: str = "педагог дополнительного образования",
) -> None:
    """The whole onboarding conversation with the default time zone."""
    await user.send("/start")
    await user.send(org_name)
    await user.send(municipality)
    await user.send(full_name)
    await user.send(position)
    await user.tap("UTC+5")
    await user.tap("Согласен")


@pytest.fixture
def onboarded() -> Callable[..., Awaitable[None]]:
    return onboard


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeTelegram]:
    """A fake Telegram Bot API server on 127.0.0.1 (tests/fake_api.py); point the bot at
    `fake_api.url` with TELEGRAM_API_URL."""
    async with FakeTelegram() as server:
        yield server

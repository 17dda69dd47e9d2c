"""App factory: everything is built here, from settings, at run time (nothing at import)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats
from aiogram.utils.callback_answer import CallbackAnswerMiddleware
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.domain import contacts
from bot.middlewares import (
    CommandsPauseFlows,
    DbSessionMiddleware,
    MemberMiddleware,
    PlainText,
    PrivateChatsOnly,
)
from bot.reminder_types import ReminderRenderer
from bot.reminders import ReminderEngine
from bot.scheduler import create_scheduler
from bot.services import agreements as agreements_service
from bot.telegram import Pacer, Sleep, TelegramCalls
from bot.workers import Workers
from handlers import get_routers
from handlers.common.errors import on_error
from storage import migrate
from storage.db import create_engine, create_sessionmaker, dispose
from storage.fsm import SqlStorage
from texts import Texts, buttons

log = logging.getLogger(__name__)

TERMINAL_TOKEN = "1:LOCAL-TERMINAL-CHAT"


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    dispatcher: Dispatcher
    bot: Bot
    scheduler: AsyncIOScheduler
    texts: Texts
    clock: Clock
    extra: dict[str, Any] = field(default_factory=dict)
    background: set[asyncio.Task[Any]] = field(default_factory=set)
    reminders: ReminderEngine | None = None
    telegram: TelegramCalls = field(default_factory=TelegramCalls)
    workers: Workers | None = None

    async def close(self) -> None:
        for task in self.background:
            task.cancel()
        if self.reminders is not None:
            await self.reminders.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self.workers is not None:
            self.workers.close()
        await self.dispatcher.storage.close()
        await self.bot.session.close()
        await dispose(self.engine)


def create_bot(
    settings: Settings, session: BaseSession | None = None, calls: TelegramCalls | None = None
) -> Bot:
    """The Bot, its every call through `calls` (bot/telegram.py: retries, one pace)."""
    if session is None:
        session = AiohttpSession(
            api=TelegramAPIServer.from_base(settings.telegram_api_url)
            if settings.telegram_api_url
            else TelegramAPIServer.from_base("https://api.telegram.org")
        )
    session.middleware(calls or TelegramCalls())
    token = settings.bot_token.get_secret_value() if settings.bot_token else TERMINAL_TOKEN
    return Bot(
        token=token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def telegram_calls(session: BaseSession | None) -> TelegramCalls:
    """The retry layer for a bot: paced for Telegram over HTTP; unpaced in-process (the
    terminal chat and the tests' LocalSession have no Telegram limits to respect), with the
    same retries, "not modified" and replies-first order."""
    if session is None or isinstance(session, AiohttpSession):
        return TelegramCalls()
    return TelegramCalls(pacer=Pacer(per_second=0))


def create_dispatcher(
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    texts: Texts,
    clock: Clock,
    scheduler: AsyncIOScheduler,
) -> Dispatcher:
    engine = sessionmaker.kw["bind"]
    dp = Dispatcher(
        storage=SqlStorage(engine),
        events_isolation=SimpleEventIsolation(),
        settings=settings,
        tx=texts,
        clock=clock,
        scheduler=scheduler,
        sessionmaker=sessionmaker,
    )
    dp.update.outer_middleware(PrivateChatsOnly(texts))
    dp.update.outer_middleware(DbSessionMiddleware(sessionmaker))
    dp.update.outer_middleware(MemberMiddleware())
    dp.message.outer_middleware(PlainText())
    dp.message.outer_middleware(CommandsPauseFlows(buttons.MENU_LABELS, texts))
    dp.callback_query.middleware(CallbackAnswerMiddleware())  # every button is answered once
    dp.include_routers(*get_routers())
    dp.errors.register(on_error)
    return dp


async def set_commands(bot: Bot) -> None:
    """The command menu, in private chats only (the bot talks to no group)."""
    await bot.set_my_commands(
        [BotCommand(command=name, description=text) for name, text in buttons.COMMANDS.items()],
        scope=BotCommandScopeAllPrivateChats(),
    )


async def register_commands(
    bot: Bot, *, attempts: int = 8, first_wait: float = 5, sleep: Sleep = asyncio.sleep
) -> bool:
    """Best effort, in the background: the command menu is a convenience, so a Telegram
    hiccup at start-up must never stop the bot. Each call is already retried by the layer
    (bot/telegram.py); if it still fails, tried again with growing pauses."""
    wait = first_wait
    for attempt in range(1, attempts + 1):
        try:
            await set_commands(bot)
            return True
        except TelegramAPIError as error:
            log.warning("could not register the commands (attempt %s): %s", attempt, error)
        if attempt < attempts:
            await sleep(wait)
            wait = min(wait * 2, 300)
    return False


async def wait_for_telegram(bot: Bot, *, sleep: Sleep = asyncio.sleep, cap: float = 60) -> None:
    """Before polling: who am I (`getMe`). The layer retries a few times; an outage longer
    than that is waited out here (growing pauses, capped) instead of exiting — a bot
    started while Telegram hiccups simply starts late. A wrong token is not transient."""
    wait = 1.0
    while True:
        try:
            await bot.me()
            return
        except (TelegramNetworkError, TelegramServerError, TelegramRetryAfter) as error:
            log.warning("Telegram is not answering yet (%s); trying again in %s s", error, wait)
        await sleep(wait)
        wait = min(wait * 2, cap)


async def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    bot_session: BaseSession | None = None,
    telegram: TelegramCalls | None = None,
    workers: Workers | None = None,
) -> App:
    """Create engine (and migrate it to head), dispatcher, bot and scheduler. `telegram`:
    the Bot API call layer (default: `telegram_calls(bot_session)`); `workers`: the process
    for heavy work (the bot's entry points pass one; without it, worker threads)."""
    engine = create_engine(settings.database_url)
    await migrate.upgrade(engine)
    sessionmaker = create_sessionmaker(engine)
    texts = Texts(filters={"phone": contacts.display_phone, "tel": contacts.tel_link})
    clock = clock or SystemClock()
    scheduler = create_scheduler()
    dp = create_dispatcher(
        sessionmaker=sessionmaker, settings=settings, texts=texts, clock=clock, scheduler=scheduler
    )
    telegram = telegram or telegram_calls(bot_session)
    bot = create_bot(settings, bot_session, telegram)
    reminders = ReminderEngine(
        bot=bot,
        sessionmaker=sessionmaker,
        texts=texts,
        clock=clock,
        renderers=collect_renderers(),
        scheduler=scheduler,
    )
    dp["reminders"] = reminders
    dp["workers"] = workers
    app = App(
        settings,
        engine,
        sessionmaker,
        dp,
        bot,
        scheduler,
        texts,
        clock,
        reminders=reminders,
        telegram=telegram,
        workers=workers,
    )
    return app


def collect_renderers() -> dict[str, ReminderRenderer]:
    """kind → renderer from every feature that schedules reminders."""
    from handlers import agreements, meetings, tasks

    renderers: dict[str, ReminderRenderer] = {}
    for module in (meetings, agreements, tasks):
        renderers.update(getattr(module, "REMINDER_RENDERERS", {}))
    return renderers


async def on_startup(app: App) -> None:
    """Work done once the bot is about to receive updates (polling or terminal)."""
    if not app.scheduler.running:
        app.scheduler.start()
    await agreements_service.start_lifecycle(app.scheduler, app.sessionmaker, app.clock.now)
    if app.reminders is not None:
        await app.reminders.start()


async def run_polling(app: App) -> None:
    """Long polling until SIGINT/SIGTERM."""
    dp = app.dispatcher

    async def _startup(bot: Bot) -> None:
        app.background.add(asyncio.create_task(register_commands(bot)))
        await on_startup(app)

    dp.startup.register(_startup)
    try:
        await wait_for_telegram(app.bot)
        await dp.start_polling(
            app.bot, handle_signals=True, allowed_updates=dp.resolve_used_update_types()
        )
    finally:
        await app.close()

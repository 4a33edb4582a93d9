"""Builds the PTB `Application`: every handler registered in one ordered block, read top to bottom."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections import defaultdict
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any, Callable

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults, ExtBot, TypeHandler

from .. import strings
from ..config import Settings
from ..content import ENGLISH
from ..engine import Engine, settle
from ..storage import Database
from . import guard, languages, outreach, polling, qa, quiz
from .http import TelegramRequest
from .services import KEY, Services

log = logging.getLogger(__name__)

# Feature modules, each with `register(app)`, an optional `setup(services)` and `COMMANDS`
# [(command, strings key)]. Their handlers go before the catch-all Q&A fallbacks.
FEATURES: list[ModuleType] = [qa, quiz, outreach, languages]

CONCURRENT_UPDATES = 32
PER_USER_DATA_CAP = 10_000  # users (and chats) whose PTB user_data (chat_data) is kept in memory
HEARTBEAT_SECONDS = 30
PREPARE_FIRST_SECONDS = 1.0  # after start-up: polling has begun, the first questions are answered
PREPARE_GAP_SECONDS = 0.5
HEARTBEAT_FILE = "heartbeat"
RETENTION_INTERVAL_SECONDS = 24 * 60 * 60
RETENTION_FIRST_SECONDS = 60.0  # after start-up's backlog, so a bot restarted daily still prunes


class LeastRecentlyUsed(defaultdict):
    """A defaultdict that keeps at most `cap` keys, forgetting the least recently used one."""

    def __init__(self, default_factory: Callable[[], Any], cap: int):
        super().__init__(default_factory)
        self.cap = cap

    def __getitem__(self, key: Any) -> Any:
        if key in self:
            value = self.pop(key)  # to the end: the most recently used
            self[key] = value
            return value
        value = super().__getitem__(key)  # made by the default factory
        while len(self) > self.cap:
            del self[next(iter(self))]
        return value


class BotApplication(Application):
    """PTB's Application with nothing kept per user for ever, for a bot that runs for months.

    PTB notes the user and chat of every update for its persistence and clears the notes only when
    it writes to one; this bot keeps its state in SQLite and has none, so the notes grew by an entry
    per user and per chat for good (some 80 bytes each, measured). They are not taken any more. PTB's
    user_data and chat_data make a dict for every user (chat) a handler asks about and never drop
    it; this bot uses neither, and they are capped in case a handler ever does (anything that must
    last belongs in SQLite).
    """

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._user_data = LeastRecentlyUsed(self.context_types.user_data, PER_USER_DATA_CAP)
        self._chat_data = LeastRecentlyUsed(self.context_types.chat_data, PER_USER_DATA_CAP)
        self.user_data = MappingProxyType(self._user_data)
        self.chat_data = MappingProxyType(self._chat_data)

    def _mark_for_persistence_update(self, *, update: object | None = None, job: Any = None) -> None:
        if self.persistence is not None:
            super()._mark_for_persistence_update(update=update, job=job)


def bot_commands(language: str = ENGLISH) -> list[BotCommand]:
    """The command menu, built from the features' own command lists (one place, no repeats)."""
    seen: dict[str, BotCommand] = {}
    for feature in FEATURES:
        for command, key in getattr(feature, "COMMANDS", []):
            seen.setdefault(command, BotCommand(command, strings.text(key, language)))
    return list(seen.values())


def telegram_language_code(language: str) -> str:
    """Menus and profiles take a two-letter ISO 639-1 code: zh-Hant goes as "zh" (the bot's only Chinese)."""
    return language.split("-")[0].lower()


async def set_profile(bot: ExtBot, spoken: list[str]) -> None:
    """The command menu, description and short description in every language with interface strings, and
    English for everyone else (no language_code). A failure is logged: the bot works without them."""
    for language, code in [(ENGLISH, None), *((s, telegram_language_code(s)) for s in spoken if strings.locale_file(s))]:
        try:
            await bot.set_my_commands(bot_commands(language), language_code=code)
        except TelegramError as exc:
            log.warning("could not set the command menu for %s (%s); carrying on without it", code or "everyone",
                        type(exc).__name__)
        try:
            # Set only what changed: Telegram limits how often a profile may change.
            description = strings.text("bot_description", language)
            if (await bot.get_my_description(code)).description != description:
                await bot.set_my_description(description, language_code=code)
            short = strings.text("bot_short_description", language)
            if (await bot.get_my_short_description(code)).short_description != short:
                await bot.set_my_short_description(short, language_code=code)
        except TelegramError as exc:
            log.warning("could not set the bot's description for %s (%s)", code or "everyone", type(exc).__name__)


async def profile_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await set_profile(context.bot, context.application.bot_data[KEY].engine.languages)


async def post_init(app: Application) -> None:
    if app.bot_data[KEY].settle:
        settle()
    if app.job_queue is not None:
        # Menus and descriptions in every language take a few dozen requests: they go out in the
        # background, so the bot answers from the first second.
        app.job_queue.run_once(profile_job, when=0, name="profile", job_kwargs={"misfire_grace_time": None})
        app.job_queue.run_repeating(write_heartbeat, interval=HEARTBEAT_SECONDS, first=0, name="heartbeat")
        # Every language's model, one at a time in the first seconds (a tenth of a second each): otherwise
        # the first question in a language would wait for its model, and memory would grow in steps for
        # months as languages first appear.
        for index, language in enumerate(app.bot_data[KEY].engine.languages):
            app.job_queue.run_once(prepare_language, when=PREPARE_FIRST_SECONDS + index * PREPARE_GAP_SECONDS,
                                   data=language, name=f"prepare-{language}", job_kwargs={"misfire_grace_time": None})
        # Once soon after start-up (a one-off job without a misfire limit runs however late the
        # scheduler starts; a repeating one would skip to its next interval), then daily.
        app.job_queue.run_once(prune_old_data, when=RETENTION_FIRST_SECONDS, name="retention-start",
                               job_kwargs={"misfire_grace_time": None})
        app.job_queue.run_repeating(prune_old_data, interval=RETENTION_INTERVAL_SECONDS,
                                    first=RETENTION_FIRST_SECONDS + RETENTION_INTERVAL_SECONDS, name="retention")


async def post_shutdown(app: Application) -> None:
    svc: Services = app.bot_data[KEY]
    for flush in svc.before_close:
        flush()
    svc.db.close()


async def prepare_language(context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = context.application.bot_data[KEY]
    svc.engine.prepare(str(context.job.data))  # type: ignore[union-attr]
    if svc.settle:
        settle()


async def write_heartbeat(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The Docker HEALTHCHECK reads this file's age (`hrc-bot health`)."""
    settings: Settings = context.application.bot_data[KEY].settings
    path = settings.data_dir / HEARTBEAT_FILE
    path.write_text(str(int(time.time())), encoding="utf-8")


async def prune_old_data(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Daily: delete what is kept only for HRC_RETENTION_DAYS (see /privacy); the counts stay."""
    svc = context.application.bot_data[KEY]
    days = svc.settings.retention_days
    # In a thread: a first prune after years (or a shorter retention) may take a while.
    deleted = await asyncio.to_thread(svc.db.prune, time.time() - days * 24 * 60 * 60)
    log.info("retention: deleted %d row(s) older than %d days", deleted, days)


def heartbeat_age(data_dir: Path) -> float | None:
    try:
        return time.time() - (data_dir / HEARTBEAT_FILE).stat().st_mtime
    except OSError:
        return None


def build_application(settings: Settings, engine: Engine | None = None, db: Database | None = None,
                      *, rate_limit: bool = True, settle: bool = False) -> Application:
    """The whole bot. Raises ConfigError for a missing or malformed token before any network use.
    `settle`: the process runs this bot alone and for good (see bot.engine.settle)."""
    token = settings.require_token()
    engine = engine or Engine.load(settings.content_dir)
    db = db or Database(settings.database_path)
    patient_polling = polling.PatientPolling()
    builder = (
        ApplicationBuilder()
        .application_class(BotApplication)
        .token(token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_file_url)
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
        # Handlers run concurrently (a slow reply does not hold up others), but not hundreds at a
        # time; each may hold one of the request's connections, with a few to spare for jobs
        # (broadcasts, quiz sweeps). See http.py for why not PTB's own HTTPXRequest.
        .concurrent_updates(CONCURRENT_UPDATES)
        .request(TelegramRequest(CONCURRENT_UPDATES + 8))
        .get_updates_request(patient_polling)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if rate_limit:
        # Stays under Telegram's ~30 messages/s and 20/min per group, and waits out a 429's retry_after.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    app = builder.build()
    # Ride out an unreachable Telegram while polling; stop trying as soon as the updater stops.
    patient_polling.keep_trying = lambda: app.updater is not None and app.updater.running
    svc = Services(engine=engine, settings=settings, db=db, settle=settle)
    app.bot_data[KEY] = svc

    # Order matters: gatekeeping first (group -1), then features, then the catch-all fallbacks.
    app.add_handler(TypeHandler(Update, guard.FloodGuard()), group=-1)
    for feature in FEATURES:
        if hasattr(feature, "setup"):
            feature.setup(svc)
        feature.register(app)
    qa.register_fallbacks(app)
    app.add_error_handler(guard.error_handler)
    return app


def run(settings: Settings, webhook_url: str | None = None, listen: str = "0.0.0.0", port: int = 8443) -> None:
    """Start the bot: long polling by default, a webhook when a public URL is given. Blocks until
    SIGINT/SIGTERM, then shuts down cleanly."""
    app = build_application(settings, settle=True)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    log.info("starting hrc-bot (%s)", "webhook" if webhook_url else "long polling")
    asyncio.run(polling.wait_until_reachable(settings.require_token(), settings.api_base_url))
    if webhook_url:
        path = secrets.token_urlsafe(24)
        app.run_webhook(listen=listen, port=port, url_path=path, webhook_url=f"{webhook_url.rstrip('/')}/{path}",
                        secret_token=secrets.token_urlsafe(32), allowed_updates=Update.ALL_TYPES)
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)

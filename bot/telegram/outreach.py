"""Campaign outreach in Telegram: subscriptions, admin broadcasts and statistics, /privacy, /forgetme.

Broadcasts are delivered by `bot.outreach.outbox.OutboxSender` in a task of the application: a job
starts it at start-up (resuming whatever a restart or a crash interrupted), a repeating job whenever
rows fall due (retries, broadcasts queued from the CLI), and confirming a broadcast at once.
Stopping the application lets the message in flight finish, then the sender stops; the next start
carries on.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from html import escape
from typing import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, TypeHandler

from .. import strings
from ..engine import Answer
from ..outreach.outbox import (
    MESSAGE_LIMIT,
    BroadcastError,
    Outbox,
    OutboxSender,
    compose_html,
    fits,
    render_status,
    split_languages,
)
from ..outreach.stats import Stats, render_report
from ..outreach.subscriptions import Subscriptions
from . import callbacks
from .languages import language_name, user_language
from .services import KEY as SERVICES_KEY
from .services import Services, services

log = logging.getLogger(__name__)

# Public commands only: /broadcast and /stats are for administrators and stay out of the menu.
COMMANDS = [("subscribe", "cmd_subscribe"), ("unsubscribe", "cmd_unsubscribe"),
            ("privacy", "cmd_privacy"), ("forgetme", "cmd_forgetme")]
KEY = "outreach"
OUTBOX_POLL_SECONDS = 15.0  # how often the bot looks for due deliveries (retries, CLI-queued rows)
_COMMAND_PREFIX = re.compile(r"^/\S+\s?")


class QuestionCounter:
    """Counts answered questions in Stats, one transaction per turn of the event loop.

    The handlers a turn runs (up to CONCURRENT_UPDATES when a batch of updates arrives) each answer
    a question before their first wait; their counts are written together right after, so a count
    reaches the database as soon as before, but a burst costs one transaction per turn, not one per
    question. `flush` writes at once: before /stats reads and at shutdown. Like any count, a batch
    that cannot be written is logged and the users still get their replies.
    """

    def __init__(self, stats: Stats):
        self.stats = stats
        self._pending: list[Answer] = []
        self._scheduled = False

    def __call__(self, answer: Answer) -> None:
        self._pending.append(answer)
        if self._scheduled:
            return
        try:
            asyncio.get_running_loop().call_soon(self.flush)
            self._scheduled = True
        except RuntimeError:  # no event loop (a script, a test): write now
            self.flush()

    def flush(self) -> None:
        self._scheduled = False
        batch, self._pending = self._pending, []
        if batch:
            _quietly(self.stats.record_questions)(batch)


@dataclass
class Outreach:
    subscriptions: Subscriptions
    outbox: Outbox
    stats: Stats
    counter: QuestionCounter
    sender: asyncio.Task | None = None


def outreach(context: ContextTypes.DEFAULT_TYPE) -> Outreach:
    return services(context).extras[KEY]


def _quietly(listener: Callable[..., None]) -> Callable[..., None]:
    """Counting must never break an answer: a failing counter is logged, the user still gets a reply."""
    def wrapped(*args: object) -> None:
        try:
            listener(*args)
        except Exception:  # noqa: BLE001
            log.exception("could not record statistics")
    return wrapped


def setup(svc: Services) -> None:
    """Create the stores and listen to questions and deep-link starts (counted without user ids)."""
    stats = Stats(svc.db)
    feature = Outreach(Subscriptions(svc.db), Outbox(svc.db), stats, QuestionCounter(stats))
    feature.outbox.recover()  # a sender killed mid-request left at most one row behind: not resent
    svc.extras[KEY] = feature
    svc.question_listeners.append(feature.counter)
    svc.before_close.append(feature.counter.flush)
    svc.start_listeners.append(_quietly(feature.stats.record_start))


# --- delivery ----------------------------------------------------------------------------------

def ensure_sender(app: Application) -> None:
    """Start the outbox sender unless one is already running."""
    feature: Outreach = app.bot_data[SERVICES_KEY].extras[KEY]
    if not app.running or (feature.sender is not None and not feature.sender.done()):
        return
    feature.sender = app.create_task(_deliver(app, feature), name="outbox-sender")


async def _deliver(app: Application, feature: Outreach) -> None:
    await OutboxSender(feature.outbox, app.bot, keep_going=lambda: app.running).run()


async def outbox_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    if outreach(context).outbox.seconds_until_due() is not None:
        ensure_sender(context.application)


# --- helpers -------------------------------------------------------------------------------------

def _is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


async def _private_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """True in a private chat; elsewhere points the user to one and returns False."""
    if _is_private(update):
        return True
    language = user_language(context, update.effective_user)
    await update.effective_message.reply_text(strings.text("private_only", language, username=context.bot.username))
    return False


async def _admin_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """True for an administrator in a private chat; anyone else gets a polite refusal and nothing more."""
    user = update.effective_user
    if not services(context).settings.is_admin(user.id if user else None):
        await update.effective_message.reply_text(strings.text("admin_only", user_language(context, user)))
        return False
    return await _private_only(update, context)


# --- subscriptions ------------------------------------------------------------------------------

async def subscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _private_only(update, context):
        return
    user = update.effective_user
    new = outreach(context).subscriptions.subscribe(user.id, user.language_code)
    language = user_language(context, user)
    await update.effective_message.reply_text(strings.text("subscribe_done" if new else "subscribe_already", language))


async def unsubscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    feature = outreach(context)
    user_id = update.effective_user.id
    was = feature.subscriptions.unsubscribe(user_id)
    feature.outbox.drop_pending(user_id)
    language = user_language(context, update.effective_user)
    await update.effective_message.reply_text(
        strings.text("unsubscribe_done" if was else "unsubscribe_not_subscribed", language))


async def subscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "🔔 Updates" button under answers; it speaks the language of the answer it came with."""
    query = update.callback_query
    data = callbacks.decode(query.data)
    if data is None or not data.args or data.args[0] != "on" or len(data.args) > 2:
        await query.answer(strings.text("button_expired", user_language(context, query.from_user)))
        return
    language = user_language(context, query.from_user, carried=data.args[1] if len(data.args) == 2 else None)
    if not _is_private(update):
        await query.answer(strings.text("private_only_toast", language), show_alert=True)
        return
    new = outreach(context).subscriptions.subscribe(query.from_user.id, query.from_user.language_code)
    if not new:
        await query.answer(strings.text("subscribe_already", language))
        return
    await query.answer(strings.text("subscribe_toast", language))
    if query.message is not None:
        await query.message.reply_text(strings.text("subscribe_done", language))


async def remember_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After every update: a subscriber's stored language_code follows what Telegram last sent."""
    user = update.effective_user
    if user is not None:
        outreach(context).subscriptions.seen(user.id, user.language_code)


# --- privacy ------------------------------------------------------------------------------------

async def privacy_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    language = user_language(context, update.effective_user)
    days = services(context).settings.retention_days
    text = strings.text("privacy", language, days=days) + "\n\n" + strings.text("privacy_language", language)
    await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)


async def forgetme_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _private_only(update, context):
        return
    language = user_language(context, update.effective_user)
    keyboard = InlineKeyboardMarkup([
        [InlineKeyboardButton(strings.text("forgetme_yes_button", language), callback_data=callbacks.encode("fm", "yes"))],
        [InlineKeyboardButton(strings.text("forgetme_no_button", language), callback_data=callbacks.encode("fm", "no"))],
    ])
    await update.effective_message.reply_text(strings.text("forgetme_confirm", language), reply_markup=keyboard)


async def forgetme_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    data = callbacks.decode(query.data)
    language = user_language(context, query.from_user)  # before forgetting: the pinned language goes too
    if data is None or data.args not in (("yes",), ("no",)) or not _is_private(update):
        await query.answer(strings.text("button_expired", language))
        return
    await query.answer()
    if data.args == ("yes",):
        # Every feature registered its forgetter with the database: subscriptions, deliveries, quizzes,
        # the pinned language.
        services(context).db.forget_user(query.from_user.id)
        log.info("a user's data was deleted on their request (/forgetme)")
        await query.edit_message_text(strings.text("forgetme_done", language))
    else:
        await query.edit_message_text(strings.text("forgetme_kept", language))


# --- broadcasts (administrators) --------------------------------------------------------------

async def broadcast_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/broadcast TEXT: a preview with Send/Cancel; /broadcast status: how the recent ones went.

    One text per language: English first, then a line such as `[es]` before the Spanish text."""
    if not await _admin_only(update, context):
        return
    message = update.effective_message
    feature = outreach(context)
    language = user_language(context, update.effective_user)
    body = _COMMAND_PREFIX.sub("", message.text or "", count=1).strip()
    if not body:
        await message.reply_text(strings.text("broadcast_usage", language) + "\n\n"
                                 + strings.text("broadcast_usage_languages", language))
        return
    if body.lower() == "status":
        await message.reply_text(render_status(feature.outbox.status(), language))
        return
    languages = services(context).engine.languages
    try:
        # The admin's own formatting (bold, links…) travels as Telegram HTML; the command word is plain text.
        bodies = split_languages(_COMMAND_PREFIX.sub("", message.text_html or "", count=1), languages)
        visible = split_languages(body, languages)
    except BroadcastError as error:
        await message.reply_text(error.text(language))
        return
    if not all(fits(text, code) for code, text in visible.items()):
        await message.reply_text(strings.text("broadcast_too_long", language, limit=MESSAGE_LIMIT))
        return
    texts = {code: compose_html(html, code) for code, html in bodies.items()}
    draft = feature.outbox.draft(texts)
    for html in texts.values():  # the preview: exactly what each language's subscribers get
        await message.reply_text(html, parse_mode=ParseMode.HTML)
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton(strings.text("broadcast_send_button", language),
                             callback_data=callbacks.encode("bc", "go", draft)),
        InlineKeyboardButton(strings.text("broadcast_cancel_button", language),
                             callback_data=callbacks.encode("bc", "no", draft)),
    ]])
    confirm = strings.text("broadcast_confirm", language, count=feature.subscriptions.count())
    if len(texts) > 1:
        audience = feature.outbox.audience(texts)
        confirm += "".join("\n" + strings.text("broadcast_confirm_language", language, name=language_name(code),
                                                count=audience[code]) for code in texts)
    await message.reply_text(confirm, reply_markup=keyboard)


async def broadcast_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    data = callbacks.decode(query.data)
    language = user_language(context, query.from_user)
    if not services(context).settings.is_admin(query.from_user.id):
        await query.answer(strings.text("admin_only", language), show_alert=True)
        return
    if data is None or len(data.args) != 2 or data.args[0] not in ("go", "no") or not data.args[1].isdigit():
        await query.answer(strings.text("button_expired", language))
        return
    await query.answer()
    feature = outreach(context)
    draft = int(data.args[1])
    if data.args[0] == "no":
        text = strings.text("broadcast_cancelled" if feature.outbox.cancel(draft) else "broadcast_stale", language)
        await query.edit_message_text(text)
        return
    count = feature.outbox.queue(draft)  # None on a second tap: queued once, never twice
    if count is None:
        await query.edit_message_text(strings.text("broadcast_stale", language))
        return
    log.info("broadcast #%d queued for %d subscriber(s)", draft, count)
    await query.edit_message_text(strings.text("broadcast_queued", language, id=draft, count=count))
    ensure_sender(context.application)


# --- statistics (administrators) --------------------------------------------------------------

async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _admin_only(update, context):
        return
    content = services(context).engine.content
    outreach(context).counter.flush()  # the questions of this very turn too
    report = outreach(context).stats.report(titles={i.id: i.title for i in content.intents.values()})
    text = render_report(report)[: MESSAGE_LIMIT - 20]
    await update.effective_message.reply_text(f"<pre>{escape(text)}</pre>", parse_mode=ParseMode.HTML)


def register(app: Application) -> None:
    """Outreach commands and buttons; the sender job that resumes broadcasts at start-up."""
    app.add_handler(CommandHandler("subscribe", subscribe_command))
    app.add_handler(CommandHandler("unsubscribe", unsubscribe_command))
    app.add_handler(CommandHandler("privacy", privacy_command))
    app.add_handler(CommandHandler("forgetme", forgetme_command))
    app.add_handler(CommandHandler("broadcast", broadcast_command))
    app.add_handler(CommandHandler("stats", stats_command))
    app.add_handler(CallbackQueryHandler(subscribe_button, pattern=callbacks.pattern("s")))
    app.add_handler(CallbackQueryHandler(forgetme_button, pattern=callbacks.pattern("fm")))
    app.add_handler(CallbackQueryHandler(broadcast_button, pattern=callbacks.pattern("bc")))
    app.add_handler(TypeHandler(Update, remember_language), group=1)  # after the features (group 0)
    if app.job_queue is not None:
        # Resume at start-up: a one-off job without a misfire limit runs as soon as the application
        # starts, however long after registration that is (a repeating job would skip to its next
        # interval). Then look for due retries and CLI-queued rows every OUTBOX_POLL_SECONDS.
        app.job_queue.run_once(outbox_job, when=0, name="outbox-resume", job_kwargs={"misfire_grace_time": None})
        app.job_queue.run_repeating(outbox_job, interval=OUTBOX_POLL_SECONDS, first=OUTBOX_POLL_SECONDS,
                                    name="outbox")

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
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from .. import strings
from ..outreach.outbox import MESSAGE_LIMIT, Outbox, OutboxSender, compose_html, fits, render_status
from ..outreach.stats import Stats, render_report
from ..outreach.subscriptions import Subscriptions
from . import callbacks
from .services import KEY as SERVICES_KEY
from .services import Services, services

log = logging.getLogger(__name__)

# Public commands only: /broadcast and /stats are for administrators and stay out of the menu.
COMMANDS = [("subscribe", "cmd_subscribe"), ("unsubscribe", "cmd_unsubscribe"),
            ("privacy", "cmd_privacy"), ("forgetme", "cmd_forgetme")]
KEY = "outreach"
OUTBOX_POLL_SECONDS = 15.0  # how often the bot looks for due deliveries (retries, CLI-queued rows)
_COMMAND_PREFIX = re.compile(r"^/\S+\s?")

@dataclass
class Outreach:
    subscriptions: Subscriptions
    outbox: Outbox
    stats: Stats
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
    feature = Outreach(Subscriptions(svc.db), Outbox(svc.db), Stats(svc.db))
    feature.outbox.recover()  # a sender killed mid-request left at most one row behind: not resent
    svc.extras[KEY] = feature
    svc.question_listeners.append(_quietly(feature.stats.record_question))
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
    await update.effective_message.reply_text(strings.text("private_only", username=context.bot.username))
    return False


async def _admin_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """True for an administrator in a private chat; anyone else gets a polite refusal and nothing more."""
    user = update.effective_user
    if not services(context).settings.is_admin(user.id if user else None):
        await update.effective_message.reply_text(strings.text("admin_only"))
        return False
    return await _private_only(update, context)


# --- subscriptions ------------------------------------------------------------------------------

async def subscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _private_only(update, context):
        return
    new = outreach(context).subscriptions.subscribe(update.effective_user.id)
    await update.effective_message.reply_text(strings.text("subscribe_done" if new else "subscribe_already"))


async def unsubscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    feature = outreach(context)
    user_id = update.effective_user.id
    was = feature.subscriptions.unsubscribe(user_id)
    feature.outbox.drop_pending(user_id)
    await update.effective_message.reply_text(strings.text("unsubscribe_done" if was else "unsubscribe_not_subscribed"))


async def subscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "🔔 Updates" button under answers."""
    query = update.callback_query
    data = callbacks.decode(query.data)
    if data is None or data.args != ("on",):
        await query.answer(strings.text("button_expired"))
        return
    if not _is_private(update):
        await query.answer(strings.text("private_only_toast"), show_alert=True)
        return
    new = outreach(context).subscriptions.subscribe(query.from_user.id)
    if not new:
        await query.answer(strings.text("subscribe_already"))
        return
    await query.answer(strings.text("subscribe_toast"))
    if query.message is not None:
        await query.message.reply_text(strings.text("subscribe_done"))


# --- privacy ------------------------------------------------------------------------------------

async def privacy_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    days = services(context).settings.retention_days
    await update.effective_message.reply_text(strings.text("privacy", days=days), parse_mode=ParseMode.HTML)


async def forgetme_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _private_only(update, context):
        return
    keyboard = InlineKeyboardMarkup([
        [InlineKeyboardButton(strings.text("forgetme_yes_button"), callback_data=callbacks.encode("fm", "yes"))],
        [InlineKeyboardButton(strings.text("forgetme_no_button"), callback_data=callbacks.encode("fm", "no"))],
    ])
    await update.effective_message.reply_text(strings.text("forgetme_confirm"), reply_markup=keyboard)


async def forgetme_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    data = callbacks.decode(query.data)
    if data is None or data.args not in (("yes",), ("no",)) or not _is_private(update):
        await query.answer(strings.text("button_expired"))
        return
    await query.answer()
    if data.args == ("yes",):
        # Every feature registered its forgetter with the database: subscriptions, deliveries, quizzes.
        services(context).db.forget_user(query.from_user.id)
        log.info("a user's data was deleted on their request (/forgetme)")
        await query.edit_message_text(strings.text("forgetme_done"))
    else:
        await query.edit_message_text(strings.text("forgetme_kept"))


# --- broadcasts (administrators) --------------------------------------------------------------

async def broadcast_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/broadcast TEXT: a preview with Send/Cancel; /broadcast status: how the recent ones went."""
    if not await _admin_only(update, context):
        return
    message = update.effective_message
    feature = outreach(context)
    body = _COMMAND_PREFIX.sub("", message.text or "", count=1).strip()
    if not body:
        await message.reply_text(strings.text("broadcast_usage"))
        return
    if body.lower() == "status":
        await message.reply_text(render_status(feature.outbox.status()))
        return
    if not fits(body):
        await message.reply_text(strings.text("broadcast_too_long", limit=MESSAGE_LIMIT))
        return
    # The admin's own formatting (bold, links…) travels as Telegram HTML; the command word is plain text.
    html = compose_html(_COMMAND_PREFIX.sub("", message.text_html or "", count=1))
    draft = feature.outbox.draft(html)
    await message.reply_text(html, parse_mode=ParseMode.HTML)
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton(strings.text("broadcast_send_button"), callback_data=callbacks.encode("bc", "go", draft)),
        InlineKeyboardButton(strings.text("broadcast_cancel_button"),
                             callback_data=callbacks.encode("bc", "no", draft)),
    ]])
    await message.reply_text(strings.text("broadcast_confirm", count=feature.subscriptions.count()),
                             reply_markup=keyboard)


async def broadcast_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    data = callbacks.decode(query.data)
    if not services(context).settings.is_admin(query.from_user.id):
        await query.answer(strings.text("admin_only"), show_alert=True)
        return
    if data is None or len(data.args) != 2 or data.args[0] not in ("go", "no") or not data.args[1].isdigit():
        await query.answer(strings.text("button_expired"))
        return
    await query.answer()
    feature = outreach(context)
    draft = int(data.args[1])
    if data.args[0] == "no":
        text = strings.text("broadcast_cancelled" if feature.outbox.cancel(draft) else "broadcast_stale")
        await query.edit_message_text(text)
        return
    count = feature.outbox.queue(draft)  # None on a second tap: queued once, never twice
    if count is None:
        await query.edit_message_text(strings.text("broadcast_stale"))
        return
    log.info("broadcast #%d queued for %d subscriber(s)", draft, count)
    await query.edit_message_text(strings.text("broadcast_queued", id=draft, count=count))
    ensure_sender(context.application)


# --- statistics (administrators) --------------------------------------------------------------

async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _admin_only(update, context):
        return
    content = services(context).engine.content
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
    if app.job_queue is not None:
        # Resume at start-up: a one-off job without a misfire limit runs as soon as the application
        # starts, however long after registration that is (a repeating job would skip to its next
        # interval). Then look for due retries and CLI-queued rows every OUTBOX_POLL_SECONDS.
        app.job_queue.run_once(outbox_job, when=0, name="outbox-resume", job_kwargs={"misfire_grace_time": None})
        app.job_queue.run_repeating(outbox_job, interval=OUTBOX_POLL_SECONDS, first=OUTBOX_POLL_SECONDS,
                                    name="outbox")

"""Gatekeeping before features: per-user flood control, and the error handler that keeps the bot up."""

from __future__ import annotations

import itertools
import logging
import time
from dataclasses import dataclass, field
from typing import Callable

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from .. import strings
from .delivery import is_transient
from .languages import user_language

log = logging.getLogger(__name__)

FORGET_BATCH = 64  # idle buckets dropped per update at most: a steady trickle, never a long pause


@dataclass
class TokenBucket:
    """Allows `burst` updates at once and `rate` per second after that, per user.

    A user idle for `burst / rate` seconds has a full bucket again, which is what a user never
    seen has: such buckets are forgotten, so memory follows the users active in the last few
    seconds, not everyone who ever wrote.
    """

    rate: float = 1.0
    burst: float = 8.0
    clock: Callable[[], float] = time.monotonic
    # user id -> (tokens, last seen, warned), least recently seen first
    _buckets: dict[int, tuple[float, float, bool]] = field(default_factory=dict)

    def allow(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, should_warn): warn once per flood, not at every dropped message."""
        now = self.clock()
        tokens, last, warned = self._buckets.pop(user_id, (self.burst, now, False))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        self._forget_full(now)
        if tokens >= 1:
            self._buckets[user_id] = (tokens - 1, now, False)
            return True, False
        self._buckets[user_id] = (tokens, now, True)
        return False, not warned

    def _forget_full(self, now: float) -> None:
        # The oldest first, stopping at the first bucket not yet full: the rest were seen later.
        refilled = self.burst / self.rate
        oldest = itertools.islice(self._buckets.items(), FORGET_BATCH)
        for user_id, _ in list(itertools.takewhile(lambda item: now - item[1][1] >= refilled, oldest)):
            del self._buckets[user_id]

    @property
    def tracked(self) -> int:
        """How many users the guard remembers right now."""
        return len(self._buckets)


class FloodGuard:
    """Runs before every handler; drops a user's updates beyond their share, others unaffected."""

    def __init__(self, bucket: TokenBucket | None = None):
        self.bucket = bucket or TokenBucket()

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        if user is None or update.poll_answer is not None:
            return  # poll answers are votes, never floods we should drop (a class answers at once)
        allowed, warn = self.bucket.allow(user.id)
        if allowed:
            return
        log.info("flood control: dropping an update from a user over their rate")
        chat = update.effective_chat
        if warn and chat is not None and chat.type == ChatType.PRIVATE and update.effective_message:
            try:
                await update.effective_message.reply_text(strings.text("flood_warning", user_language(context, user)))
            except Exception:  # noqa: BLE001 - the warning is a courtesy, never a reason to fail
                log.debug("could not send the flood warning", exc_info=True)
        raise ApplicationHandlerStop


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log first (without message text), then tell the user if we can. Never raises."""
    error = context.error
    kind = type(update).__name__ if update is not None else "no update"
    if update is None and context.job is None and isinstance(error, TelegramError):
        # From PTB's polling loop, which tries again by itself: a 409 when a second instance polls
        # with the same token. (An unreachable Telegram is waited out in polling.py.)
        log.warning("polling Telegram failed (%s: %s); trying again", type(error).__name__, error.message)
        return
    if isinstance(error, TelegramError) and is_transient(error):
        log.warning("transient Telegram error while handling %s: %s", kind, type(error).__name__)
        return
    if isinstance(error, Forbidden):
        log.info("a user blocked the bot or left the chat (%s)", kind)
        return
    log.error("error while handling %s", kind, exc_info=error)
    if isinstance(update, Update) and update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
        try:
            language = user_language(context, update.effective_user)
        except Exception:  # noqa: BLE001 - the error may be the database itself: reply in English then
            language = None
        try:
            await context.bot.send_message(update.effective_chat.id, strings.text("error_reply", language))
        except Exception:  # noqa: BLE001
            log.warning("could not tell the user about the error")

"""Sending that survives Telegram's bad moments: a 429 waits its retry_after, a 5xx or a dropped
connection is retried with backoff, a 400 is a bug and is raised at once."""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
from typing import Awaitable, Callable, TypeVar

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

log = logging.getLogger(__name__)
T = TypeVar("T")

ATTEMPTS = 3
BACKOFF_SECONDS = 0.5  # doubled after each failure
MAX_RETRY_AFTER = 60.0  # longer than this, give up rather than keep a user waiting


def seconds(value: int | float | dtm.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def is_transient(error: TelegramError) -> bool:
    """Worth trying again: flood control, network trouble, a server error on Telegram's side."""
    if isinstance(error, (BadRequest, Forbidden)):
        return False
    return isinstance(error, (RetryAfter, NetworkError)) or type(error) is TelegramError


async def with_retries(call: Callable[[], Awaitable[T]], attempts: int = ATTEMPTS) -> T:
    """Run a Bot API call, retrying transient failures; the last failure is raised."""
    delay = BACKOFF_SECONDS
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except TelegramError as error:
            if attempt == attempts or not is_transient(error):
                raise
            wait = seconds(error.retry_after) if isinstance(error, RetryAfter) else delay
            if wait > MAX_RETRY_AFTER:
                raise
            log.warning("Telegram call failed (%s), retrying in %.1f s", type(error).__name__, wait)
            await asyncio.sleep(wait)
            delay *= 2
    raise AssertionError("unreachable")

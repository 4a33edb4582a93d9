"""Long polling that rides out a Telegram outage: one log line per back-off step, and answering again
soon after Telegram is back, however long it was away.

PTB's Updater retries a failed getUpdates for ever, but it hands every failure to the error
handlers (and, outside run_polling, logs it with a stack trace), and it backs off up to 30 s, so
the first answer after an outage can come more than 30 s after Telegram is back. Here getUpdates
goes through `PatientPolling`: when Telegram cannot be reached it logs one line, waits its own step
(1, 2, 4, 8, then every 10 s) and asks again, so PTB's loop never sees the outage. The first
getUpdates that gets through ends it and brings every update that waited; with at most
BACKOFF_MAX_SECONDS between attempts, the bot is answering again within that much (and one
request) of Telegram coming back. What else reaches PTB's loop (a 409 when a second instance polls
with the same token) goes to the error handler, which logs it in one line (guard.error_handler).
Before start-up, `wait_until_reachable` waits the same way for Telegram to answer at all.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Callable, Iterator

from telegram import Bot
from telegram.error import BadRequest, NetworkError, TelegramError

from .http import TelegramRequest

log = logging.getLogger(__name__)

BACKOFF_FIRST_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 10.0


def backoff_delays() -> Iterator[float]:
    """Seconds to wait before each new attempt: doubling from the first step up to the cap."""
    delay = BACKOFF_FIRST_SECONDS
    while True:
        yield min(delay, BACKOFF_MAX_SECONDS)
        delay *= 2


def _reason(error: TelegramError) -> str:
    return f"{type(error).__name__}: {error.message}"


class PatientPolling(TelegramRequest):
    """The request getUpdates goes through: network failures are waited out here, not raised.

    What is retried: failures to connect, dropped connections, timeouts and Telegram's 5xx (all
    NetworkError). What is not: a 400 (a bug to see), flood control, a wrong token, a conflict
    with another instance, and anything once the updater is stopping (`keep_trying`), so that a
    shutdown during an outage does not wait for Telegram.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keep_trying: Callable[[], bool] = lambda: True

    async def post(self, *args: Any, **kwargs: Any) -> Any:
        delays: Iterator[float] | None = None
        failures, since = 0, time.monotonic()
        while True:
            try:
                result = await super().post(*args, **kwargs)
            except NetworkError as error:
                if isinstance(error, BadRequest) or not self.keep_trying():
                    raise
                delays = delays or backoff_delays()
                delay = next(delays)
                failures += 1
                log.warning("cannot reach Telegram (%s); trying again in %g s", _reason(error), delay)
                await asyncio.sleep(delay)
                continue
            if failures:
                log.warning("Telegram is reachable again, after %d failed attempt(s) over %.0f s",
                            failures, time.monotonic() - since)
            return result



async def wait_until_reachable(token: str, base_url: str) -> None:
    """Before start-up: ask Telegram who the bot is until it answers, with the same back-off and one
    line per try, so that a bot started while Telegram is out of reach waits instead of exiting."""
    async with Bot(token, base_url=base_url, request=PatientPolling()):
        pass

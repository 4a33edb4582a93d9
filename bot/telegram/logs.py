"""Logging for the bot: the token never reaches a log line, and message text stays out at INFO."""

from __future__ import annotations

import logging
import re

_TOKEN_IN_TEXT = re.compile(r"\d{3,15}:[A-Za-z0-9_-]{30,100}")


class RedactTokens(logging.Filter):
    """Belt and braces: whatever a library logs, anything shaped like a bot token is masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN_IN_TEXT.search(message):
            record.msg = _TOKEN_IN_TEXT.sub("<token>", message)
            record.args = ()
        return True


def setup_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level)
    # httpx logs every request URL at INFO, and Bot API URLs carry the token.
    # apscheduler reports every run of a repeating job at INFO: noise, not news.
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    redact = RedactTokens()
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)

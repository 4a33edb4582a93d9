"""Runs the real bot (`build_application`) against the fake Bot API server, for end-to-end tests."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import replace
from pathlib import Path
from typing import AsyncIterator

from telegram.ext import Application

from bot.config import Settings
from bot.engine import Engine
from bot.telegram.app import build_application
from tests.fakebot.server import FakeBotApi, run_application

ADMIN_ID = 1000


def settings_for(api: FakeBotApi, data_dir: Path, **overrides: object) -> Settings:
    settings = Settings(token=api.token, api_base_url=api.base_url, data_dir=data_dir,
                        admin_ids=frozenset({ADMIN_ID}))
    return replace(settings, **overrides)


@contextlib.asynccontextmanager
async def running_bot(api: FakeBotApi, data_dir: Path, engine: Engine | None = None, *,
                      rate_limit: bool = False, **overrides: object) -> AsyncIterator[Application]:
    """The whole application polling the fake server, started and stopped as run_polling does."""
    app = build_application(settings_for(api, data_dir, **overrides), engine=engine, rate_limit=rate_limit)
    async with run_application(app) as running:
        yield running


class CapturedLogs(logging.Handler):
    """Everything logged at DEBUG and above, formatted the way a log file would show it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        text = self.format(record)
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.lines.append(text)

    def text(self) -> str:
        return "\n".join(self.lines)

"""Runs the real bot (`build_application`) against the fake Bot API server, for end-to-end tests."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, AsyncIterator

from telegram.ext import Application

import bot.telegram.quiz as quiz
from bot.config import Settings
from bot.engine import Engine
from bot.storage import Database
from bot.telegram.app import build_application
from bot.telegram.guard import FloodGuard
from bot.telegram.services import KEY
from tests.fakebot.server import FakeBotApi, eventually, run_application

if TYPE_CHECKING:
    import pytest

ADMIN_ID = 1000
REPO_ROOT = Path(__file__).resolve().parents[1]


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


def flood_guard(app: Application) -> FloodGuard:
    """The application's flood guard (the gatekeeper in handler group -1)."""
    for handler in app.handlers.get(-1, []):
        if isinstance(handler.callback, FloodGuard):
            return handler.callback
    raise LookupError("no FloodGuard in handler group -1")


def bot_process(api: FakeBotApi, data_dir: Path, *args: str, code: str | None = None) -> subprocess.Popen:
    """`hrc-bot run` (or a `python -c` script, `code`, given `args`) as a real process against the fake.

    Its log (stderr) goes to data_dir/bot.log, a file rather than a pipe nobody reads while it runs.
    """
    env = {**os.environ, **api.env(), "HRC_DATA_DIR": str(data_dir), "HRC_ADMIN_IDS": str(ADMIN_ID)}
    env.pop("HRC_CONTENT_DIR", None)
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "bot", "run", *args]
    with open(data_dir / "bot.log", "ab") as log:
        return subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=log)


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


class ManualClock:
    """A clock that moves only when the test says so, shared by the bot and the fake Telegram.

    Quizzes score answers and close questions by `bot.telegram.quiz.CLOCK`, and the fake closes
    polls by its own `clock`: give both this one, and "the question's time is up" happens when the
    test calls `advance`, never because the machine was slow. With `path`, the time is also
    written to a file, for a bot running in another process to read.
    """

    def __init__(self, start: float | None = None, path: Path | None = None):
        self._now = time.time() if start is None else start
        self._lock = threading.Lock()
        self.path = path
        self._write()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds
        self._write()

    def _write(self) -> None:
        if self.path is not None:  # whole or not at all: the other process may read it any moment
            partial = self.path.with_suffix(".tmp")
            partial.write_text(repr(self._now), encoding="utf-8")
            os.replace(partial, self.path)


class QuizTime:
    """Class quizzes on a ManualClock: a question's time runs out when the test says `time_up`.

    The bot (quiz.CLOCK) and the fake Telegram (its poll closing) share the clock. The sweep runs
    every 50 ms of real time, so it notices within moments that the clock moved, and it is
    counted, so a test can wait for sweeps to have looked (`sweeps_pass`). An answer delivered
    more than LATE_SECONDS after its question closed is late; it is shortened to one second so
    that a test can reach "late" while the next question is still open.
    """

    LATE_SECONDS = 1.0

    def __init__(self, monkeypatch: pytest.MonkeyPatch, api: FakeBotApi):
        self.clock = ManualClock()
        api.clock = self.clock
        monkeypatch.setattr(quiz, "CLOCK", self.clock)
        monkeypatch.setattr(quiz, "SWEEP_SECONDS", 0.05)
        monkeypatch.setattr(quiz, "SWEEP_FIRST_SECONDS", 0.05)
        monkeypatch.setattr(quiz, "LATE_SECONDS", self.LATE_SECONDS)
        self.sweeps = 0
        real_sweep = quiz.sweep

        async def counted_sweep(context):  # type: ignore[no-untyped-def]
            await real_sweep(context)
            self.sweeps += 1

        monkeypatch.setattr(quiz, "sweep", counted_sweep)

    def time_up(self, open_period: float) -> None:
        """The current question's open period and the grace after it are over."""
        self.clock.advance(open_period + quiz.GRACE_SECONDS)

    async def sweeps_pass(self, count: int = 2) -> None:
        """Wait until `count` more sweeps have finished (each looks at every running quiz)."""
        start = self.sweeps
        await eventually(lambda: self.sweeps >= start + count, what=f"{count} quiz sweeps")


def recorded_answers(app: Application, chat_id: int) -> int:
    """Answers stored for the newest quiz in a chat."""
    store = app.bot_data[KEY].extras["quiz"].sessions.store
    run = store.latest_in(chat_id)
    return len(store.answers(run.id)) if run else 0


def rows_mentioning(db_path: Path, user_id: int) -> list[str]:
    """Every row, in every table, with a user- or chat-like column equal to the user's id."""
    db = Database(db_path)
    found = []
    for (table,) in db.query("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for column in db.query(f"PRAGMA table_info({table})"):
            name = column[1]
            if "user" in name or "chat" in name or name == "started_by":
                for row in db.query(f"SELECT * FROM {table} WHERE {name} = ?", (user_id,)):
                    found.append(f"{table}.{name}: {tuple(row)}")
    db.close()
    return found

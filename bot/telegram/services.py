"""What every handler needs, built once at start-up and kept in `application.bot_data`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from telegram.ext import CallbackContext

from ..config import Settings
from ..engine import Answer, Engine
from ..links import DeepLink
from ..storage import Database

QuestionListener = Callable[[Answer], None]
StartListener = Callable[[str, DeepLink | None], None]

KEY = "services"


@dataclass
class Services:
    engine: Engine
    settings: Settings
    db: Database
    # Features observe what happens without the Q&A code knowing them (statistics, campaigns).
    question_listeners: list[QuestionListener] = field(default_factory=list)
    start_listeners: list[StartListener] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    # Run at shutdown, before the database closes: what a feature still holds in memory is written.
    before_close: list[Callable[[], None]] = field(default_factory=list)
    # The process is this bot's alone (`hrc-bot run`): what start-up builds is settled (bot.engine.settle).
    settle: bool = False

    def question_answered(self, answer: Answer) -> None:
        for listener in self.question_listeners:
            listener(answer)

    def started(self, payload: str, link: DeepLink | None) -> None:
        for listener in self.start_listeners:
            listener(payload, link)


def services(context: CallbackContext) -> Services:  # type: ignore[type-arg]
    return context.application.bot_data[KEY]

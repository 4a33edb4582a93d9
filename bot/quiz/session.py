"""The quiz logic: start, ask, record, advance, finish, and what the results say. No Telegram here.

Two kinds of run share it. A *practice* run (a private chat) is self-paced: the next question
follows the student's answer. A *class* run (a group) is timed: each question is open for a
window, then the next one follows, and answers are scored per student. Every state change is a
compare-and-set in SQLite, so two callers (a timer and a restart, two answers at once) can never
both advance a question or both announce the results.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Callable

from .bank import Bank, QuizItem, poll_explanation
from .store import AskedQuestion, QuizAlreadyRunning, QuizRun, QuizStore

PRACTICE, CLASS = "practice", "class"
DEFAULT_QUESTIONS = {PRACTICE: 5, CLASS: 10}
MAX_QUESTIONS = 30
DEFAULT_OPEN_PERIOD = 20
OPEN_PERIOD_RANGE = (5, 600)  # Telegram's own limits for a poll's open_period

__all__ = ["QuizAlreadyRunning", "QuizSessions", "Standing", "QuestionResult", "Totals", "AnswerOutcome"]


@dataclass(frozen=True)
class AnswerOutcome:
    """What became of one poll answer."""

    status: str  # recorded | duplicate | late | closed | retracted | unknown
    question: AskedQuestion | None = None
    run: QuizRun | None = None

    @property
    def recorded(self) -> bool:
        return self.status == "recorded"


@dataclass(frozen=True)
class Standing:
    rank: int
    user_id: int
    name: str
    correct: int
    answered: int
    seconds: float  # total time taken on the correct answers: the tie-break, less is better


@dataclass(frozen=True)
class QuestionResult:
    question: AskedQuestion
    answered: int
    correct: int
    fastest: str | None  # the first to answer correctly


@dataclass(frozen=True)
class Review:
    """A question a student got wrong or left unanswered, with what they chose."""

    question: AskedQuestion
    chosen: str | None


@dataclass(frozen=True)
class Totals:
    quizzes: int
    answered: int
    correct: int
    topics: list[tuple[str, int, int]]  # (topic, answered, correct)


class QuizSessions:
    """Quiz runs over a bank and a store; `clock` is injectable so tests control time."""

    def __init__(self, store: QuizStore, bank: Bank, clock: Callable[[], float] = time.time):
        self.store = store
        self.bank = bank
        self.clock = clock

    # --- starting -----------------------------------------------------------------------------

    def start(self, *, chat_id: int, mode: str, user_id: int, topic: str | None = None, n: int | None = None,
              open_period: int | None = None, seed: int | None = None,
              item_ids: list[str] | None = None, language: str = "en") -> QuizRun:
        """A new run in the chat (QuizAlreadyRunning if one is on); its questions fixed by the seed and
        stored in `language`."""
        seed = secrets.randbelow(2**31) if seed is None else seed
        size = max(1, min(n or DEFAULT_QUESTIONS[mode], MAX_QUESTIONS))
        items = self.bank.draw(seed, topic, size, item_ids=item_ids, language=language)
        if not items:
            raise LookupError(f"no questions for topic {topic!r}")
        questions = [self.snapshot(i, item) for i, item in enumerate(items)]
        return self.store.create(chat_id=chat_id, mode=mode, started_by=user_id, topic=topic,
                                 open_period=open_period if mode == CLASS else None, seed=seed,
                                 questions=questions, now=self.clock(), language=language)

    def replay(self, quiz_id: int, *, chat_id: int, mode: str, user_id: int, open_period: int | None = None) -> QuizRun:
        """The same questions again, in a new order with options reshuffled, in the same language."""
        previous = self.store.get(quiz_id)
        if previous is None:
            raise LookupError(f"no quiz {quiz_id}")
        item_ids = [q.item_id for q in self.store.questions(quiz_id)] or None  # None: pruned, draw anew
        seed = secrets.randbelow(2**31)
        if seed == previous.seed:
            seed += 1
        return self.start(chat_id=chat_id, mode=mode, user_id=user_id, topic=previous.topic, n=previous.size,
                          open_period=open_period or previous.open_period, seed=seed, item_ids=item_ids,
                          language=previous.language)

    def snapshot(self, index: int, item: QuizItem) -> AskedQuestion:
        c = item.citation
        return AskedQuestion(index=index, item_id=item.id, topic=item.topic, difficulty=item.difficulty,
                             question=item.question, options=item.options, correct=item.correct,
                             explanation=poll_explanation(item, self.bank.content), source=c.source,
                             paragraph=c.paragraph, quote=c.quote)

    # --- asking -------------------------------------------------------------------------------

    def current(self, run: QuizRun) -> AskedQuestion | None:
        return self.store.question(run.id, run.current_index)

    def sent(self, run: QuizRun, question: AskedQuestion, *, poll_id: str, message_id: int,
             window: float | None) -> AskedQuestion:
        """The question went out as this poll; a class question closes `window` seconds from now."""
        now = self.clock()
        closes_at = now + window if window is not None else None
        self.store.mark_sent(run.id, question.index, poll_id=poll_id, message_id=message_id, sent_at=now,
                             closes_at=closes_at)
        return self.store.question(run.id, question.index) or question

    def advance(self, run: QuizRun, from_index: int) -> AskedQuestion | None:
        """Claim the move to the next question; the next question, or None (last one, or someone else moved)."""
        if not self.store.claim_advance(run.id, from_index):
            return None
        return self.store.question(run.id, from_index + 1)

    def is_last(self, run: QuizRun, index: int) -> bool:
        return index + 1 >= run.size

    def due(self, question: AskedQuestion, grace: float) -> float | None:
        """Seconds until a class question's time (plus grace) is over; 0 if over; None if not sent."""
        if question.sent_at is None or question.closes_at is None:
            return None
        return max(0.0, question.closes_at + grace - self.clock())

    def finish(self, run: QuizRun, reason: str) -> bool:
        """Close the run; True for the single caller that must now announce the results."""
        return self.store.claim_finish(run.id, reason, self.clock())

    def reported(self, run: QuizRun) -> None:
        self.store.mark_reported(run.id, self.clock())

    # --- answering ----------------------------------------------------------------------------

    def record(self, *, poll_id: str, user_id: int, name: str, option_ids: list[int] | tuple[int, ...],
               grace: float, online_since: float) -> AnswerOutcome:
        """Score one poll answer, committed on its own; the first answer of a user counts.

        A class answer that arrives more than `grace` seconds after its question closed is late and
        not scored — unless the question closed while the bot was down (before `online_since`):
        Telegram takes no votes on a closed poll, so such an answer was given in time and merely
        delivered after the restart.
        """
        if not option_ids:
            return AnswerOutcome("retracted")
        now = self.clock()

        def judge(question: AskedQuestion, run: QuizRun) -> str | None:
            if not run.running:
                return "closed"
            if question.sent_at is None or question.index > run.current_index:
                return "unknown"
            closes = question.closes_at
            if closes is not None and now > closes + grace and closes >= online_since:
                return "late"
            if not 0 <= option_ids[0] < len(question.options):
                return "unknown"
            return None

        status, question, run = self.store.record_answer(
            poll_id=poll_id, user_id=user_id, name=name, option=option_ids[0], now=now, judge=judge)
        return AnswerOutcome(status, question, run)

    # --- results ------------------------------------------------------------------------------

    def leaderboard(self, quiz_id: int) -> list[Standing]:
        """Everyone who answered, by correct answers, ties broken by less time on them."""
        names = self.store.players(quiz_id)
        tally: dict[int, list[float]] = {}
        for a in self.store.answers(quiz_id):
            correct, answered, seconds = tally.setdefault(a.user_id, [0, 0, 0.0])
            tally[a.user_id] = [correct + a.correct, answered + 1, seconds + (a.elapsed if a.correct else 0.0)]
        ordered = sorted(tally.items(), key=lambda kv: (-kv[1][0], round(kv[1][2], 3), names.get(kv[0], ""), kv[0]))
        standings: list[Standing] = []
        for position, (user_id, (correct, answered, seconds)) in enumerate(ordered, start=1):
            previous = standings[-1] if standings else None
            tied = previous is not None and previous.correct == correct and round(previous.seconds, 3) == round(seconds, 3)
            rank = previous.rank if tied and previous else position
            standings.append(Standing(rank, user_id, names.get(user_id, str(user_id)), int(correct),
                                      int(answered), float(seconds)))
        return standings

    def results(self, quiz_id: int) -> list[QuestionResult]:
        """Per question asked: how many answered, how many were right, who was fastest and right."""
        names = self.store.players(quiz_id)
        answers = self.store.answers(quiz_id)
        results = []
        for question in self.store.questions(quiz_id):
            if question.sent_at is None:
                continue  # never asked (the quiz was stopped before it)
            mine = [a for a in answers if a.question_index == question.index]
            right = sorted((a for a in mine if a.correct), key=lambda a: a.elapsed)
            results.append(QuestionResult(question, len(mine), len(right),
                                          names.get(right[0].user_id) if right else None))
        return results

    def score(self, quiz_id: int, user_id: int) -> tuple[int, int]:
        """(correct answers, questions asked) of one user in one run."""
        asked = sum(1 for q in self.store.questions(quiz_id) if q.sent_at is not None)
        correct = sum(1 for a in self.store.answers(quiz_id) if a.user_id == user_id and a.correct)
        return correct, asked

    def review(self, quiz_id: int, user_id: int) -> list[Review]:
        """What to go over again: every asked question the user got wrong or did not answer."""
        chosen = {a.question_index: a for a in self.store.answers(quiz_id) if a.user_id == user_id}
        items = []
        for question in self.store.questions(quiz_id):
            if question.sent_at is None:
                continue
            answer = chosen.get(question.index)
            if answer is None or not answer.correct:
                items.append(Review(question, question.options[answer.option] if answer else None))
        return items

    def totals(self, user_id: int) -> Totals:
        rows = self.store.user_topic_totals(user_id)
        topics = [(r["topic"], int(r["answered"]), int(r["correct"] or 0)) for r in rows]
        return Totals(self.store.user_quiz_count(user_id), sum(t[1] for t in topics), sum(t[2] for t in topics), topics)

    # --- who may do what ----------------------------------------------------------------------

    @staticmethod
    def may_control(run: QuizRun, user_id: int, is_chat_admin: bool) -> bool:
        """Stopping a run, or starting over it: its starter or a chat administrator."""
        return is_chat_admin or (run.started_by != 0 and run.started_by == user_id)

"""Quiz runs, the questions they asked and every answer, in SQLite (one transaction per write).

The questions are stored as they were asked (text, option order, correct option, citation), so a
run survives a restart and a content update alike. An answer is keyed UNIQUE(quiz, question,
user) and inserted with INSERT OR IGNORE: a redelivered update or a second vote never counts twice.
At most one quiz runs per chat, enforced by a partial unique index rather than by code.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Callable

from ..storage import Database

MIGRATION = "quiz_v1"
SCHEMA = [
    """CREATE TABLE quiz_runs (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('practice', 'class')),
        started_by INTEGER NOT NULL,
        topic TEXT,
        open_period INTEGER,
        seed INTEGER NOT NULL,
        size INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'finished')),
        current_index INTEGER NOT NULL DEFAULT 0,
        finish_reason TEXT,
        created_at REAL NOT NULL,
        finished_at REAL,
        reported_at REAL
    )""",
    "CREATE UNIQUE INDEX quiz_runs_one_per_chat ON quiz_runs(chat_id) WHERE status = 'running'",
    """CREATE TABLE quiz_questions (
        quiz_id INTEGER NOT NULL REFERENCES quiz_runs(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        item_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        difficulty TEXT NOT NULL,
        question TEXT NOT NULL,
        options TEXT NOT NULL,
        correct INTEGER NOT NULL,
        explanation TEXT NOT NULL,
        source TEXT NOT NULL,
        paragraph INTEGER NOT NULL,
        quote TEXT NOT NULL,
        poll_id TEXT UNIQUE,
        message_id INTEGER,
        sent_at REAL,
        closes_at REAL,
        PRIMARY KEY (quiz_id, idx)
    )""",
    """CREATE TABLE quiz_answers (
        quiz_id INTEGER NOT NULL,
        question_index INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        option INTEGER NOT NULL,
        correct INTEGER NOT NULL,
        answered_at REAL NOT NULL,
        elapsed REAL NOT NULL,
        UNIQUE (quiz_id, question_index, user_id),
        FOREIGN KEY (quiz_id, question_index) REFERENCES quiz_questions(quiz_id, idx) ON DELETE CASCADE
    )""",
    "CREATE INDEX quiz_answers_user ON quiz_answers(user_id)",
    """CREATE TABLE quiz_players (
        quiz_id INTEGER NOT NULL REFERENCES quiz_runs(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (quiz_id, user_id)
    )""",
]
# The language a run speaks (its questions are stored in it; its results follow it after a restart).
LANGUAGE_MIGRATION = "quiz_v2_language"
LANGUAGE_SCHEMA = ["ALTER TABLE quiz_runs ADD COLUMN language TEXT NOT NULL DEFAULT 'en'"]


class QuizAlreadyRunning(Exception):
    """The chat already has a running quiz (one per chat)."""


@dataclass(frozen=True)
class QuizRun:
    id: int
    chat_id: int
    mode: str  # practice (private, self-paced) | class (group, timed)
    started_by: int
    topic: str | None
    open_period: int | None
    seed: int
    size: int
    status: str  # running | finished
    current_index: int
    finish_reason: str | None
    created_at: float
    finished_at: float | None
    reported_at: float | None
    language: str = "en"

    @property
    def running(self) -> bool:
        return self.status == "running"


@dataclass(frozen=True)
class AskedQuestion:
    """A question as a quiz asks it: fixed option order, the correct option, the citation, the poll."""

    index: int
    item_id: str
    topic: str
    difficulty: str
    question: str
    options: tuple[str, ...]
    correct: int
    explanation: str
    source: str
    paragraph: int
    quote: str
    quiz_id: int = 0
    poll_id: str | None = None
    message_id: int | None = None
    sent_at: float | None = None
    closes_at: float | None = None

    @property
    def answer(self) -> str:
        return self.options[self.correct]


@dataclass(frozen=True)
class RecordedAnswer:
    quiz_id: int
    question_index: int
    user_id: int
    option: int
    correct: bool
    answered_at: float
    elapsed: float


# The session decides whether an answer counts; it is asked inside the answer's own transaction.
Judge = Callable[[AskedQuestion, QuizRun], str | None]


def _run(row: sqlite3.Row) -> QuizRun:
    return QuizRun(**{k: row[k] for k in row.keys()})


def _question(row: sqlite3.Row) -> AskedQuestion:
    data = {k: row[k] for k in row.keys()}
    data["index"] = data.pop("idx")
    data["options"] = tuple(json.loads(data["options"]))
    return AskedQuestion(**data)


class QuizStore:
    def __init__(self, db: Database):
        self.db = db
        db.migrate(MIGRATION, SCHEMA)
        db.migrate(LANGUAGE_MIGRATION, LANGUAGE_SCHEMA)
        db.on_forget(self._forget)
        db.on_prune(self._prune)

    @staticmethod
    def _forget(conn: sqlite3.Connection, user_id: int) -> None:
        """/forgetme: the user's answers, names and practice runs go; class runs lose the starter."""
        conn.execute("DELETE FROM quiz_answers WHERE user_id = ?", (user_id,))
        conn.execute("DELETE FROM quiz_players WHERE user_id = ?", (user_id,))
        conn.execute("DELETE FROM quiz_runs WHERE mode = 'practice' AND chat_id = ?", (user_id,))
        conn.execute("UPDATE quiz_runs SET started_by = 0 WHERE started_by = ?", (user_id,))

    @staticmethod
    def _prune(conn: sqlite3.Connection, cutoff: float) -> int:
        """Retention. A run finished before the cutoff keeps only that a quiz was played (for /stats):
        its answers, players' names and questions go, and so does who started it and, for practice,
        whose chat it was. A practice run started before the cutoff and never finished was abandoned:
        it goes whole. /score counts what is left, the quizzes of the retention period."""
        finished = "SELECT id FROM quiz_runs WHERE status = 'finished' AND finished_at < ?"
        deleted = 0
        for table in ("quiz_answers", "quiz_players", "quiz_questions"):
            deleted += conn.execute(f"DELETE FROM {table} WHERE quiz_id IN ({finished})", (cutoff,)).rowcount
        conn.execute(f"UPDATE quiz_runs SET started_by = 0, chat_id = CASE mode WHEN 'practice' THEN 0 ELSE chat_id END"
                     f" WHERE id IN ({finished}) AND (started_by != 0 OR (mode = 'practice' AND chat_id != 0))",
                     (cutoff,))
        return deleted + conn.execute(
            "DELETE FROM quiz_runs WHERE mode = 'practice' AND status = 'running' AND created_at < ?", (cutoff,)).rowcount

    # --- runs -----------------------------------------------------------------------------------

    def create(self, *, chat_id: int, mode: str, started_by: int, topic: str | None, open_period: int | None,
               seed: int, questions: list[AskedQuestion], now: float, language: str = "en") -> QuizRun:
        """A new running quiz with its questions, in one transaction; QuizAlreadyRunning if the chat has one."""
        try:
            with self.db.transaction() as conn:
                cursor = conn.execute(
                    "INSERT INTO quiz_runs(chat_id, mode, started_by, topic, open_period, seed, size, created_at,"
                    " language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (chat_id, mode, started_by, topic, open_period, seed, len(questions), now, language))
                quiz_id = int(cursor.lastrowid or 0)
                conn.executemany(
                    "INSERT INTO quiz_questions(quiz_id, idx, item_id, topic, difficulty, question, options, correct,"
                    " explanation, source, paragraph, quote) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(quiz_id, i, q.item_id, q.topic, q.difficulty, q.question, json.dumps(list(q.options)),
                      q.correct, q.explanation, q.source, q.paragraph, q.quote) for i, q in enumerate(questions)])
        except sqlite3.IntegrityError as exc:
            if "quiz_runs.chat_id" in str(exc):
                raise QuizAlreadyRunning(chat_id) from None
            raise
        run = self.get(quiz_id)
        assert run is not None
        return run

    def get(self, quiz_id: int) -> QuizRun | None:
        rows = self.db.query("SELECT * FROM quiz_runs WHERE id = ?", (quiz_id,))
        return _run(rows[0]) if rows else None

    def running_in(self, chat_id: int) -> QuizRun | None:
        rows = self.db.query("SELECT * FROM quiz_runs WHERE chat_id = ? AND status = 'running'", (chat_id,))
        return _run(rows[0]) if rows else None

    def running(self) -> list[QuizRun]:
        return [_run(r) for r in self.db.query("SELECT * FROM quiz_runs WHERE status = 'running' ORDER BY id")]

    def unreported(self) -> list[QuizRun]:
        """Finished runs whose results were never sent (the bot stopped in between)."""
        return [_run(r) for r in self.db.query(
            "SELECT * FROM quiz_runs WHERE status = 'finished' AND reported_at IS NULL ORDER BY id")]

    def latest_in(self, chat_id: int) -> QuizRun | None:
        rows = self.db.query("SELECT * FROM quiz_runs WHERE chat_id = ? ORDER BY id DESC LIMIT 1", (chat_id,))
        return _run(rows[0]) if rows else None

    def claim_advance(self, quiz_id: int, from_index: int) -> bool:
        """Move a running quiz from question `from_index` to the next; True for the one caller that did."""
        return self.db.execute(
            "UPDATE quiz_runs SET current_index = current_index + 1"
            " WHERE id = ? AND status = 'running' AND current_index = ? AND current_index + 1 < size",
            (quiz_id, from_index)) == 1

    def claim_finish(self, quiz_id: int, reason: str, now: float) -> bool:
        """Close a running quiz; True for the one caller that closed it (and must report results)."""
        return self.db.execute(
            "UPDATE quiz_runs SET status = 'finished', finish_reason = ?, finished_at = ?"
            " WHERE id = ? AND status = 'running'", (reason, now, quiz_id)) == 1

    def mark_reported(self, quiz_id: int, now: float) -> None:
        self.db.execute("UPDATE quiz_runs SET reported_at = ? WHERE id = ?", (now, quiz_id))

    # --- questions ------------------------------------------------------------------------------

    def questions(self, quiz_id: int) -> list[AskedQuestion]:
        return [_question(r) for r in self.db.query(
            "SELECT * FROM quiz_questions WHERE quiz_id = ? ORDER BY idx", (quiz_id,))]

    def question(self, quiz_id: int, index: int) -> AskedQuestion | None:
        rows = self.db.query("SELECT * FROM quiz_questions WHERE quiz_id = ? AND idx = ?", (quiz_id, index))
        return _question(rows[0]) if rows else None

    def mark_sent(self, quiz_id: int, index: int, *, poll_id: str, message_id: int, sent_at: float,
                  closes_at: float | None) -> None:
        """Remember the poll a question went out as: poll_answer updates name only the poll."""
        self.db.execute(
            "UPDATE quiz_questions SET poll_id = ?, message_id = ?, sent_at = ?, closes_at = ?"
            " WHERE quiz_id = ? AND idx = ?", (poll_id, message_id, sent_at, closes_at, quiz_id, index))

    # --- answers --------------------------------------------------------------------------------

    def record_answer(self, *, poll_id: str, user_id: int, name: str, option: int, now: float,
                      judge: Judge) -> tuple[str, AskedQuestion | None, QuizRun | None]:
        """One answer in its own transaction: ('recorded' | 'duplicate' | why the judge refused, …).

        'unknown' when the poll is not one of ours. The first answer of a user to a question is
        the one that counts; later ones (a redelivered update, a changed vote) are 'duplicate'.
        """
        with self.db.transaction() as conn:
            row = conn.execute("SELECT * FROM quiz_questions WHERE poll_id = ?", (poll_id,)).fetchone()
            if row is None:
                return "unknown", None, None
            question = _question(row)
            run = _run(conn.execute("SELECT * FROM quiz_runs WHERE id = ?", (question.quiz_id,)).fetchone())
            refusal = judge(question, run)
            if refusal is not None:
                return refusal, question, run
            elapsed = max(0.0, now - (question.sent_at or now))
            inserted = conn.execute(
                "INSERT OR IGNORE INTO quiz_answers(quiz_id, question_index, user_id, option, correct, answered_at,"
                " elapsed) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (question.quiz_id, question.index, user_id, option, int(option == question.correct), now, elapsed),
            ).rowcount
            if not inserted:
                return "duplicate", question, run
            conn.execute(
                "INSERT INTO quiz_players(quiz_id, user_id, name) VALUES (?, ?, ?)"
                " ON CONFLICT(quiz_id, user_id) DO UPDATE SET name = excluded.name",
                (question.quiz_id, user_id, name))
            return "recorded", question, run

    def answers(self, quiz_id: int) -> list[RecordedAnswer]:
        return [RecordedAnswer(r["quiz_id"], r["question_index"], r["user_id"], r["option"], bool(r["correct"]),
                               r["answered_at"], r["elapsed"])
                for r in self.db.query(
                    "SELECT * FROM quiz_answers WHERE quiz_id = ? ORDER BY question_index, answered_at", (quiz_id,))]

    def players(self, quiz_id: int) -> dict[int, str]:
        return {r["user_id"]: r["name"] for r in self.db.query(
            "SELECT user_id, name FROM quiz_players WHERE quiz_id = ?", (quiz_id,))}

    def user_topic_totals(self, user_id: int) -> list[sqlite3.Row]:
        """Per topic: answers and correct answers of one user, over every quiz."""
        return self.db.query(
            "SELECT q.topic AS topic, COUNT(*) AS answered, SUM(a.correct) AS correct"
            " FROM quiz_answers a JOIN quiz_questions q ON q.quiz_id = a.quiz_id AND q.idx = a.question_index"
            " WHERE a.user_id = ? GROUP BY q.topic ORDER BY q.topic", (user_id,))

    def user_quiz_count(self, user_id: int) -> int:
        rows = self.db.query("SELECT COUNT(DISTINCT quiz_id) AS n FROM quiz_answers WHERE user_id = ?", (user_id,))
        return int(rows[0]["n"]) if rows else 0

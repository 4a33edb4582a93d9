"""Bounded storage: after HRC_RETENTION_DAYS the texts, answers and delivery rows go; the counts stay.

A real SQLite file, written through the features' own stores at explicit times, then pruned.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import pytest

import bot.telegram.app as app_module
from bot import strings
from bot.config import DEFAULT_RETENTION_DAYS, ConfigError, Settings
from bot.outreach.outbox import Outbox, compose_plain
from bot.outreach.stats import FALLBACK, Stats
from bot.outreach.subscriptions import Subscriptions
from bot.quiz.bank import Bank
from bot.quiz.session import CLASS, PRACTICE, QuizSessions
from bot.quiz.store import QuizStore
from bot.storage import Database
from tests.botharness import ManualClock, rows_mentioning, running_bot
from tests.fakebot import eventually, fake_api  # noqa: F401 - fake_api is a fixture
from tests.fakebot import updates as U

DAY = 24 * 60 * 60
NOW = datetime(2027, 6, 1, 12, 0, tzinfo=timezone.utc).timestamp()
GROUP = -100_4242
TEACHER, ANA, BEN, CLEO = 1, 11, 12, 13  # Ana plays now and then, Ben and Cleo only long ago
SUBSCRIBERS = [21, 22, 23, 24, 25]
_polls = itertools.count(1)


@pytest.mark.parametrize(("raw", "days"), [("", DEFAULT_RETENTION_DAYS), ("30", 30), (" 730 ", 730), ("1", 1)])
def test_retention_days_come_from_the_environment(raw, days):
    assert Settings.from_env({"HRC_RETENTION_DAYS": raw}).retention_days == days
    assert Settings.from_env({}).retention_days == 365


@pytest.mark.parametrize("raw", ["0", "-5", "1.5", "a year", "3651"])
def test_a_malformed_retention_period_is_refused_naming_the_variable(raw):
    with pytest.raises(ConfigError, match=r"HRC_RETENTION_DAYS must be a whole number of days from 1 to 3650"):
        Settings.from_env({"HRC_RETENTION_DAYS": raw})


def play(sessions: QuizSessions, *, chat_id: int, mode: str, player: int, starter: int, n: int = 2,
         finish: bool = True) -> int:
    """A quiz in which `player` answers every question right; returns its id."""
    run = sessions.start(chat_id=chat_id, mode=mode, user_id=starter, n=n, open_period=20 if mode == CLASS else None)
    for index in range(n if finish else 1):
        run = sessions.store.get(run.id)
        question = sessions.current(run)
        sent = sessions.sent(run, question, poll_id=f"poll{next(_polls)}", message_id=next(_polls),
                             window=20.0 if mode == CLASS else None)
        outcome = sessions.record(poll_id=sent.poll_id, user_id=player, name=f"User{player}",
                                  option_ids=[sent.correct], grace=30.0, online_since=0.0)
        assert outcome.recorded
        if index + 1 < n:
            sessions.advance(run, index)
    if finish:
        assert sessions.finish(run, "completed")
    return run.id


def deliver(box: Outbox, outcomes: list[str]) -> None:
    """The sender's part, one row at a time: each pending row ends as told (or stays pending)."""
    for outcome in outcomes:
        delivery = box.claim_next()
        assert delivery is not None
        {"sent": box.mark_sent, "blocked": box.mark_blocked,
         "failed": lambda d: box.mark_failed(d, "rejected: chat not found"),
         "unknown": lambda d: box.mark_unknown(d, "interrupted while sending"),
         "retry much later": lambda d: box.retry_later(d, 10**9, "server error")}[outcome](delivery)


def test_pruning_deletes_old_texts_answers_and_delivery_rows_and_keeps_every_count(tmp_path, engine):
    path = tmp_path / "hrc-bot.sqlite3"
    clock = ManualClock(start=NOW - 400 * DAY)
    db = Database(path)
    stats = Stats(db, today=lambda: datetime.fromtimestamp(clock(), timezone.utc).date())
    sessions = QuizSessions(QuizStore(db), Bank.build(engine.content), clock=clock)
    subscriptions, box = Subscriptions(db), Outbox(db, clock=clock)
    for user in SUBSCRIBERS:
        subscriptions.subscribe(user)

    # 400 days ago: questions nobody could answer, quizzes, a broadcast delivered (one row still pending)
    for question in ("how do I bake sourdough bread", "is there a tram to the airport", "what is a human rights city"):
        stats.record_question(engine.ask(question))
    old_class = play(sessions, chat_id=GROUP, mode=CLASS, player=BEN, starter=TEACHER)
    old_practice = play(sessions, chat_id=BEN, mode=PRACTICE, player=BEN, starter=BEN)
    abandoned = play(sessions, chat_id=CLEO, mode=PRACTICE, player=CLEO, starter=CLEO, finish=False)
    old_ana = play(sessions, chat_id=ANA, mode=PRACTICE, player=ANA, starter=ANA)
    old_broadcast, _ = box.enqueue(compose_plain("The council votes on Friday."))
    deliver(box, ["sent", "blocked", "failed", "unknown", "retry much later"])

    # 10 days ago: one of the old questions again, a quiz of Ana's, a broadcast half delivered
    clock.advance(390 * DAY)
    stats.record_question(engine.ask("is there a tram to the airport"))
    recent_ana = play(sessions, chat_id=ANA, mode=PRACTICE, player=ANA, starter=ANA, n=3)
    recent_broadcast, _ = box.enqueue(compose_plain("The charter passed."))
    deliver(box, ["sent", "sent"])

    counts = db.query("SELECT day, key, count FROM question_counts ORDER BY day, key")
    status = {s.id: s for s in box.status()}
    plays = stats.report(days=500).quiz_plays
    assert [r[0] for r in db.query("SELECT sample FROM unanswered ORDER BY sample")] == [
        "how do I bake sourdough bread", "is there a tram to the airport"]

    clock.advance(10 * DAY)  # today
    deleted = db.prune(clock() - 365 * DAY)

    assert deleted > 0 and db.prune(clock() - 365 * DAY) == 0, "a second run finds nothing more"
    # The words of a question not asked since go; one asked again lately stays; every count stays.
    assert [r[0] for r in db.query("SELECT sample FROM unanswered")] == ["is there a tram to the airport"]
    assert db.query("SELECT day, key, count FROM question_counts ORDER BY day, key") == counts
    assert dict((r[1], r[2]) for r in counts)[FALLBACK] >= 1
    # Old quizzes: answers, names and questions gone; each still counts as a quiz played, by nobody.
    assert sessions.totals(ANA).answered == 3 and sessions.totals(ANA).quizzes == 1, "/score: the last year"
    assert sessions.totals(BEN).answered == 0
    for quiz_id in (old_class, old_practice, old_ana):
        assert sessions.store.answers(quiz_id) == [] and sessions.store.questions(quiz_id) == []
        assert sessions.store.players(quiz_id) == {} and sessions.store.get(quiz_id).started_by == 0
    assert sessions.store.get(old_class).chat_id == GROUP, "a group is no one's personal data"
    assert sessions.store.get(old_practice).chat_id == 0, "a practice chat is the student's own"
    assert sessions.store.get(abandoned) is None, "a practice quiz left unfinished for a year goes whole"
    assert len(sessions.store.answers(recent_ana)) == 3
    assert stats.report(days=500).quiz_plays == plays - 1
    # Delivery rows: the old broadcast's settled rows go, its pending row and its counts stay.
    assert [tuple(r) for r in db.query("SELECT broadcast_id, state FROM outbox ORDER BY broadcast_id, user_id")] == [
        (old_broadcast, "pending"), (recent_broadcast, "sent"), (recent_broadcast, "sent"),
        (recent_broadcast, "pending"), (recent_broadcast, "pending")]
    assert {s.id: s for s in box.status()} == status
    # Ben and Cleo, who played only long ago and never subscribed, have left no trace.
    db.close()
    assert rows_mentioning(path, BEN) == [] and rows_mentioning(path, CLEO) == []
    assert rows_mentioning(path, ANA), "Ana's quiz of last week is still hers"


def test_play_again_on_a_pruned_quiz_starts_a_new_one_on_its_topic(tmp_path, engine):
    clock = ManualClock(start=NOW - 400 * DAY)
    db = Database(tmp_path / "hrc-bot.sqlite3")
    sessions = QuizSessions(QuizStore(db), Bank.build(engine.content), clock=clock)
    old = play(sessions, chat_id=GROUP, mode=CLASS, player=BEN, starter=TEACHER, n=3)
    clock.advance(400 * DAY)
    db.prune(clock() - 365 * DAY)
    again = sessions.replay(old, chat_id=GROUP, mode=CLASS, user_id=TEACHER)
    assert again.size == 3 and len(sessions.store.questions(again.id)) == 3
    db.close()


async def test_the_daily_job_prunes_at_start_up_and_privacy_states_the_period(fake_api, tmp_path, engine, monkeypatch):
    monkeypatch.setattr(app_module, "RETENTION_FIRST_SECONDS", 0)
    db = Database(tmp_path / "hrc-bot.sqlite3")
    forty_days_ago = (datetime.now(timezone.utc) - timedelta(days=40)).date()
    Stats(db, today=lambda: forty_days_ago).record_question(engine.ask("how do I bake sourdough bread"))
    db.close()

    def unanswered() -> int:
        check = Database(tmp_path / "hrc-bot.sqlite3")
        try:
            return int(check.query("SELECT COUNT(*) FROM unanswered")[0][0])
        finally:
            check.close()

    async with running_bot(fake_api, tmp_path, engine, retention_days=30) as app:
        await eventually(lambda: unanswered() == 0, what="the retention job")
        fake_api.push_update(U.command(ANA, "/privacy"))
        privacy = await fake_api.wait_for("sendMessage", chat_id=ANA)
    assert app.bot_data["services"].settings.retention_days == 30
    assert "after 30 days" in privacy["text"] and "{days}" not in privacy["text"]
    assert privacy["text"].startswith(strings.text("privacy", days=30))

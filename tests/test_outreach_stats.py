"""What people ask: counted per day and intent without user ids; unanswered questions kept as text only."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone

import pytest
import yaml

from bot.cli import main
from bot.links import DeepLink
from bot.outreach.stats import FALLBACK, GAP_PREFIX, Stats, redact, render_report, unanswered_csv, unanswered_yaml
from bot.outreach.subscriptions import Subscriptions
from bot.storage import Database

FALLBACK_QUESTION = "what is the best pizza topping in naples"


@pytest.fixture
def db(tmp_path):
    database = Database(tmp_path / "hrc-bot.sqlite3")
    yield database
    database.close()


class Clock:
    def __init__(self, day: date):
        self.day = day

    def __call__(self) -> date:
        return self.day


def test_questions_are_counted_per_day_and_intent(db, engine):
    clock = Clock(date(2025, 3, 1))
    stats = Stats(db, today=clock)
    for question in ["What is a Human Rights City?", "what is a human rights city", "What are the three duties?"]:
        stats.record_question(engine.ask(question))
    clock.day = date(2025, 3, 2)
    stats.record_question(engine.ask(FALLBACK_QUESTION))
    stats.record_question(engine.ask("🙂"))  # no words: not a question
    report = stats.report(days=2)
    assert report.per_day == [("2025-03-01", 3), ("2025-03-02", 1)]
    assert report.top[0] == ("what_is_hrc", 2)
    assert dict(report.top)[FALLBACK] == 1
    assert report.total == 4 and report.fallbacks == 1 and report.fallback_rate == 0.25


def test_no_table_holds_a_user_id_or_the_text_of_answered_questions(db, engine):
    stats = Stats(db)
    stats.record_question(engine.ask("What is a Human Rights City?"))
    stats.record_question(engine.ask(FALLBACK_QUESTION))
    stats.record_start("duties__spring", DeepLink("topic", "duties", "spring"))
    for table in ("question_counts", "unanswered", "starts"):
        columns = {r[1] for r in db.query(f"PRAGMA table_info({table})")}
        assert not columns & {"user_id", "chat_id", "user", "chat"}
    dumped = " ".join(str(tuple(r)) for t in ("question_counts", "unanswered", "starts")
                      for r in db.query(f"SELECT * FROM {t}"))
    assert "Human Rights City?" not in dumped
    assert "pizza" in dumped  # unanswered: text only


def test_gaps_and_close_calls_are_counted_apart_from_fallbacks(db, engine):
    stats = Stats(db)
    gap = next(i for i in engine.content.intents.values() if i.kind == "gap")
    answer = engine.answer_for(gap.id)
    assert answer is not None and answer.outcome == "gap"
    stats.record_question(answer)
    report = stats.report()
    assert report.top == [(GAP_PREFIX + gap.id, 1)] and report.gaps == 1 and report.fallbacks == 0
    assert stats.unanswered() == []


def test_unanswered_questions_are_grouped_most_frequent_first_with_last_seen(db, engine):
    clock = Clock(date(2025, 1, 1))
    stats = Stats(db, today=clock)
    stats.record_question(engine.ask("how do I bake sourdough bread"))
    for day in (2, 3, 4):
        clock.day = date(2025, 1, day)
        stats.record_question(engine.ask(f"{FALLBACK_QUESTION}{'?' * day}"))  # same words, other punctuation
    items = stats.unanswered()
    assert [(i.count, i.last_seen) for i in items] == [(3, "2025-01-04"), (1, "2025-01-01")]
    assert items[0].question.startswith(FALLBACK_QUESTION)


def test_personal_details_are_blanked_before_a_question_is_kept():
    kept = redact("call me on +82 10 1234 5678 or mail jo.doe@example.org, I'm @jodoe, see https://x.y/z in 2015")
    assert "1234" not in kept and "example.org" not in kept and "jodoe" not in kept and "x.y" not in kept
    assert "<number>" in kept and "<email>" in kept and "<username>" in kept and "<link>" in kept
    assert "2015" in kept, "years are part of real questions"
    assert len(redact("why " * 200)) <= 300


def test_unanswered_exports_paste_as_intent_examples(db, engine):
    stats = Stats(db)
    for question in [FALLBACK_QUESTION, FALLBACK_QUESTION, 'is "Atlantis": a #human rights city?']:
        stats.record_question(engine.ask(question))
    items = stats.unanswered()
    parsed = yaml.safe_load(unanswered_yaml(items))
    assert parsed["examples"] == [i.question for i in items]
    assert parsed["examples"][0] == FALLBACK_QUESTION
    rows = list(csv.DictReader(io.StringIO(unanswered_csv(items))))
    assert rows[0] == {"question": FALLBACK_QUESTION, "count": "2", "last_seen": items[0].last_seen}
    assert yaml.safe_load(unanswered_yaml([])) == {"examples": []}


def test_starts_are_counted_per_target_and_campaign(db):
    stats = Stats(db)
    stats.record_start("duties__spring", DeepLink("topic", "duties", "spring"))
    stats.record_start("duties__spring", DeepLink("topic", "duties", "spring"))
    stats.record_start("duties", DeepLink("topic", "duties", None))
    stats.record_start("nonsense__x", None)
    report = stats.report()
    assert report.starts == [("duties", "spring", 2), ("_unknown", "", 1), ("duties", "", 1)]
    assert "campaign spring" in render_report(report)


def test_report_counts_subscribers_and_quiz_plays_when_the_quiz_table_exists(db):
    stats = Stats(db)
    assert stats.report().quiz_plays is None
    Subscriptions(db).subscribe(5)
    db.execute("CREATE TABLE quiz_runs (id INTEGER PRIMARY KEY, created_at REAL NOT NULL)")
    db.execute("INSERT INTO quiz_runs(created_at) VALUES (strftime('%s', 'now'))")
    db.execute("INSERT INTO quiz_runs(created_at) VALUES (0)")  # long ago: outside the window
    report = stats.report()
    assert report.subscribers == 1 and report.quiz_plays == 1
    assert "Quizzes played: 1" in render_report(report)


def test_cli_stats_and_unanswered(tmp_path, monkeypatch, capsys, engine):
    monkeypatch.setenv("HRC_DATA_DIR", str(tmp_path))
    db = Database(tmp_path / "hrc-bot.sqlite3")
    stats = Stats(db)
    stats.record_question(engine.ask("What is a Human Rights City?"))
    stats.record_question(engine.ask(FALLBACK_QUESTION))
    db.close()
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "2 question(s): 1 not answered (50% fallback rate)" in out
    assert "what_is_hrc (What is a Human Rights City?)" in out
    assert main(["unanswered", "--format", "yaml"]) == 0
    assert yaml.safe_load(capsys.readouterr().out) == {"examples": [FALLBACK_QUESTION]}
    assert main(["unanswered"]) == 0
    assert capsys.readouterr().out.splitlines() == ["question,count,last_seen",
                                                    f"{FALLBACK_QUESTION},1,{datetime.now(timezone.utc).date().isoformat()}"]


def test_cli_stats_plot(tmp_path, monkeypatch, capsys):
    pytest.importorskip("matplotlib")
    monkeypatch.setenv("HRC_DATA_DIR", str(tmp_path))
    out = tmp_path / "stats.png"
    assert main(["stats", "--plot", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_questions_counted_together_count_as_one_after_the_other(tmp_path, engine):
    questions = ["What is a Human Rights City?", FALLBACK_QUESTION, "what is a human rights city", "🙂",
                 FALLBACK_QUESTION + "?", "how do I bake sourdough bread", "What are the three duties?"]
    answers = [engine.ask(q) for q in questions]
    tables = []
    for batched in (False, True):
        db = Database(tmp_path / f"batched-{batched}.sqlite3")
        stats = Stats(db, today=lambda: date(2025, 3, 1))
        if batched:
            stats.record_questions(answers[:3])
            stats.record_questions(answers[3:])
        else:
            for answer in answers:
                stats.record_question(answer)
        tables.append([[tuple(r) for r in db.query(f"SELECT * FROM {t} ORDER BY 1, 2")]
                       for t in ("question_counts", "unanswered")])
        db.close()
    assert tables[0] == tables[1]
    counts = dict((key, n) for _, key, n in tables[1][0])
    assert counts["what_is_hrc"] == 2 and counts[FALLBACK] == 3

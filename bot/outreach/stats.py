"""What people ask, counted without saying who asked.

Questions are counted per day and per intent; questions the bot could not answer are kept as text
only (numbers, e-mail addresses, links and @names blanked), with a count and the day last seen, so
curators can turn them into new intent examples. Deep-link starts are counted per day, target and
campaign. No table here has a user id.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterable

from .. import strings
from ..engine import Answer
from ..links import DeepLink
from ..storage import Database
from ..text import normalize

log = logging.getLogger(__name__)

FALLBACK = "_fallback"
AMBIGUOUS = "_ambiguous"
GAP_PREFIX = "_gap:"
UNKNOWN_TARGET = "_unknown"  # a /start payload that opens nothing we know
SAMPLE_LIMIT = 300  # characters of an unanswered question kept

# Quiz plays are counted from the quiz feature's table when it exists; this module never imports it.
QUIZ_RUNS_TABLE = "quiz_runs"

MIGRATION = "outreach-stats-1"
SCHEMA = [
    """CREATE TABLE question_counts (
        day TEXT NOT NULL,
        key TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (day, key)
    ) WITHOUT ROWID""",
    """CREATE TABLE unanswered (
        norm TEXT PRIMARY KEY,
        sample TEXT NOT NULL,
        count INTEGER NOT NULL,
        last_seen TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE starts (
        day TEXT NOT NULL,
        target TEXT NOT NULL,
        campaign TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (day, target, campaign)
    ) WITHOUT ROWID""",
]

_REDACTIONS = [
    (re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b"), "<email>"),
    (re.compile(r"(https?://|www\.|t\.me/)\S+", re.IGNORECASE), "<link>"),
    (re.compile(r"(?<!\w)@\w{3,}"), "<username>"),
    (re.compile(r"\+?\d(?:[\s().-]{0,2}\d){6,}"), "<number>"),  # 7+ digits: phones, ids, cards
]


def prune(conn: sqlite3.Connection, cutoff: float) -> int:
    """Retention: unanswered questions not asked again since the cutoff lose their words; every
    count (per day and intent, fallbacks included) stays."""
    day = datetime.fromtimestamp(cutoff, timezone.utc).date().isoformat()
    return conn.execute("DELETE FROM unanswered WHERE last_seen < ?", (day,)).rowcount


def redact(text: str) -> str:
    """A question as it may be kept: personal details blanked, white space tidied, length capped."""
    for pattern, placeholder in _REDACTIONS:
        text = pattern.sub(placeholder, text)
    text = " ".join(text.split())
    return text if len(text) <= SAMPLE_LIMIT else text[: SAMPLE_LIMIT - 1] + "…"


def question_key(answer: Answer) -> str | None:
    """How a question is counted: the intent answered, a recognised gap, a close call or a fallback."""
    if answer.outcome in ("answer", "smalltalk") and answer.intent is not None:
        return answer.intent.id
    if answer.outcome == "gap" and answer.intent is not None:
        return GAP_PREFIX + answer.intent.id
    if answer.outcome == "ambiguous":
        return AMBIGUOUS
    if answer.outcome == "fallback":
        return FALLBACK
    return None  # no words at all (an emoji, a sticker's text): not a question


@dataclass(frozen=True)
class Unanswered:
    question: str
    count: int
    last_seen: str


@dataclass(frozen=True)
class StatsReport:
    since: str
    until: str
    per_day: list[tuple[str, int]]
    top: list[tuple[str, int]]
    total: int
    fallbacks: int
    unanswered_kinds: int
    starts: list[tuple[str, str, int]]  # target, campaign ('' for none), count
    subscribers: int
    quiz_plays: int | None
    gaps: int = 0
    ambiguous: int = 0
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def fallback_rate(self) -> float:
        return self.fallbacks / self.total if self.total else 0.0

    def label(self, key: str) -> str:
        """A counter key in words: the intent's id and title, or what kind of non-answer it was."""
        if key == FALLBACK:
            return strings.text("stats_fallback_label")
        if key == AMBIGUOUS:
            return strings.text("stats_ambiguous_label")
        if key.startswith(GAP_PREFIX):
            return strings.text("stats_gap_label", id=key[len(GAP_PREFIX):])
        title = self.titles.get(key)
        return f"{key} ({title})" if title else key


def _utc_today() -> date:
    return datetime.now(timezone.utc).date()


class Stats:
    """Counters, written as things happen and read by /stats and `hrc-bot stats`."""

    def __init__(self, db: Database, today: Callable[[], date] = _utc_today):
        self.db = db
        self.today = today
        db.migrate(MIGRATION, SCHEMA)
        db.on_prune(prune)

    # --- recording (called from the question and start listeners) -------------------------------

    def record_question(self, answer: Answer) -> None:
        self.record_questions([answer])

    def record_questions(self, answers: Iterable[Answer]) -> None:
        """Count questions in one transaction, as if one after the other (the bot gathers those answered
        in one turn of its event loop: a transaction per question cost more than its reply's HTML)."""
        day = self.today().isoformat()
        counts: Counter[str] = Counter()
        unanswered: dict[str, tuple[str, int]] = {}  # norm -> (the latest sample, count)
        for answer in answers:
            key = question_key(answer)
            if key is None:
                continue
            counts[key] += 1
            if key == FALLBACK:
                sample = redact(answer.question)
                norm = normalize(sample)
                if norm:
                    unanswered[norm] = (sample, unanswered.get(norm, ("", 0))[1] + 1)
        if not counts:
            return
        with self.db.transaction() as conn:
            conn.executemany(
                "INSERT INTO question_counts(day, key, count) VALUES (?, ?, ?) "
                "ON CONFLICT(day, key) DO UPDATE SET count = count + excluded.count",
                [(day, key, n) for key, n in counts.items()],
            )
            conn.executemany(
                "INSERT INTO unanswered(norm, sample, count, last_seen) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(norm) DO UPDATE SET count = count + excluded.count, last_seen = excluded.last_seen, "
                "sample = excluded.sample",
                [(norm, sample, n, day) for norm, (sample, n) in unanswered.items()],
            )

    def record_start(self, payload: str, link: DeepLink | None) -> None:
        """A /start with a payload: counted per target and campaign (nothing about the user)."""
        target = link.target if link is not None else UNKNOWN_TARGET
        campaign = (link.campaign or "") if link is not None else ""
        self.db.execute(
            "INSERT INTO starts(day, target, campaign, count) VALUES (?, ?, ?, 1) "
            "ON CONFLICT(day, target, campaign) DO UPDATE SET count = count + 1",
            (self.today().isoformat(), target, campaign),
        )

    # --- reading ---------------------------------------------------------------------------

    def report(self, days: int = 14, top: int = 10, titles: dict[str, str] | None = None) -> StatsReport:
        """The last `days` days, today included."""
        until = self.today()
        since = until - timedelta(days=max(days, 1) - 1)
        window = (since.isoformat(), until.isoformat())
        by_day = dict(self.db.query(
            "SELECT day, SUM(count) FROM question_counts WHERE day BETWEEN ? AND ? GROUP BY day", window))
        per_day = [((since + timedelta(n)).isoformat(), int(by_day.get((since + timedelta(n)).isoformat(), 0)))
                   for n in range((until - since).days + 1)]
        keys = {r[0]: int(r[1]) for r in self.db.query(
            "SELECT key, SUM(count) FROM question_counts WHERE day BETWEEN ? AND ? GROUP BY key", window)}
        ranked = sorted(keys.items(), key=lambda kv: (-kv[1], kv[0]))
        starts = [(r[0], r[1], int(r[2])) for r in self.db.query(
            "SELECT target, campaign, SUM(count) AS n FROM starts WHERE day BETWEEN ? AND ? "
            "GROUP BY target, campaign ORDER BY n DESC, target, campaign", window)]
        return StatsReport(
            since=window[0], until=window[1], per_day=per_day, top=ranked[:top],
            total=sum(keys.values()), fallbacks=keys.get(FALLBACK, 0),
            gaps=sum(n for k, n in keys.items() if k.startswith(GAP_PREFIX)), ambiguous=keys.get(AMBIGUOUS, 0),
            unanswered_kinds=int(self.db.query("SELECT COUNT(*) FROM unanswered")[0][0]),
            starts=starts, subscribers=self._count_if_table("subscriptions"),
            quiz_plays=self._quiz_plays(since), titles=titles or {},
        )

    def unanswered(self, limit: int | None = None) -> list[Unanswered]:
        """Unanswered questions, most frequent first (then most recent)."""
        rows = self.db.query(
            "SELECT sample, count, last_seen FROM unanswered ORDER BY count DESC, last_seen DESC, norm LIMIT ?",
            (limit if limit is not None else -1,),
        )
        return [Unanswered(r["sample"], int(r["count"]), r["last_seen"]) for r in rows]

    def _table_exists(self, name: str) -> bool:
        return bool(self.db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)))

    def _count_if_table(self, name: str) -> int:
        return int(self.db.query(f"SELECT COUNT(*) FROM {name}")[0][0]) if self._table_exists(name) else 0

    def _quiz_plays(self, since: date) -> int | None:
        """Quizzes started in the window, or None when the quiz feature has no table here."""
        if not self._table_exists(QUIZ_RUNS_TABLE):
            return None
        start = datetime.combine(since, datetime.min.time(), timezone.utc).timestamp()
        try:
            return int(self.db.query(f"SELECT COUNT(*) FROM {QUIZ_RUNS_TABLE} WHERE created_at >= ?", (start,))[0][0])
        except sqlite3.Error:  # a different schema than we expect: count every run instead
            return self._count_if_table(QUIZ_RUNS_TABLE)


# --- rendering (plain text for the terminal and for /stats; labels live in the locale file) ---------


def render_report(report: StatsReport) -> str:
    t = strings.text
    lines = [t("stats_title", since=report.since, until=report.until), ""]
    lines.append(t("stats_questions", total=report.total, fallbacks=report.fallbacks,
                   rate=f"{report.fallback_rate:.0%}", gaps=report.gaps, ambiguous=report.ambiguous))
    lines.append(t("stats_subscribers", count=report.subscribers))
    lines.append(t("stats_quiz_plays", count=report.quiz_plays) if report.quiz_plays is not None
                 else t("stats_quiz_none"))
    lines.append(t("stats_unanswered", count=report.unanswered_kinds))
    lines += ["", t("stats_per_day")]
    lines += [f"  {day}  {count:>5}" for day, count in report.per_day]
    lines += ["", t("stats_top")]
    lines += [f"  {count:>5}  {report.label(key)}" for key, count in report.top] or ["  –"]
    lines += ["", t("stats_starts")]
    lines += [
        f"  {count:>5}  {target}" + (f"  [{t('stats_campaign', campaign=campaign)}]" if campaign else "")
        for target, campaign, count in report.starts
    ] or ["  –"]
    return "\n".join(lines)


def unanswered_csv(items: list[Unanswered]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["question", "count", "last_seen"])
    for item in items:
        writer.writerow([item.question, item.count, item.last_seen])
    return out.getvalue()


def unanswered_yaml(items: list[Unanswered]) -> str:
    """A YAML list ready to paste under an intent's `examples:`, with count and date as comments."""
    lines = ["# Questions the bot could not answer, most frequent first.",
             "# Paste the lines that belong together under an intent's `examples:` (see intents/*.yaml).",
             "examples:"]
    for item in items:
        # A JSON string is a valid YAML double-quoted scalar: safe for any quote, colon or hash.
        quoted = json.dumps(item.question, ensure_ascii=False)
        lines.append(f"  - {quoted}  # asked {item.count}×, last {item.last_seen}")
    if not items:
        lines[-1] = "examples: []"
    return "\n".join(lines) + "\n"


def plot_report(report: StatsReport, path: Path) -> None:
    """Questions per day and the top intents, side by side, as an image (needs matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise RuntimeError("plotting needs matplotlib: pip install 'hrc-bot[plot]'") from exc
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5), gridspec_kw={"width_ratios": [3, 2]})
    days = [d[5:] for d, _ in report.per_day]
    left.bar(days, [n for _, n in report.per_day], color="#3b6ea5")
    left.set_title(strings.text("stats_per_day").rstrip(":"))
    left.tick_params(axis="x", rotation=60)
    top = list(reversed(report.top))
    right.barh([k for k, _ in top], [n for _, n in top], color="#d98c2b")
    right.set_title(strings.text("stats_top").rstrip(":"))
    fig.suptitle(strings.text("stats_title", since=report.since, until=report.until))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)

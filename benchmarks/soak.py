"""Soak: 100,000 updates from 50,000 users through the fake Bot API into the real bot, in a process of its own.

Does the bot's memory level off, and how fast does its database grow? The bot runs as `hrc-bot run`
does (`build_application`, `run_polling`) in a child process, so its resident memory (VmRSS in
/proc) is the bot's alone; the fake Bot API runs here, forgetting what it served once a chunk of
updates is answered. PTB's AIORateLimiter is off: at Telegram's 30 messages a second the run would
take an hour, and the limiter keeps state per group chat only (PTB prunes it beyond 512 groups).

The traffic: a new user every other update, so the number of users seen grows steadily to 50,000
over the run and any state kept per user shows as growth to the very end; the other updates come
from users seen before. Most are questions in a private chat (from the evaluation sets, a third
with a typo, and one in ten an off-topic question nobody asked before: each a new row of
unanswered text, the worst case for the database); the rest are deep-link starts, answer buttons,
inline queries, group mentions, /subscribe and /help. Every tenth of the run we note the bot's
resident memory and the database size (after a passive WAL checkpoint, main file and WAL), and
what the bot holds per word and per user (the engine's caches, the flood guard, PTB's per-user
maps), which the child writes to a file every second.

    python -m benchmarks.soak            # 100,000 updates, 50,000 users (about 15 minutes on 2 cores)
    python -m benchmarks.soak --quick    # 20,000 updates, 10,000 users
    python benchmarks/run.py             # every benchmark, this one included, into RESULTS.md
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import REPO_ROOT
from .report import Goal, Section, table

UPDATES = 100_000
USERS = 50_000
EVERY = 10_000
CHUNK = 500  # updates pushed at once; the next chunk waits until every one of them is answered
GROUPS = 200
FIRST_USER = 600_000_000
FIRST_GROUP = -1_002_000_000_000
FLOOD_BURST = 32  # messages a soak user may send at once (a person: 8)
RSS_GOAL_MB = 150.0
FLAT_GOAL_MB = 5.0  # growth allowed over the second half (noise of the allocator, SQLite's page cache)
STATS_FILE = "soak-stats.json"
TIMEOUT_S = 300.0  # one chunk; a hang guard


# --- the bot's side (the child process) -----------------------------------------------------------

def bot_main(data_dir: Path) -> None:
    """Run the bot like `hrc-bot run` (without the rate limiter), writing what it holds every second."""
    import logging

    from telegram import Update

    from bot.config import Settings
    from bot.telegram.app import build_application
    from bot.telegram.logs import setup_logging

    setup_logging(logging.WARNING)
    app = build_application(Settings.from_env(), rate_limit=False, settle=True)  # as `hrc-bot run`
    # A returning user is drawn among the users met so far, so the very first ones come back many times in
    # the first seconds (the first, ten times in the first 500 updates): more than a person would, and the
    # guard would drop one or not depending on how fast the bot got through them. The guard still runs on
    # every update, and what it keeps per user is counted.
    from .e2e import lift_flood_guard

    lift_flood_guard(app, FLOOD_BURST)

    async def write_stats(context: Any) -> None:
        path = data_dir / STATS_FILE
        path.with_suffix(".tmp").write_text(json.dumps(held_in_memory(context.application)), encoding="utf-8")
        os.replace(path.with_suffix(".tmp"), path)

    assert app.job_queue is not None
    app.job_queue.run_repeating(write_stats, interval=1.0, first=1.0, name="soak-stats")
    app.run_polling(allowed_updates=Update.ALL_TYPES)


PTB_PER_USER = ("PTB user_data", "PTB chat_data", "PTB users marked for persistence",
                "PTB chats marked for persistence")


def held_in_memory(app: Any) -> dict[str, int]:
    """Entries in everything the bot keeps per word or per user (-1: not found in this version)."""
    from bot import text
    from bot.telegram.services import KEY

    from tests.botharness import flood_guard

    engine = app.bot_data[KEY].engine
    # The engine's per-word caches live in each language model built so far (Engine.models builds on lookup).
    models = list(dict.values(engine.models))

    def size(getter: Any) -> int:
        try:
            return int(getter())
        except (AttributeError, TypeError, LookupError):
            return -1

    users_marked, chats_marked = PTB_PER_USER[2:]
    return {
        "stem cache": size(lambda: sum(m.analyzer.stem.cache_info().currsize for m in models)),
        "spelling cache": size(lambda: sum(m.analyzer.correct.cache_info().currsize for m in models)),
        "normalised texts": size(lambda: text.normalize.cache_info().currsize),
        "place look-ups": size(lambda: engine.finder._closest.cache_info().currsize),
        "language guesses": size(lambda: engine.detector._detect.cache_info().currsize),
        "flood guard users": size(lambda: flood_guard(app).bucket.tracked),
        "PTB user_data": len(app.user_data),
        "PTB chat_data": len(app.chat_data),
        users_marked: size(lambda: len(app._user_ids_to_be_updated_in_persistence)),
        chats_marked: size(lambda: len(app._chat_ids_to_be_updated_in_persistence)),
    }


# --- the traffic ------------------------------------------------------------------------------------

@dataclass
class Traffic:
    """Deterministic updates (seeded), and what each one must be answered with."""

    users: int
    seed: int = 11
    rng: random.Random = field(init=False)
    questions: list[str] = field(init=False)
    payloads: list[str] = field(init=False)
    intents: list[str] = field(init=False)
    seen: int = 0  # users met so far
    kinds: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        from bot.content import load_content
        from bot.links import all_payloads

        from .e2e import eval_questions

        self.rng = random.Random(self.seed)
        self.questions = eval_questions()
        content = load_content()
        self.payloads = [payload for _, _, payload in all_payloads(content)]
        self.intents = [i.id for i in content.intents.values() if i.kind == "answer"]

    def user_for(self, index: int) -> int:
        if index % 2 == 0 and self.seen < self.users:
            self.seen += 1
            return FIRST_USER + self.seen - 1
        return FIRST_USER + self.rng.randrange(max(self.seen, 1))

    def question(self) -> str:
        if self.rng.random() < 0.1:  # off-topic and never asked before: a new unanswered row
            word = "".join(self.rng.choices(string.ascii_lowercase, k=self.rng.randint(5, 9)))
            return f"where can I buy {word} near the {self.rng.choice(['station', 'market', 'park'])}"
        question = self.rng.choice(self.questions)
        if self.rng.random() < 0.33:
            question = self.typo(question)
        return question

    def typo(self, question: str) -> str:
        words = question.split()
        i = self.rng.randrange(len(words))
        word = words[i]
        if len(word) > 3:
            j = self.rng.randrange(len(word) - 1)
            word = word[:j] + word[j + 1] + word[j] + word[j + 2:] if self.rng.random() < 0.5 else \
                word[:j] + self.rng.choice(string.ascii_lowercase) + word[j + 1:]
        words[i] = word
        return " ".join(words)

    def update(self, index: int) -> tuple[dict, tuple[str, int | None]]:
        """The update, and the reply that shows it was handled: (method, chat id or None)."""
        from tests.fakebot import updates as U

        user = self.user_for(index)
        roll = self.rng.random()
        if roll < 0.70:
            kind, update = "question", U.private_text(user, self.question())
        elif roll < 0.78:
            kind, update = "deep-link start", U.deep_link_start(user, self.rng.choice(self.payloads))
        elif roll < 0.86:
            kind = "answer button"
            bot_message = {"message_id": U.next_message_id(), "from": U.bot_user(), "chat": U.private_chat(user),
                           "date": U.now(), "text": "…"}
            update = U.callback(user, f"1|a|{self.rng.choice(self.intents)}", message=bot_message)
        elif roll < 0.92:
            self.kinds["inline query"] += 1
            return U.inline_query(user, self.question()), ("answerInlineQuery", None)
        elif roll < 0.97:
            group = FIRST_GROUP - self.rng.randrange(GROUPS)
            self.kinds["group mention"] += 1
            return U.group_text(group, user, self.question(), mention=True), ("sendMessage", group)
        elif roll < 0.99:
            kind, update = "/subscribe", U.command(user, "/subscribe")
        else:
            kind, update = "/help", U.command(user, "/help")
        self.kinds[kind] += 1
        return update, ("sendMessage", user)


# --- the fake's side (this process) -----------------------------------------------------------------

def lean_fake() -> Any:
    """The tests' fake Bot API, counting replies per chat instead of keeping every call."""
    from tests.fakebot.server import FakeBotApi

    class ReplyCounter(list):
        def __init__(self) -> None:
            super().__init__()
            self.replies: Counter[tuple[str, int | None]] = Counter()

        def append(self, call: Any) -> None:
            self.replies[(call.method, call.params.get("chat_id"))] += 1

    class LeanFakeBotApi(FakeBotApi):
        def __init__(self) -> None:
            super().__init__(privacy_mode=False)
            self.calls = ReplyCounter()

        def forget_answered(self) -> None:
            """Drop what the fake remembers of answered updates (messages, queries, results)."""
            with self._cond:
                for kept in (self._results, self._messages, self._callback_queries, self._inline_queries,
                             self._users, self._chats, self._chat_users):
                    kept.clear()

    return LeanFakeBotApi()


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def database_mb(path: Path) -> tuple[float, float, int]:
    """(main file MB, WAL MB, questions counted) after a passive checkpoint (it never blocks the bot)."""
    with sqlite3.connect(path, timeout=30) as conn:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        questions = conn.execute("SELECT COALESCE(SUM(count), 0) FROM question_counts").fetchone()[0]
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size / 2**20, (wal.stat().st_size if wal.exists() else 0) / 2**20, int(questions)


@dataclass
class Checkpoint:
    updates: int
    users: int
    rss_mb: float
    db_mb: float
    wal_mb: float
    questions: int
    seconds: float
    held: dict[str, int]


@dataclass
class SoakResult:
    start_rss_mb: float
    checkpoints: list[Checkpoint]
    kinds: Counter[str]
    failed: int


def soak(updates: int = UPDATES, users: int = USERS, every: int = EVERY) -> SoakResult:
    traffic = Traffic(users)
    api = lean_fake()
    with api, tempfile.TemporaryDirectory(prefix="hrc-soak-") as tmp:
        data_dir = Path(tmp)
        env = {**os.environ, **api.env(), "HRC_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO_ROOT)}
        env.pop("HRC_CONTENT_DIR", None)
        log = data_dir / "bot.log"
        with open(log, "wb") as stderr:  # a file, not a pipe nobody reads: a full pipe would stall the bot
            child = subprocess.Popen([sys.executable, "-m", "benchmarks.soak", "--bot", str(data_dir)], env=env,
                                     cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            wait(lambda: api.get_updates_count >= 2 and (data_dir / STATS_FILE).exists(), child, log, "the bot to start")
            start_rss = rss_mb(child.pid)
            checkpoints = []
            expected: Counter[tuple[str, int | None]] = Counter()
            started = time.perf_counter()
            for first in range(0, updates, CHUNK):
                chunk = set()
                for index in range(first, min(first + CHUNK, updates)):
                    update, reply = traffic.update(index)
                    api.push_update(update)
                    expected[reply] += 1
                    chunk.add(reply)
                wait(lambda: all(api.calls.replies[key] >= expected[key] for key in chunk), child, log,
                     f"the replies to updates {first}-{first + CHUNK}")
                api.forget_answered()
                done = min(first + CHUNK, updates)
                if done % every == 0 or done == updates:
                    stats = data_dir / STATS_FILE
                    asked = time.time()  # what the child holds, written after every update so far was answered
                    wait(lambda: stats.stat().st_mtime > asked, child, log, "the bot's next note of what it holds")
                    held = json.loads(stats.read_text(encoding="utf-8"))
                    db, wal, questions = database_mb(data_dir / "hrc-bot.sqlite3")
                    checkpoints.append(Checkpoint(done, traffic.seen, rss_mb(child.pid), db, wal, questions,
                                                  time.perf_counter() - started, held))
                    print(f"… {done} updates: {checkpoints[-1].rss_mb:.1f} MB resident, {db:.2f} MB database",
                          file=sys.stderr, flush=True)
        finally:
            child.terminate()
            child.wait(timeout=60)
        failed = len(api.failed_calls) + len(api.internal_errors)
        logged = log.read_text(encoding="utf-8", errors="replace")
        if failed or logged:
            print(f"the fake refused {len(api.failed_calls)} call(s): {api.failed_calls[:3]}; the bot logged "
                  f"{len(logged.splitlines())} line(s):\n{logged[-2000:]}", file=sys.stderr)
    return SoakResult(start_rss, checkpoints, traffic.kinds, failed)


def wait(condition: Any, child: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if child.poll() is not None:
            raise RuntimeError(f"the bot exited ({child.returncode}) while waiting for {what}:\n"
                               f"{log.read_text(encoding='utf-8', errors='replace')[-3000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.01)


# --- the engine's word caches, full ----------------------------------------------------------------

# What the engine's per-word caches hold at their caps: filled with random words in a fresh process.
CACHE_CEILING = """
import gc, json, random, string
from bot import text
from bot.engine import Engine

def rss():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024

engine = Engine.load()
analyzer = engine.models["en"].analyzer
rng = random.Random(3)
words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 10))) for _ in range(70_000)]
gc.collect()
before = rss()
for word in words:
    text.normalize(word)
    analyzer.stem(word)
    analyzer.correct(word)
gc.collect()
print(json.dumps({"mb": rss() - before, "stems": analyzer.stem.cache_info().currsize,
                  "spellings": analyzer.correct.cache_info().currsize,
                  "normalised": text.normalize.cache_info().currsize}))
"""


def cache_caps() -> dict[str, int]:
    """The caps of the engine's per-word caches, as the code sets them."""
    from bot import analysis, text

    return {"stems": analysis.STEM_CACHE, "spellings": analysis.CORRECTION_CACHE,
            "words": text._normalize_short.cache_info().maxsize or 0,
            "messages": text._normalize_long.cache_info().maxsize or 0}


def word_caches_full() -> dict[str, float] | None:
    """{mb, stems, spellings} with both caches full, or None if the engine no longer has them."""
    done = subprocess.run([sys.executable, "-c", CACHE_CEILING], cwd=REPO_ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, timeout=TIMEOUT_S)
    return json.loads(done.stdout) if done.returncode == 0 else None


# --- the report -------------------------------------------------------------------------------------

def run(quick: bool = False) -> Section:
    started = time.perf_counter()
    updates, users = (20_000, 10_000) if quick else (UPDATES, USERS)
    result = soak(updates, users, every=updates // 10)
    points = result.checkpoints
    last = points[-1]
    half = next(p for p in points if p.updates >= last.updates // 2)
    growth = last.rss_mb - half.rss_mb
    per_10k = [(b.db_mb + b.wal_mb - a.db_mb - a.wal_mb) / (b.questions - a.questions) * 10_000
               for a, b in zip(points, points[1:]) if b.questions > a.questions]
    db_per_10k = sum(per_10k) / len(per_10k) if per_10k else float("nan")
    held_keys = list(last.held)
    full = word_caches_full()
    caps = cache_caps()

    section = Section("Soak: memory and database over 100,000 updates" if not quick else "Soak (quick)")
    section.lines += [
        f"`python -m benchmarks.soak`: {updates:,} updates from {users:,} users through the fake Bot API into the "
        "real bot, which runs in a process of its own as `hrc-bot run` does (rate limiter off; the flood guard lets "
        f"a user send {FLOOD_BURST} at once, not 8, as the first users return many times in the first seconds). "
        "A new user every "
        "other update, so users seen grow steadily to the end; the rest from users seen before. Mix: "
        + ", ".join(f"{kind} {n / updates:.0%}" for kind, n in result.kinds.most_common()) + ". A tenth of the "
        "questions are off-topic ones never asked before, each a new row of unanswered text (the worst case for "
        "the database), a third of the others carry a typo. *Resident*: the bot's VmRSS. *Database*: the SQLite "
        "file after a passive checkpoint, and its WAL.",
        "",
        *table(["updates", "users seen", "resident MB", "database MB", "WAL MB", "questions counted", "elapsed s"],
               [["0 (started)", "0", f"{result.start_rss_mb:.1f}", "", "", "", ""]]
               + [[f"{p.updates:,}", f"{p.users:,}", f"{p.rss_mb:.1f}", f"{p.db_mb:.2f}", f"{p.wal_mb:.2f}",
                   f"{p.questions:,}", f"{p.seconds:.0f}"] for p in points]),
        "",
        f"What the bot holds, in entries (the engine's caches: {caps['stems']:,} stems and {caps['spellings']:,} "
        "spellings at most per language model built (summed over the models); "
        f"{caps['words']:,} normalised words and {caps['messages']:,} normalised messages, 4,096 place "
        "look-ups and 4,096 language guesses; the rest is per user):",
        "",
        *table(["updates", *held_keys], [[f"{p.updates:,}", *(str(p.held.get(k, "")) for k in held_keys)]
                                         for p in points]),
        "",
        f"- Resident memory after {last.updates:,} updates: {last.rss_mb:.1f} MB ({last.rss_mb - result.start_rss_mb:+.1f} "
        f"MB since start-up); over the second half ({half.updates:,} → {last.updates:,} updates, "
        f"{last.users - half.users:,} new users): {growth:+.1f} MB. Per user, at the end: the flood guard holds "
        f"{last.held.get('flood guard users', -1):,} (the users of its last few seconds), PTB's notes for its "
        f"persistence and its user/chat data {sum(last.held.get(k, 0) for k in PTB_PER_USER):,} entries.",
        "- What still grows is per word, not per user: the engine's caches of stems and spelling corrections "
        f"took {diff(half, last, 'stem cache'):+,} and {diff(half, last, 'spelling cache'):+,} entries over the "
        "second half (every typo and every new word is one), and SQLite's page cache grows with the file up to "
        "its 2 MB default."
        + (f" Filled to their caps ({full['stems']:,.0f} stems, {full['spellings']:,.0f} spellings of the English "
           f"model, {full['normalised']:,.0f} normalised texts) those caches hold {full['mb']:.1f} MB (filled with "
           "random words in a fresh process), which bounds this growth."
           if full else ""),
        f"- The database grows by about {db_per_10k:.2f} MB per 10,000 questions with this mix (mostly the "
        "unanswered texts; counts per day and intent are a few rows a day). The retention job "
        "(HRC_RETENTION_DAYS, default 365) deletes unanswered texts, finished quiz answers and delivered "
        "broadcast rows older than that, and SQLite reuses the freed pages, so after a year the file grows only by "
        "its counts, a few rows a day.",
    ]
    if result.failed:
        section.lines.append(f"- The fake refused {result.failed} call(s) during the run (see stderr).")
    if not quick:
        section.goals.append(Goal("soak: resident memory after 100,000 updates from 50,000 users",
                                  f"< {RSS_GOAL_MB:.0f} MB", f"{last.rss_mb:.1f} MB", last.rss_mb < RSS_GOAL_MB))
        section.goals.append(Goal("soak: resident memory flat over the second half (25,000 new users)",
                                  f"≤ {FLAT_GOAL_MB:.0f} MB growth", f"{growth:+.1f} MB", growth <= FLAT_GOAL_MB))
    section.seconds = time.perf_counter() - started
    return section


def diff(a: Checkpoint, b: Checkpoint, held: str) -> int:
    return b.held.get(held, 0) - a.held.get(held, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bot", metavar="DATA_DIR", help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--quick", action="store_true", help="20,000 updates from 10,000 users")
    args = parser.parse_args()
    if args.bot:
        bot_main(Path(args.bot))
        return
    print(run(args.quick).markdown())


if __name__ == "__main__":
    main()

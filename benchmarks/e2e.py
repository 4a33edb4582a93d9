"""End-to-end throughput: the real bot against the loopback fake Bot API, many users at once.

The whole `Application` (handlers, flood guard, engine, HTML rendering, statistics in SQLite, PTB's
HTTP client) polls `FakeBotApi` on 127.0.0.1, as in the end-to-end tests. A burst of private
questions is queued at once; we time from the first push to the last reply the fake accepts, and
each question from its push to its chat's reply.

The fake server runs in the same process as the bot (a thread per connection, one GIL), and it
validates every message the way Telegram does, so part of what is measured is the fake. To say how
large that part is, the fake is also measured alone: a PTB client in another process sends it
getMe and the bot's own sendMessage as fast as it answers, and we count the fake's CPU per call.

A last run turns PTB's AIORateLimiter on (as `hrc-bot run` does) to show it holds the bot at
Telegram's ~30 messages a second.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bot.engine import Engine
from bot.evaluate import load_cases
from bot.telegram import delivery
from bot.telegram.guard import TokenBucket

from . import REPO_ROOT
from .fakeapi import TimedFakeBotApi
from .quality import EVAL_DIR, EVAL_SETS
from .report import Goal, Section, percentile, table

THROUGHPUT_GOAL = 300.0  # updates per second on one process
TELEGRAM_RATE = 30  # messages per second Telegram lets a bot send overall
FIRST_USER = 500_000_000
TIMEOUT_S = 180.0


@dataclass
class Burst:
    users: int
    questions: int
    push_s: float  # time to queue the whole burst
    wall_s: float  # first push -> last reply accepted by the fake
    latencies: list[float]  # seconds, per question
    cpu_s: float  # this process's CPU time over the burst (bot + fake + pushing)
    bot_cpu_s: float  # CPU time of the event loop's thread: the bot (and the pushing)
    busiest_second: int  # most replies accepted within any one second
    failed: int  # calls the fake refused, and errors inside the fake
    retried: int  # sends the bot had to try again (bot.telegram.delivery logs each)
    steady_rate: float  # replies per second after the first second
    engine_s: float  # CPU time spent inside Engine.ask during the burst

    @property
    def per_second(self) -> float:
        return self.questions / self.wall_s


def eval_questions() -> list[str]:
    return [c.question for name in EVAL_SETS if (EVAL_DIR / name).is_file() for c in load_cases(EVAL_DIR / name)]


def lift_flood_guard(app, burst: int) -> None:  # type: ignore[no-untyped-def]
    """Let each benchmark user send `burst` questions at once.

    The guard drops a user's ninth message in a burst, as it should for a person; here 200 users
    stand in for 2,000 people, so each may send more. The guard still runs on every update.
    """
    from tests.botharness import flood_guard

    flood_guard(app).bucket = TokenBucket(rate=1.0, burst=float(burst))


class AskTimer:
    """Stands in for `engine.ask` and adds up the CPU time spent in it.

    Thread CPU time, not wall time: while the fake's threads hold the GIL the bot's thread waits,
    and that wait is not the engine's cost.
    """

    def __init__(self, engine: Engine):
        self.ask = engine.ask
        self.ns = 0

    def __call__(self, question: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.thread_time_ns()
        try:
            return self.ask(question, *args, **kwargs)
        finally:
            self.ns += time.thread_time_ns() - start


class RetryCounter(logging.Handler):
    """Counts the warnings bot.telegram.delivery logs when a send failed and is tried again."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def busiest_second(stamps: list[float]) -> int:
    """The most stamps inside any one-second window."""
    stamps = sorted(stamps)
    most, start = 0, 0
    for end, stamp in enumerate(stamps):
        while stamp - stamps[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


async def burst(engine: Engine, questions: list[str], users: int, per_user: int, *, rate_limit: bool,
                warm_up: int = 50, profile: ThreadProfiles | None = None) -> tuple[Burst, dict]:
    """Queue users × per_user private questions at once; return the timings and one reply sent.

    With `profile`, the bot's thread and the fake's are profiled over the burst (slower: not for the report)."""
    from tests.botharness import running_bot
    from tests.fakebot import updates as U
    from tests.fakebot.server import forbid_network

    retries = RetryCounter()
    delivery_log = logging.getLogger(delivery.__name__)
    delivery_log.addHandler(retries)
    try:
        with forbid_network(), TimedFakeBotApi(privacy_mode=False) as api, \
                tempfile.TemporaryDirectory(prefix="hrc-bench-data-") as data_dir:
            if profile is not None:
                profile.watch_fake()
            async with running_bot(api, Path(data_dir), engine, rate_limit=rate_limit) as app:
                lift_flood_guard(app, per_user)
                # Open the HTTP connections and fill the engine's caches before the clock starts;
                # not with the limiter, whose bucket would then start the measured burst part spent.
                warm_up = 0 if rate_limit else warm_up
                for i in range(warm_up):
                    api.push_update(U.private_text(FIRST_USER - 1 - i, questions[i % len(questions)]))
                await _wait_for_replies(api, lambda: api.count("sendMessage") >= warm_up)

                chats = [FIRST_USER + u for u in range(users)]
                pushed: dict[int, list[float]] = defaultdict(list)
                ask_timer = engine.ask = AskTimer(engine)  # type: ignore[method-assign]
                # The bot runs in this (the event loop's) thread, the fake in threads of its own:
                # thread time here is the bot's CPU, the rest of the process time the fake's.
                cpu_start, bot_cpu_start = time.process_time(), time.thread_time()
                if profile is not None:
                    profile.start()
                first = time.perf_counter()
                for k in range(per_user):  # round-robin over users, as messages from a crowd arrive
                    for u, chat in enumerate(chats):
                        pushed[chat].append(time.perf_counter())
                        api.push_update(U.private_text(chat, questions[(u * per_user + k) % len(questions)]))
                push_s = time.perf_counter() - first
                await _wait_for_replies(api, lambda: api.count("sendMessage") >= warm_up + users * per_user)
                cpu_s, bot_cpu_s = time.process_time() - cpu_start, time.thread_time() - bot_cpu_start
                if profile is not None:
                    profile.stop()
            replies: dict[int, list[float]] = defaultdict(list)
            for stamp, params in api.stamped("sendMessage"):
                if params.get("chat_id") in pushed:
                    replies[params["chat_id"]].append(stamp)
            sample = next(params for _, params in api.stamped("sendMessage") if params.get("chat_id") in pushed)
            failed = len(api.failed_calls) + len(api.internal_errors)
    finally:
        delivery_log.removeHandler(retries)
        vars(engine).pop("ask", None)  # the engine's own method again

    # Replies carry no reference to the question (a private answer does not quote it), so the k-th
    # reply in a chat is paired with the k-th question pushed there. Every question gets exactly one
    # message (checked here), so each is paired with a reply in its own chat.
    latencies = []
    for chat, pushes in pushed.items():
        if len(replies[chat]) != len(pushes):
            raise RuntimeError(f"chat {chat} got {len(replies[chat])} replies to {len(pushes)} questions")
        latencies += [reply - push for push, reply in zip(sorted(pushes), sorted(replies[chat]))]
    stamps = sorted(s for chat_stamps in replies.values() for s in chat_stamps)
    later = [s for s in stamps if s >= first + 1.0]
    steady = (len(later) - 1) / (later[-1] - later[0]) if len(later) > 1 and later[-1] > later[0] else float("nan")
    result = Burst(users, users * per_user, push_s, stamps[-1] - first, latencies, cpu_s, bot_cpu_s,
                   busiest_second(stamps), failed, retries.count, steady, ask_timer.ns / 1e9)
    return result, sample


class ThreadProfiles:
    """cProfile of the bot's thread (the event loop's) and of the fake's threads, timed by each thread's CPU
    clock, so that a thread waiting for the GIL is not charged for the wait. A profiler's own cost is large
    next to PTB's and httpx's many small calls: read the shares, not the absolute times."""

    def __init__(self) -> None:
        import cProfile

        self._new = lambda: cProfile.Profile(time.thread_time_ns, 1e-9)
        self.bot = self._new()
        self.fake: list = []
        self._on = False

    def watch_fake(self) -> None:
        """Profile each connection the fake serves from now on (while the burst runs)."""
        from tests.fakebot import server

        handle = server._Handler.handle
        profiles = self

        def profiled(handler):  # type: ignore[no-untyped-def]
            profiler = profiles._new()
            profiles.fake.append(profiler)
            profiler.enable()
            try:
                return handle(handler)
            finally:
                profiler.disable()

        server._Handler.handle = profiled  # type: ignore[method-assign]
        self._restore = lambda: setattr(server._Handler, "handle", handle)

    def start(self) -> None:
        self.bot.enable()

    def stop(self) -> None:
        self.bot.disable()
        self._restore()

    def report(self, updates: int, top: int = 25) -> str:
        import io
        import pstats

        lines = []
        for name, profilers in (("the bot's thread", [self.bot]), ("the fake's threads", self.fake)):
            stats = None
            for profiler in profilers:
                profiler.create_stats()
                if profiler.stats:
                    stats = pstats.Stats(profiler) if stats is None else stats.add(profiler)
            if stats is None:
                continue
            out = io.StringIO()
            stats.stream = out  # type: ignore[attr-defined]
            stats.sort_stats("cumulative").print_stats(top)
            lines += [f"== {name}: cumulative (profiled) CPU, {updates} updates", out.getvalue()]
            out = io.StringIO()
            stats.stream = out  # type: ignore[attr-defined]
            stats.sort_stats("tottime").print_stats(top)
            lines += [f"== {name}: own (profiled) CPU", out.getvalue()]
        return "\n".join(lines)


def burst_only(users: int, per_user: int, profile_to: Path | None) -> None:
    """The main burst alone, printed (and profiled): for finding where an update's time goes."""
    engine = Engine.load()
    profile = ThreadProfiles() if profile_to else None
    b, _ = asyncio.run(burst(engine, eval_questions(), users, per_user, rate_limit=False, profile=profile))
    bot_us, fake_us = b.bot_cpu_s / b.questions * 1e6, (b.cpu_s - b.bot_cpu_s) / b.questions * 1e6
    print(f"{b.questions} updates from {b.users} users: {b.per_second:.0f} updates/s, CPU/wall {b.cpu_s / b.wall_s:.2f}, "
          f"bot thread {bot_us:.0f} µs per update (Engine.ask {b.engine_s / b.questions * 1e6:.0f}), "
          f"fake {fake_us:.0f} µs; latency p50 {percentile(b.latencies, 50) * 1000:.0f} ms; "
          f"refused {b.failed}, retried {b.retried}" + (" (profiled: slower)" if profile else ""))
    if profile is not None and profile_to is not None:
        profile_to.write_text(profile.report(b.questions), encoding="utf-8")
        print(f"profiles: {profile_to}")


async def _wait_for_replies(api: TimedFakeBotApi, done) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + TIMEOUT_S
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the bot did not answer within {TIMEOUT_S:.0f} s; fake errors: "
                               f"{api.failed_calls[-3:]} {api.internal_errors[-1:]}")
        await asyncio.sleep(0.02)


# --- the fake alone ------------------------------------------------------------------------------

@dataclass
class FakeAlone:
    method: str
    requests: int
    concurrency: int
    per_second: float
    server_cpu_us: float  # CPU the fake spent per call (this process, where only the fake runs)
    dropped: int  # connections the fake dropped (while the client opened them), each call sent again


def fake_alone(method: str, payload: dict, requests: int, concurrency: int) -> FakeAlone:
    """Drive a fake from a PTB client in another process, so the fake has this process to itself."""
    with TimedFakeBotApi(privacy_mode=False) as api:
        env = {**os.environ, **api.env(), "PYTHONPATH": str(REPO_ROOT)}
        cpu_start = time.process_time()
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.e2e", "--client", api.base_url, "--token", api.token,
             "--method", method, "--requests", str(requests), "--concurrency", str(concurrency),
             "--payload", json.dumps(payload)],
            env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=TIMEOUT_S,
        )
        server_cpu = time.process_time() - cpu_start
        if out.returncode != 0:
            raise RuntimeError(f"the load generator failed ({out.returncode}):\n{out.stderr[-3000:]}")
        data = json.loads(out.stdout.strip().splitlines()[-1])
    return FakeAlone(method, requests, concurrency, data["per_second"], server_cpu / data["calls"] * 1e6,
                     data["errors"])


async def _client(base_url: str, token: str, method: str, requests: int, concurrency: int, payload: dict) -> dict:
    """The load generator: PTB's own Bot and HTTP client, `concurrency` calls in flight."""
    from telegram import Bot, InlineKeyboardMarkup
    from telegram.error import NetworkError
    from telegram.request import HTTPXRequest

    bot = Bot(token, base_url=base_url, request=HTTPXRequest(connection_pool_size=concurrency))
    async with bot:
        if method == "getMe":
            async def call() -> None:
                await bot.get_me()
        else:
            # The bot's reply, buttons and all (an answer may carry none).
            raw_markup = payload.get("reply_markup")
            markup = InlineKeyboardMarkup.de_json(raw_markup, bot) if raw_markup else None

            async def call() -> None:
                await bot.send_message(payload["chat_id"], payload["text"], parse_mode=payload.get("parse_mode"),
                                       reply_markup=markup)

        errors = 0

        async def worker(count: int) -> None:
            nonlocal errors
            done = 0
            while done < count:
                try:
                    await call()
                    done += 1
                except NetworkError:  # a connection the server dropped: count it and send again
                    errors += 1

        # Open every connection before the clock starts: opening 64 at once is where the fake
        # drops some (see run()), and a bot opens its connections once, not per message.
        await asyncio.gather(*(worker(2) for _ in range(concurrency)))
        shares = [requests // concurrency + (i < requests % concurrency) for i in range(concurrency)]
        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in shares))
        wall = time.perf_counter() - started
    calls = 1 + 2 * concurrency + requests + errors  # getMe at start-up, warm-up, timed, resent
    return {"requests": requests, "wall_s": wall, "per_second": requests / wall, "errors": errors, "calls": calls}


# --- the report ----------------------------------------------------------------------------------

def run(quick: bool = False) -> Section:
    started = time.perf_counter()
    engine = Engine.load()
    questions = eval_questions()
    users, per_user = (100, 5) if quick else (200, 10)
    main, sample = asyncio.run(burst(engine, questions, users, per_user, rate_limit=False))
    limited, _ = asyncio.run(burst(engine, questions, 120 if quick else 300, 1, rate_limit=True))
    n_calls = 1_000 if quick else 3_000
    alone = [fake_alone("getMe", {}, n_calls, 64), fake_alone("sendMessage", sample, n_calls, 64)]
    send_alone = alone[1]

    bot_us = main.bot_cpu_s / main.questions * 1e6
    fake_us = (main.cpu_s - main.bot_cpu_s) / main.questions * 1e6
    engine_us = main.engine_s / main.questions * 1e6
    bot_only_rate = 1e6 / bot_us  # if the bot's thread had the process to itself

    def row(name: str, b: Burst) -> list[str]:
        return [name, f"{b.users} × {b.questions // b.users}", f"{b.wall_s:.2f}", f"{b.per_second:.0f}",
                f"{percentile(b.latencies, 50) * 1000:.0f}", f"{percentile(b.latencies, 99) * 1000:.0f}",
                str(b.busiest_second), f"{b.steady_rate:.1f}", f"{b.cpu_s / b.wall_s:.2f}", f"{b.failed} / {b.retried}"]

    section = Section("End-to-end throughput")
    section.lines += [
        "The real `Application` (tests/botharness.py `running_bot`, rate limiter off) polling the fake Bot API "
        "(tests/fakebot) on 127.0.0.1 in the same process. Each user is a private chat; all questions are queued "
        f"at once (round-robin over users; {main.push_s * 1000:.0f} ms to queue {main.questions}), drawn from the "
        "evaluation sets, after 50 untimed questions that open the connections. *Wall*: first push → last reply "
        "accepted by the fake. *Latency*: a question's push → the fake accepting its chat's reply (the k-th reply "
        "in a chat is paired with the k-th question there), so it includes the wait in the queue. *Busiest "
        "second*: most replies in any one-second window; *per s after the 1st*: replies per second once the first "
        "second is over. *CPU/wall*: this process's CPU time over the wall time (1.0 = one core busy). *Refused / "
        "retried*: calls the fake refused, and sends the bot tried again after an error.",
        "",
        *table(["run", "users × questions", "wall s", "updates/s", "latency p50 ms", "latency p99 ms",
                "busiest second", "per s after the 1st", "CPU/wall", "refused / retried"],
               [row("rate limiter off", main), row("AIORateLimiter on (as `hrc-bot run`)", limited)]),
        "",
        "Where the CPU went in the run without limiter. The bot runs in the event loop's thread (the benchmark's "
        "own pushing counts there too), the fake in threads of its own:",
        "",
        *table(["part", "CPU per update µs", "share"], [
            ["the bot (event loop thread)", f"{bot_us:.0f}", f"{bot_us / (bot_us + fake_us):.0%}"],
            ["… of which `Engine.ask`", f"{engine_us:.0f}", f"{engine_us / (bot_us + fake_us):.0%}"],
            ["… the rest: PTB, httpx/httpcore, HTML, SQLite", f"{bot_us - engine_us:.0f}",
             f"{(bot_us - engine_us) / (bot_us + fake_us):.0%}"],
            ["the fake server (its threads)", f"{fake_us:.0f}", f"{fake_us / (bot_us + fake_us):.0%}"],
        ]),
        "",
        "The fake server alone, driven by PTB's client from another process (64 calls in flight, connections "
        "opened before timing), and the CPU it spent per call. The client is Python too and shares the two "
        "cores, so calls/s is a floor for the fake; its CPU per call is the figure to compare:",
        "",
        *table(["method", "calls", "calls/s", "fake CPU per call µs", "dropped connections"],
               [[a.method, str(a.requests), f"{a.per_second:.0f}", f"{a.server_cpu_us:.0f}", str(a.dropped)]
                for a in alone]),
        "",
        f"- The bot and the fake share one process and one GIL (CPU/wall {main.cpu_s / main.wall_s:.2f}: "
        f"CPU-bound). The fake took {fake_us / (bot_us + fake_us):.0%} of the CPU; against the real Telegram "
        f"the bot's thread alone, at {bot_us:.0f} µs per update, would handle about {bot_only_rate:.0f} updates/s"
        + (f", still below the {THROUGHPUT_GOAL:.0f}/s goal." if bot_only_rate < THROUGHPUT_GOAL else ".")
        + f" Answering the question (`Engine.ask`) is {engine_us / bot_us:.0%} of the bot's time; the rest is "
        "receiving the update and sending the reply.",
    ]
    if importlib.util.find_spec("sniffio") is None:
        section.lines.append(
            "- `sniffio` is not installed (anyio ≥ 4.11 no longer pulls it in), and httpcore 1.0 then tries "
            "to import it again on every request (encode/httpcore#1103): a failed import, with its file system "
            "look-ups, per call to Telegram.")
    if send_alone.dropped or alone[0].dropped:
        section.lines.append(
            "- The fake dropped a few connections while the client opened 64 at once: its ThreadingHTTPServer "
            "keeps socketserver's listen backlog of 5, and a connection that overflows it fails about a "
            "second later. PTB's client raised NetworkError and the call was sent again (not timed).")
    section.lines += [
        f"- The flood guard lets a user send 8 messages at once; here it is widened to {per_user} per user, "
        f"since {users} users stand in for a crowd (`lift_flood_guard`). It still runs on every update.",
        "- Every question is answered with exactly one message and counted in SQLite (WAL, synchronous=NORMAL, "
        "in a temporary data directory on this machine's disk): the questions answered in one turn of the event "
        "loop are written in one transaction, before their replies go out.",
        f"- AIORateLimiter (overall {TELEGRAM_RATE}/s) starts with a full bucket: up to {TELEGRAM_RATE} messages "
        f"go out at once, then {TELEGRAM_RATE} a second, so the first second can hold about twice "
        f"{TELEGRAM_RATE}. After it the bot sends at Telegram's pace, which then sets the limit, not the bot.",
    ]
    section.goals.append(Goal("end-to-end throughput, one process", f"≥ {THROUGHPUT_GOAL:.0f} updates/s",
                              f"{main.per_second:.0f} updates/s ({main.questions} questions from {main.users} users; "
                              f"reply p99 {percentile(main.latencies, 99) * 1000:.0f} ms)",
                              main.per_second >= THROUGHPUT_GOAL))
    section.goals.append(Goal("AIORateLimiter holds the bot at Telegram's rate", f"≈ {TELEGRAM_RATE} msg/s",
                              f"{limited.steady_rate:.1f} msg/s after the first second (busiest second "
                              f"{limited.busiest_second})", abs(limited.steady_rate - TELEGRAM_RATE) <= 3))
    section.seconds = time.perf_counter() - started
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description="load generator for the fake Bot API (used by run()); "
                                                 "or, with --burst, the main burst alone (and profiled)")
    parser.add_argument("--client", metavar="BASE_URL")
    parser.add_argument("--token")
    parser.add_argument("--method", choices=("getMe", "sendMessage"))
    parser.add_argument("--requests", type=int, default=3_000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--payload", default="{}")
    parser.add_argument("--burst", nargs=2, type=int, metavar=("USERS", "PER_USER"),
                        help="run the main burst alone (the report's is 200 10) and print its figures")
    parser.add_argument("--profile", type=Path, metavar="OUT.txt",
                        help="with --burst: profile the bot's thread and the fake's, write the tables here")
    args = parser.parse_args()
    if args.burst:
        burst_only(*args.burst, args.profile)
        return
    if not (args.client and args.token and args.method):
        parser.error("the load generator needs --client, --token and --method")
    result = asyncio.run(_client(args.client, args.token, args.method, args.requests, args.concurrency,
                                 json.loads(args.payload)))
    print(json.dumps(result))


if __name__ == "__main__":
    main()

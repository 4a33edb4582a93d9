"""Start-up time and resident memory.

- `Engine.load()` in a fresh interpreter, several times, with the content cache (bot/contentcache.py)
  warm — a validated copy of the content already in HRC_CACHE_DIR, as in the Docker image, which
  makes it at build time — and cold (an empty HRC_CACHE_DIR: the content is read, validated and the
  copy written). Each HRC_CACHE_DIR is a temporary folder of the benchmark's own. Timed in the child:
  importing the engine, `Engine.load()`, the first answer in English (which also loads fastText's
  language model and the word lists language detection and place search use), then the first answer in
  each other language, which builds that language's model (models are built lazily, on first use).
- `hrc-bot run`, the real command, against the fake Bot API on 127.0.0.1 (content cache warm): how long
  from process start until it asks Telegram for updates, its resident memory once idle (polling an
  empty queue), then after one question in each of the nine languages (each from its own user whose
  Telegram language is that language; every model gets built) and idle again, and how long it takes to
  exit after SIGTERM (what `docker stop` sends). One more run with the cache cold, for comparison.
"""

from __future__ import annotations

import json
import os
import pstats
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Callable

from bot.evaluate import load_cases

from . import REPO_ROOT
from .fakeapi import TimedFakeBotApi
from .report import Goal, Section, table

STARTUP_GOAL_S = 1.0
RSS_GOAL_MB = 150.0
IDLE_POLLS = 3  # getUpdates calls answered before the bot counts as idle
TIMEOUT_S = 120.0
LANGUAGES = ("en", "es", "fr", "pt", "de", "id", "ko", "ja", "zh-Hant")
EVAL = REPO_ROOT / "tests" / "eval"
FIRST_USER = 600_000_000

# Runs in the fresh interpreter; prints one JSON line once the engine can answer, then one with the
# first answers in every language.
_LOAD_ENGINE = """
import json, sys, time
def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024
started = time.perf_counter()
from bot.engine import Engine
imported = time.perf_counter()
engine = Engine.load()
loaded = time.perf_counter()
print(json.dumps({"import_s": imported - started, "load_s": loaded - imported}), flush=True)
ready_rss = rss()
first, languages, rss_after = {}, {}, {}
for code, question in json.loads(sys.argv[1]).items():
    t = time.perf_counter()
    answer = engine.ask(question, fallback=code)
    first[code] = time.perf_counter() - t
    languages[code] = answer.language
    rss_after[code] = rss()
# What `hrc-bot run` imports on top (PTB, httpx), for the table, not the wall time.
t = time.perf_counter()
import bot.telegram.app
print(json.dumps({"first_s": first, "answered_in": languages, "ready_rss_mib": ready_rss, "rss_after_mib": rss_after,
                  "telegram_import_s": time.perf_counter() - t}), flush=True)
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HRC_", "TELEGRAM_"))}
    env["PYTHONPATH"] = str(REPO_ROOT)
    env.update(extra)
    return env


def sample_questions() -> dict[str, str]:
    """One question per language: the first in-scope question of its evaluation set (English: dev.yaml)."""
    questions = {}
    for code in LANGUAGES:
        path = EVAL / "dev.yaml" if code == "en" else EVAL / "i18n" / f"{code}.yaml"
        questions[code] = next(c.question for c in load_cases(path) if c.intent is not None)
    return questions


@dataclass
class EngineLoad:
    wall_s: float  # process start to "ready" printed, interpreter start-up included
    import_s: float
    load_s: float
    first_s: dict[str, float]  # the first answer in each language, in the order asked
    answered_in: dict[str, str]
    ready_rss_mib: float
    rss_after_mib: dict[str, float]
    telegram_import_s: float


def engine_load_once(cache_dir: Path, questions: dict[str, str]) -> EngineLoad:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", _LOAD_ENGINE, json.dumps(questions)], stdout=subprocess.PIPE,
                               text=True, cwd=REPO_ROOT, env=_env(HRC_CACHE_DIR=str(cache_dir)))
    assert process.stdout is not None
    line = process.stdout.readline()
    ready = time.perf_counter()
    rest = process.stdout.read()
    process.wait(timeout=TIMEOUT_S)
    if process.returncode != 0 or not line:
        raise RuntimeError(f"loading the engine failed (exit {process.returncode})")
    data = {**json.loads(line), **json.loads(rest)}
    return EngineLoad(ready - started, data["import_s"], data["load_s"], data["first_s"], data["answered_in"],
                      data["ready_rss_mib"], data["rss_after_mib"], data["telegram_import_s"])


def hrc_bot_command() -> list[str]:
    """The installed `hrc-bot` script beside this Python, else the package run as a module."""
    script = Path(sys.executable).parent / "hrc-bot"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "bot"]


@dataclass
class BotRun:
    to_get_me_s: float  # engine loaded and the Application initialising
    to_polling_s: float  # deleteWebhook: the last call before the first getUpdates
    rss_mib: float  # idle after start-up
    reply_s: dict[str, float] = field(default_factory=dict)  # the first question in each language: push -> reply
    rss_languages_mib: float = float("nan")  # idle after one question in each language
    peak_rss_mib: float = float("nan")
    exit_s: float = float("nan")
    exit_code: int = -1


def _status_kib(pid: int, name: str) -> int:
    with open(f"/proc/{pid}/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    raise LookupError(name)


def _wait(condition: Callable[[], bool], process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if process.poll() is not None:
            raise RuntimeError(f"hrc-bot run exited ({process.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"hrc-bot run: no {what} within {TIMEOUT_S:.0f} s")
        time.sleep(0.005)


def bot_run_once(cache_dir: Path, questions: dict[str, str] | None) -> BotRun:
    """One `hrc-bot run`; with `questions`, one question per language after start-up."""
    from tests.fakebot import updates as U

    with TimedFakeBotApi() as api, tempfile.TemporaryDirectory(prefix="hrc-bench-data-") as data_dir:
        env = _env(**api.env(), HRC_DATA_DIR=data_dir, HRC_CACHE_DIR=str(cache_dir))
        with tempfile.TemporaryFile() as log:
            started = time.perf_counter()
            # From a neutral directory: the bot must find its content through the package.
            process = subprocess.Popen(hrc_bot_command() + ["run"], env=env, cwd=data_dir,
                                       stdout=log, stderr=subprocess.STDOUT)
            try:
                _wait(lambda: api.get_updates_count >= IDLE_POLLS, process, f"{IDLE_POLLS} getUpdates calls")
                get_me, delete_webhook = api.stamped("getMe"), api.stamped("deleteWebhook")
                result = BotRun(
                    to_get_me_s=get_me[0][0] - started if get_me else float("nan"),
                    to_polling_s=delete_webhook[0][0] - started if delete_webhook else float("nan"),
                    rss_mib=_status_kib(process.pid, "VmRSS") / 1024,
                )
                for offset, (code, question) in enumerate((questions or {}).items()):
                    chat = FIRST_USER + offset
                    replied = lambda: [s for s, p in api.stamped("sendMessage") if p.get("chat_id") in (chat, str(chat))]  # noqa: E731
                    pushed = time.perf_counter()
                    api.push_update(U.private_text(chat, question, language_code=code))
                    _wait(lambda: bool(replied()), process, f"reply to the {code} question")
                    result.reply_s[code] = replied()[0] - pushed
                if questions:
                    polls = api.get_updates_count
                    _wait(lambda: api.get_updates_count >= polls + IDLE_POLLS, process, "idle polling after the questions")
                    result.rss_languages_mib = _status_kib(process.pid, "VmRSS") / 1024
                result.peak_rss_mib = _status_kib(process.pid, "VmHWM") / 1024
                stopping = time.perf_counter()
                process.send_signal(signal.SIGTERM)
                result.exit_code = process.wait(timeout=TIMEOUT_S)
                result.exit_s = time.perf_counter() - stopping
            except BaseException:
                process.kill()
                process.wait()
                log.seek(0)
                sys.stderr.write(log.read().decode(errors="replace")[-4000:])
                raise
        return result


def profile_bot_start(cache_dir: Path, output: Path) -> float:
    """`hrc-bot run` under cProfile (content cache warm) until it polls, then SIGTERM; the profile is written
    to `output` as the process exits. Returns process start → deleteWebhook, profiler included."""
    with TimedFakeBotApi() as api, tempfile.TemporaryDirectory(prefix="hrc-bench-data-") as data_dir:
        env = _env(**api.env(), HRC_DATA_DIR=data_dir, HRC_CACHE_DIR=str(cache_dir))
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "cProfile", "-o", str(output), "-m", "bot", "run"], env=env,
                                   cwd=data_dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(lambda: api.get_updates_count >= 1, process, "getUpdates under the profiler")
            polling = api.stamped("deleteWebhook")[0][0] - started
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=TIMEOUT_S)
        except BaseException:
            process.kill()
            process.wait()
            raise
    return polling


# Functions that only wrap everything else (the command line, asyncio's loop): not worth a row.
_WRAPPERS = {"<module>", "main", "cmd_run", "run", "_run_module_as_main", "_run_code", "run_polling"}


def start_profile_rows(path: Path, count: int = 14) -> tuple[float, list[list[str]]]:
    """The bot's own functions with the most cumulative time before polling, and YAML parsing in all."""
    stats = pstats.Stats(str(path))
    entries = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    own = [(f"{os.path.relpath(file, REPO_ROOT)}:{line} `{name}`", calls, cumulative)
           for (file, line, name), (_cc, calls, _tt, cumulative, _callers) in entries.items()
           if file.startswith(str(REPO_ROOT / "bot")) and name not in _WRAPPERS]
    rows = [[where, f"{calls:,}", f"{cumulative:.3f}", f"{cumulative / total:.0%}"]
            for where, calls, cumulative in sorted(own, key=lambda r: -r[2])[:count]]
    yaml_load = sum(v[3] for (file, _line, name), v in entries.items() if name == "load" and file.endswith("yaml/__init__.py"))  # safe_load calls it too
    imports = max((v[3] for (file, _line, name), v in entries.items() if name == "_find_and_load"), default=0.0)
    rows.append(["all YAML parsing (`yaml.load`, which `safe_load` calls; any caller)", "", f"{yaml_load:.3f}", f"{yaml_load / total:.0%}"])
    rows.append(["all imports (`importlib._find_and_load`)", "", f"{imports:.3f}", f"{imports / total:.0%}"])
    return total, rows


def _stats(values: list[float]) -> list[str]:
    return [f"{median(values):.3f}", f"{min(values):.3f}", f"{max(values):.3f}"]


def run(quick: bool = False) -> Section:
    started = time.perf_counter()
    questions = sample_questions()
    with tempfile.TemporaryDirectory(prefix="hrc-bench-cache-") as tmp:
        warm_dir = Path(tmp) / "warm"
        engine_load_once(warm_dir, questions)  # fills the warm cache, not counted
        warm = [engine_load_once(warm_dir, questions) for _ in range(3 if quick else 7)]
        cold = []
        for index in range(1 if quick else 5):
            cold.append(engine_load_once(Path(tmp) / f"cold-{index}", questions))
        runs = [bot_run_once(warm_dir, questions) for _ in range(1 if quick else 3)]
        cold_run = bot_run_once(Path(tmp) / "cold-run", None)
        profiled_polling = profile_bot_start(warm_dir, Path(tmp) / "run.prof")
        profiled_total, profile_rows = start_profile_rows(Path(tmp) / "run.prof")

    section = Section("Start-up and memory")
    steps = [("import bot.engine", lambda r: r.import_s),
             ("Engine.load(): content (cached copy or read + validated), English model indexed", lambda r: r.load_s),
             ("process start → engine ready (wall, interpreter start-up included)", lambda r: r.wall_s),
             ("first answer in English (also loads fastText and the detector's and finder's word lists)",
              lambda r: r.first_s["en"])]
    steps += [(f"then first answer in {code} (builds the {code} model)", lambda r, code=code: r.first_s[code])
              for code in LANGUAGES[1:]]
    steps += [("all nine first answers together", lambda r: sum(r.first_s.values())),
              ("then import bot.telegram.app (PTB, httpx)", lambda r: r.telegram_import_s)]
    rows = [[name, *_stats([get(r) for r in warm]), *_stats([get(r) for r in cold])] for name, get in steps]
    wrong_language = sorted({f"{code}→{got}" for r in warm + cold for code, got in r.answered_in.items() if got != code})
    rss_rows = [["engine loaded (English model only)", f"{median(r.ready_rss_mib for r in warm):.1f}"],
                ["after the first English answer", f"{median(r.rss_after_mib['en'] for r in warm):.1f}"],
                ["after a first answer in every language (nine models)",
                 f"{median(r.rss_after_mib[LANGUAGES[-1]] for r in warm):.1f}"]]
    section.lines += [
        f"`Engine.load()` of the shipped content in a fresh interpreter, then one question in each language "
        f"(English first, then {', '.join(LANGUAGES[1:])}; the first in-scope question of each evaluation set, asked "
        f"with that language as the asker's Telegram language). Content cache warm: {len(warm)} runs on a copy "
        f"made by an untimed run before; cold: {len(cold)} runs, each on an empty HRC_CACHE_DIR (the content "
        "read and validated, and the copy written). Seconds, median / min / max:",
        "",
        *table(["step", "warm median", "warm min", "warm max", "cold median", "cold min", "cold max"], rows),
        "",
        *(["- Answered in another language than asked: " + ", ".join(wrong_language) + "."] if wrong_language else []),
        "Resident memory of that interpreter (VmRSS, MiB, median of the warm runs; no Telegram library loaded):",
        "",
        *table(["after", "MiB"], rss_rows),
        "",
    ]

    def med(get: Callable[[BotRun], float]) -> float:
        return median(get(r) for r in runs)

    replies = "; ".join(f"{code} {med(lambda r, code=code: r.reply_s[code]):.3f}" for code in LANGUAGES)
    section.lines += [
        f"`hrc-bot run` against the fake Bot API on 127.0.0.1, content cache warm, {len(runs)} run(s) (median); "
        "one more with the cache cold:",
        "",
        *table(["measure", "cache warm", "cache cold"], [
            ["process start → getMe (engine loaded, bot initialising)", f"{med(lambda r: r.to_get_me_s):.3f} s",
             f"{cold_run.to_get_me_s:.3f} s"],
            ["process start → polling (deleteWebhook, then getUpdates)", f"{med(lambda r: r.to_polling_s):.3f} s",
             f"{cold_run.to_polling_s:.3f} s"],
            [f"resident memory (VmRSS) idle after start-up, after {IDLE_POLLS} getUpdates",
             f"{med(lambda r: r.rss_mib):.1f} MiB", f"{cold_run.rss_mib:.1f} MiB"],
            ["first question in each language, one after the other: push → reply accepted (s)", replies, ""],
            [f"resident memory (VmRSS) idle after one question in each of the nine languages "
             f"({IDLE_POLLS} getUpdates later)", f"{med(lambda r: r.rss_languages_mib):.1f} MiB", ""],
            ["peak resident memory (VmHWM)", f"{med(lambda r: r.peak_rss_mib):.1f} MiB", f"{cold_run.peak_rss_mib:.1f} MiB"],
            ["SIGTERM → process exited", f"{med(lambda r: r.exit_s):.3f} s (exit codes {sorted({r.exit_code for r in runs})})",
             f"{cold_run.exit_s:.3f} s (exit code {cold_run.exit_code})"],
        ]),
        "",
        "- The fake server answers an empty getUpdates after 1 s (Telegram after the bot's 10 s timeout), so "
        "the bot may be cut off in the middle of a long poll when SIGTERM arrives, as in production.",
        "- A reply's time includes the fake's long poll handing the update over and the bot's rate limiter; "
        "the first question in a language also pays for building that language's model.",
        "- MiB = 2^20 bytes (the figures /proc gives, in KiB, over 1024); the memory goal's MB is 10^6 bytes "
        "and is compared in MB (MiB × 1.048576).",
        "",
        f"Where `hrc-bot run` spends its time before polling: one run under cProfile (content cache warm; "
        f"{profiled_polling:.2f} s to polling with the profiler's overhead, {profiled_total:.2f} s of profiled CPU "
        "until SIGTERM). The bot's own functions with the most cumulative time (nested: a function's time "
        "includes its callees'):",
        "",
        *table(["function", "calls", "cumulative s", "share of profiled"], profile_rows),
    ]
    ready = median([r.wall_s for r in warm])
    polling = med(lambda r: r.to_polling_s)
    rss = med(lambda r: r.rss_languages_mib)
    rss_mb = rss * 1.048576
    section.goals.append(Goal("start-up: process start → engine loaded, validated, indexed (content cache warm)",
                              f"< {STARTUP_GOAL_S:g} s",
                              f"{ready:.2f} s (Engine.load alone {median([r.load_s for r in warm]):.2f} s; cache cold "
                              f"{median([r.wall_s for r in cold]):.2f} s)", ready < STARTUP_GOAL_S))
    section.goals.append(Goal("start-up: `hrc-bot run` process start → polling Telegram", f"< {STARTUP_GOAL_S:g} s",
                              f"{polling:.2f} s (cache warm; cold {cold_run.to_polling_s:.2f} s)",
                              polling < STARTUP_GOAL_S))
    section.goals.append(Goal("idle resident memory of `hrc-bot run`, after a question in each of the nine languages",
                              f"< {RSS_GOAL_MB:g} MB", f"{rss_mb:.1f} MB = {rss:.1f} MiB (after start-up "
                              f"{med(lambda r: r.rss_mib) * 1.048576:.1f} MB)", rss_mb < RSS_GOAL_MB))
    section.seconds = time.perf_counter() - started
    return section

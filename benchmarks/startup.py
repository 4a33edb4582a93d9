"""Start-up time and resident memory.

- `Engine.load()` in a fresh interpreter, several times: what every `hrc-bot` command pays before
  its first answer (reading, validating and indexing the shipped content), plus the imports.
- `hrc-bot run`, the real command, against the fake Bot API on 127.0.0.1: how long from process
  start until it asks Telegram for updates, its resident memory once idle (polling an empty queue),
  and how long it takes to exit after SIGTERM (what `docker stop` sends).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Callable

from . import REPO_ROOT
from .fakeapi import TimedFakeBotApi
from .report import Goal, Section, table

STARTUP_GOAL_S = 1.0
IDLE_POLLS = 3  # getUpdates calls answered before the bot counts as idle
TIMEOUT_S = 60.0

# Runs in the fresh interpreter; prints one JSON line once the engine can answer.
_LOAD_ENGINE = """
import json, time
started = time.perf_counter()
from bot.engine import Engine
imported = time.perf_counter()
engine = Engine.load()
loaded = time.perf_counter()
print(json.dumps({"import_s": imported - started, "load_s": loaded - imported}), flush=True)
# After "ready": what `hrc-bot run` imports on top (PTB, httpx), for the table, not the wall time.
import bot.telegram.app
print(json.dumps({"telegram_import_s": time.perf_counter() - loaded}), flush=True)
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HRC_", "TELEGRAM_"))}
    env["PYTHONPATH"] = str(REPO_ROOT)
    env.update(extra)
    return env


@dataclass
class EngineLoad:
    wall_s: float  # process start to "ready" printed, interpreter start-up included
    import_s: float
    load_s: float
    telegram_import_s: float


def engine_load_once() -> EngineLoad:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", _LOAD_ENGINE], stdout=subprocess.PIPE, text=True,
                               cwd=REPO_ROOT, env=_env())
    assert process.stdout is not None
    line = process.stdout.readline()
    ready = time.perf_counter()
    rest = process.stdout.read()
    process.wait(timeout=TIMEOUT_S)
    if process.returncode != 0 or not line:
        raise RuntimeError(f"loading the engine failed (exit {process.returncode})")
    data = {**json.loads(line), **json.loads(rest)}
    return EngineLoad(ready - started, data["import_s"], data["load_s"], data["telegram_import_s"])


def hrc_bot_command() -> list[str]:
    """The installed `hrc-bot` script beside this Python, else the package run as a module."""
    script = Path(sys.executable).parent / "hrc-bot"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "bot"]


@dataclass
class BotRun:
    to_get_me_s: float  # engine loaded and the Application initialising
    to_polling_s: float  # deleteWebhook: the last call before the first getUpdates
    rss_mib: float
    peak_rss_mib: float
    exit_s: float
    exit_code: int


def _status_kib(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


def _wait(condition: Callable[[], bool], process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if process.poll() is not None:
            raise RuntimeError(f"hrc-bot run exited ({process.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"hrc-bot run: no {what} within {TIMEOUT_S:.0f} s")
        time.sleep(0.005)


def bot_run_once() -> BotRun:
    with TimedFakeBotApi() as api, tempfile.TemporaryDirectory(prefix="hrc-bench-data-") as data_dir:
        env = _env(**api.env(), HRC_DATA_DIR=data_dir)
        with tempfile.TemporaryFile() as log:
            started = time.perf_counter()
            # From a neutral directory: the bot must find its content through the package.
            process = subprocess.Popen(hrc_bot_command() + ["run"], env=env, cwd=data_dir,
                                       stdout=log, stderr=subprocess.STDOUT)
            try:
                _wait(lambda: api.get_updates_count >= IDLE_POLLS, process, f"{IDLE_POLLS} getUpdates calls")
                rss, peak = _status_kib(process.pid, "VmRSS"), _status_kib(process.pid, "VmHWM")
                stopping = time.perf_counter()
                process.send_signal(signal.SIGTERM)
                code = process.wait(timeout=TIMEOUT_S)
                stopped = time.perf_counter()
            except BaseException:
                process.kill()
                process.wait()
                log.seek(0)
                sys.stderr.write(log.read().decode(errors="replace")[-4000:])
                raise
        get_me = api.stamped("getMe")
        delete_webhook = api.stamped("deleteWebhook")
        return BotRun(
            to_get_me_s=get_me[0][0] - started if get_me else float("nan"),
            to_polling_s=delete_webhook[0][0] - started if delete_webhook else float("nan"),
            rss_mib=rss / 1024,
            peak_rss_mib=peak / 1024,
            exit_s=stopped - stopping,
            exit_code=code,
        )


def run(quick: bool = False) -> Section:
    started = time.perf_counter()
    loads = [engine_load_once() for _ in range(3 if quick else 7)]
    runs = [bot_run_once() for _ in range(1 if quick else 3)]

    section = Section("Start-up and memory")
    section.lines += [
        f"`Engine.load()` of the shipped content in a fresh interpreter, {len(loads)} times (median, min–max):",
        "",
        *table(["step", "median s", "min s", "max s"], [
            [name, f"{median(v):.3f}", f"{min(v):.3f}", f"{max(v):.3f}"]
            for name, v in (
                ("import bot.engine", [r.import_s for r in loads]),
                ("Engine.load(): read, validate, index", [r.load_s for r in loads]),
                ("process start → engine ready (wall)", [r.wall_s for r in loads]),
                ("then import bot.telegram.app (PTB, httpx)", [r.telegram_import_s for r in loads]),
            )
        ]),
        "",
        f"`hrc-bot run` against the fake Bot API on 127.0.0.1, {len(runs)} run(s) (median):",
        "",
        *table(["measure", "value"], [
            ["process start → getMe (engine loaded, bot initialising)", f"{median(r.to_get_me_s for r in runs):.3f} s"],
            ["process start → polling (deleteWebhook, then getUpdates)", f"{median(r.to_polling_s for r in runs):.3f} s"],
            [f"resident memory (VmRSS) idle, after {IDLE_POLLS} getUpdates", f"{median(r.rss_mib for r in runs):.1f} MiB"],
            ["peak resident memory (VmHWM) so far", f"{median(r.peak_rss_mib for r in runs):.1f} MiB"],
            ["SIGTERM → process exited",
             f"{median(r.exit_s for r in runs):.3f} s (exit codes {sorted({r.exit_code for r in runs})})"],
        ]),
        "",
        "- The fake server answers an empty getUpdates after 1 s (Telegram after the bot's 10 s timeout), so "
        "the bot may be cut off in the middle of a long poll when SIGTERM arrives, as in production.",
    ]
    ready = median([r.wall_s for r in loads])
    polling = median([r.to_polling_s for r in runs])
    section.goals.append(Goal("start-up: process start → engine loaded, validated, indexed", f"< {STARTUP_GOAL_S:g} s",
                              f"{ready:.2f} s (Engine.load alone {median([r.load_s for r in loads]):.2f} s)",
                              ready < STARTUP_GOAL_S))
    section.goals.append(Goal("start-up: `hrc-bot run` process start → polling Telegram", f"< {STARTUP_GOAL_S:g} s",
                              f"{polling:.2f} s", polling < STARTUP_GOAL_S))
    section.seconds = time.perf_counter() - started
    return section

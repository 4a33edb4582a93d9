"""Run every benchmark, print the tables, and rewrite benchmarks/RESULTS.md.

    python benchmarks/run.py            # everything, about 20 minutes on 2 cores; writes RESULTS.md
    python benchmarks/run.py --quick    # smaller run (no 10,000-intent content, a short soak); prints only
    python benchmarks/run.py --only quality latency --sizes 100 1000
    python benchmarks/run.py --only langid tokenisers   # needs the bench extra: pip install -e ".[bench]"

Needs a source checkout (the evaluation sets and the fake Bot API live in tests/). Nothing leaves
127.0.0.1: the bot only ever talks to the fake server the benchmarks start.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.util
import sys
import time
from pathlib import Path
from typing import Callable

# `python benchmarks/run.py` puts benchmarks/ on the path, not the checkout that holds `benchmarks`
# and `tests`; add it so both invocations (and the subprocesses, via PYTHONPATH) work alike.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import e2e, langid, latency, quality, soak, startup, tokenisers  # noqa: E402
from benchmarks.report import Goal, MachineLoad, Section, code_fingerprint, git_revision, machine, table  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
INSTALL_BENCH = '.venv/bin/pip install -e ".[bench]"'
# What each comparison imports from the `bench` extra (pyproject.toml), by module name.
BENCH_MODULES = {
    "langid": ("lingua", "py3langid"),
    "tokenisers": ("kiwipiepy", "fugashi", "unidic_lite", "jieba"),
}


def missing_modules(modules: tuple[str, ...]) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is None]


def needs_bench(name: str, title: str, run: Callable[[], Section]) -> Callable[[], Section]:
    """Run a comparison with the optional candidates, or say how to install them when they are missing."""
    def guarded() -> Section:
        missing = missing_modules(BENCH_MODULES[name])
        if not missing:
            return run()
        return Section(title, [f"Not run: the `bench` extra is not installed (missing: {', '.join(missing)}). "
                               f"Install it with `{INSTALL_BENCH}`, then `python benchmarks/run.py --only {name}`."])
    return guarded


def sections(args: argparse.Namespace) -> dict[str, Callable[[], Section]]:
    """Every benchmark, in the order the issue lists them."""
    return {
        "quality": lambda: quality.run(args.quick),
        "latency": lambda: latency.run(args.quick, tuple(args.sizes) if args.sizes else None),
        "startup": lambda: startup.run(args.quick),
        "langid": needs_bench("langid", "Language identification", lambda: langid.run(args.quick)),
        "tokenisers": needs_bench("tokenisers", "Korean, Japanese and Chinese tokenising",
                                  lambda: tokenisers.run(args.quick)),
        "e2e": lambda: e2e.run(args.quick),
        "soak": lambda: soak.run(args.quick),
    }


def goals_table(goals: list[Goal]) -> list[str]:
    return table(["goal", "target", "measured", "verdict"], [[g.name, g.target, g.measured, g.verdict] for g in goals])


def render(results: list[Section], started: dt.datetime, seconds: float, quick: bool, load: MachineLoad,
           revision: str, changed: str | None) -> str:
    goals = [g for s in results for g in s.goals]
    lines = [
        "# hrc-bot benchmarks",
        "",
        "Written by `python benchmarks/run.py`" + (" --quick" if quick else "") + "; do not edit by hand. "
        "See benchmarks/*.py for how each number is measured.",
        "",
        f"Run on {started:%Y-%m-%d %H:%M} UTC, {seconds:.0f} s in all"
        + " (" + ", ".join(f"{s.title.lower()} {s.seconds:.0f} s" for s in results) + ").",
        "",
        *table(["machine", ""], machine(load, revision, changed)),
        "",
        "## Goals",
        "",
        *goals_table(goals),
        "",
    ]
    return "\n".join(lines) + "\n" + "\n".join(s.markdown() for s in results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="a smaller run: fewer rounds and questions, synthetic content up to 1,000 intents")
    parser.add_argument("--only", nargs="+", choices=("quality", "latency", "startup", "langid", "tokenisers", "e2e", "soak"),
                        help="run only these benchmarks")
    parser.add_argument("--sizes", nargs="+", type=int, help="synthetic content sizes (default 100 1000 10000)")
    parser.add_argument("--output", type=Path,
                        help=f"where to write the results (default: {RESULTS.relative_to(ROOT)} after a full run; "
                             "a --quick or --only run only prints unless given this)")
    args = parser.parse_args(argv)

    started_at = dt.datetime.now(dt.timezone.utc)
    started = time.perf_counter()
    load = MachineLoad()
    revision, fingerprint = git_revision(), code_fingerprint()  # what is measured, as the run starts
    chosen = {name: run for name, run in sections(args).items() if not args.only or name in args.only}
    results = []
    for name, run in chosen.items():
        print(f"== {name} …", file=sys.stderr, flush=True)
        section = run()
        results.append(section)
        print(section.markdown(), flush=True)
        gc.collect()  # one benchmark's garbage must not pause the next one's timings
    seconds = time.perf_counter() - started
    changed = None
    if code_fingerprint() != fingerprint:
        changed = (f"YES: bot/ or the content changed while the benchmarks ran (revision then {git_revision()}); "
                   "the sections may mix two versions — run again")
        print(f"warning: {changed}", file=sys.stderr)

    goals = [g for s in results for g in s.goals]
    print("## Goals\n")
    print("\n".join(goals_table(goals)))
    print(f"\nwhole run: {seconds:.0f} s; {load.describe()}")

    output = args.output or (RESULTS if not args.quick and not args.only else None)
    if output is not None:
        output.write_text(render(results, started_at, seconds, args.quick, load, revision, changed), encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

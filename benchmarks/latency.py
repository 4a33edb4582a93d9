"""Per-question answer latency: on the shipped content, and as the content grows to 10,000 intents.

Each question is timed alone with `time.perf_counter_ns` around `Engine.ask`, the call every front
end makes. Two numbers per content:

- first sight: the engine's caches (spelling corrections, stems) are emptied before the pass, so
  each question is new to the process, as a resident's question is. Words shared between questions
  still hit the cache within the pass, as they do in a running bot.
- warm: after one untimed round, several timed rounds over the same questions; this is the cost
  of the matching itself once the process has seen the words.

The garbage collector stays on: its pauses are part of what a user waits for.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from bot import text as bot_text
from bot.engine import Engine
from bot.evaluate import load_cases

from . import synthetic
from .quality import EVAL_DIR, EVAL_SETS, FuzzyBaseline
from .report import Goal, Section, ms, pct, percentile, table

SIZES = (100, 1_000, 10_000)
SHIPPED_P99_GOAL_MS = 2.0
LARGE_P99_GOAL_MS = 20.0
LARGE_SIZE = 10_000


@dataclass
class Timing:
    first_sight: list[int]
    warm: list[int]

    def row(self) -> list[str]:
        return [ms(percentile(self.first_sight, 50)), ms(percentile(self.first_sight, 99)),
                ms(percentile(self.warm, 50)), ms(percentile(self.warm, 99)), ms(max(self.warm))]


HEADER = ["first-sight p50", "first-sight p99", "warm p50", "warm p99", "warm max"]


def clear_caches(engine: Engine) -> None:
    """Forget every spelling correction and stem, as in a process that just started."""
    engine.vocabulary.correct.cache_clear()
    bot_text.stem.cache_clear()


def time_each(ask: Callable[[str], object], questions: list[str]) -> list[int]:
    durations = []
    for question in questions:
        start = time.perf_counter_ns()
        ask(question)
        durations.append(time.perf_counter_ns() - start)
    return durations


def time_engine(engine: Engine, questions: list[str], rounds: int) -> Timing:
    clear_caches(engine)
    first = time_each(engine.ask, questions)
    time_each(engine.ask, questions)  # warm-up round, not counted
    warm = [d for _ in range(rounds) for d in time_each(engine.ask, questions)]
    return Timing(first, warm)


def rss_kib() -> int:
    """This process's resident set size (VmRSS), in KiB."""
    with open("/proc/self/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def shipped(rounds: int) -> tuple[list[str], Timing, Timing]:
    engine = Engine.load()
    questions = [case.question for name in EVAL_SETS if (EVAL_DIR / name).is_file()
                 for case in load_cases(EVAL_DIR / name)]
    engine_timing = time_engine(engine, questions, rounds)
    baseline = FuzzyBaseline(engine, threshold=0)
    base_first = time_each(baseline.answer, questions)
    base_warm = [d for _ in range(rounds) for d in time_each(baseline.answer, questions)]
    return questions, engine_timing, Timing(base_first, base_warm)


def slowest_questions(questions: list[str], warm: list[int], count: int) -> list[tuple[str, float]]:
    """The questions whose median warm time is longest: what the p99 is made of."""
    n = len(questions)
    medians = [(q, statistics.median(warm[j::n])) for j, q in enumerate(questions)]
    return sorted(medians, key=lambda qt: -qt[1])[:count]


@dataclass
class SizeResult:
    size: int
    examples: int
    load_s: list[float]
    rss_growth_mib: float
    accuracy: float
    rejection: float
    timing: Timing

    def row(self) -> list[str]:
        load = f"{statistics.median(self.load_s):.2f}"
        if len(self.load_s) > 1:
            load += f" (median of {len(self.load_s)})"
        return [f"{self.size:,}", f"{self.examples:,}", load, f"{self.rss_growth_mib:.0f}", pct(self.accuracy),
                pct(self.rejection), *self.timing.row()]


def measure_size(size: int, n_questions: int, rounds: int, loads: int) -> SizeResult:
    with tempfile.TemporaryDirectory(prefix=f"hrc-synthetic-{size}-") as tmp:
        root = Path(tmp) / "content"
        intents = synthetic.generate(root, size)

        gc.collect()
        before = rss_kib()
        load_times = []
        engine = None
        for _ in range(loads):
            engine = None  # drop the previous engine first, so two never sit in memory at once
            gc.collect()
            started = time.perf_counter()
            engine = Engine.load(root)  # read, validate and index: everything before the first answer
            load_times.append(time.perf_counter() - started)
        assert engine is not None
        growth = (rss_kib() - before) / 1024

    mix = synthetic.questions(intents, n_questions)
    answers = [(q, engine.ask(q.text)) for q in mix]
    in_scope = [(q, a) for q, a in answers if q.intent is not None]
    out_of_scope = [a for q, a in answers if q.intent is None]
    accuracy = sum(a.matched and a.intent is not None and a.intent.id == q.intent for q, a in in_scope) / len(in_scope)
    rejection = sum(not a.matched for a in out_of_scope) / len(out_of_scope)
    timing = time_engine(engine, [q.text for q in mix], rounds)
    return SizeResult(size, sum(len(i.examples) for i in intents), load_times, growth, accuracy, rejection, timing)


def run(quick: bool = False, sizes: tuple[int, ...] | None = None) -> Section:
    started = time.perf_counter()
    rounds = 1 if quick else 3
    sizes = sizes or (SIZES[:2] if quick else SIZES)
    n_questions = 300 if quick else 1_000

    questions, engine_timing, baseline_timing = shipped(rounds)
    slowest = slowest_questions(questions, engine_timing.warm, 3)
    section = Section("Answer latency")
    section.lines += [
        f"Time of one `Engine.ask` call, in milliseconds, over the {len(questions)} questions of the evaluation "
        "sets. *First sight*: caches emptied before the pass, each question new to the process. *Warm*: "
        f"{rounds} timed round(s) after one untimed round. Percentiles are nearest-rank.",
        "",
        *table(["content", "answerer", *HEADER],
               [["shipped", "engine", *engine_timing.row()],
                ["shipped", "baseline (extractOne over all examples)", *baseline_timing.row()]]),
        "",
        "Slowest questions on the shipped content (median of the warm rounds): "
        + "; ".join(f"{q!r} {ms(t)} ms" for q, t in slowest) + ".",
        "",
    ]
    shipped_p99 = max(percentile(engine_timing.first_sight, 99), percentile(engine_timing.warm, 99)) / 1e6
    section.goals.append(Goal("p99 per question, shipped content", f"< {SHIPPED_P99_GOAL_MS:g} ms",
                              f"{shipped_p99:.2f} ms (worse of first sight and warm)",
                              shipped_p99 < SHIPPED_P99_GOAL_MS))

    results = [measure_size(size, n_questions, rounds, loads=3 if size <= 1_000 and not quick else 1)
               for size in sizes]
    section.lines += [
        f"Synthetic content (benchmarks/synthetic.py): N intents of {synthetic.EXAMPLES_PER_INTENT} examples each, "
        f"one source and topic per {synthetic.INTENTS_PER_TOPIC} intents, plus the shipped places, gazetteer and "
        f"lexicon. {n_questions} questions: reworded examples (a word dropped, two swapped, a typo in 30%) and "
        f"{len(synthetic.OFF_TOPIC)} kinds of off-topic question (15%). *Load* is `Engine.load(path)`: read, "
        "validate and index, everything before the first answer.",
        "",
        *table(["intents", "examples", "load s", "RSS growth MiB", "right answers", "off-topic rejected", *HEADER],
               [r.row() for r in results]),
        "",
        "- *Right answers* and *off-topic rejected* only show that the synthetic questions are answered as meant "
        "(each intent has a made-up word of its own, so they are easy); they are no measure of quality.",
        "- *RSS growth*: resident memory of this process after loading, minus before; approximate, as Python "
        "keeps freed memory.",
    ]
    large = next((r for r in results if r.size == LARGE_SIZE), None)
    if large is not None:
        large_p99 = max(percentile(large.timing.first_sight, 99), percentile(large.timing.warm, 99)) / 1e6
        section.goals.append(Goal(f"p99 per question, {LARGE_SIZE:,} intents", f"< {LARGE_P99_GOAL_MS:g} ms",
                                  f"{large_p99:.2f} ms", large_p99 < LARGE_P99_GOAL_MS))
    else:
        section.goals.append(Goal(f"p99 per question, {LARGE_SIZE:,} intents", f"< {LARGE_P99_GOAL_MS:g} ms",
                                  "not measured in this run", None))
    section.seconds = time.perf_counter() - started
    return section

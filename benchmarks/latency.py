"""Per-question answer latency: on the shipped content in all nine languages, and as the content grows
to 10,000 intents.

Each question is timed alone with `time.perf_counter_ns` around `Engine.ask`, the call every front
end makes, asked as from a phone set to its set's language (`fallback=`, as bot.evaluate asks). The
shipped questions are every evaluation set: tests/eval/*.yaml (the English in/out-of-scope sets and
chatty.yaml), the premise set and each language's set (tests/eval/i18n). Before anything is timed every
language model is built (`Engine.prepare(code)`, as the bot does in the background after it starts) and
one question per language is asked untimed (fastText's language model, the detector's word lists and the
finder's ordinary words are loaded on first use): the engine is measured with all its languages loaded.
Three numbers per content:

- first sight in a new process (shipped content; the goal's first-sight figure): each question asked
  once of an engine started as `hrc-bot run` starts it (every model built, then settled with
  bot.engine.settle), so each question is new to the process, as a resident's is. Its caches hold what
  building the models put in them (the content's own words) and, within the pass, the words of the
  questions before, as in a running bot. Per question, the median of a few such passes, each with a newly
  loaded engine: one timing per question is as much a measure of the machine's pauses as of the code.
- first sight with every cache emptied: the engine's per-word and per-question caches are emptied before
  the pass (every model's `analyzer.stem` and `analyzer.correct`, `text.normalize`, the place finder's
  `_closest` and `_found`, the language detector's `_detect`): harsher than any real process, which has
  at least the content's own words cached. Kept as the stricter figure (and the only first-sight figure
  of the synthetic contents).
- warm: after one untimed round, several timed rounds over the same questions; this is the cost
  of the matching itself once the process has seen the words.

The garbage collector stays on: its pauses are part of what a user waits for. What the slowest
questions spend their time on is profiled with cProfile (outside the timed passes).
"""

from __future__ import annotations

import cProfile
import gc
import os
import pstats
import statistics
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from bot import text as bot_text
from bot.engine import LONG_MESSAGE_WORDS, Engine, _is_long, settle
from bot.evaluate import load_cases, load_premises

from . import REPO_ROOT, synthetic
from .quality import EVAL_DIR, I18N_DIR, PREMISES, FuzzyBaseline
from .report import Goal, Section, ms, pct, percentile, table

SIZES = (100, 1_000, 10_000)
SHIPPED_P99_GOAL_MS = 2.0
LARGE_P99_GOAL_MS = 20.0
LARGE_SIZE = 10_000
SLOWEST = 8  # questions listed
PROFILED_FUNCTIONS = 12  # functions listed per profile


@dataclass(frozen=True)
class Question:
    text: str
    language: str  # the set's language: the asker's phone language
    set_name: str


@dataclass
class Timing:
    first_sight: list[int]
    warm: list[int]
    # First sight in a process that has just started (nothing emptied): per question, the median of the
    # passes made, each in a newly started engine. Empty where not measured (synthetic content).
    fresh: list[int] = field(default_factory=list)

    def row(self) -> list[str]:
        fresh = [ms(percentile(self.fresh, 50)), ms(percentile(self.fresh, 99))] if self.fresh else ["–", "–"]
        return [*fresh, ms(percentile(self.first_sight, 50)), ms(percentile(self.first_sight, 99)),
                ms(percentile(self.warm, 50)), ms(percentile(self.warm, 99)), ms(max(self.warm))]

    @property
    def worse_p99_ms(self) -> float:
        """The goal's figure: the worse of first sight (in a new process where measured, else with every
        cache emptied) and warm."""
        first = self.fresh or self.first_sight
        return max(percentile(first, 99), percentile(self.warm, 99)) / 1e6

    def subset(self, indexes: list[int], n: int) -> "Timing":
        """The timings of the questions at `indexes` (of `n` questions per round)."""
        rounds = len(self.warm) // n
        return Timing([self.first_sight[i] for i in indexes], [self.warm[r * n + i] for r in range(rounds) for i in indexes],
                      [self.fresh[i] for i in indexes] if self.fresh else [])


HEADER = ["new process p50", "new process p99", "caches emptied p50", "caches emptied p99", "warm p50", "warm p99",
          "warm max"]
FRESH_PASSES = 3  # new engines, each asked every question once


def clear_caches(engine: Engine) -> None:
    """Forget every spelling correction, stem, normalised text, place look-up and language guess, as in a
    process that just started (the models themselves stay built)."""
    for model in dict.values(engine.models):  # the models built so far (Engine.models builds on lookup)
        model.analyzer.stem.cache_clear()
        model.analyzer.correct.cache_clear()
    bot_text.normalize.cache_clear()
    engine.finder._closest.cache_clear()
    engine.finder._found.cache_clear()
    engine.detector._detect.cache_clear()


def build_all_models(engine: Engine, questions: list[Question]) -> None:
    """Every language model built, and one question per language asked (untimed), so that nothing is
    loaded lazily inside a timed call."""
    for code in engine.languages:
        engine.prepare(code)  # as the bot does, in the background, once it has started
    first = {}
    for q in questions:
        first.setdefault(q.language, q)
    for q in first.values():
        engine.ask(q.text, fallback=q.language)


def time_each(ask: Callable[[object], object], questions: list) -> list[int]:
    durations = []
    for question in questions:
        start = time.perf_counter_ns()
        ask(question)
        durations.append(time.perf_counter_ns() - start)
    return durations


def time_engine(engine: Engine, questions: list, rounds: int,
                ask: Callable[[object], object] | None = None) -> Timing:
    ask = ask or engine.ask
    clear_caches(engine)
    # As `hrc-bot run` has it: what start-up built, out of the cyclic collector's sight (bot.engine.settle);
    # given back afterwards, so that this process can free the engine when it is done with it.
    settle()
    try:
        first = time_each(ask, questions)
        time_each(ask, questions)  # warm-up round, not counted
        warm = [d for _ in range(rounds) for d in time_each(ask, questions)]
    finally:
        gc.unfreeze()
    return Timing(first, warm)


def rss_kib() -> int:
    """This process's resident set size (VmRSS), in KiB."""
    with open("/proc/self/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def shipped_questions() -> list[Question]:
    """Every question of every evaluation set, in a fixed order."""
    questions = []
    for path in sorted(EVAL_DIR.glob("*.yaml")):
        questions += [Question(c.question, c.language, path.name) for c in load_cases(path)]
    if PREMISES.is_file():
        questions += [Question(c.question, c.language, "premises/premises.yaml") for c in load_premises(PREMISES)]
    for path in sorted(I18N_DIR.glob("*.yaml")):
        questions += [Question(c.question, c.language, f"i18n/{path.name}") for c in load_cases(path)]
    return questions


@dataclass
class Shipped:
    engine: Engine
    questions: list[Question]
    timing: Timing
    english: list[int]  # indexes of the English questions
    baseline: Timing  # on the English questions


def new_process_pass(questions: list[Question]) -> list[int]:
    """Every question asked once of an engine just started as `hrc-bot run` starts one: every language
    model built, and settled (bot.engine.settle). Its caches hold what building the models put in them (the
    content's own words), nothing of the questions: each question is new to it, as a resident's is."""
    engine = Engine.load()
    build_all_models(engine, questions)
    settle()
    try:
        return time_each(lambda q: engine.ask(q.text, fallback=q.language), questions)
    finally:
        gc.unfreeze()


def shipped(rounds: int, fresh_passes: int = FRESH_PASSES) -> Shipped:
    questions = shipped_questions()
    # Several new engines, one after the other (never two at once), so that one pass's pauses (another
    # process, a page fault) do not stand for a question's cost: each question's median is kept.
    passes = []
    for _ in range(fresh_passes):
        passes.append(new_process_pass(questions))
        gc.collect()
    fresh = [int(statistics.median(times)) for times in zip(*passes)]
    engine = Engine.load()
    build_all_models(engine, questions)
    timing = time_engine(engine, questions, rounds, ask=lambda q: engine.ask(q.text, fallback=q.language))
    timing.fresh = fresh
    english = [i for i, q in enumerate(questions) if q.language == "en"]
    baseline = FuzzyBaseline(engine, threshold=0)
    english_texts = [questions[i].text for i in english]
    base_first = time_each(baseline.answer, english_texts)
    base_warm = [d for _ in range(rounds) for d in time_each(baseline.answer, english_texts)]
    return Shipped(engine, questions, timing, english, Timing(base_first, base_warm))


@dataclass
class Slow:
    question: Question
    first_ms: float
    warm_ms: float  # median of the warm rounds


def slowest_questions(questions: list[Question], timing: Timing, count: int) -> list[Slow]:
    """The questions whose worse of first sight and median warm time is longest: what the p99 is made of."""
    n = len(questions)
    found = [Slow(q, timing.first_sight[j] / 1e6, statistics.median(timing.warm[j::n]) / 1e6)
             for j, q in enumerate(questions)]
    return sorted(found, key=lambda s: -max(s.first_ms, s.warm_ms))[:count]


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(path: str) -> str:
    """A profiled function's file, from the checkout or the standard library / site-packages."""
    if path.startswith(str(REPO_ROOT)):
        return os.path.relpath(path, REPO_ROOT)
    for marker in ("site-packages/", "lib/python"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def profile(engine: Engine, questions: list[Question], first_sight: bool) -> list[list[str]]:
    """cProfile over the given questions (caches emptied first at first sight, else asked once before):
    the functions with the most own time, and the share of the total each takes."""
    ask = lambda q: engine.ask(q.text, fallback=q.language)  # noqa: E731
    if first_sight:
        clear_caches(engine)
    else:
        for q in questions:
            ask(q)
    profiler = cProfile.Profile()
    profiler.enable()
    for q in questions:
        ask(q)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    entries = stats.stats  # type: ignore[attr-defined]
    by_own = sorted(entries.items(), key=lambda kv: -kv[1][2])[:PROFILED_FUNCTIONS]
    rows = []
    for (path, line, name), (_cc, calls, own, cumulative, _callers) in by_own:
        where = f"{_where(path)}:{line}" if line else _where(path)
        rows.append([f"`{name}` ({where})", f"{calls:,}", f"{own * 1e3:.1f}", pct(own / total),
                     f"{cumulative * 1e3:.1f}"])
    return rows


def stage_shares(engine: Engine, questions: list[Question]) -> list[list[str]]:
    """Cumulative time of the engine's stages over the given questions (warm), from one cProfile run."""
    for q in questions:
        engine.ask(q.text, fallback=q.language)
    profiler = cProfile.Profile()
    profiler.enable()
    for q in questions:
        engine.ask(q.text, fallback=q.language)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    stages = {
        ("engine.py", "_language"): "telling the language (`Engine._language`)",
        ("understand.py", "read"): "reading: places, words, claims (`understand.read`)",
        ("decide.py", "decide"): "deciding the intent (`decide.decide`)",
        ("premises.py", "check"): "checking premises (`premises.check`)",
        ("compose.py", "compose"): "composing the answer (`Composer.compose`)",
        ("engine.py", "_asks"): "finding the sentences that ask (`engine._asks`)",
    }
    cumulative: dict[str, float] = defaultdict(float)
    for (path, _line, name), (_cc, _calls, _own, cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        key = (os.path.basename(path), name)
        if key in stages and path.startswith(str(REPO_ROOT)):
            cumulative[stages[key]] += cum
    return [[stage, f"{cumulative[stage] * 1e3:.1f}", pct(cumulative[stage] / total)] for stage in stages.values()]


@dataclass
class SizeResult:
    size: int
    examples: int
    cold_s: float
    warm_s: list[float]
    rss_growth_mib: float
    accuracy: float
    rejection: float
    timing: Timing

    def row(self) -> list[str]:
        warm = f"{statistics.median(self.warm_s):.2f}"
        if len(self.warm_s) > 1:
            warm += f" (median of {len(self.warm_s)})"
        return [f"{self.size:,}", f"{self.examples:,}", f"{self.cold_s:.2f}", warm, f"{self.rss_growth_mib:.0f}",
                pct(self.accuracy), pct(self.rejection), *self.timing.row()]


@contextmanager
def private_content_cache() -> Iterator[Path]:
    """HRC_CACHE_DIR pointed at an empty temporary folder for the duration (bot/contentcache.py)."""
    previous = os.environ.get("HRC_CACHE_DIR")
    with tempfile.TemporaryDirectory(prefix="hrc-bench-cache-") as folder:
        os.environ["HRC_CACHE_DIR"] = folder
        try:
            yield Path(folder)
        finally:
            if previous is None:
                os.environ.pop("HRC_CACHE_DIR", None)
            else:
                os.environ["HRC_CACHE_DIR"] = previous


def measure_size(size: int, n_questions: int, rounds: int, warm_loads: int) -> SizeResult:
    with tempfile.TemporaryDirectory(prefix=f"hrc-synthetic-{size}-") as tmp, private_content_cache():
        root = Path(tmp) / "content"
        intents = synthetic.generate(root, size)

        gc.collect()
        before = rss_kib()
        started = time.perf_counter()
        engine: Engine | None = Engine.load(root)  # no cached copy: read, validate, index, write the copy
        cold = time.perf_counter() - started
        warm_times = []
        for _ in range(warm_loads):
            engine = None  # drop the previous engine first, so two never sit in memory at once
            gc.collect()
            started = time.perf_counter()
            engine = Engine.load(root)  # the validated copy from the cache, then indexed
            warm_times.append(time.perf_counter() - started)
        assert engine is not None
        growth = (rss_kib() - before) / 1024

    mix = synthetic.questions(intents, n_questions)
    answers = [(q, engine.ask(q.text)) for q in mix]
    in_scope = [(q, a) for q, a in answers if q.intent is not None]
    out_of_scope = [a for q, a in answers if q.intent is None]
    accuracy = sum(a.matched and a.intent is not None and a.intent.id == q.intent for q, a in in_scope) / len(in_scope)
    rejection = sum(not a.matched for a in out_of_scope) / len(out_of_scope)
    timing = time_engine(engine, [q.text for q in mix], rounds)
    return SizeResult(size, sum(len(i.examples) for i in intents), cold, warm_times, growth, accuracy, rejection,
                      timing)


def run(quick: bool = False, sizes: tuple[int, ...] | None = None) -> Section:
    started = time.perf_counter()
    rounds = 1 if quick else 3
    sizes = sizes or (SIZES[:2] if quick else SIZES)
    n_questions = 300 if quick else 1_000

    result = shipped(rounds, fresh_passes=1 if quick else FRESH_PASSES)
    engine, questions, timing = result.engine, result.questions, result.timing
    n = len(questions)
    by_language: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(questions):
        by_language[q.language].append(i)
    language_rows = []
    for code in engine.languages:
        indexes = by_language.get(code, [])
        if not indexes:
            continue
        label = f"{code} ({len(indexes)})"
        language_rows.append([label, "engine", *timing.subset(indexes, n).row()])
    # A long message is read as a whole and then sentence by sentence: the tail is mostly made of them.
    long_ones = [i for i, q in enumerate(questions) if _is_long(q.text)]
    short_ones = sorted(set(range(n)) - set(long_ones))
    english = timing.subset(result.english, n)
    fastest = [min(timing.warm[j::n]) for j in range(n)]
    slow = slowest_questions(questions, timing, SLOWEST)
    sets_by_language = {code: sorted({questions[i].set_name for i in idx}) for code, idx in by_language.items()}

    section = Section("Answer latency")
    section.lines += [
        f"Time of one `Engine.ask` call, in milliseconds, over the {n} questions of every evaluation set "
        "(tests/eval/*.yaml with chatty.yaml, premises/premises.yaml, and the eight i18n/*.yaml), each asked with "
        "its set's language as the asker's Telegram language. **All nine language models are built before "
        "anything is timed** (`Engine.prepare(code)` for every language, as the bot does after it starts, and "
        "one untimed question per language "
        "so that fastText and the detector's word lists are loaded), so these are the figures of a bot that "
        "has every language loaded. Each question is timed three ways. *New process* (the goal's first-sight "
        "figure): asked once of an engine just started, as `hrc-bot run` starts it (every model built, then "
        "settled), whose caches hold only what building the models put there — the content's own words —, so "
        "each question is new to it; per question, the median of "
        f"{1 if quick else FRESH_PASSES} such pass(es), each with a newly loaded engine. *Caches emptied* (harsher "
        "than any real process): the same, after emptying every cache, even of the content's own words (every "
        "model's `analyzer.stem` and `analyzer.correct`, `text.normalize`, the place finder's `_closest` and "
        f"`_found`, the detector's `_detect`); one pass. *Warm*: {rounds} timed round(s) after one untimed "
        "round. Percentiles are nearest-rank.",
        "",
        *table(["questions (count)", "answerer", *HEADER], [
            [f"all languages ({n})", "engine", *timing.row()],
            *language_rows,
            [f"short questions ({len(short_ones)})", "engine",
             *timing.subset(short_ones, n).row()],
            [f"long messages: {LONG_MESSAGE_WORDS}+ words, {3 * LONG_MESSAGE_WORDS}+ characters unspaced "
             f"({len(long_ones)})", "engine",
             *timing.subset(long_ones, n).row()],
            [f"en ({len(result.english)})", "baseline (extractOne over all English examples)", *result.baseline.row()],
        ]),
        "",
        "- English: " + ", ".join(sets_by_language.get("en", [])) + "; every other language: its own i18n set.",
        "- *Long messages* (most of chatty.yaml, a few of every language's set) are read as a whole and then "
        "sentence by sentence and in pairs of neighbours, each reading checked for premises, to find the "
        "sentence that asks: several answers' worth of work, and most of the tail.",
        f"- Each question's fastest warm round (of {rounds}), all languages: p50 {ms(percentile(fastest, 50))}, "
        f"p99 {ms(percentile(fastest, 99))} ms — the code's own cost, without the pauses that other processes on "
        "the machine and the garbage collector add to single timings (the goal is judged on the timings as "
        "measured, above).",
        "- The baseline (benchmarks/quality.py) speaks English only, so it is timed on the English questions; "
        f"the engine on the same questions: first-sight p99 {ms(percentile(english.fresh, 99))} ms in a new "
        f"process, {ms(percentile(english.first_sight, 99))} ms with every cache emptied, "
        f"warm p99 {ms(percentile(english.warm, 99))} ms.",
        "",
        f"The {SLOWEST} slowest questions (worse of first sight and the median of the warm rounds), ms:",
        "",
        *table(["question", "language", "set", "first sight", "warm median"],
               [[_short(s.question.text), s.question.language, s.question.set_name, f"{s.first_ms:.3f}",
                 f"{s.warm_ms:.3f}"] for s in slow]),
        "",
    ]

    # What the p99 is made of: the slowest 1% of questions, profiled.
    tail_count = max(1, n // 100)
    tail = [s.question for s in slowest_questions(questions, timing, tail_count)]
    first_worse = percentile(timing.first_sight, 99) >= percentile(timing.warm, 99)
    section.lines += [
        f"What the slowest 1% ({tail_count} questions, the tail the p99 sits in) spend their time on, from "
        f"cProfile ({'first sight: caches emptied, as the worse p99 is at first sight' if first_worse else 'warm'}; "
        "the profiler's overhead inflates every figure, the shares are what counts). Functions with the most "
        "own time:",
        "",
        *table(["function", "calls", "own ms", "share of all", "cumulative ms"],
               profile(engine, tail, first_sight=first_worse)),
        "",
        "Where the same questions spend it, by stage of `Engine.ask` (cumulative, warm; a long message is read "
        "sentence by sentence, so a stage runs more than once per question):",
        "",
        *table(["stage", "ms", "share of all"], stage_shares(engine, tail)),
        "",
    ]
    section.goals.append(Goal("p99 per question, shipped content, all nine languages loaded",
                              f"< {SHIPPED_P99_GOAL_MS:g} ms",
                              f"{timing.worse_p99_ms:.2f} ms (worse of first sight in a new process "
                              f"{percentile(timing.fresh, 99) / 1e6:.2f} and warm "
                              f"{percentile(timing.warm, 99) / 1e6:.2f}; with every cache emptied "
                              f"{percentile(timing.first_sight, 99) / 1e6:.2f}; {n} questions)",
                              timing.worse_p99_ms < SHIPPED_P99_GOAL_MS))
    del engine, result
    gc.collect()

    results = [measure_size(size, n_questions, rounds, warm_loads=3 if size <= 1_000 and not quick else 1)
               for size in sizes]
    section.lines += [
        f"Synthetic content (benchmarks/synthetic.py), in English only: N intents of "
        f"{synthetic.EXAMPLES_PER_INTENT} examples each, one source and topic per {synthetic.INTENTS_PER_TOPIC} "
        "intents, plus the shipped places, gazetteer, regions and English lexicon. "
        f"{n_questions} questions: reworded examples (a word dropped, two swapped, a typo in 30%) and "
        f"{len(synthetic.OFF_TOPIC)} kinds of off-topic question (15%). *Load* is `Engine.load(path)`: everything "
        "before the first answer; *cold*, with no cached copy of the content (read, validate, index, and write "
        "the copy: bot/contentcache.py, in a temporary HRC_CACHE_DIR), *warm*, from that copy (then index).",
        "",
        *table(["intents", "examples", "load cold s", "load warm s", "RSS growth MiB", "right answers",
                "off-topic rejected", *HEADER], [r.row() for r in results]),
        "",
        "- *Right answers* and *off-topic rejected* only show that the synthetic questions are answered as meant "
        "(each intent has a made-up word of its own, so they are easy); they are no measure of quality.",
        "- *RSS growth*: resident memory of this process after loading, minus before; approximate, as Python "
        "keeps freed memory.",
    ]
    large = next((r for r in results if r.size == LARGE_SIZE), None)
    if large is not None:
        section.goals.append(Goal(f"p99 per question, {LARGE_SIZE:,} intents", f"< {LARGE_P99_GOAL_MS:g} ms",
                                  f"{large.timing.worse_p99_ms:.2f} ms (worse of first sight and warm)",
                                  large.timing.worse_p99_ms < LARGE_P99_GOAL_MS))
    else:
        section.goals.append(Goal(f"p99 per question, {LARGE_SIZE:,} intents", f"< {LARGE_P99_GOAL_MS:g} ms",
                                  "not measured in this run", None))
    section.seconds = time.perf_counter() - started
    return section

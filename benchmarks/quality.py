"""Answer quality, side by side: the engine against a naive fuzzy-matching baseline.

The baseline is what one would write in an afternoon: rapidfuzz's `process.extractOne` with `WRatio`
over every example of every intent, answering with the intent that owns the best example when its
score clears a threshold, else falling back. Its threshold is tuned on dev.yaml with the criterion
the engine's MatchSettings were tuned with (in-scope accuracy + out-of-scope rejection), then both
systems are reported on every English evaluation set.

The baseline speaks English only and checks no premise, so the other sets are reported for the engine
alone, with bot.evaluate's own measures: the long, chatty messages (chatty.yaml), each language's set
(tests/eval/i18n: in scope, out of scope, replies in the language) and the premise set (false premises
confirmed, corrected, true premises confirmed).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from bot.engine import Engine
from bot.evaluate import EvalCase, EvalReport, PremiseReport, evaluate, evaluate_premises, load_cases, load_premises

from . import REPO_ROOT
from .report import Section, pct, table

EVAL_DIR = REPO_ROOT / "tests" / "eval"
EVAL_SETS = ("dev.yaml", "holdout.yaml", "blind.yaml", "blind2.yaml", "blind3.yaml", "final.yaml", "final2.yaml",
             "final3.yaml")
TUNING_SET = "dev.yaml"
CHATTY = "chatty.yaml"
I18N_DIR = EVAL_DIR / "i18n"
PREMISES = EVAL_DIR / "premises" / "premises.yaml"
PLACE_INTENT = "place_listed"


@dataclass(frozen=True)
class BestExample:
    """The baseline's view of one question: its best example, that example's intent and score."""

    intent: str
    score: float


class FuzzyBaseline:
    """rapidfuzz WRatio over all examples; answers the best example's intent above a threshold."""

    def __init__(self, engine: Engine, threshold: float = 0.0):
        self.threshold = threshold
        self.examples: list[str] = []
        self.owners: list[str] = []
        for intent in engine.intents.values():
            for example in intent.examples:
                self.examples.append(example)
                self.owners.append(intent.id)
        # A gap intent ("how does a city become one?") is the baseline saying it does not know,
        # exactly as the engine's gap answers are not counted as matched.
        self.answers = {i.id: i.kind in ("answer", "smalltalk") for i in engine.intents.values()}
        # Preprocess the examples once, as a real deployment would, so the latency column is fair.
        self._choices = [default_process(e) for e in self.examples]

    def best(self, question: str) -> BestExample:
        found = process.extractOne(default_process(question), self._choices, scorer=fuzz.WRatio, processor=None)
        if found is None:  # an empty question after preprocessing
            return BestExample("", 0.0)
        _, score, index = found
        return BestExample(self.owners[index], score)

    def decide(self, best: BestExample, threshold: float | None = None) -> str | None:
        """The intent answered, or None for a fallback (below the threshold, or a gap intent)."""
        threshold = self.threshold if threshold is None else threshold
        if best.score < threshold or not self.answers.get(best.intent, False):
            return None
        return best.intent

    def answer(self, question: str) -> str | None:
        return self.decide(self.best(question))


@dataclass
class Scores:
    accuracy: float
    rejection: float
    place_recognition: float

    @property
    def combined(self) -> float:
        return self.accuracy + self.rejection


def baseline_scores(decisions: list[tuple[EvalCase, str | None]], places: list[str | None]) -> Scores:
    """In-scope accuracy (intent only: the baseline has no place recognition), rejection, places."""
    in_scope = [(case, got) for case, got in decisions if case.intent is not None]
    out_of_scope = [got for case, got in decisions if case.intent is None]
    return Scores(
        accuracy=sum(got == case.intent for case, got in in_scope) / len(in_scope),
        rejection=sum(got is None for got in out_of_scope) / len(out_of_scope),
        place_recognition=sum(got == PLACE_INTENT for got in places) / len(places),
    )


def place_questions(engine: Engine) -> list[str]:
    """The questions bot.evaluate asks to measure place recognition, one per name and alias."""
    return [f"is {alias} a human rights city?" for p in engine.content.places for alias in (p.name, *p.aliases)]


def tune_threshold(baseline: FuzzyBaseline, cases: list[EvalCase], places: list[BestExample]) -> tuple[float, Scores]:
    """Sweep the WRatio cut-off 0..100; keep the best accuracy + rejection (ties: the lower one)."""
    bests = [(case, baseline.best(case.question)) for case in cases]
    best_threshold, best_scores = 0.0, None
    for threshold in range(0, 101):
        decisions = [(case, baseline.decide(b, threshold)) for case, b in bests]
        scores = baseline_scores(decisions, [baseline.decide(b, threshold) for b in places])
        if best_scores is None or scores.combined > best_scores.combined:
            best_threshold, best_scores = float(threshold), scores
    assert best_scores is not None
    return best_threshold, best_scores


def run(quick: bool = False) -> Section:
    """Both systems on every evaluation set (a few seconds, so --quick changes nothing here)."""
    started = time.perf_counter()
    engine = Engine.load()
    baseline = FuzzyBaseline(engine)
    questions = place_questions(engine)
    place_bests = [baseline.best(q) for q in questions]
    sets = {name: load_cases(EVAL_DIR / name) for name in EVAL_SETS if (EVAL_DIR / name).is_file()}
    threshold, _ = tune_threshold(baseline, sets[TUNING_SET], place_bests)
    baseline.threshold = threshold

    rows = []
    ceilings = []
    for name, cases in sets.items():
        report: EvalReport = evaluate(engine, cases)
        decisions = [(case, baseline.answer(case.question)) for case in cases]
        base = baseline_scores(decisions, [baseline.decide(b) for b in place_bests])
        n_in = sum(c.intent is not None for c in cases)
        n_out = len(cases) - n_in
        rows.append([f"{name} ({n_in} in / {n_out} out)", "engine", pct(report.accuracy), pct(report.rejection),
                     pct(report.place_recognition)])
        in_scope = [c for c in cases if c.intent is not None]
        ceiling = sum(baseline.decide(baseline.best(c.question), 0) == c.intent for c in in_scope) / len(in_scope)
        ceilings.append(f"{pct(ceiling)} on {name}")
        rows.append(["", f"baseline (T={threshold:.0f})", pct(base.accuracy), pct(base.rejection),
                     pct(base.place_recognition)])

    chatty_rows, i18n_rows, premise_rows = engine_only(engine)

    section = Section("Answer quality, side by side")
    section.lines += [
        f"The engine (`bot.evaluate.evaluate`, MatchSettings threshold {engine.settings.threshold}, margin "
        f"{engine.settings.margin}) against a naive baseline measured in the same run: rapidfuzz "
        "`process.extractOne(question, all examples of all intents, scorer=fuzz.WRatio, "
        f"processor=default_process)` over {len(baseline.examples)} English examples, answering the best example's "
        "intent when its score reaches T, else falling back (a gap intent counts as a fallback for both).",
        "",
        *table(["set", "system", "in-scope accuracy", "out-of-scope rejected", "places recognised"], rows),
        "",
        "The other sets, the engine alone (the baseline speaks English only and checks no premise). Each "
        "question is asked as from a phone set to the set's language (Telegram's `language_code`, the "
        "`fallback` bot.evaluate passes); *told by the text* is the share whose language the text alone "
        "names (`Engine.language_of`), the rest being answered in the phone's language:",
        "",
        *table(["set", "in-scope accuracy", "out-of-scope rejected", "replies in the language", "told by the text"],
               chatty_rows + i18n_rows),
        "",
        "The premise set (`bot.evaluate.evaluate_premises`, asked with `Engine.ask`): what a question asserts, "
        "checked against the source.",
        "",
        *table(["set", "false premises confirmed (must be 0)", "false premises corrected", "… with the expected verdict",
                "true premises confirmed (controls)"], premise_rows),
        "",
        f"- T = {threshold:.0f} was tuned on {TUNING_SET} by sweeping 0..100 and keeping the highest in-scope "
        "accuracy + out-of-scope rejection (ties to the lower T), the criterion the engine's MatchSettings "
        "were tuned with on the same file.",
        f"- The baseline's ranking alone, never falling back (T = 0), reaches an in-scope accuracy of "
        f"{', '.join(ceilings)}: the best it could do with no out-of-scope rejection at all.",
        "- The engine is scored strictly by `bot.evaluate.evaluate`: a question naming a place counts only when "
        "the place is recognised too (and, where a set asks for them, the verdict and the words the answer must "
        "carry). The baseline has no place recognition, so for it a place question counts when the intent is "
        "right.",
        f"- Places recognised: the engine, the share of the {len(questions)} `is <alias> a human rights city?` "
        "questions (every listed place's name and alias) answered with that exact place; the baseline, the "
        f"share of them it answers with `{PLACE_INTENT}` (best example in that intent, score ≥ T). It cannot tell "
        "which place was asked about, so this is an upper bound for it. The chatty and language sets are "
        "scored on their own questions only (`places=False`, as the tests do).",
        "- *False premises corrected*: the answer says \"no\" with the correcting fact, or honestly that the "
        "material does not say; *with the expected verdict*: exactly the verdict the set expects.",
        "- Which sets say what: dev.yaml was used for tuning (the engine's settings and the baseline's T). "
        "holdout.yaml, blind.yaml, blind2.yaml, blind3.yaml, final2.yaml, chatty.yaml, the premise set and "
        "every language set (i18n/*.yaml) were read by the developers while fixing misses, so their numbers "
        "are optimistic for unseen questions. Nobody set out to fix the misses of final.yaml or final3.yaml, "
        "though they were printed while other content was checked for regressions: these two are the fairest "
        "estimate for English. The first-sight figures of every set, blind sets included (measured before "
        "anyone read its misses, the fair estimate for the others), are in the README (Languages; How "
        "matching works).",
    ]
    section.seconds = time.perf_counter() - started
    return section


def _in_language(report: EvalReport) -> str:
    return f"{report.in_language:.1%} ({report.replies_in_language}/{report.replies})"


def engine_only(engine: Engine) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """Rows for chatty.yaml, each language's set and the premise set: the engine alone."""
    def row(label: str, cases: list[EvalCase]) -> list[str]:
        report = evaluate(engine, cases, places=False)
        told = report.detected / report.replies if report.replies else 0.0
        return [label, f"{pct(report.accuracy)} ({report.in_scope_correct}/{report.in_scope})",
                f"{pct(report.rejection)} ({report.out_of_scope_rejected}/{report.out_of_scope})",
                _in_language(report), pct(told)]

    chatty = []
    if (EVAL_DIR / CHATTY).is_file():
        chatty.append(row(f"{CHATTY} (en)", load_cases(EVAL_DIR / CHATTY)))
    languages = [row(f"i18n/{path.name} ({path.stem})", load_cases(path)) for path in sorted(I18N_DIR.glob("*.yaml"))]
    premises = []
    if PREMISES.is_file():
        cases = load_premises(PREMISES)
        report: PremiseReport = evaluate_premises(cases, engine.ask)
        premises.append([
            f"premises/{PREMISES.name} ({report.false_premises} false, {report.controls} true)",
            f"{len(report.confirmed)} of {report.false_premises}",
            f"{pct(report.correction_rate)} ({report.corrected}/{report.false_premises})",
            f"{pct(report.exact_rate)} ({report.exact}/{report.false_premises})",
            f"{pct(report.control_rate)} ({report.controls_right}/{report.controls})",
        ])
    return chatty, languages, premises

"""Measuring the engine on an evaluation set, the way `rasa test nlu` reports an NLU model.

Two kinds of set live in tests/eval:
- intent sets (`in_scope` / `out_of_scope`): is the right intent answered, the right place named, the
  answer in the asker's language, and does it carry the words the set says it must?
- premise sets (`premises`): what a question asserts is checked against the source; is a false
  premise ever confirmed, is it corrected (or honestly called unsaid), is every true one confirmed?
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .engine import Answer, Engine
from .text import fold
from .yamlfile import load_plain

VERDICTS = ("yes", "no", "not_said")


@dataclass
class EvalCase:
    question: str
    intent: str | None  # None: out of scope (should fall back)
    city: str | None = None
    listed: bool | None = None
    gap: str | None = None
    verdict: str | None = None
    mentions: tuple[str, ...] = ()
    not_mentions: tuple[str, ...] = ()
    language: str = "en"


@dataclass
class PremiseCase:
    question: str
    premise: bool  # False: the question asserts something false or unsupported
    verdict: str | None  # what the bot must find; None: a wh-question that asserts nothing
    fact: str | None = None
    intent: str | None = None
    mentions: tuple[str, ...] = ()
    not_mentions: tuple[str, ...] = ()
    language: str = "en"


def _contains(text: str, phrase: str) -> bool:
    return fold(phrase).replace("'", "") in fold(text).replace("'", "")


def missing_words(answer: Answer, mentions: tuple[str, ...], not_mentions: tuple[str, ...] = ()) -> list[str]:
    """What the answer should say and does not, and what it says and should not ('-word')."""
    text = answer.text
    return [m for m in mentions if not _contains(text, m)] + [f"-{m}" for m in not_mentions if _contains(text, m)]


_UNSAID = ("does not say", "doesn't say", "does not name", "is not among", "does not mention", "does not give",
           "doesn't cover")


def verdict_of(answer: Answer) -> str | None:
    """The answer's verdict; for an engine that gives none (before premise checks existed), what its
    words amount to, so a first measurement of such an engine is fair: "Yes." confirms."""
    if hasattr(answer, "verdict"):
        return answer.verdict
    text = fold(answer.text)
    if re.match(r"yes\b", text):
        return "yes"
    if re.match(r"no\b", text):
        return "no"
    return "not_said" if any(phrase in text for phrase in _UNSAID) else None


def language_of(answer: Answer) -> str:
    return getattr(answer, "language", "en")


@dataclass
class EvalReport:
    in_scope: int = 0
    in_scope_correct: int = 0
    out_of_scope: int = 0
    out_of_scope_rejected: int = 0
    places: int = 0
    places_recognised: int = 0
    replies: int = 0
    replies_in_language: int = 0
    detected: int = 0  # questions whose language the text alone told
    language: str = "en"
    misses: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    confusions: Counter = field(default_factory=Counter)
    false_accepts: list[tuple[str, str]] = field(default_factory=list)
    unrecognised_places: list[tuple[str, str]] = field(default_factory=list)
    wrong_language: list[tuple[str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.in_scope_correct / self.in_scope if self.in_scope else 0.0

    @property
    def rejection(self) -> float:
        return self.out_of_scope_rejected / self.out_of_scope if self.out_of_scope else 0.0

    @property
    def place_recognition(self) -> float:
        return self.places_recognised / self.places if self.places else 0.0

    @property
    def in_language(self) -> float:
        return self.replies_in_language / self.replies if self.replies else 0.0

    def render(self) -> str:
        lines = [
            f"in-scope accuracy      {self.accuracy:7.1%}  ({self.in_scope_correct}/{self.in_scope})",
            f"out-of-scope rejected  {self.rejection:7.1%}  ({self.out_of_scope_rejected}/{self.out_of_scope})",
            f"replies in {self.language:<11} {self.in_language:7.1%}  ({self.replies_in_language}/{self.replies})",
            f"  told by the text alone {self.detected / self.replies if self.replies else 0:7.1%}  ({self.detected}/{self.replies}; "
            "the rest by the asker's Telegram language)",
        ]
        if self.places:
            lines.insert(2, f"places recognised      {self.place_recognition:7.1%}  ({self.places_recognised}/{self.places})")
        if self.misses:
            lines.append("\nmisses by intent (expected: question -> got)")
            for intent in sorted(self.misses, key=lambda i: -len(self.misses[i])):
                lines.append(f"  {intent} ({len(self.misses[intent])})")
                lines.extend(f"    {q!r} -> {got}" for q, got in self.misses[intent])
        if self.confusions:
            lines.append("\nconfusions (expected -> got: count)")
            lines.extend(f"  {a} -> {b}: {n}" for (a, b), n in self.confusions.most_common(15))
        if self.false_accepts:
            lines.append("\nout-of-scope questions answered anyway")
            lines.extend(f"  {q!r} -> {got}" for q, got in self.false_accepts)
        if self.wrong_language:
            lines.append(f"\nreplies not in {self.language}")
            lines.extend(f"  {q!r} -> {got}" for q, got in self.wrong_language)
        if self.unrecognised_places:
            lines.append("\nplace aliases not recognised")
            lines.extend(f"  {alias!r} (expected {name})" for alias, name in self.unrecognised_places)
        return "\n".join(lines)


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def _read(path: Path) -> dict:
    return load_plain(path.read_text(encoding="utf-8")) or {}


def load_cases(path: Path) -> list[EvalCase]:
    data = _read(path)
    language = str(data.get("language") or "en")
    cases = [
        EvalCase(str(item["q"]), item["intent"], item.get("city"), item.get("listed"),
                 verdict=item.get("verdict"), mentions=_strings(item.get("mentions")),
                 not_mentions=_strings(item.get("not_mentions")), language=language)
        for item in data.get("in_scope", [])
    ]
    cases += [EvalCase(str(item["q"]), None, gap=item.get("gap"), language=language)
              for item in data.get("out_of_scope", [])]
    return cases


def load_premises(path: Path) -> list[PremiseCase]:
    data = _read(path)
    language = str(data.get("language") or "en")
    return [
        PremiseCase(str(item["q"]), bool(item["premise"]), item.get("verdict"),
                    str(item["fact"]) if item.get("fact") is not None else None, item.get("intent"),
                    _strings(item.get("mentions")), _strings(item.get("not_mentions")), language)
        for item in data.get("premises", [])
    ]


def is_premise_set(path: Path) -> bool:
    return "premises" in _read(path)


def default_eval_files() -> list[Path]:
    """The evaluation sets kept in the repository's tests/eval (present in a source checkout)."""
    here = Path(__file__).resolve().parent.parent / "tests" / "eval"
    return sorted(here.rglob("*.yaml"))


def describe(answer: Answer) -> str:
    verdict = verdict_of(answer)
    suffix = f" [{verdict}]" if verdict else ""
    if answer.matched and answer.intent:
        return answer.intent.id + suffix
    if answer.outcome == "gap" and answer.intent:
        return f"(gap {answer.intent.id}){suffix}"
    return f"({answer.outcome}){suffix}"


def evaluate(engine: Engine, cases: list[EvalCase], ask: Callable[[str], Answer] | None = None,
             places: bool = True) -> EvalReport:
    """Score an engine (or any `ask` function returning Answers) on cases, and on place aliases."""
    language = cases[0].language if cases else "en"
    # The asker's phone is set to their language (Telegram's language_code): the question's own language
    # still wins when it can be told, and the phone's decides only what cannot ("Graz?").
    ask = ask or (lambda q: engine.ask(q, fallback=language))
    report = EvalReport(language=language)
    for case in cases:
        answer = ask(case.question)
        if hasattr(engine, "language_of"):
            report.detected += engine.language_of(case.question) == case.language
        got = describe(answer)
        report.replies += 1
        if language_of(answer) == case.language:
            report.replies_in_language += 1
        else:
            report.wrong_language.append((case.question, language_of(answer)))
        if case.intent is None:
            report.out_of_scope += 1
            if not answer.matched:
                report.out_of_scope_rejected += 1
            else:
                report.false_accepts.append((case.question, got))
            continue
        report.in_scope += 1
        right = answer.matched and answer.intent is not None and answer.intent.id == case.intent
        if right and case.city is not None:
            right = answer.city is not None and _same_name(answer.city.name, case.city)
            got += f" city={answer.city.name if answer.city else None}"
        if right and case.verdict is not None and verdict_of(answer) != case.verdict:
            right = False
            got += f" (verdict {case.verdict} expected)"
        missing = missing_words(answer, case.mentions, case.not_mentions)
        if right and missing:
            right = False
            got += f" missing {missing}"
        if right:
            report.in_scope_correct += 1
        else:
            report.misses[case.intent].append((case.question, got))
            report.confusions[(case.intent, got)] += 1
    if places:
        _score_place_aliases(engine, ask, report)
    return report


def _score_place_aliases(engine: Engine, ask: Callable[[str], Answer], report: EvalReport) -> None:
    for place in engine.content.places:
        for alias in (place.name, *place.aliases):
            report.places += 1
            city = ask(f"is {alias} a human rights city?").city
            if city is not None and city.listed and city.name == place.name:
                report.places_recognised += 1
            else:
                report.unrecognised_places.append((alias, place.name))


@dataclass
class PremiseReport:
    false_premises: int = 0
    confirmed: list[tuple[str, str]] = field(default_factory=list)  # false premises answered "yes": never
    corrected: int = 0  # the correcting fact given, or an honest "the material doesn't say"
    exact: int = 0  # the verdict the set expects (with its fact)
    controls: int = 0
    controls_right: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)
    verdicts: Counter = field(default_factory=Counter)  # (expected, got)

    @property
    def correction_rate(self) -> float:
        return self.corrected / self.false_premises if self.false_premises else 0.0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.false_premises if self.false_premises else 0.0

    @property
    def control_rate(self) -> float:
        return self.controls_right / self.controls if self.controls else 0.0

    def render(self) -> str:
        lines = [
            f"false premises confirmed       {len(self.confirmed):4d}  (of {self.false_premises}; must be 0)",
            f"false premises corrected       {self.correction_rate:7.1%}  ({self.corrected}/{self.false_premises}: the"
            " correcting fact, or an honest 'the material doesn't say')",
            f"  with the expected verdict    {self.exact_rate:7.1%}  ({self.exact}/{self.false_premises})",
            f"true premises confirmed        {self.control_rate:7.1%}  ({self.controls_right}/{self.controls})",
            "\nverdicts (expected -> got: count)",
        ]
        lines.extend(f"  {a} -> {b}: {n}" for (a, b), n in sorted(self.verdicts.items(), key=lambda kv: -kv[1]))
        if self.confirmed:
            lines.append("\nFALSE PREMISES CONFIRMED")
            lines.extend(f"  {q!r} -> {got}" for q, got in self.confirmed)
        if self.misses:
            lines.append("\nmisses (question -> got)")
            lines.extend(f"  {q!r} -> {got}" for q, got in self.misses)
        return "\n".join(lines)


def evaluate_premises(cases: list[PremiseCase], ask: Callable[[str], Answer]) -> PremiseReport:
    report = PremiseReport()
    for case in cases:
        answer = ask(case.question)
        verdict = verdict_of(answer)
        expected = f"(expected {case.verdict}{', ' + repr(case.fact) if case.fact else ''}) "
        got = f"{expected}{describe(answer)}: {answer.text[:160]}"
        report.verdicts[(case.verdict, verdict)] += 1
        fact_given = case.fact is None or _contains(answer.text, case.fact)
        words_ok = not missing_words(answer, case.mentions, case.not_mentions)
        if case.premise:
            report.controls += 1
            right = (verdict == "yes" and fact_given) if case.verdict == "yes" else (verdict in (None, "yes") and words_ok)
            if right:
                report.controls_right += 1
            else:
                report.misses.append((case.question, got))
            continue
        report.false_premises += 1
        if verdict == "yes":
            report.confirmed.append((case.question, got))
        corrected = (verdict == "no" and fact_given) or verdict == "not_said"
        report.corrected += corrected
        exact = verdict == case.verdict and (verdict != "no" or fact_given)
        report.exact += exact
        if not exact:
            report.misses.append((case.question, got))
    return report


def _same_name(got: str, expected: str) -> bool:
    # The JSON gives the name as the source writes it ("Prince George’s County, Maryland"); an
    # evaluation set may give its short form ("Prince George's County").
    got, expected = (fold(n).replace("'", "").split(",")[0].strip() for n in (got, expected))
    return got == expected

"""Measuring the engine on an evaluation set, the way `rasa test nlu` reports an NLU model."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from .engine import Answer, Engine
from .text import fold



@dataclass
class EvalCase:
    question: str
    intent: str | None  # None: out of scope (should fall back)
    city: str | None = None
    listed: bool | None = None
    gap: str | None = None


@dataclass
class EvalReport:
    in_scope: int = 0
    in_scope_correct: int = 0
    out_of_scope: int = 0
    out_of_scope_rejected: int = 0
    places: int = 0
    places_recognised: int = 0
    misses: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    confusions: Counter = field(default_factory=Counter)
    false_accepts: list[tuple[str, str]] = field(default_factory=list)
    unrecognised_places: list[tuple[str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.in_scope_correct / self.in_scope if self.in_scope else 0.0

    @property
    def rejection(self) -> float:
        return self.out_of_scope_rejected / self.out_of_scope if self.out_of_scope else 0.0

    @property
    def place_recognition(self) -> float:
        return self.places_recognised / self.places if self.places else 0.0

    def render(self) -> str:
        lines = [
            f"in-scope accuracy      {self.accuracy:7.1%}  ({self.in_scope_correct}/{self.in_scope})",
            f"out-of-scope rejected  {self.rejection:7.1%}  ({self.out_of_scope_rejected}/{self.out_of_scope})",
            f"places recognised      {self.place_recognition:7.1%}  ({self.places_recognised}/{self.places})",
        ]
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
        if self.unrecognised_places:
            lines.append("\nplace aliases not recognised")
            lines.extend(f"  {alias!r} (expected {name})" for alias, name in self.unrecognised_places)
        return "\n".join(lines)


def load_cases(path: Path) -> list[EvalCase]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    cases = [
        EvalCase(str(item["q"]), item["intent"], item.get("city"), item.get("listed"))
        for item in data.get("in_scope", [])
    ]
    cases += [EvalCase(str(item["q"]), None, gap=item.get("gap")) for item in data.get("out_of_scope", [])]
    return cases


def default_eval_files() -> list[Path]:
    """The evaluation sets kept in the repository's tests/eval (present in a source checkout)."""
    here = Path(__file__).resolve().parent.parent / "tests" / "eval"
    return sorted(here.glob("*.yaml"))


def describe(answer: Answer) -> str:
    if answer.matched and answer.intent:
        return answer.intent.id
    if answer.outcome == "gap" and answer.intent:
        return f"(gap {answer.intent.id})"
    return f"({answer.outcome})"


def evaluate(engine: Engine, cases: list[EvalCase], ask: Callable[[str], Answer] | None = None) -> EvalReport:
    """Score an engine (or any `ask` function returning Answers) on cases, and on place aliases."""
    ask = ask or engine.ask
    report = EvalReport()
    for case in cases:
        answer = ask(case.question)
        got = describe(answer)
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
        if right:
            report.in_scope_correct += 1
        else:
            report.misses[case.intent].append((case.question, got))
            report.confusions[(case.intent, got)] += 1
    for place in engine.content.places:
        for alias in (place.name, *place.aliases):
            report.places += 1
            city = ask(f"is {alias} a human rights city?").city
            if city is not None and city.listed and city.name == place.name:
                report.places_recognised += 1
            else:
                report.unrecognised_places.append((alias, place.name))
    return report


def _same_name(got: str, expected: str) -> bool:
    # The JSON gives the name as the source writes it ("Prince George’s County, Maryland"); an
    # evaluation set may give its short form ("Prince George's County").
    got, expected = (fold(n).replace("'", "").split(",")[0].strip() for n in (got, expected))
    return got == expected

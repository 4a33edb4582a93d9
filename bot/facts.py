"""The facts premises are checked against (knowledge/facts.yaml): who did what, when, where, how often, and
the three duties and the services the source lists, each with its citation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from .text import normalize
from .yamlfile import Located

FACT_ATTRIBUTES = ("actor", "year", "month", "day", "place", "frequency")
ACTIONS = ("launch", "develop", "meet", "adopt", "produce")


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    aliases: tuple[str, ...]
    includes: tuple[str, ...] = ()  # broader actors that are not wrong for this one (the UN for its committee)
    names: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)  # by language

    def display(self, language: str) -> str:
        names = self.names.get(language)
        return names[0] if names else self.name

    def keys(self, language: str) -> tuple[str, ...]:
        """The normalised names a question in `language` may call this actor by: its names in that
        language, and the English ones — but a short English one only in English ("un" is the French
        article, not the United Nations)."""
        cache = self._keys
        if language not in cache:
            names = {*self.names.get(language, ())}
            names |= {n for n in (self.name, *self.aliases) if language == "en" or len(normalize(n)) >= 5}
            cache[language] = tuple(sorted({normalize(n) for n in names} - {""}))
        return cache[language]

    @cached_property
    def _keys(self) -> dict[str, tuple[str, ...]]:
        return {}


@dataclass(frozen=True)
class Fact:
    """One event of the source: who did what, when, where, how often. Absent values are not given by the
    source; `unsaid` says so in words, per attribute."""

    id: str
    intents: tuple[str, ...]
    action: str
    citation: object  # content.Citation
    actor: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    place: str | None = None
    frequency: str | None = None
    named: str | None = None  # the place in the event's name ("the Gwangju Declaration")
    unsaid: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    unsaid_texts: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, hash=False)  # by language

    def unsaid_in(self, attribute: str, language: str) -> str | None:
        return self.unsaid_texts.get(language, {}).get(attribute) or self.unsaid.get(attribute)


@dataclass(frozen=True)
class Duties:
    intents: tuple[str, ...]
    count: int
    citation: object
    intent_of: dict[str, str]  # duty id -> the intent that explains it


@dataclass(frozen=True)
class Services:
    intents: tuple[str, ...]
    names: tuple[str, ...]
    citation: object


@dataclass(frozen=True)
class Statement:
    """Something the source states outright ("Local authorities are close to citizens’ everyday needs");
    a question that denies it (in the words of `claims.denials` in its language's lexicon) is corrected."""

    id: str
    intents: tuple[str, ...]
    citation: object


@dataclass
class Facts:
    actors: dict[str, Actor] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    duties: Duties | None = None
    services: Services | None = None
    statements: dict[str, Statement] = field(default_factory=dict)

    def for_intent(self, intent_id: str) -> list[Fact]:
        return [f for f in self.facts if intent_id in f.intents]


def load_facts(c, path: Path, cite: Callable[[object, str], object], intent_ids: set[str]) -> Facts:  # type: ignore[no-untyped-def]
    """Read knowledge/facts.yaml; `cite(raw, where)` validates a citation against the sources."""
    facts = Facts()
    if not path.is_file():
        return facts
    data = c.load(path)
    if not isinstance(data, Located):
        if data is not None:
            c.add(f"{c.name(path)}:1", "expected a mapping with actors, facts, duties and services")
        return facts
    for entry in c.entries(data.get("actors"), path, "actors"):
        actor_id = c.text(entry, "id")
        if actor_id in facts.actors:
            c.add(entry.where("id"), f"duplicate actor {actor_id!r}")
        facts.actors[actor_id] = Actor(actor_id, c.text(entry, "name"), c.strings(entry, "aliases"), c.strings(entry, "includes"))
    for actor in facts.actors.values():
        for other in actor.includes:
            if other not in facts.actors:
                c.add(f"{c.name(path)}:1", f"actor {actor.id!r} includes unknown actor {other!r}")

    def check_intents(entry: Located, ids: tuple[str, ...]) -> None:
        for intent_id in ids:
            if intent_ids and intent_id not in intent_ids:
                c.add(entry.where("intents"), f"unknown intent {intent_id!r}")

    for entry in c.entries(data.get("facts"), path, "facts"):
        fact_id = c.text(entry, "id")
        action = c.text(entry, "action")
        if action and action not in ACTIONS:
            c.add(entry.where("action"), f"action must be one of {', '.join(ACTIONS)}")
        intents = c.strings(entry, "intents", required=True)
        check_intents(entry, intents)
        actor = c.text(entry, "actor", required=False) or None
        if actor and actor not in facts.actors:
            c.add(entry.where("actor"), f"unknown actor {actor!r}")
        year = month = day = None
        if entry.get("date") is not None:
            date = entry.get("date")
            if not isinstance(date, dt.date):
                c.add(entry.where("date"), "date must be written YYYY-MM-DD")
            else:
                year, month, day = date.year, date.month, date.day
        if entry.get("month") is not None:
            raw = str(entry.get("month"))
            try:
                year, month = (int(part) for part in raw.split("-"))
            except ValueError:
                c.add(entry.where("month"), "month must be written YYYY-MM")
        if entry.get("year") is not None:
            year = entry.get("year") if isinstance(entry.get("year"), int) else None
            if year is None:
                c.add(entry.where("year"), "year must be a number")
        unsaid = entry.get("unsaid") or {}
        if not isinstance(unsaid, dict) or not all(k in FACT_ATTRIBUTES for k in unsaid):
            c.add(entry.where("unsaid"), f"unsaid maps attributes ({', '.join(FACT_ATTRIBUTES)}) to sentences")
            unsaid = {}
        citation = cite(entry.get("citation"), entry.where("citation"))
        facts.facts.append(Fact(
            id=fact_id, intents=intents, action=action, citation=citation, actor=actor, year=year, month=month,
            day=day, place=c.text(entry, "place", required=False) or None,
            frequency=c.text(entry, "frequency", required=False) or None,
            named=c.text(entry, "named", required=False) or None,
            unsaid={str(k): " ".join(str(v).split()) for k, v in unsaid.items()},
        ))
    duties = data.get("duties")
    if isinstance(duties, Located):
        intents = c.strings(duties, "intents")
        check_intents(duties, intents)
        intent_of = {c.text(e, "id"): c.text(e, "intent") for e in c.entries(duties.get("each"), path, "duties")}
        check_intents(duties, tuple(intent_of.values()))
        count = duties.get("count")
        facts.duties = Duties(intents, count if isinstance(count, int) else len(intent_of),
                              cite(duties.get("citation"), duties.where("citation")), intent_of)
    for entry in c.entries(data.get("statements"), path, "statements"):
        statement_id = c.text(entry, "id")
        if statement_id in facts.statements:
            c.add(entry.where("id"), f"duplicate statement {statement_id!r}")
        intents = c.strings(entry, "intents", required=True)
        check_intents(entry, intents)
        facts.statements[statement_id] = Statement(statement_id, intents, cite(entry.get("citation"), entry.where("citation")))
    services = data.get("services")
    if isinstance(services, Located):
        intents = c.strings(services, "intents")
        check_intents(services, intents)
        facts.services = Services(intents, c.strings(services, "names"), cite(services.get("citation"), services.where("citation")))
    return facts

"""How each language is read: its words for matching and the words that carry what a question asserts.

One file per language, knowledge/lexicon/<code>.yaml; English is the reference and its comments say what
every key is for. Phrases are stored normalised (text.normalize), as the questions they are compared with.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import snowballstemmer

from .text import normalize
from .yamlfile import Located

SEGMENTATIONS = ("words", "characters")
WORD_LISTS = ("generic_words", "membership_words", "filler_words", "topic_words")
CLAIM_LISTS = ("question_words", "negation", "negation_exceptions", "confirming_openers", "tags", "only", "all",
               "first", "annual", "other_frequencies", "locative", "named", "other_services")
CLAIM_TABLES = {  # key: the sub-keys a language must give (None: any)
    "superlatives": ("biggest", "smallest", "oldest", "newest", "best", "most important"),
    "actions": ("launch", "develop", "meet", "adopt", "produce"),
    "duty_signs": ("respect", "protect", "fulfil"),
    "services": ("education", "housing", "health", "environment", "law and order"),
}
CLAIM_NUMBERS = ("numbers", "months")
# Words that are numbers only inside a longer one ("thousand", "mil", "novecientos"; Korean, Japanese and
# Chinese numerals, read only before a year word), and era names with the year before each era's first.
OPTIONAL_CLAIM_NUMBERS = ("numerals", "eras")
OPTIONAL_CLAIM_TABLES = {"duty_names": ("respect", "protect", "fulfil"), "denials": (), "affirmations": (), "in_names": (), "event_nouns": ()}
OPTIONAL_CLAIM_LISTS = ("contrast", "complete", "abbreviation", "other_duties", "first_exceptions", "origin",
                        "first_person", "agent_markers", "cessation", "location_questions", "excluding",
                        "numeral_joiners", "year_words", "more", "fewer", "than",
                        "question_openers", "after", "before", "time_units", "excluding_after",
                        "short_year_openers")


@dataclass(frozen=True)
class Claims:
    """The words of one language that carry assertions (see knowledge/lexicon/en.yaml `claims`)."""

    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tables: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)
    numerals: dict[str, int] = field(default_factory=dict)
    eras: dict[str, int] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)  # "services" entries as written, to show back
    entry_lines: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, entry) -> file:line

    def words(self, key: str) -> tuple[str, ...]:
        return self.lists.get(key, ())

    def table(self, key: str) -> dict[str, tuple[str, ...]]:
        return self.tables.get(key, {})

    def table_phrases(self, key: str) -> tuple[str, ...]:
        """Every phrase of a table, whatever it stands for (the same tuple each time)."""
        cache = self._table_phrases
        if key not in cache:
            cache[key] = tuple(p for phrases in self.table(key).values() for p in phrases)
        return cache[key]

    @cached_property
    def _table_phrases(self) -> dict[str, tuple[str, ...]]:
        return {}

    @cached_property
    def negation_exceptions_and_denials(self) -> tuple[str, ...]:
        """A denial's own "not" ("cities don't matter") does not turn a question around."""
        return self.words("negation_exceptions") + self.table_phrases("denials")

    @cached_property
    def duty_verbs(self) -> dict[str, tuple[str, ...]]:
        """Each duty's verb alone (the last word of its names: "respect"), without the verbs two duties
        share: "two duties, respect and protect" names them."""
        lasts = {duty: {p.split()[-1] for p in phrases} for duty, phrases in self.table("duty_names").items()}
        shared = {w for duty, words in lasts.items() for w in words
                  if any(w in other for d, other in lasts.items() if d != duty)}
        return {duty: tuple(words - shared) for duty, words in lasts.items()}

    @cached_property
    def event_words(self) -> dict[str, tuple[str, ...]]:
        """Each action's verbs and its event's nouns ("adopt": "adopted", …, "declaration"): where an
        event is named, either way."""
        words = {action: tuple(phrases) for action, phrases in self.table("actions").items()}
        for action, nouns in self.table("event_nouns").items():
            words[action] = (*words.get(action, ()), *nouns)
        return words

    @cached_property
    def number_words(self) -> tuple[str, ...]:
        return tuple(self.numbers)


@dataclass(frozen=True)
class Lexicon:
    language: str
    name: str
    stemmer: str | None
    segmentation: str
    stopwords: frozenset[str]
    synonyms: dict[str, str]  # variant phrase -> canonical phrase, both normalised
    word_lists: dict[str, frozenset[str]]
    topic_intent: str | None
    claims: Claims
    real_words: frozenset[str] = frozenset()
    where: str = ""
    place_frames: tuple[str, ...] = ()  # "{place} é cidade dos direitos humanos": where only a place can stand

    @cached_property
    def closing_words(self) -> frozenset[str]:
        """Words that may follow a question word that still closes the question: function words and
        the words of tags ("…itu apa ya kak")."""
        return self.stopwords | {w for t in self.claims.words("tags") for w in t.split()}

    @cached_property
    def frame_patterns(self) -> tuple[PlaceFrame, ...]:
        return tuple(frame_pattern(f) for f in self.place_frames)

    @cached_property
    def linking_words(self) -> frozenset[str]:
        """Words that may stand between a place and the country said to be its own ("Montreal is listed
        as a US city", "the Victoria on the list is the one in Canada"), unlike a verb of the asker's
        story ("born in Utrecht but we moved to Canada")."""
        claims = self.claims
        phrases = [*claims.words("locative"), *claims.words("only"), *claims.words("all"), *claims.words("first"),
                   *claims.words("tags"), *claims.table_phrases("superlatives"), *claims.words("named")]
        return self.stopwords | self.words("generic_words") | frozenset(w for p in phrases for w in p.split())

    @cached_property
    def synonym_phrases(self) -> tuple[str, ...]:
        """The synonyms of more than one word."""
        return tuple(k for k in self.synonyms if " " in k)

    @property
    def by_characters(self) -> bool:
        return self.segmentation == "characters"

    def words(self, name: str) -> frozenset[str]:
        return self.word_lists.get(name, frozenset())


_BOOLEAN_HINT = "quote yes, no, on and off: YAML reads them as true or false"


def _booleans(c, data: object, where: str, what: str) -> None:  # type: ignore[no-untyped-def]
    """YAML turns an unquoted yes/no/on/off into true/false: a word list must not hold any."""
    items = data if isinstance(data, list) else list(data.values()) if isinstance(data, dict) else []
    for item in items:
        if isinstance(item, bool) or (isinstance(item, list) and any(isinstance(v, bool) for v in item)):
            c.add(where, f"{what}: {_BOOLEAN_HINT}")
            return


def _patterns(values: object) -> tuple[str, ...]:
    """Phrases with a {place} in them, each side normalised ("Declaración de {place}" -> "declaracion de {place}")."""
    if not isinstance(values, list):
        return ()
    found: dict[str, None] = {}
    for value in values:
        found.setdefault(" {place} ".join(normalize(side) for side in str(value).split("{place}")).strip())
    return tuple(found)


def _phrases(values: object) -> tuple[str, ...]:
    if not isinstance(values, list):
        return ()
    seen: dict[str, None] = {}
    for value in values:
        key = normalize(str(value))
        if key:
            seen.setdefault(key)
    return tuple(seen)


def load_lexicon(collector, path: Path, real_words: frozenset[str] = frozenset()) -> Lexicon | None:  # type: ignore[no-untyped-def]
    """One language's lexicon; every problem goes to the collector as `file:line: what`."""
    c = collector
    data = c.load(path)
    if data is None:
        return None
    if not isinstance(data, Located):
        c.add(f"{c.name(path)}:1", "expected a mapping (see knowledge/lexicon/en.yaml)")
        return None
    language = c.text(data, "language")
    if language and language != path.stem:
        c.add(data.where("language"), f"language {language!r} does not match the file name {path.stem!r}")
    stemmer = c.text(data, "stemmer", required=False) or "none"
    if stemmer != "none" and stemmer not in snowballstemmer.algorithms():
        c.add(data.where("stemmer"), f"unknown stemmer {stemmer!r}: one of {', '.join(snowballstemmer.algorithms())} or none")
        stemmer = "none"
    segmentation = c.text(data, "segmentation", required=False) or "words"
    if segmentation not in SEGMENTATIONS:
        c.add(data.where("segmentation"), f"segmentation must be one of {', '.join(SEGMENTATIONS)}")
        segmentation = "words"
    for key in ("stopwords", "synonyms", *WORD_LISTS):
        _booleans(c, data.get(key), data.where(key), key)
    synonyms: dict[str, str] = {}
    table = data.get("synonyms")
    if not isinstance(table, Located):
        c.add(data.where("synonyms"), "expected 'synonyms: {canonical: [variants]}'")
        table = Located()
    for canonical, variants in table.items():
        if not isinstance(variants, list):
            c.add(table.where(canonical), f"variants of {canonical!r} must be a list")
            continue
        for variant in variants:
            key = normalize(str(variant))
            if key in synonyms and synonyms[key] != normalize(str(canonical)):
                c.add(table.where(canonical), f"{variant!r} is already a variant of {synonyms[key]!r}")
            if key:
                synonyms[key] = normalize(str(canonical))
    word_lists = {name: frozenset(word for w in c.strings(data, name) for word in normalize(w).split())
                  for name in WORD_LISTS}
    return Lexicon(
        language=language or path.stem,
        name=c.text(data, "name"),
        stemmer=None if stemmer == "none" else stemmer,
        segmentation=segmentation,
        stopwords=frozenset(_phrases(data.get("stopwords"))),
        synonyms=synonyms,
        word_lists=word_lists,
        topic_intent=c.text(data, "topic_intent", required=False) or None,
        claims=_load_claims(c, data),
        real_words=real_words,
        where=data.where(),
        place_frames=_place_frames(c, data),
    )


PLACE = "{place}"
# A place name: one to three words, starting with a letter (any script).
_NAME = r"(?P<name>[^\W\d_][\w'-]*(?: [^\W\d_][\w'-]*){0,2}?)"


@dataclass(frozen=True)
class PlaceFrame:
    """A frame ("e o {place} entra") as a pattern over normalised text, matched from a word's start;
    the name group is where the place stands. A frame ending in {place} takes the name to the end."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]  # its own words, lead and tail: a text without one of them cannot hold the frame

    def match(self, text: str, position: int = 0) -> re.Match[str] | None:
        return self.pattern.match(text, position)

    @cached_property
    def at_words(self) -> re.Pattern[str]:
        """The frame tried at every word's start in one pass (`finditer`: a match per start, in order)."""
        return at_word_starts(self.pattern)

    def may_stand_in(self, text: str) -> bool:
        """A cheap test first: a language may have a hundred frames, and a question holds the words of few."""
        return all(w in text for w in self.words)


_FRAME_INDEXES: dict[int, tuple[tuple[PlaceFrame, ...], dict[str, tuple[int, ...]], tuple[int, ...]]] = {}


def frames_in(frames: tuple[PlaceFrame, ...], text: str) -> tuple[PlaceFrame, ...]:
    """The frames that may stand in `text` (normalised), in their order. A frame's own words are whole words
    wherever it matches, so only the frames whose first word is one of the text's are looked at: the rest
    cannot match (a language may have a hundred frames; a question holds the words of a few)."""
    if not frames:
        return ()
    known = _FRAME_INDEXES.get(id(frames))
    if known is None or known[0] is not frames:
        by_word: dict[str, list[int]] = {}
        always = []
        for index, frame in enumerate(frames):
            if frame.words:
                by_word.setdefault(frame.words[0].split()[0], []).append(index)
            else:
                always.append(index)
        known = (frames, {w: tuple(i) for w, i in by_word.items()}, tuple(always))
        if len(_FRAME_INDEXES) > 64:
            _FRAME_INDEXES.clear()
        _FRAME_INDEXES[id(frames)] = known
    _, by_word, always = known
    hits = [*always, *(i for word in set(text.split()) for i in by_word.get(word, ()))]
    return tuple(frames[i] for i in sorted(hits) if frames[i].may_stand_in(text))


def at_word_starts(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` as a lookahead at every word's start of a normalised text: `finditer` then gives, in one
    pass, what `pattern.match(text, start)` gives at each start (a lookahead's groups are kept)."""
    return re.compile(r"(?<![^ ])(?=" + pattern.pattern + ")", pattern.flags)


def frame_pattern(frame: str) -> PlaceFrame:
    before, after = frame.split(PLACE)
    lead, tail = normalize(before), normalize(after)
    pattern = f"(?P<lead>{re.escape(lead) + ' ' if lead else ''})" + _NAME
    pattern += f" {re.escape(tail)}(?= |$)" if tail else "$"
    return PlaceFrame(re.compile(pattern), tuple(w for w in (lead, tail) if w))


def _place_frames(c, data: Located) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    frames = []
    for frame in c.strings(data, "place_frames"):
        if frame.count(PLACE) != 1:
            c.add(data.where("place_frames"), f"place frame {frame!r} must hold {PLACE} once")
        elif not normalize(frame.replace(PLACE, " ")):
            c.add(data.where("place_frames"), f"place frame {frame!r} says nothing besides {PLACE}")
        else:
            frames.append(frame)
    return tuple(frames)


def _load_claims(c, data: Located) -> Claims:  # type: ignore[no-untyped-def]
    raw = data.get("claims")
    if not isinstance(raw, Located):
        c.add(data.where("claims"), "missing 'claims' (the words that carry what a question asserts)")
        return Claims()
    lists = {}
    for key in raw:
        _booleans(c, raw.get(key), raw.where(key), f"claims: {key}")
    for key in CLAIM_LISTS:
        if key not in raw:
            c.add(raw.where(), f"claims: missing {key!r}")
        lists[key] = _phrases(raw.get(key))
    tables: dict[str, dict[str, tuple[str, ...]]] = {}
    for key, wanted in CLAIM_TABLES.items():
        value = raw.get(key)
        if not isinstance(value, Located):
            c.add(raw.where(key) if key in raw else raw.where(), f"claims: {key!r} must map {', '.join(wanted)} to phrases")
            continue
        for sub in wanted:
            if sub not in value:
                c.add(value.where(), f"claims: {key} needs {sub!r}")
        tables[key] = {str(k): _phrases(v) for k, v in value.items()}
    shown = {str(k): str(v[0]).strip() for k, v in (raw.get("services") or {}).items() if isinstance(v, list) and v}
    for key in OPTIONAL_CLAIM_LISTS:
        lists[key] = _phrases(raw.get(key))
    entry_lines: dict[tuple[str, str], str] = {}
    for key in OPTIONAL_CLAIM_TABLES:
        value = raw.get(key)
        if isinstance(value, Located):
            tables[key] = {str(k): (_patterns if key == "in_names" else _phrases)(v) for k, v in value.items()}
            entry_lines.update({(key, str(k)): value.where(k) for k in value})
    numbers: dict[str, dict[str, int]] = {}
    for key in (*CLAIM_NUMBERS, *OPTIONAL_CLAIM_NUMBERS):
        value = raw.get(key)
        if value is None and key in OPTIONAL_CLAIM_NUMBERS:
            numbers[key] = {}
            continue
        if not isinstance(value, Located) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value.values()):
            c.add(raw.where(key) if key in raw else raw.where(), f"claims: {key!r} must map words to whole numbers")
            numbers[key] = {}
            continue
        numbers[key] = {normalize(str(k)): int(v) for k, v in value.items() if normalize(str(k))}
    if numbers["months"] and set(numbers["months"].values()) != set(range(1, 13)):
        c.add(raw.where("months"), "claims: months must name every month, 1 to 12")
    return Claims(lists, tables, numbers["numbers"], numbers["months"], numbers["numerals"], numbers["eras"],
                  shown, entry_lines)

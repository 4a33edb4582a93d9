"""The content model and its loader: sources, intents, places, quiz questions.

Loading validates everything and raises `ContentError` listing every problem as `file:line: what`,
so a broken file stops the bot instead of leaving it half loaded.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .facts import Facts, load_facts
from .geography import CONTINENTS, Region, continent_of, load_regions
from .lexicon import Lexicon, load_lexicon
from .text import collapse_spaces, fold, normalize
from .yamlfile import ContentError, Located, Problem, display_path, load_yaml

ID_PATTERN = re.compile(r"^[a-z0-9_]{1,40}$")
INTENT_KINDS = ("answer", "smalltalk", "gap")
DIFFICULTIES = ("easy", "medium", "hard")
TITLE_MAX = 60

# Telegram's poll limits (Bot API): the quiz bank is checked against them at load.
POLL_QUESTION_MAX = 300
POLL_OPTION_MAX = 100
POLL_OPTIONS_RANGE = (2, 12)
QUIZ_EXPLANATION_MAX = 200
QUIZ_EXPLANATION_LINE_FEEDS = 2


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str | None
    url: str | None
    paragraphs: tuple[str, ...]

    def paragraph_of(self, quote: str) -> int | None:
        """1-based paragraph holding the quote (white space and quotes normalised), else None."""
        wanted = collapse_spaces(quote)
        for number, paragraph in enumerate(self.paragraphs, start=1):
            if wanted and wanted in collapse_spaces(paragraph):
                return number
        return None

    def exact_quote(self, quote: str, paragraph: int) -> str:
        """The quote as the source writes it (typographic quotes restored), for display."""
        text = self.paragraphs[paragraph - 1]
        flat = collapse_spaces(text)
        start = flat.find(collapse_spaces(quote))
        if start < 0:
            return quote
        # collapse_spaces keeps one character per character except runs of white space; the
        # paragraphs have none (one line each), so offsets map one to one.
        original = " ".join(text.split())
        return original[start : start + len(collapse_spaces(quote))]


@dataclass(frozen=True)
class Citation:
    source: str
    paragraph: int
    quote: str  # verbatim, in the source's language
    translation: str | None = None  # into the answer's language, when it is another one

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "paragraph": self.paragraph, "quote": self.quote}
        if self.translation:
            out["translation"] = self.translation
        return out


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    hidden: bool = False
    titles: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # by language

    def title_in(self, language: str) -> str:
        return self.titles.get(language) or self.title


@dataclass(frozen=True)
class IntentText:
    """What an intent says in one language: English is the reference, others mirror it."""

    title: str
    examples: tuple[str, ...]
    answer: str
    templates: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    where: str = ""


@dataclass(frozen=True)
class Intent:
    id: str
    topic: str
    kind: str
    title: str
    examples: tuple[str, ...]
    answer: str
    citations: tuple[Citation, ...]
    related: tuple[str, ...]
    templates: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    where: str = ""
    texts: dict[str, IntentText] = field(default_factory=dict, hash=False, compare=False)  # by language
    # Names the answer gives only to say the material does not cover them (the UDHR, the SDGs…).
    outside_names: tuple[str, ...] = ()

    def text(self, language: str) -> IntentText:
        """The intent in a language, or in English where that language has none."""
        return self.texts.get(language) or self.texts.get(ENGLISH) or IntentText(
            self.title, self.examples, self.answer, self.templates, self.where)

    def title_in(self, language: str) -> str:
        return self.text(language).title


def _display(names: dict[str, tuple[str, ...]], language: str, default: str) -> str:
    found = names.get(language)
    return found[0] if found else default


@dataclass(frozen=True)
class Place:
    """A place the sources name."""

    name: str
    country: str
    region: str
    kind: str
    aliases: tuple[str, ...]
    country_aliases: tuple[str, ...]
    note: str | None
    # Countries a question may name for this place that the bot neither confirms nor denies, only quoting
    # the source's wording (Kaohsiung and China).
    unjudged_countries: tuple[str, ...] = ()
    names: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)  # by language
    notes: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.country})"

    def display(self, language: str) -> str:
        return _display(self.names, language, self.name)

    def note_in(self, language: str) -> str | None:
        return self.notes.get(language) or self.note if self.note else None


@dataclass(frozen=True)
class Country:
    name: str
    region: str | None
    aliases: tuple[str, ...]
    names: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)

    def display(self, language: str) -> str:
        return _display(self.names, language, self.name)


@dataclass(frozen=True)
class Nearby:
    place: str
    relation: str


@dataclass(frozen=True)
class UnlistedPlace:
    """A place people ask about that the sources do not name."""

    name: str
    country: str | None
    aliases: tuple[str, ...]
    near: Nearby | None
    reported_hrc: bool = False  # reported elsewhere as a human rights city: never a quiz's wrong answer
    kind: str = "city"  # or "region": a province, state or region (where people say they are from)
    names: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)
    notes: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def display(self, language: str) -> str:
        return _display(self.names, language, self.name)

    def relation_in(self, language: str) -> str | None:
        if self.near is None:
            return None
        return self.notes.get(language) or self.near.relation


@dataclass(frozen=True)
class QuizText:
    question: str
    options: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class QuizQuestion:
    id: str
    topic: str
    difficulty: str
    question: str
    options: tuple[str, ...]
    correct: int
    explanation: str
    citation: Citation | None
    texts: dict[str, QuizText] = field(default_factory=dict, compare=False, hash=False)  # by language, not English
    where: str = ""

    def text(self, language: str) -> QuizText:
        return self.texts.get(language) or QuizText(self.question, self.options, self.explanation)


@dataclass
class Content:
    root: Path
    sources: dict[str, Source]
    topics: dict[str, Topic]
    intents: dict[str, Intent]
    places: list[Place]
    countries: list[Country]
    regions: list[Region]
    unlisted: list[UnlistedPlace]
    lexicons: dict[str, Lexicon]
    quiz: list[QuizQuestion]
    facts: Facts = field(default_factory=Facts)
    # Per language, a translation of each cited quote (keyed by the quote with spaces and quotes collapsed).
    quote_translations: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def languages(self) -> list[str]:
        """English first, then every language with a lexicon."""
        return [ENGLISH, *sorted(code for code in self.lexicons if code != ENGLISH)]

    @property
    def topic_intent(self) -> str | None:
        english = self.lexicons.get(ENGLISH)
        return english.topic_intent if english else None

    def visible_topics(self) -> list[Topic]:
        return [t for t in self.topics.values() if not t.hidden]

    def intents_in(self, topic: str) -> list[Intent]:
        return [i for i in self.intents.values() if i.topic == topic]

    def translate_quote(self, quote: str, language: str, place_label: str = "{name} ({country})") -> str | None:
        """A faithful translation of a cited quote into `language` (None for English or when there is none).
        A place's "Name (Country)" is put together from the language's names of both, as `place_label`."""
        if language == ENGLISH:
            return None
        table = self.quote_translations.get(language, {})
        found = table.get(collapse_spaces(quote))
        if found:
            return found
        for place in self.places:
            if collapse_spaces(quote) == collapse_spaces(place.label):
                country = self.country_named(place.country)
                return place_label.format(name=place.display(language),
                                          country=country.display(language) if country else place.country)
        return None

    def country_named(self, name: str) -> Country | None:
        return next((c for c in self.countries if c.name == name), None)


ENGLISH = "en"


def place_citations(content: Content) -> dict[str, Citation]:
    """'Name (Country)' of every place, quoted from the paragraph that lists the places (Gwangju (Republic
    of Korea) also appears in ¶2, but the list is what says it declared itself one)."""
    labels = {p.name: p.label for p in content.places}
    citations: dict[str, Citation] = {}
    for source in content.sources.values():
        flat = [collapse_spaces(p) for p in source.paragraphs]
        listed = [sum(collapse_spaces(label) in f for label in labels.values()) for f in flat]
        for name, label in labels.items():
            numbers = [n for n, f in enumerate(flat, 1) if collapse_spaces(label) in f]
            if numbers and name not in citations:
                best = max(numbers, key=lambda n: listed[n - 1])
                citations[name] = Citation(source.id, best, source.exact_quote(label, best))
    return citations


def packaged_content_dir() -> Path:
    """Where the content lives: HRC_CONTENT_DIR, else inside the installed package, else the repo."""
    configured = os.environ.get("HRC_CONTENT_DIR")
    if configured:
        return Path(configured).expanduser().resolve()
    here = Path(__file__).resolve().parent
    bundled = here / "_content"
    if (bundled / "intents").is_dir():
        return bundled
    return here.parent


class _Collector:
    """Gathers problems while loading so one run reports all of them."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.unreadable = False  # a file failed to parse: cross-file checks would only echo it

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def load(self, path: Path) -> Any:
        try:
            return load_yaml(path, self.root)
        except ContentError as exc:
            self.problems.extend(exc.problems)
            self.unreadable = True
            return None

    def name(self, path: Path) -> str:
        return display_path(path, self.root)

    def entries(self, data: Any, path: Path, what: str) -> list[Located]:
        """The list of mappings a file must hold; anything else is reported."""
        if data is None:
            return []
        if not isinstance(data, list):
            self.add(f"{self.name(path)}:1", f"expected a list of {what}")
            return []
        good = []
        for index, item in enumerate(data, start=1):
            if isinstance(item, Located):
                good.append(item)
            else:
                self.add(f"{self.name(path)}:1", f"{what} #{index} is not a mapping")
        return good

    def required_entries(self, path: Path, what: str, why: str) -> list[Located]:
        """The mappings of a file every content folder must have; its absence is a problem."""
        if not path.is_file():
            self.add(self.name(path) + ":1", f"missing file: {why}")
            return []
        return self.entries(self.load(path), path, what)

    def text(self, entry: Located, key: str, required: bool = True, limit: int | None = None) -> str:
        value = entry.get(key)
        if value is None:
            if required:
                self.add(entry.where(), f"missing '{key}'")
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.add(entry.where(key), f"'{key}' must be text")
            return ""
        value = str(value).strip()
        if required and not value:
            self.add(entry.where(key), f"'{key}' is empty")
        if limit is not None and len(value) > limit:
            self.add(entry.where(key), f"'{key}' is {len(value)} characters, the limit is {limit}")
        return value

    def strings(self, entry: Located, key: str, required: bool = False) -> tuple[str, ...]:
        value = entry.get(key)
        if value is None:
            if required:
                self.add(entry.where(), f"missing '{key}'")
            return ()
        if not isinstance(value, list) or not all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value
        ):
            hint = " (quote yes, no, on and off: YAML reads them as true or false)" if isinstance(value, list) and any(
                isinstance(v, bool) for v in value) else ""
            self.add(entry.where(key), f"'{key}' must be a list of text{hint}")
            return ()
        items = tuple(str(v).strip() for v in value)
        if any(not v for v in items):
            self.add(entry.where(key), f"'{key}' has an empty item")
        return tuple(v for v in items if v)


def _load_sources(c: _Collector) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    path = c.root / "knowledge" / "sources.yaml"
    for entry in c.required_entries(path, "sources", "every content folder needs its sources listed"):
        source_id = c.text(entry, "id")
        if not source_id:
            continue
        if not ID_PATTERN.match(source_id.replace("-", "_")):
            c.add(entry.where("id"), f"source id {source_id!r} must be lowercase letters, digits, - or _")
        if source_id in sources:
            c.add(entry.where("id"), f"duplicate source id {source_id!r}")
            continue
        text_path = c.root / "knowledge" / "sources" / f"{source_id}.md"
        try:
            raw = text_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            c.add(entry.where("id"), f"cannot read {c.name(text_path)}: {exc}")
            continue
        paragraphs = tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", raw) if p.strip())
        if not paragraphs:
            c.add(f"{c.name(text_path)}:1", "source text is empty")
        sources[source_id] = Source(
            id=source_id,
            title=c.text(entry, "title"),
            publisher=c.text(entry, "publisher", required=False) or None,
            url=c.text(entry, "url", required=False) or None,
            paragraphs=paragraphs,
        )
    return sources


def _citation(c: _Collector, raw: Any, where: str, sources: dict[str, Source]) -> Citation | None:
    if not isinstance(raw, Located):
        c.add(where, "a citation must be a mapping with 'source' and 'quote'")
        return None
    source_id = c.text(raw, "source")
    quote = c.text(raw, "quote")
    if not source_id or not quote:
        return None
    source = sources.get(source_id)
    if source is None:
        c.add(raw.where("source"), f"unknown source {source_id!r}")
        return None
    paragraph = source.paragraph_of(quote)
    if paragraph is None:
        c.add(raw.where("quote"), f"quote not found verbatim in source {source_id!r}: {quote[:60]!r}")
        return None
    return Citation(source_id, paragraph, source.exact_quote(quote, paragraph))


def _load_topics(c: _Collector) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    path = c.root / "intents" / "topics.yaml"
    for entry in c.required_entries(path, "topics", "intents need their topics listed"):
        topic_id = c.text(entry, "id")
        if topic_id in topics:
            c.add(entry.where("id"), f"duplicate topic id {topic_id!r}")
        elif topic_id:
            topics[topic_id] = Topic(topic_id, c.text(entry, "title", limit=TITLE_MAX), bool(entry.get("hidden")))
    return topics


def _load_intents(c: _Collector, sources: dict[str, Source], topics: dict[str, Topic]) -> dict[str, Intent]:
    intents: dict[str, Intent] = {}
    related_refs: list[tuple[str, str]] = []
    for path in sorted((c.root / "intents").glob("*.yaml")):
        if path.name == "topics.yaml":
            continue
        for entry in c.entries(c.load(path), path, "intents"):
            intent_id = c.text(entry, "id")
            if intent_id and not ID_PATTERN.match(intent_id):
                c.add(entry.where("id"), f"intent id {intent_id!r} must match [a-z0-9_]{{1,40}}")
            if intent_id in intents:
                c.add(entry.where("id"), f"duplicate intent id {intent_id!r} (first at {intents[intent_id].where})")
                continue
            kind = c.text(entry, "kind", required=False) or "answer"
            if kind not in INTENT_KINDS:
                c.add(entry.where("kind"), f"kind must be one of {', '.join(INTENT_KINDS)}, not {kind!r}")
            topic = c.text(entry, "topic")
            if topic and topic not in topics:
                c.add(entry.where("topic"), f"unknown topic {topic!r}")
            citations = []
            raw_citations = entry.get("citations") or []
            if not isinstance(raw_citations, list):
                c.add(entry.where("citations"), "'citations' must be a list")
                raw_citations = []
            for raw in raw_citations:
                citation = _citation(c, raw, entry.where("citations"), sources)
                if citation:
                    citations.append(citation)
            if kind == "answer" and not raw_citations:
                c.add(entry.where(), f"intent {intent_id!r} answers from the material but cites nothing")
            if kind == "smalltalk" and raw_citations:
                c.add(entry.where("citations"), "small talk has no citations")
            templates = entry.get("templates") or {}
            if not isinstance(templates, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in templates.items()
            ):
                c.add(entry.where("templates"), "'templates' must map names to text")
                templates = {}
            related = c.strings(entry, "related")
            related_refs.extend((entry.where("related"), r) for r in related)
            examples = c.strings(entry, "examples", required=True)
            if not examples:
                c.add(entry.where("examples"), "an intent needs examples")
            english = IntentText(
                title=c.text(entry, "title", limit=TITLE_MAX),
                examples=examples,
                answer=" ".join(c.text(entry, "answer").split()),
                templates={k: " ".join(v.split()) for k, v in templates.items()},
                where=entry.where(),
            )
            intents[intent_id] = Intent(
                id=intent_id, topic=topic, kind=kind, title=english.title, examples=english.examples,
                answer=english.answer, citations=tuple(citations), related=related, templates=english.templates,
                where=english.where, texts={ENGLISH: english}, outside_names=c.strings(entry, "outside_names"),
            )
    if not c.unreadable:  # an unparsable file's intents are missing; saying so again helps no one
        for where, ref in related_refs:
            if ref not in intents:
                c.add(where, f"related intent {ref!r} does not exist")
    return intents


def _load_places(c: _Collector, sources: dict[str, Source]) -> list[Place]:
    path = c.root / "knowledge" / "places.yaml"
    places: list[Place] = []
    if not path.is_file():
        return places
    source_text = fold(" ".join(p for s in sources.values() for p in s.paragraphs))
    for entry in c.entries(c.load(path), path, "places"):
        name = c.text(entry, "name")
        region = c.text(entry, "region")
        if region and region not in CONTINENTS:
            c.add(entry.where("region"), f"region must be one of {', '.join(CONTINENTS)}")
        if name and fold(name) not in source_text:
            c.add(entry.where("name"), f"place {name!r} is not written this way in any source")
        places.append(
            Place(
                name=name,
                country=c.text(entry, "country"),
                region=region,
                kind=c.text(entry, "kind", required=False) or "city",
                aliases=c.strings(entry, "aliases"),
                country_aliases=c.strings(entry, "country_aliases"),
                note=c.text(entry, "note", required=False) or None,
                unjudged_countries=c.strings(entry, "unjudged_countries"),
            )
        )
    return places


def _load_gazetteer(c: _Collector) -> tuple[list[Country], list[UnlistedPlace]]:
    path = c.root / "knowledge" / "gazetteer.yaml"
    if not path.is_file():
        return [], []
    data = c.load(path)
    if data is None:
        return [], []
    if not isinstance(data, Located):
        c.add(f"{c.name(path)}:1", "expected a mapping with countries and places")
        return [], []
    if "regions" in data:
        c.add(data.where("regions"), "regions are defined in knowledge/regions.yaml, not here")
    countries = [
        Country(c.text(e, "name"), None, c.strings(e, "aliases"))
        for e in c.entries(data.get("countries"), path, "countries")
    ]
    unlisted = []
    for e in c.entries(data.get("places"), path, "places"):
        near = e.get("near")
        nearby = None
        if isinstance(near, Located):
            nearby = Nearby(c.text(near, "place"), c.text(near, "relation"))
        elif near is not None:
            c.add(e.where("near"), "'near' must be a mapping with 'place' and 'relation', or null")
        kind = c.text(e, "kind", required=False) or "city"
        if kind not in ("city", "region"):
            c.add(e.where("kind"), "kind must be city or region")
        unlisted.append(UnlistedPlace(c.text(e, "name"), c.text(e, "country", required=False) or None,
                                      c.strings(e, "aliases"), nearby, bool(e.get("reported_hrc")), kind))
    return countries, unlisted


def _with_regions(c: _Collector, places: list[Place], countries: list[Country]) -> tuple[list[Country], list[Region]]:
    """Regions from regions.yaml; every country gets its continent from there, and a listed place's
    `region` must agree with it."""
    known = {country.name for country in countries} | {place.country for place in places}
    regions = load_regions(c, c.root / "knowledge" / "regions.yaml", known)
    countries = [Country(k.name, continent_of(regions, k.name), k.aliases) for k in countries]
    for place in places:
        continent = continent_of(regions, place.country)
        if continent and place.region != continent:
            c.add(f"{c.name(c.root / 'knowledge' / 'places.yaml')}:1",
                  f"{place.name}: region {place.region!r}, but regions.yaml puts {place.country} in {continent}")
    return countries, regions


def _load_lexicons(c: _Collector) -> dict[str, Lexicon]:
    folder = c.root / "knowledge" / "lexicon"
    lexicons: dict[str, Lexicon] = {}
    if not (folder / f"{ENGLISH}.yaml").is_file():
        c.add(c.name(folder / f"{ENGLISH}.yaml") + ":1", "missing file: the English lexicon is the reference")
    for path in sorted(folder.glob("*.yaml")):
        real_words = _load_word_list(c.root / "knowledge" / "confusables.txt") if path.stem == ENGLISH else frozenset()
        lexicon = load_lexicon(c, path, real_words)
        if lexicon is not None:
            lexicons[path.stem] = lexicon
    return lexicons


def check_options(c, entry: Located, options: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """What Telegram refuses in a quiz poll's options, in any language: too long, or two alike."""
    for option in options:
        if len(option) > POLL_OPTION_MAX:
            c.add(entry.where("options"), f"option {option[:30]!r}… is over {POLL_OPTION_MAX} characters")
    if len({fold(o) for o in options}) != len(options):
        c.add(entry.where("options"), "options must be unique")


def _load_quiz(c: _Collector, sources: dict[str, Source], topics: dict[str, Topic]) -> list[QuizQuestion]:
    questions: list[QuizQuestion] = []
    seen: set[str] = set()
    for path in sorted((c.root / "quiz").glob("*.yaml")):
        for e in c.entries(c.load(path), path, "quiz questions"):
            qid = c.text(e, "id")
            if qid in seen:
                c.add(e.where("id"), f"duplicate quiz question id {qid!r}")
            seen.add(qid)
            topic = c.text(e, "topic")
            if topic and topic not in topics:
                c.add(e.where("topic"), f"unknown topic {topic!r}")
            difficulty = c.text(e, "difficulty", required=False) or "medium"
            if difficulty not in DIFFICULTIES:
                c.add(e.where("difficulty"), f"difficulty must be one of {', '.join(DIFFICULTIES)}")
            question = c.text(e, "question", limit=POLL_QUESTION_MAX)
            options = c.strings(e, "options", required=True)
            low, high = POLL_OPTIONS_RANGE
            if not low <= len(options) <= high:
                c.add(e.where("options"), f"a poll needs {low} to {high} options, this has {len(options)}")
            check_options(c, e, options)
            correct = e.get("correct")
            if not isinstance(correct, int) or isinstance(correct, bool) or not 0 <= correct < len(options):
                c.add(e.where("correct"), "'correct' must be the index of exactly one option")
                correct = 0
            explanation = str(e.get("explanation") or "").strip()
            if not explanation:
                c.add(e.where(), "missing 'explanation'")
            if len(explanation) > QUIZ_EXPLANATION_MAX:
                c.add(e.where("explanation"), f"explanation is {len(explanation)} characters, the limit is {QUIZ_EXPLANATION_MAX}")
            if explanation.count("\n") > QUIZ_EXPLANATION_LINE_FEEDS:
                c.add(e.where("explanation"), f"explanation has more than {QUIZ_EXPLANATION_LINE_FEEDS} line feeds")
            citation = None
            if e.get("citation") is None:
                c.add(e.where(), "a quiz question must cite the source that supports its answer")
            else:
                citation = _citation(c, e.get("citation"), e.where("citation"), sources)
            questions.append(
                QuizQuestion(qid, topic, difficulty, question, options, correct, explanation, citation, where=e.where())
            )
    return questions


def _load_word_list(path: Path) -> frozenset[str]:
    """One word per line, '#' comments; a missing file is an empty list (it is optional)."""
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(normalize(line) for line in lines if line.strip() and not line.startswith("#"))


def load_content(root: Path | None = None, *, cache: bool = True) -> Content:
    """Load and validate every content file under root; raise ContentError listing all problems. An
    unchanged content folder comes from the cache (bot/contentcache.py) unless `cache` is False."""
    root = (root or packaged_content_dir()).resolve()
    if cache:
        from .contentcache import cached

        return cached(root, lambda: _load(root))
    return _load(root)


def _load(root: Path) -> Content:
    c = _Collector(root)
    if not (root / "intents").is_dir():
        raise ContentError([Problem(f"{root}:1", "not a content folder (no intents/ inside)")])
    sources = _load_sources(c)
    topics = _load_topics(c)
    intents = _load_intents(c, sources, topics)
    places = _load_places(c, sources)
    countries, unlisted = _load_gazetteer(c)
    countries, regions = _with_regions(c, places, countries)
    lexicons = _load_lexicons(c)
    for lexicon in lexicons.values():
        if lexicon.topic_intent and lexicon.topic_intent not in intents:
            c.add(lexicon.where, f"topic_intent {lexicon.topic_intent!r} is not an intent")
    facts = load_facts(c, root / "knowledge" / "facts.yaml", lambda raw, where: _citation(c, raw, where, sources),
                       set(intents))
    for lexicon in lexicons.values():
        for table in ("denials", "affirmations"):
            for statement in lexicon.claims.table(table):
                if statement not in facts.statements:
                    c.add(lexicon.claims.entry_lines.get((table, statement), lexicon.where),
                          f"claims.{table}: {statement!r} is not a statement of knowledge/facts.yaml")
        named = {fact.id for fact in facts.facts if fact.named}
        for fact_id, patterns in lexicon.claims.table("in_names").items():
            where = lexicon.claims.entry_lines.get(("in_names", fact_id), lexicon.where)
            if fact_id not in named:
                c.add(where, f"claims.in_names: {fact_id!r} is not a fact of knowledge/facts.yaml with a 'named' place")
            for pattern in patterns:
                if pattern.count("{place}") != 1:
                    c.add(where, f"claims.in_names: {pattern!r} must hold {{place}} once")
    content = Content(
        root=root,
        sources=sources,
        topics=topics,
        intents=intents,
        places=places,
        countries=countries,
        regions=regions,
        unlisted=unlisted,
        lexicons=lexicons,
        quiz=_load_quiz(c, sources, topics),
        facts=facts,
    )
    from .translations import load_translations

    for language in content.languages[1:]:
        load_translations(c, content, language)
    if c.problems:
        raise ContentError(c.problems)
    return content

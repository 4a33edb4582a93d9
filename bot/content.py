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

from .text import collapse_spaces, fold, normalize
from .yamlfile import ContentError, Located, Problem, display_path, load_yaml

ID_PATTERN = re.compile(r"^[a-z0-9_]{1,40}$")
INTENT_KINDS = ("answer", "smalltalk", "gap")
REGIONS = ("Africa", "Asia", "Europe", "Latin America", "North America", "Oceania")
DIFFICULTIES = ("easy", "medium", "hard")
TITLE_MAX = 60
# Named word lists in knowledge/lexicon.yaml (see its comments for what each is for).
WORD_LISTS = ("generic_words", "membership_words", "filler_words", "topic_words")

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
    quote: str

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "paragraph": self.paragraph, "quote": self.quote}


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    hidden: bool = False


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

    @property
    def label(self) -> str:
        return f"{self.name} ({self.country})"


@dataclass(frozen=True)
class Country:
    name: str
    region: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Region:
    name: str
    aliases: tuple[str, ...]


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
    synonyms: dict[str, str]
    generic_words: frozenset[str]
    membership_words: frozenset[str]
    filler_words: frozenset[str]
    topic_words: frozenset[str]
    topic_intent: str | None
    quiz: list[QuizQuestion]
    confusables: frozenset[str] = frozenset()

    def visible_topics(self) -> list[Topic]:
        return [t for t in self.topics.values() if not t.hidden]

    def intents_in(self, topic: str) -> list[Intent]:
        return [i for i in self.intents.values() if i.topic == topic]


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
            self.add(entry.where(key), f"'{key}' must be a list of text")
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
            intents[intent_id] = Intent(
                id=intent_id,
                topic=topic,
                kind=kind,
                title=c.text(entry, "title", limit=TITLE_MAX),
                examples=examples,
                answer=" ".join(c.text(entry, "answer").split()),
                citations=tuple(citations),
                related=related,
                templates={k: " ".join(v.split()) for k, v in templates.items()},
                where=entry.where(),
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
        if region and region not in REGIONS:
            c.add(entry.where("region"), f"region must be one of {', '.join(REGIONS)}")
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
            )
        )
    return places


def _load_gazetteer(c: _Collector) -> tuple[list[Country], list[Region], list[UnlistedPlace]]:
    path = c.root / "knowledge" / "gazetteer.yaml"
    if not path.is_file():
        return [], [], []
    data = c.load(path)
    if data is None:
        return [], [], []
    if not isinstance(data, Located):
        c.add(f"{c.name(path)}:1", "expected a mapping with countries, regions and places")
        return [], [], []
    countries = [
        Country(c.text(e, "name"), c.text(e, "region", required=False) or None, c.strings(e, "aliases"))
        for e in c.entries(data.get("countries"), path, "countries")
    ]
    regions = []
    for e in c.entries(data.get("regions"), path, "regions"):
        name = c.text(e, "name")
        if name not in REGIONS:
            c.add(e.where("name"), f"region must be one of {', '.join(REGIONS)}")
        regions.append(Region(name, c.strings(e, "aliases")))
    unlisted = []
    for e in c.entries(data.get("places"), path, "places"):
        near = e.get("near")
        nearby = None
        if isinstance(near, Located):
            nearby = Nearby(c.text(near, "place"), c.text(near, "relation"))
        elif near is not None:
            c.add(e.where("near"), "'near' must be a mapping with 'place' and 'relation', or null")
        unlisted.append(
            UnlistedPlace(c.text(e, "name"), c.text(e, "country", required=False) or None, c.strings(e, "aliases"), nearby)
        )
    return countries, regions, unlisted


def _load_lexicon(c: _Collector) -> tuple[dict[str, str], dict[str, frozenset[str]], str | None]:
    """Synonyms (variant phrase -> canonical phrase, both normalised), the word lists by name, and
    the intent that answers a question about the topic itself."""
    path = c.root / "knowledge" / "lexicon.yaml"
    synonyms: dict[str, str] = {}
    if not path.is_file():
        return synonyms, {}, None
    data = c.load(path)
    if data is None:
        return synonyms, {}, None
    table = data.get("synonyms") if isinstance(data, Located) else None
    if not isinstance(table, Located):
        c.add(f"{c.name(path)}:1", "expected a mapping 'synonyms: {canonical: [variants]}'")
        return synonyms, {}, None
    for canonical, variants in table.items():
        if not isinstance(variants, list):
            c.add(table.where(canonical), f"variants of {canonical!r} must be a list")
            continue
        for variant in variants:
            key = normalize(str(variant))
            if key in synonyms and synonyms[key] != normalize(str(canonical)):
                c.add(table.where(canonical), f"{variant!r} is already a variant of {synonyms[key]!r}")
            synonyms[key] = normalize(str(canonical))
    lists = {
        name: frozenset(word for w in c.strings(data, name) for word in normalize(w).split())
        for name in WORD_LISTS
    }
    topic_intent = c.text(data, "topic_intent", required=False) or None
    return synonyms, lists, topic_intent


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
            for option in options:
                if len(option) > POLL_OPTION_MAX:
                    c.add(e.where("options"), f"option {option[:30]!r}… is over {POLL_OPTION_MAX} characters")
            if len({fold(o) for o in options}) != len(options):
                c.add(e.where("options"), "options must be unique")
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
                QuizQuestion(qid, topic, difficulty, question, options, correct, explanation, citation)
            )
    return questions


def _load_word_list(path: Path) -> frozenset[str]:
    """One word per line, '#' comments; a missing file is an empty list (it is optional)."""
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(normalize(line) for line in lines if line.strip() and not line.startswith("#"))


def load_content(root: Path | None = None) -> Content:
    """Load and validate every content file under root; raise ContentError listing all problems."""
    root = (root or packaged_content_dir()).resolve()
    c = _Collector(root)
    if not (root / "intents").is_dir():
        raise ContentError([Problem(f"{root}:1", "not a content folder (no intents/ inside)")])
    sources = _load_sources(c)
    topics = _load_topics(c)
    intents = _load_intents(c, sources, topics)
    places = _load_places(c, sources)
    countries, regions, unlisted = _load_gazetteer(c)
    synonyms, word_lists, topic_intent = _load_lexicon(c)
    if topic_intent and topic_intent not in intents:
        c.add(f"{c.name(c.root / 'knowledge' / 'lexicon.yaml')}:1", f"topic_intent {topic_intent!r} is not an intent")
    content = Content(
        root=root,
        sources=sources,
        topics=topics,
        intents=intents,
        places=places,
        countries=countries,
        regions=regions,
        unlisted=unlisted,
        synonyms=synonyms,
        generic_words=word_lists.get("generic_words", frozenset()),
        membership_words=word_lists.get("membership_words", frozenset()),
        filler_words=word_lists.get("filler_words", frozenset()),
        topic_words=word_lists.get("topic_words", frozenset()),
        topic_intent=topic_intent,
        quiz=_load_quiz(c, sources, topics),
        confusables=_load_word_list(root / "knowledge" / "confusables.txt"),
    )
    if c.problems:
        raise ContentError(c.problems)
    return content

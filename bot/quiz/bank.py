"""The quiz bank: curated questions (quiz/*.yaml) plus questions generated from the place list.

Every item carries the citation its answer rests on, and every item — curated or generated — is
checked against Telegram's poll limits and against the source before anyone sees it. A quiz is a
seeded draw from the bank: the same seed gives the same questions, order and option order, so a
quiz survives a restart and a replay (a new seed) reshuffles the same questions.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .. import strings
from ..content import (
    DIFFICULTIES,
    POLL_OPTION_MAX,
    POLL_OPTIONS_RANGE,
    POLL_QUESTION_MAX,
    QUIZ_EXPLANATION_LINE_FEEDS,
    QUIZ_EXPLANATION_MAX,
    Citation,
    Content,
    Place,
)
from ..text import collapse_spaces, fold
from ..yamlfile import Problem

PLACES_TOPIC = "places"
OPTIONS_PER_GENERATED = 4
# Every quoted fragment of an explanation (“…” or "…") must be the source's own words.
_QUOTED = re.compile(r"[“\"]([^”\"]{8,})[”\"]")


@dataclass(frozen=True)
class QuizItem:
    """One multiple-choice question, ready to become a quiz poll."""

    id: str
    topic: str
    difficulty: str
    question: str
    options: tuple[str, ...]
    correct: int
    explanation: str  # plain, without the citation; see `poll_explanation`
    citation: Citation
    generated: bool = False
    # Items sharing a family give each other away (same passage, same place) or read alike: a quiz
    # takes one item per family while it can.
    families: tuple[str, ...] = ()

    @property
    def answer(self) -> str:
        return self.options[self.correct]


def utf16_len(text: str) -> int:
    """Telegram counts poll limits in UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


# --- building the bank ------------------------------------------------------------------------

def curated_items(content: Content) -> list[QuizItem]:
    """The questions of quiz/*.yaml (the loader has already dropped none: a broken file stops it)."""
    items = []
    for q in content.quiz:
        if q.citation is None:
            continue
        items.append(QuizItem(
            id=q.id, topic=q.topic, difficulty=q.difficulty, question=q.question, options=q.options,
            correct=q.correct, explanation=" ".join(q.explanation.split()), citation=q.citation,
            families=(f"{q.citation.source}:{collapse_spaces(q.citation.quote)}",),
        ))
    return items


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")[:24].strip("_")


def _in_paragraph(content: Content, citation: Citation) -> bool:
    source = content.sources.get(citation.source)
    if source is None or not 1 <= citation.paragraph <= len(source.paragraphs):
        return False
    return collapse_spaces(citation.quote) in collapse_spaces(source.paragraphs[citation.paragraph - 1])


def _label_citation(content: Content, place: Place) -> Citation | None:
    """'Name (Country)' exactly as the source writes it, preferably in the list of places itself."""
    listing = _list_citation(content)
    candidates = [listing] if listing else []
    candidates += [Citation(s.id, n, "") for s in content.sources.values() for n in range(1, len(s.paragraphs) + 1)]
    for candidate in candidates:
        source = content.sources[candidate.source]
        citation = Citation(source.id, candidate.paragraph, source.exact_quote(place.label, candidate.paragraph))
        if _in_paragraph(content, citation):
            return citation
    return None


def _list_citation(content: Content) -> Citation | None:
    intent = content.intents.get("places_list") or content.intents.get("places_count")
    if intent and intent.citations:
        return intent.citations[0]
    return None


def _mentions(text: str | None, name: str) -> bool:
    return bool(text) and re.search(rf"\b{re.escape(fold(name))}\b", fold(text or "")) is not None


def _country_question(content: Content, place: Place, citation: Citation) -> QuizItem | None:
    countries = list(dict.fromkeys(p.country for p in content.places))
    # A country the place's note names (another Victoria in Canada, Rosarios elsewhere) would make
    # a distractor that is right in the world, if not in the material: never offer it.
    pool = [c for c in countries if c != place.country and not _mentions(place.note, c)]
    region_of = {p.country: p.region for p in content.places}
    rng = random.Random(f"country:{place.name}")
    near = [c for c in pool if region_of.get(c) == place.region]
    far = [c for c in pool if c not in near]
    rng.shuffle(near)
    rng.shuffle(far)
    distractors = (near + far)[: OPTIONS_PER_GENERATED - 1]
    if len(distractors) < POLL_OPTIONS_RANGE[0] - 1:
        return None
    return QuizItem(
        id=f"place_country_{_slug(place.name)}", topic=PLACES_TOPIC, difficulty="medium",
        question=strings.text("quiz_gen_country_question", name=place.name),
        options=(place.country, *distractors), correct=0,
        explanation=strings.text("quiz_gen_country_explanation", label=citation.quote),
        citation=citation, generated=True, families=(f"place:{place.name}",),
    )


def real_unnamed_places(content: Content) -> list[tuple[str, str, str | None]]:
    """(name, country, region) of real places the sources do not name: distractors that are wrong."""
    region_of = {c.name: c.region for c in content.countries}
    region_of.update({p.country: p.region for p in content.places})
    source_text = fold(" ".join(p for s in content.sources.values() for p in s.paragraphs))
    listed = {fold(n) for p in content.places for n in (p.name, *p.aliases)}
    result = []
    for place in content.unlisted:
        # Skip places tied to a listed one (Nairobi holds Korogocho): "not named" would mislead.
        if place.near is not None or not place.country or fold(place.name) in listed:
            continue
        if re.search(rf"\b{re.escape(fold(place.name))}\b", source_text):
            continue
        result.append((place.name, place.country, region_of.get(place.country)))
    return result


def _named_question(content: Content, place: Place, citation: Citation,
                    unnamed: list[tuple[str, str, str | None]]) -> QuizItem | None:
    rng = random.Random(f"named:{place.name}")
    near = [u for u in unnamed if u[2] == place.region]
    far = [u for u in unnamed if u[2] != place.region]
    rng.shuffle(near)
    rng.shuffle(far)
    picked = (near[:2] + far + near[2:])[: OPTIONS_PER_GENERATED - 1]
    if len(picked) < POLL_OPTIONS_RANGE[0] - 1:
        return None
    return QuizItem(
        id=f"place_named_{_slug(place.name)}", topic=PLACES_TOPIC, difficulty="easy",
        question=strings.text("quiz_gen_named_question"),
        options=(citation.quote, *(f"{name} ({country})" for name, country, _ in picked)), correct=0,
        explanation=strings.text("quiz_gen_named_explanation", label=citation.quote),
        citation=citation, generated=True, families=(f"place:{place.name}", "places:named"),
    )


def _count_question(content: Content) -> QuizItem | None:
    citation = _list_citation(content)
    count = len(content.places)
    if citation is None or count < 2:
        return None
    wrong = [n for n in (count - 8, count + 7, count - 3, count + 12) if n > 0 and n != count]
    return QuizItem(
        id="places_count", topic=PLACES_TOPIC, difficulty="hard",
        question=strings.text("quiz_gen_count_question"),
        options=(str(count), *map(str, wrong[: OPTIONS_PER_GENERATED - 1])), correct=0,
        explanation=strings.text("quiz_gen_count_explanation", count=count, first=content.places[0].name,
                                 last=content.places[-1].name),
        citation=citation, generated=True, families=("places:count",),
    )


def generated_items(content: Content) -> list[QuizItem]:
    """Questions from the place list: which country, which place is named, how many are named."""
    items: list[QuizItem] = []
    unnamed = real_unnamed_places(content)
    for place in content.places:
        citation = _label_citation(content, place)
        if citation is None:
            continue  # reported by validate_bank: the source must write "Name (Country)"
        for item in (_country_question(content, place, citation), _named_question(content, place, citation, unnamed)):
            if item is not None:
                items.append(item)
    count = _count_question(content)
    if count is not None:
        items.append(count)
    return items


@dataclass
class Bank:
    """Every valid question, curated and generated, by id."""

    content: Content
    items: dict[str, QuizItem]

    @classmethod
    def build(cls, content: Content) -> "Bank":
        """The bank without any item that fails validation (validate_bank reports those)."""
        items = {}
        for item in curated_items(content) + generated_items(content):
            if not check_item(item, content) and item.id not in items:
                items[item.id] = item
        return cls(content, items)

    def topics(self) -> list[str]:
        """Topic ids that have questions, in the order of intents/topics.yaml."""
        present = {i.topic for i in self.items.values()}
        return [t.id for t in self.content.visible_topics() if t.id in present]

    def in_topic(self, topic: str | None) -> list[QuizItem]:
        return [i for i in self.items.values() if topic is None or i.topic == topic]

    def find_topic(self, word: str) -> str | None:
        """A topic id from what a teacher types: the id, a unique prefix, or a word of its title."""
        key = fold(word).replace("-", "_")
        topics = self.topics()
        if key in topics:
            return key
        prefixed = [t for t in topics if t.startswith(key)]
        if len(prefixed) == 1:
            return prefixed[0]
        titled = [t for t in topics if key in fold(self.content.topics[t].title).split()]
        return titled[0] if len(titled) == 1 else None

    def draw(self, seed: int, topic: str | None = None, n: int = 5,
             item_ids: list[str] | None = None) -> list[QuizItem]:
        """A quiz: n questions (or the given ones), question and option order fixed by the seed."""
        rng = random.Random(seed)
        if item_ids is not None:
            chosen = [self.items[i] for i in item_ids if i in self.items]
        else:
            chosen = select(self.in_topic(topic), n, rng, self.topics() if topic is None else None)
        rng.shuffle(chosen)
        return [shuffle_options(item, rng) for item in chosen]


def select(items: list[QuizItem], n: int, rng: random.Random, topics: list[str] | None = None) -> list[QuizItem]:
    """n items, none sharing a family with another while possible; with topics, round-robin across them."""
    pool = sorted(items, key=lambda i: i.id)
    rng.shuffle(pool)
    if topics:
        by_topic = {t: [i for i in pool if i.topic == t] for t in topics}
        rotation = list(topics)
        rng.shuffle(rotation)
        interleaved = []
        while any(by_topic.values()):
            for topic in rotation:
                if by_topic[topic]:
                    interleaved.append(by_topic[topic].pop(0))
        pool = interleaved
    chosen: list[QuizItem] = []
    used: set[str] = set()
    for item in pool:
        if len(chosen) < n and used.isdisjoint(item.families):
            chosen.append(item)
            used.update(item.families)
    for item in pool:  # more questions asked than families: allow repeats of a family
        if len(chosen) < n and item not in chosen:
            chosen.append(item)
    return chosen


def shuffle_options(item: QuizItem, rng: random.Random) -> QuizItem:
    order = list(range(len(item.options)))
    rng.shuffle(order)
    return replace(item, options=tuple(item.options[i] for i in order), correct=order.index(item.correct))


# --- what the poll shows ----------------------------------------------------------------------

def poll_explanation(item: QuizItem, content: Content) -> str:
    """The explanation with its citation ('… Source: title, ¶N'), within Telegram's 200 characters."""
    source = content.sources[item.citation.source]
    full = strings.text("quiz_poll_explanation", explanation=item.explanation, title=source.title,
                        paragraph=item.citation.paragraph)
    if utf16_len(full) <= QUIZ_EXPLANATION_MAX:
        return full
    return strings.text("quiz_poll_explanation_short", explanation=item.explanation, paragraph=item.citation.paragraph)


# --- validation -------------------------------------------------------------------------------

def check_item(item: QuizItem, content: Content) -> list[str]:
    """Everything wrong with one item: Telegram's poll limits, the citation, the answer's support."""
    problems = []
    if not 1 <= utf16_len(item.question) <= POLL_QUESTION_MAX:
        problems.append(f"question is {utf16_len(item.question)} characters, the limit is {POLL_QUESTION_MAX}")
    low, high = POLL_OPTIONS_RANGE
    if not low <= len(item.options) <= high:
        problems.append(f"a poll needs {low} to {high} options, this has {len(item.options)}")
    for option in item.options:
        if not 1 <= utf16_len(option) <= POLL_OPTION_MAX:
            problems.append(f"option {option[:30]!r} is {utf16_len(option)} characters, the limit is {POLL_OPTION_MAX}")
    if len({" ".join(fold(o).split()) for o in item.options}) != len(item.options):
        problems.append("options must be unique")
    if not 0 <= item.correct < len(item.options):
        problems.append("exactly one option must be the correct one")
    if item.difficulty not in DIFFICULTIES:
        problems.append(f"difficulty must be one of {', '.join(DIFFICULTIES)}")
    source = content.sources.get(item.citation.source)
    if source is None:
        return problems + [f"unknown source {item.citation.source!r}"]
    if not _in_paragraph(content, item.citation):
        problems.append(f"citation is not verbatim in {source.id} ¶{item.citation.paragraph}: {item.citation.quote[:60]!r}")
    if not item.explanation:
        problems.append("missing explanation")
    else:
        shown = poll_explanation(item, content)
        if utf16_len(shown) > QUIZ_EXPLANATION_MAX:
            problems.append(f"explanation with its citation is {utf16_len(shown)} characters, the limit is {QUIZ_EXPLANATION_MAX}")
        if shown.count("\n") > QUIZ_EXPLANATION_LINE_FEEDS:
            problems.append(f"explanation has more than {QUIZ_EXPLANATION_LINE_FEEDS} line feeds")
        for quoted in _QUOTED.findall(item.explanation):
            if not any(s.paragraph_of(quoted) for s in content.sources.values()):
                problems.append(f"explanation quotes words the source does not contain: {quoted[:60]!r}")
    if item.generated:
        problems += _check_generated_support(item, content)
    return problems


def _check_generated_support(item: QuizItem, content: Content) -> list[str]:
    """A generated answer must be what the source writes, and its distractors what it does not."""
    source_text = fold(" ".join(p for s in content.sources.values() for p in s.paragraphs))
    labels = {fold(p.label) for p in content.places}
    if item.id.startswith("place_country_"):
        place = next((p for p in content.places if fold(p.label) == fold(item.citation.quote)), None)
        if place is None or place.country != item.answer:
            return [f"the source does not write {item.answer!r} as the country of this place"]
        wrong = [o for o in item.options if o != item.answer and fold(f"{place.name} ({o})") in source_text]
        return [f"distractor {o!r} is right according to the source" for o in wrong]
    if item.id.startswith("place_named_"):
        if fold(item.answer) not in labels or fold(item.answer) not in source_text:
            return [f"the source does not name {item.answer!r}"]
        problems = []
        for option in item.options:
            name = option.rsplit(" (", 1)[0]
            if option != item.answer and re.search(rf"\b{re.escape(fold(name))}\b", source_text):
                problems.append(f"distractor {option!r} is named in the source")
        return problems
    if item.id == "places_count":
        named = sum(1 for p in content.places if fold(p.label) in source_text)
        if item.answer != str(named):
            return [f"the source names {named} places, not {item.answer}"]
    return []


def _curated_lines(content: Content) -> dict[str, str]:
    """'file:line' of each curated question id (QuizQuestion does not keep where it came from)."""
    where = {}
    for path in sorted((content.root / "quiz").glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = re.match(r"\s*-\s*id:\s*['\"]?([a-z0-9_]+)", line)
            if match:
                where.setdefault(match.group(1), f"{Path('quiz') / path.name}:{number}")
    return where


def validate_bank(content: Content) -> list[Problem]:
    """`hrc-bot check` for quizzes: every curated and generated item, as file:line: problem."""
    where = _curated_lines(content)
    problems = []
    seen: set[str] = set()
    for item in curated_items(content) + generated_items(content):
        place = where.get(item.id, "knowledge/places.yaml:1") if not item.generated else "knowledge/places.yaml:1"
        if item.id in seen:
            problems.append(Problem(place, f"quiz question id {item.id!r} is used twice"))
        seen.add(item.id)
        for message in check_item(item, content):
            problems.append(Problem(place, f"quiz question {item.id!r}: {message}"))
    for place in content.places:
        if _label_citation(content, place) is None:
            problems.append(Problem("knowledge/places.yaml:1",
                                    f"no source writes {place.label!r}, so no quiz question can ask about it"))
    return problems

"""The quiz bank: curated questions (quiz/*.yaml) plus questions generated from the place list.

Every item carries the citation its answer rests on, and every item — curated or generated — is
checked against Telegram's poll limits and against the source before anyone sees it. A quiz is a
seeded draw from the bank: the same seed gives the same questions, order and option order, so a
quiz survives a restart and a replay (a new seed) reshuffles the same questions.

English is the reference: its items are checked against the source. Each other language has the same
items (same ids, options in the same order, so the same correct option) in its own words, checked
against Telegram's limits; an item a language lacks is asked in English.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .. import strings
from ..content import (
    DIFFICULTIES,
    ENGLISH,
    POLL_OPTION_MAX,
    POLL_OPTIONS_RANGE,
    POLL_QUESTION_MAX,
    QUIZ_EXPLANATION_LINE_FEEDS,
    QUIZ_EXPLANATION_MAX,
    Citation,
    Content,
    Place,
    UnlistedPlace,
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
    language: str = ENGLISH

    @property
    def answer(self) -> str:
        return self.options[self.correct]


def utf16_len(text: str) -> int:
    """Telegram counts poll limits in UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


# --- building the bank ------------------------------------------------------------------------

def curated_items(content: Content, language: str = ENGLISH) -> list[QuizItem]:
    """The questions of quiz/*.yaml (quiz/<language>/ for another language: those it translates)."""
    items = []
    for q in content.quiz:
        if q.citation is None or (language != ENGLISH and language not in q.texts):
            continue
        text = q.text(language)
        items.append(QuizItem(
            id=q.id, topic=q.topic, difficulty=q.difficulty, question=text.question, options=text.options,
            correct=q.correct, explanation=" ".join(text.explanation.split()), citation=q.citation,
            families=(f"{q.citation.source}:{collapse_spaces(q.citation.quote)}",), language=language,
        ))
    return items


def country_in(content: Content, country: str, language: str) -> str:
    """A country (as the source writes it) as `language` writes it."""
    found = content.country_named(country)
    return found.display(language) if found else country


def place_label(content: Content, place: Place | UnlistedPlace, language: str) -> str:
    """'Name (Country)' as `language` writes both; a listed place in English as the source writes it."""
    if language == ENGLISH and isinstance(place, Place):
        return place.label
    return strings.text("place_label", language, name=place.display(language),
                        country=country_in(content, place.country or "", language))


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


def _country_question(content: Content, place: Place, citation: Citation, language: str) -> QuizItem | None:
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
    label = citation.quote if language == ENGLISH else place_label(content, place, language)
    return QuizItem(
        id=f"place_country_{_slug(place.name)}", topic=PLACES_TOPIC, difficulty="medium",
        question=strings.text("quiz_gen_country_question", language, name=place.display(language)),
        options=tuple(country_in(content, c, language) for c in (place.country, *distractors)), correct=0,
        explanation=strings.text("quiz_gen_country_explanation", language, label=label),
        citation=citation, generated=True, families=(f"place:{place.name}",), language=language,
    )


def real_unnamed_places(content: Content) -> list[tuple[UnlistedPlace, str | None]]:
    """(place, region) of real places the sources do not name: distractors that are wrong. Places widely
    reported elsewhere as human rights cities are left out: "not named" would read as "not one"."""
    region_of = {c.name: c.region for c in content.countries}
    region_of.update({p.country: p.region for p in content.places})
    source_text = fold(" ".join(p for s in content.sources.values() for p in s.paragraphs))
    listed = {fold(n) for p in content.places for n in (p.name, *p.aliases)}
    result = []
    for place in content.unlisted:
        # Skip places tied to a listed one (Nairobi holds Korogocho): "not named" would mislead.
        if place.near is not None or not place.country or fold(place.name) in listed or place.reported_hrc:
            continue
        if re.search(rf"\b{re.escape(fold(place.name))}\b", source_text):
            continue
        result.append((place, region_of.get(place.country)))
    return result


def _named_question(content: Content, place: Place, citation: Citation,
                    unnamed: list[tuple[UnlistedPlace, str | None]], language: str) -> QuizItem | None:
    rng = random.Random(f"named:{place.name}")
    near = [u for u, region in unnamed if region == place.region]
    far = [u for u, region in unnamed if region != place.region]
    rng.shuffle(near)
    rng.shuffle(far)
    picked = (near[:2] + far + near[2:])[: OPTIONS_PER_GENERATED - 1]
    if len(picked) < POLL_OPTIONS_RANGE[0] - 1:
        return None
    label = citation.quote if language == ENGLISH else place_label(content, place, language)
    return QuizItem(
        id=f"place_named_{_slug(place.name)}", topic=PLACES_TOPIC, difficulty="easy",
        question=strings.text("quiz_gen_named_question", language),
        options=(label, *(place_label(content, u, language) for u in picked)), correct=0,
        explanation=strings.text("quiz_gen_named_explanation", language, label=label),
        citation=citation, generated=True, families=(f"place:{place.name}", "places:named"), language=language,
    )


def _count_question(content: Content, language: str) -> QuizItem | None:
    citation = _list_citation(content)
    count = len(content.places)
    if citation is None or count < 2:
        return None
    wrong = [n for n in (count - 8, count + 7, count - 3, count + 12) if n > 0 and n != count]
    return QuizItem(
        id="places_count", topic=PLACES_TOPIC, difficulty="hard",
        question=strings.text("quiz_gen_count_question", language),
        options=(str(count), *map(str, wrong[: OPTIONS_PER_GENERATED - 1])), correct=0,
        explanation=strings.text("quiz_gen_count_explanation", language, count=count,
                                 first=content.places[0].display(language), last=content.places[-1].display(language)),
        citation=citation, generated=True, families=("places:count",), language=language,
    )


def generated_items(content: Content, language: str = ENGLISH) -> list[QuizItem]:
    """Questions from the place list: which country, which place is named, how many are named. In
    another language the same questions, with the same options in the same order, in its words."""
    items: list[QuizItem] = []
    unnamed = real_unnamed_places(content)
    for place in content.places:
        citation = _label_citation(content, place)
        if citation is None:
            continue  # reported by validate_bank: the source must write "Name (Country)"
        for item in (_country_question(content, place, citation, language),
                     _named_question(content, place, citation, unnamed, language)):
            if item is not None:
                items.append(item)
    count = _count_question(content, language)
    if count is not None:
        items.append(count)
    return items


def _all_items(content: Content, language: str = ENGLISH) -> list[QuizItem]:
    return curated_items(content, language) + generated_items(content, language)


class Translations(dict):
    """language -> id -> item, each language worded the first time it is asked for: wording all eight
    at start-up took most of the bot's start-up second, and most bots quiz in one or two languages."""

    def __init__(self, content: Content, items: dict[str, QuizItem]):
        super().__init__()
        self.content = content
        self.items = items
        self.languages = frozenset(language for language in content.languages if language != ENGLISH)

    def __missing__(self, language: str) -> dict[str, QuizItem]:
        if language not in self.languages:
            raise KeyError(language)
        built = {i.id: i for i in _all_items(self.content, language)
                 if i.id in self.items and not check_limits(i, self.content)}
        self[language] = built
        return built


@dataclass
class Bank:
    """Every valid question, curated and generated, by id; and each in every other language it has."""

    content: Content
    items: dict[str, QuizItem]
    translated: Translations

    @classmethod
    def build(cls, content: Content) -> "Bank":
        """The bank without any item that fails validation (validate_bank reports those)."""
        items: dict[str, QuizItem] = {}
        for item in _all_items(content):
            if not check_item(item, content) and item.id not in items:
                items[item.id] = item
        return cls(content, items, Translations(content, items))

    def localized(self, item: QuizItem, language: str) -> QuizItem:
        """The item in `language` (options in the English order), or in English where that language lacks it."""
        if language not in self.translated.languages:
            return item
        return self.translated[language].get(item.id, item)

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
        titled = [t for t in topics if any(key in fold(title).split() for title in self._titles(t))]
        return titled[0] if len(titled) == 1 else None

    def _titles(self, topic: str) -> list[str]:
        """A topic's title in every language: a teacher may type a word of any of them."""
        return [self.content.topics[topic].title, *self.content.topics[topic].titles.values()]

    def draw(self, seed: int, topic: str | None = None, n: int = 5,
             item_ids: list[str] | None = None, language: str = ENGLISH) -> list[QuizItem]:
        """A quiz: n questions (or the given ones), question and option order fixed by the seed, the same
        in every language."""
        rng = random.Random(seed)
        if item_ids is not None:
            chosen = [self.items[i] for i in item_ids if i in self.items]
        else:
            chosen = select(self.in_topic(topic), n, rng, self.topics() if topic is None else None)
        rng.shuffle(chosen)
        return [shuffle_options(self.localized(item, language), rng) for item in chosen]


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
    full = strings.text("quiz_poll_explanation", item.language, explanation=item.explanation, title=source.title,
                        paragraph=item.citation.paragraph)
    if utf16_len(full) <= QUIZ_EXPLANATION_MAX:
        return full
    return strings.text("quiz_poll_explanation_short", item.language, explanation=item.explanation,
                        paragraph=item.citation.paragraph)


# --- validation -------------------------------------------------------------------------------

def check_item(item: QuizItem, content: Content) -> list[str]:
    """Everything wrong with one (English) item: Telegram's poll limits, the citation, the answer's support."""
    problems = check_limits(item, content)
    source = content.sources.get(item.citation.source)
    if source is None:
        return problems + [f"unknown source {item.citation.source!r}"]
    if not _in_paragraph(content, item.citation):
        problems.append(f"citation is not verbatim in {source.id} ¶{item.citation.paragraph}: {item.citation.quote[:60]!r}")
    for quoted in _QUOTED.findall(item.explanation):
        if not any(s.paragraph_of(quoted) for s in content.sources.values()):
            problems.append(f"explanation quotes words the source does not contain: {quoted[:60]!r}")
    if item.generated:
        problems += _check_generated_support(item, content)
    return problems


def check_limits(item: QuizItem, content: Content) -> list[str]:
    """What would make Telegram refuse the poll (counted in UTF-16, as Telegram counts), in any language."""
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
    if item.citation.source not in content.sources:
        return problems
    if not item.explanation:
        problems.append("missing explanation")
    else:
        shown = poll_explanation(item, content)
        if utf16_len(shown) > QUIZ_EXPLANATION_MAX:
            problems.append(f"explanation with its citation is {utf16_len(shown)} characters, the limit is {QUIZ_EXPLANATION_MAX}")
        if shown.count("\n") > QUIZ_EXPLANATION_LINE_FEEDS:
            problems.append(f"explanation has more than {QUIZ_EXPLANATION_LINE_FEEDS} line feeds")
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
        reported = {fold(u.name) for u in content.unlisted if u.reported_hrc}
        for option in item.options:
            name = option.rsplit(" (", 1)[0]
            if option != item.answer and re.search(rf"\b{re.escape(fold(name))}\b", source_text):
                problems.append(f"distractor {option!r} is named in the source")
            elif option != item.answer and fold(name) in reported:
                problems.append(f"distractor {option!r} is reported elsewhere as a human rights city")
        return problems
    if item.id == "places_count":
        named = sum(1 for p in content.places if fold(p.label) in source_text)
        if item.answer != str(named):
            return [f"the source names {named} places, not {item.answer}"]
    return []


def _lines(paths: list[Path], pattern: str, shown: Path) -> dict[str, str]:
    """'file:line' of each key the pattern's group matches, first occurrence first."""
    where: dict[str, str] = {}
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = re.match(pattern, line)
            if match:
                where.setdefault(match.group(1), f"{shown / path.name}:{number}")
    return where


def _curated_lines(content: Content, language: str = ENGLISH) -> dict[str, str]:
    """'file:line' of each curated question id (QuizQuestion does not keep where it came from)."""
    folder = Path("quiz") if language == ENGLISH else Path("quiz") / language
    return _lines(sorted((content.root / folder).glob("*.yaml")), r"\s*-\s*id:\s*['\"]?([a-z0-9_]+)", folder)


# The interface string each generated question is built from: where a language's too-long text starts.
_GENERATED_KEYS = {"place_country_": "quiz_gen_country_question", "place_named_": "quiz_gen_named_question",
                   "places_count": "quiz_gen_count_question"}


def _generated_line(item: QuizItem) -> str:
    if item.language == ENGLISH:
        return "knowledge/places.yaml:1"
    locale = strings.locale_file(item.language)
    key = next(k for prefix, k in _GENERATED_KEYS.items() if item.id.startswith(prefix))
    if locale is None:
        return "bot/locales/en.yaml:1"
    return _lines([locale], r"([a-z_]+):", Path("bot/locales")).get(key, f"bot/locales/{locale.name}:1")


def validate_bank(content: Content) -> list[Problem]:
    """`hrc-bot check` for quizzes: every curated and generated item in every language, as file:line: problem.
    English items are checked against the source too; the others against Telegram's limits."""
    problems = []
    for language in content.languages:
        where = _curated_lines(content, language)
        seen: set[str] = set()
        for item in _all_items(content, language):
            place = _generated_line(item) if item.generated else where.get(item.id, "quiz:1")
            if item.id in seen:
                problems.append(Problem(place, f"quiz question id {item.id!r} is used twice"))
            seen.add(item.id)
            checked = check_item(item, content) if language == ENGLISH else check_limits(item, content)
            suffix = "" if language == ENGLISH else f" ({language})"
            problems += [Problem(place, f"quiz question {item.id!r}{suffix}: {message}") for message in checked]
    for place in content.places:
        if _label_citation(content, place) is None:
            problems.append(Problem("knowledge/places.yaml:1",
                                    f"no source writes {place.label!r}, so no quiz question can ask about it"))
    return problems

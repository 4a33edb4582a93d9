"""The answering engine: a question in, an `Answer` out. No Telegram here.

`Engine.ask` analyses the question (places, stems), decides what it asks (an intent, a gap in the
material, a close call, or nothing we know) and composes the answer with its citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import strings
from .content import Citation, Content, Intent, Place, load_content
from .matcher import (
    COUNTRY_TOKEN,
    PLACE_TOKEN,
    REGION_TOKEN,
    IntentMatcher,
    Scored,
    Vocabulary,
    content_words,
    placeholder_text,
    stems,
    to_stems,
)
from .places import Mention, PlaceFinder
from .text import collapse_spaces, has_letters, normalize, strip_control, strip_markup

MAX_QUESTION_CHARS = 500  # longer messages are read up to here: no real question is longer
LONG_MESSAGE_WORDS = 14  # from here on a message that finds no answer is also read sentence by sentence

PLACE_INTENTS = ("place_listed", "places_in_country", "places_in_region", "places_list", "places_count")


@dataclass(frozen=True)
class MatchSettings:
    """The knobs of the decision, tuned on tests/eval/dev.yaml (see README for the numbers)."""

    threshold: float = 0.6  # below this the best intent is not trusted: fall back
    margin: float = 0.01  # a runner-up this close to the best is a close call: ask "did you mean"
    # A question that says "human rights city" is about our topic even when chatty ("my grandson
    # keeps saying 'human rights city', what does it mean?"): trust its best intent from here.
    on_topic_threshold: float = 0.45


@dataclass(frozen=True)
class CityRef:
    name: str
    country: str | None
    listed: bool

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "listed": self.listed}


@dataclass
class Answer:
    """What the engine says to a question; every front end renders this."""

    question: str
    outcome: str  # answer | smalltalk | gap | ambiguous | fallback | empty
    text: str
    intent: Intent | None = None  # the intent answered, or the gap recognised
    confidence: float = 0.0
    city: CityRef | None = None
    citations: list[Citation] = field(default_factory=list)
    suggestions: list[Intent] = field(default_factory=list)

    @property
    def matched(self) -> bool:
        return self.outcome in ("answer", "smalltalk")

    def as_dict(self) -> dict[str, Any]:
        """The `hrc-bot ask --json` contract (DESIGN.md)."""
        return {
            "question": self.question,
            "matched": self.matched,
            "intent": self.intent.id if self.matched and self.intent else None,
            "confidence": round(self.confidence, 3),
            "city": self.city.as_dict() if self.city else None,
            "answer": self.text,
            "citations": [c.as_dict() for c in self.citations],
            "suggestions": [s.title for s in self.suggestions],
        }


class Engine:
    """Loads content once and answers questions from it."""

    def __init__(self, content: Content, settings: MatchSettings | None = None):
        self.content = content
        self.settings = settings or MatchSettings()
        self.intents = content.intents
        word_counts = self._content_words(content)
        self.finder = PlaceFinder(content, ordinary_words=self._ordinary_words(content, word_counts))
        self.vocabulary = Vocabulary(word_counts, content.synonyms, content.confusables, content.filler_words)
        # Examples go through the same analysis as questions (places become placeholders…).
        example_tokens = {
            iid: [self._tokens(placeholder_text(e)) for e in (*i.examples, i.title)] for iid, i in self.intents.items()
        }
        self.matcher = IntentMatcher(self.intents.values(), {
            iid: [stems(tokens, self.vocabulary) for tokens in token_lists]
            for iid, token_lists in example_tokens.items()
        })
        # A question typed exactly like one example (after normalising) needs no scoring; this also
        # answers questions made only of function words ("what can you do").
        owners: dict[str, set[str]] = {}
        for iid, token_lists in example_tokens.items():
            for tokens in token_lists:
                owners.setdefault(" ".join(tokens), set()).add(iid)
        self._exact = {text: ids.pop() for text, ids in owners.items() if len(ids) == 1 and text}
        self._generic = frozenset(content.generic_words)
        self._membership = frozenset(content.membership_words)
        self._topic_words = frozenset(content.topic_words)
        self._place_citations = self._cite_places()
        self.featured = [next(iter(content.intents_in(t.id))) for t in content.visible_topics() if content.intents_in(t.id)]

    @classmethod
    def load(cls, content_dir: Path | None = None, settings: MatchSettings | None = None) -> "Engine":
        return cls(load_content(content_dir), settings)

    # --- analysis -------------------------------------------------------------------------

    @staticmethod
    def _ordinary_words(content: Content, word_counts: dict[str, int]) -> set[str]:
        """Words the content itself uses, bar the places' own names: a typo-tolerant place search
        must not bend them."""
        words = set(word_counts)
        for place in content.places:
            words -= set(normalize(place.name).split())
            for alias in place.aliases:
                words -= set(normalize(alias).split())
        return words

    @staticmethod
    def _content_words(content: Content) -> dict[str, int]:
        """Every word the content uses, with how often: what a typo is corrected towards."""
        counts: dict[str, int] = {}
        texts = [t for i in content.intents.values() for t in (*i.examples, i.title, i.answer)]
        texts += [p for s in content.sources.values() for p in s.paragraphs]
        for text in texts:
            for word in normalize(placeholder_text(text)).split():
                counts[word] = counts.get(word, 0) + 1
        return counts

    def _tokens(self, text: str, mentions: list[Mention] | None = None) -> list[str]:
        """Normalised tokens with every place/country/region mention replaced by its placeholder."""
        tokens = normalize(text).split()
        if mentions is None:
            mentions = self.finder.find(text)
        for mention in sorted(mentions, key=lambda m: -m.start):
            # A place's own name is not kept: "what time is it in Gwangju" must not look like a
            # question about the Gwangju Declaration just because it names the city.
            if mention.kind in ("place", "unlisted"):
                replacement = [PLACE_TOKEN]
            elif mention.kind == "country":
                replacement = [COUNTRY_TOKEN]
            else:
                replacement = [REGION_TOKEN]
            tokens[mention.start : mention.end] = replacement
        return tokens

    # --- deciding ---------------------------------------------------------------------------

    def ask(self, question: str) -> Answer:
        """Answer one question. Never raises on any input text."""
        cleaned = clean_question(question)
        if not has_letters(cleaned):
            return Answer(question, "empty", strings.text("empty_question"), suggestions=list(self.featured))
        mentions = self._mentions(cleaned)
        whole = self._answer(question, cleaned, mentions)
        if whole.matched or len(cleaned.split()) < LONG_MESSAGE_WORDS:
            return whole
        # A long message is mostly context ("I teach a grade 9 class and next week… could you
        # explain what the concept is?"): its question is usually one sentence of it. Each
        # sentence, and each pair of neighbours, is asked on its own; places named anywhere in
        # the message still count.
        best = whole
        for segment in _segments(cleaned):
            candidate = self._answer(question, segment, self._mentions(segment), context=mentions)
            if _preference(candidate) > _preference(best):
                best = candidate
        return best

    def _mentions(self, text: str) -> list[Mention]:
        mentions = self.finder.find(text)
        if not any(m.kind in ("place", "unlisted") for m in mentions):
            guessed = self.finder.guess_unknown_place(text)
            if guessed is not None and not any(m.start < guessed.end and guessed.start < m.end for m in mentions):
                mentions = sorted([*mentions, guessed], key=lambda m: m.start)
        return mentions

    def _answer(self, question: str, cleaned: str, mentions: list[Mention],
                context: list[Mention] | None = None) -> Answer:
        """The decision for one piece of text; `context` holds places named elsewhere in the message."""
        tokens = self._tokens(cleaned, mentions)
        words = content_words(tokens, self.vocabulary)
        # Small numbers are noise ("like I'm 10"); a year is not ("Gwangju in 1980").
        bag = [w for w in to_stems(words, self.vocabulary.dropped_stems) if not w.isdigit() or len(w) >= 3]
        city = self._city(mentions)
        # What the question says besides naming places: nothing (or only "is it on the list"
        # words) means it asks whether the named place is one.
        remainder = set(words) - self._generic - {PLACE_TOKEN, COUNTRY_TOKEN, REGION_TOKEN}

        exact = self._exact.get(" ".join(tokens))
        if exact is not None:
            return self._compose(question, self.intents[exact], 1.0, mentions, city)

        # "My cousin lives in Gwangju, is it really a human rights city?": besides the place, only
        # words no intent knows, and the question is about membership: still "is it one of them".
        membership = set(words) & self._membership
        if mentions and membership and all(not self.matcher.is_known(w) for w in to_stems(sorted(remainder))):
            remainder = set()
        if context and not mentions and not remainder:
            # "…students from Senegal… Is there one?": the sentence asks about a place named
            # elsewhere in the message.
            mentions, city = context, self._city(context)
        if mentions and not remainder:
            intent_id = self._place_intent_for(mentions)
            if intent_id in self.intents:
                return self._compose(question, self.intents[intent_id], 0.95, mentions, city)

        if not bag and not mentions and context is None and "help" in self.intents:
            # Only function words ("what can you tell me", "what is it"): say what we can do.
            return self._compose(question, self.intents["help"], self.settings.threshold, mentions, city)

        ranked = self.matcher.rank(bag, limit=4)
        threshold = self.settings.threshold
        on_topic = bool(self._topic_words) and self._topic_words <= set(words)
        if on_topic:
            threshold = min(threshold, self.settings.on_topic_threshold)
            # "Sorry if this is a dumb question, but what is a human rights city?": the topic
            # itself and nothing else we know of: that is the definition question.
            rest = to_stems(sorted(set(words) - self._topic_words))
            topic_intent = self.intents.get(self.content.topic_intent or "")
            if topic_intent is not None and not mentions and not any(self.matcher.is_known(w) for w in rest):
                return self._compose(question, topic_intent, threshold, mentions, city)
        if not ranked or ranked[0].score < threshold:
            return self._fallback(question, ranked, city)
        best = ranked[0]
        close = [s for s in ranked[1:] if best.score - s.score < self.settings.margin and s.score >= threshold]
        if close and not self._same_family(best, close):
            candidates = [best.intent, *(s.intent for s in close)][:3]
            return Answer(
                question, "ambiguous", strings.text("did_you_mean"), confidence=best.score, city=city,
                suggestions=[i for i in candidates if i.kind != "gap"] or candidates,
            )
        if context and not mentions and best.intent.id in PLACE_INTENTS:
            mentions, city = context, self._city(context)
        return self._compose(question, best.intent, best.score, mentions, city)

    def answer_for(self, intent_id: str) -> Answer | None:
        """The answer of an intent picked directly (a button, a deep link), not typed."""
        intent = self.intents.get(intent_id)
        if intent is None:
            return None
        return self._compose(intent.title, intent, 1.0, [], None)

    def search(self, question: str, limit: int = 5) -> list[Answer]:
        """Several candidate answers for a question (inline mode): the answer first, then close ones."""
        first = self.ask(question)
        answers = [first] if first.matched or first.outcome == "gap" else []
        seen = {first.intent.id} if first.intent else set()
        cleaned = clean_question(question)
        for scored in self.matcher.rank(stems(self._tokens(cleaned), self.vocabulary), limit=limit + 1):
            if len(answers) >= limit:
                break
            if scored.intent.id in seen or scored.score < self.settings.threshold / 2 or scored.intent.kind != "answer":
                continue
            seen.add(scored.intent.id)
            answer = self.answer_for(scored.intent.id)
            if answer is not None:
                answer.confidence = scored.score
                answers.append(answer)
        return answers

    @staticmethod
    def _same_family(best: Scored, close: list[Scored]) -> bool:
        """Place intents differ only by what was named; the mentions decide between them."""
        return best.intent.id in PLACE_INTENTS and all(s.intent.id in PLACE_INTENTS for s in close)

    @staticmethod
    def _place_intent_for(mentions: list[Mention]) -> str:
        kinds = {m.kind for m in mentions}
        if kinds & {"place", "unlisted"}:
            return "place_listed"
        if "country" in kinds:
            return "places_in_country"
        return "places_in_region"

    @staticmethod
    def _city(mentions: list[Mention]) -> CityRef | None:
        for mention in mentions:
            if mention.kind == "place":
                place: Place = mention.target  # type: ignore[assignment]
                return CityRef(place.name, place.country, True)
            if mention.kind == "unlisted":
                return CityRef(mention.target.name, getattr(mention.target, "country", None), False)
        return None

    def _fallback(self, question: str, ranked: list[Scored], city: CityRef | None) -> Answer:
        confidence = ranked[0].score if ranked else 0.0
        text = strings.text("fallback")
        if city is not None:
            text = strings.text("place_with_fallback", name=city.name)
        return Answer(question, "fallback", text, confidence=confidence, city=city, suggestions=list(self.featured))

    # --- composing -------------------------------------------------------------------------

    def _compose(self, question: str, intent: Intent, score: float, mentions: list[Mention], city: CityRef | None) -> Answer:
        related = [self.intents[r] for r in intent.related if r in self.intents]
        if intent.id in PLACE_INTENTS:
            intent = self._place_intent_matching_mentions(intent, mentions)
            text, citations = self._place_answer(intent, mentions)
        else:
            text, citations = intent.answer, list(intent.citations)
        outcome = {"answer": "answer", "smalltalk": "smalltalk", "gap": "gap"}[intent.kind]
        if outcome == "gap":
            related = related or list(self.featured)
        return Answer(question, outcome, text, intent, score, city, citations, related[:3])

    def _place_intent_matching_mentions(self, intent: Intent, mentions: list[Mention]) -> Intent:
        """The place intent fits what was named: "is Japan one" asks about a country, not a city,
        and "list the cities in Africa" asks about a region, not the whole list."""
        if not mentions:
            return intent
        if intent.id in ("places_list", "places_count") and all(m.kind in ("place", "unlisted") for m in mentions):
            return intent
        wanted = self._place_intent_for(mentions)
        return self.intents.get(wanted, intent)

    def _place_citation(self, place: Place) -> Citation | None:
        return self._place_citations.get(place.name)

    def _cite_places(self) -> dict[str, Citation]:
        """'Name (Country)' of every place, quoted from the paragraph that lists the places
        (Gwangju (Republic of Korea) also appears in ¶2, but the list is what says it declared
        itself one). Worked out once at load: region answers cite up to seven places."""
        labels = {p.name: f"{p.name} ({p.country})" for p in self.content.places}
        citations: dict[str, Citation] = {}
        for source in self.content.sources.values():
            flat = [collapse_spaces(p) for p in source.paragraphs]
            listed = [sum(collapse_spaces(label) in f for label in labels.values()) for f in flat]
            for name, label in labels.items():
                numbers = [n for n, f in enumerate(flat, 1) if collapse_spaces(label) in f]
                if numbers and name not in citations:
                    best = max(numbers, key=lambda n: listed[n - 1])
                    citations[name] = Citation(source.id, best, source.exact_quote(label, best))
        return citations

    def _place_answer(self, intent: Intent, mentions: list[Mention]) -> tuple[str, list[Citation]]:
        t = intent.templates
        places = self.content.places
        if intent.id == "places_list" and "all" in t:
            return t["all"].format(count=len(places), names=_join([p.label for p in places])), list(intent.citations)
        if intent.id == "places_count" and "all" in t:
            return t["all"].format(count=len(places)), list(intent.citations)
        sentences: list[str] = []
        citations: list[Citation] = []
        seen: set[str] = set()
        for mention in mentions:
            if mention.name in seen:
                continue
            seen.add(mention.name)
            found = self._describe(intent, mention, citations)
            if found:
                sentences.append(found)
        if not sentences:
            return intent.answer, list(intent.citations)
        if not citations:
            citations = list(intent.citations)
        return " ".join(sentences), _unique(citations)

    def _describe(self, intent: Intent, mention: Mention, citations: list[Citation]) -> str | None:
        t = intent.templates
        if mention.kind == "place" and "listed" in t:
            place: Place = mention.target  # type: ignore[assignment]
            citation = self._place_citation(place)
            if citation:
                citations.append(citation)
            return _fill(t["listed"], name=place.name, country=place.country, note=place.note or "")
        if mention.kind == "unlisted" and "unlisted" in t:
            unlisted = mention.target
            text = _fill(t["unlisted"], name=unlisted.name)
            near = getattr(unlisted, "near", None)
            listed = self.finder.place_named(near.place) if near else None
            if listed and "nearby" in t:
                text += " " + _fill(t["nearby"], name=unlisted.name, listed_name=listed.name,
                                    listed_country=listed.country, relation=near.relation)
                citation = self._place_citation(listed)
                if citation:
                    citations.append(citation)
            citations.extend(intent.citations)
            return text
        if mention.kind == "country" and intent.id == "places_in_country":
            found = self.finder.places_in_country(mention.target)  # type: ignore[arg-type]
            return self._listing(intent, found, citations, country=mention.name)
        if mention.kind == "region" and intent.id == "places_in_region":
            found = self.finder.places_in_region(mention.target)  # type: ignore[arg-type]
            return self._listing(intent, found, citations, region=mention.name)
        return None

    def _listing(self, intent: Intent, found: list[Place], citations: list[Citation], **where: str) -> str:
        t = intent.templates
        if not found:
            citations.extend(intent.citations)
            return _fill(t.get("none", intent.answer), **where)
        for place in found:
            citation = self._place_citation(place)
            if citation:
                citations.append(citation)
        return _fill(t.get("found", intent.answer), count=len(found), names=_join([p.label for p in found]), **where)


_SENTENCE_END = re.compile(r"(?<=[.?!;:])\s+|\s*\n+\s*")


def _segments(text: str) -> list[str]:
    """Each sentence of a message, and each pair of neighbouring sentences."""
    sentences = [s for s in _SENTENCE_END.split(text) if len(s.split()) >= 2]
    if len(sentences) < 2:
        return []
    pairs = [f"{a} {b}" for a, b in zip(sentences, sentences[1:])] if len(sentences) > 2 else []
    return sentences + pairs


def _preference(answer: Answer) -> tuple[int, float]:
    """Which reading of a long message to keep: an answer (or a recognised gap) over a close call
    over nothing, then the more confident one."""
    rank = {"answer": 2, "gap": 2, "smalltalk": 1, "ambiguous": 1}.get(answer.outcome, 0)
    return rank, answer.confidence


def clean_question(question: str | None) -> str:
    """The part of a message worth reading: no markup or control characters, at most
    MAX_QUESTION_CHARS, cut at a word boundary so no half word is left to misread."""
    text = " ".join(strip_control(strip_markup(question or "")).split())
    if len(text) <= MAX_QUESTION_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_QUESTION_CHARS + 1)
    return text[: cut if cut > 0 else MAX_QUESTION_CHARS]


def _fill(template: str, **values: object) -> str:
    """Fill a content template; a placeholder the template does not use is fine, an unknown one stays."""
    text = re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), template)
    return " ".join(text.split())


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _unique(citations: list[Citation]) -> list[Citation]:
    seen, out = set(), []
    for citation in citations:
        key = (citation.source, citation.paragraph, citation.quote)
        if key not in seen:
            seen.add(key)
            out.append(citation)
    return out

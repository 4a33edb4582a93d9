"""Understanding a question, before anything is decided: its language, the places it names, its words,
and what it asserts.

A `LanguageModel` holds what one language needs to read and match (built once by the engine); `read`
turns one piece of text into a `Reading`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .analysis import COUNTRY_TOKEN, PLACE_TOKEN, REGION_TOKEN, Analyzer
from .claims import Asserted, phrases_by_first_word, read_claims, strangers
from .content import Intent
from .facts import Actor
from .lexicon import Lexicon, PlaceFrame
from .matcher import IntentMatcher
from .places import Mention, PlaceFinder
from .text import normalize, strip_control, strip_markup

MAX_QUESTION_CHARS = 500  # longer messages are read up to here: no real question is longer


@dataclass
class LanguageModel:
    """One language's reading and matching: its analyzer, its matcher over its own examples, and the
    word lists that steer the decision."""

    language: str
    lexicon: Lexicon
    analyzer: Analyzer
    matcher: IntentMatcher
    exact: dict[str, str]  # a question typed exactly like one example (normalised) -> that intent
    generic: frozenset[str]
    membership: frozenset[str]
    topic_words: frozenset[str]
    topic_intent: Intent | None
    chatter: frozenset[str] = frozenset()  # stems only small talk uses ("hello", "thank"): no topic of their own
    place_modifiers: frozenset[str] = frozenset()  # how a question ranks places ("biggest", "first"): not a topic
    chatter_words: frozenset[str] = frozenset()  # the same small-talk words as typed (not stemmed): "hello"
    plain_stems: frozenset[str] = frozenset()  # question words and the topic's words, stemmed: they say little
    topic_stems: frozenset[str] = frozenset()  # the topic's words, stemmed
    claim_stems: frozenset[str] = frozenset()  # claim words ("annual", "only"), stemmed: no topic of their own
    answer_stems: frozenset[str] = frozenset()  # what the answers' examples and texts say, stemmed

    def unknown_to_answers(self, word: str) -> bool:
        """A word no answer speaks of (a name the material does not give: "roosevelt")."""
        if len(word) < 3 or not word.isalpha() or word in self.analyzer.dropped or self.lexicon.by_characters:
            return False
        stem = self.analyzer.stem(self.analyzer.correct(word))
        return stem not in self.answer_stems and stem not in self.plain_stems and stem not in self.claim_stems


@dataclass
class Reading:
    """One piece of a message, understood: its tokens (places as placeholders), what it names, what it
    asserts, and the bag of stems matching compares."""

    text: str
    language: str
    tokens: list[str]
    mentions: list[Mention]
    placed: list[str]  # the tokens with every mention replaced by its placeholder
    words: list[str]  # content words: typos corrected, synonyms folded, function words and claim words dropped
    bag: list[str]  # stems of the content words (numbers under 100 dropped)
    full_bag: list[str]  # the same with the claim words kept ("every two years", "four", "not")
    asserted: Asserted
    background: frozenset[int] = frozenset()  # token positions of where the asker says they are from (or `excluded`)
    excluded: frozenset[int] = frozenset()  # token positions of a place set aside ("besides Kaohsiung")

    @property
    def foreground(self) -> list[Mention]:
        """The mentions that are not the asker's story ("i am from Indonesia")."""
        return [m for m in self.mentions if m.start not in self.background]


def clean_question(question: str | None) -> str:
    """The part of a message worth reading: no markup or control characters, at most
    MAX_QUESTION_CHARS, cut at a word boundary so no half word is left to misread."""
    text = " ".join(strip_control(strip_markup(question or "")).split())
    if len(text) <= MAX_QUESTION_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_QUESTION_CHARS + 1)
    return text[: cut if cut > 0 else MAX_QUESTION_CHARS]


def find_mentions(text: str, tokens: list[str], finder: PlaceFinder, frames: tuple[PlaceFrame, ...] = (),
                  within: "Reading | None" = None) -> list[Mention]:
    """Places, countries and regions named; where none is known, a place name guessed from where only a
    place can stand ("Is Bolzano a human rights city?"). A sentence of a message already read whole (`within`)
    takes the names found there, when they are what it would find alone."""
    found = finder.find_within(text, tokens, within.text, within.tokens) if within is not None else None
    mentions = found if found is not None else finder.find_in(text, tokens)
    if len(tokens) != len(normalize(text).split()):
        return mentions  # segmented differently from plain words: the guess cannot point into these tokens
    asked = finder.guess_unknown_place(text, frames)
    if asked is not None:
        same = next((m for m in mentions if m.start == asked.start and m.end == asked.end), None)
        if same is not None:
            asked = replace(same, asked=True)
            mentions = [m if m is not same else asked for m in mentions]
        elif any(m.start < asked.end and asked.start < m.end for m in mentions):
            asked = None
        else:
            mentions = [*mentions, asked]
    # The place the question asks about comes first ("…Copenhagen is named, but is Aalborg on the list?"),
    # then places the material names, then other places, countries and regions, each in the order typed.
    kinds = {"place": 0, "unlisted": 1, "country": 2, "region": 3}
    return sorted(mentions, key=lambda m: (not m.asked, kinds[m.kind], m.start))


def with_placeholders(tokens: list[str], mentions: list[Mention], drop: set[int] | frozenset[int] = frozenset()) -> list[str]:
    """Tokens with every mention replaced by its placeholder: "what time is it in Gwangju" must not look
    like a question about the Gwangju Declaration just because it names the city. Tokens at `drop` go,
    and so does a mention inside them."""
    tokens = [t if i not in drop else "" for i, t in enumerate(tokens)]
    for mention in sorted(mentions, key=lambda m: -m.start):
        if mention.start in drop:
            continue
        if mention.kind in ("place", "unlisted"):
            replacement = [PLACE_TOKEN]
        elif mention.kind == "country":
            replacement = [COUNTRY_TOKEN]
        else:
            replacement = [REGION_TOKEN]
        tokens[mention.start : mention.end] = replacement
    return [t for t in tokens if t]


# Claim words say what a question asserts, not what it is about: "every two years", "four", "not",
# "right?" are checked as premises and kept out of matching, so that a false premise does not pull the
# question away from its topic ("Does the Forum meet every two years?" is about the Forum). So are a
# duty's signs when the question names a duty.
CLAIM_LISTS_OUT_OF_MATCHING = ("negation", "tags", "only", "all", "other_frequencies", "other_services")


_INDEXES: dict[int, tuple[Lexicon, dict[str, tuple[tuple[tuple[str, ...], str], ...]]]] = {}


def _claim_index(lexicon: Lexicon) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Every phrase claim_positions looks for, by first word, with the list it belongs to: one pass over
    a question's tokens finds them all. Made once per lexicon (remembered by identity)."""
    known = _INDEXES.get(id(lexicon))
    if known is not None and known[0] is lexicon:
        return known[1]
    claims = lexicon.claims
    lists = {
        "first_exceptions": claims.words("first_exceptions"),
        "kept": claims.words("negation_exceptions") + lexicon.synonym_phrases,
        "drop": tuple(p for key in CLAIM_LISTS_OUT_OF_MATCHING if key != "tags" for p in claims.words(key))
                + claims.number_words,
        "duty_signs": claims.table_phrases("duty_signs"),
        "tags": claims.words("tags"),
        "order": claims.words("after") + claims.words("before"),
    }
    index: dict[str, set[tuple[tuple[str, ...], str]]] = {}
    for kind, phrases in lists.items():
        for phrase in phrases:
            words = tuple(phrase.split())
            if words:
                index.setdefault(words[0], set()).add((words, kind))
    built = {first: tuple(found) for first, found in index.items()}
    if len(_INDEXES) > 64:
        _INDEXES.clear()
    _INDEXES[id(lexicon)] = (lexicon, built)
    return built


def claim_positions(tokens: list[str], lexicon: Lexicon, asserted: Asserted) -> tuple[set[int], set[int]]:
    """Where in the tokens the claim words are, and (the second set) the idioms among them that claim
    nothing and name no topic either ("in the first place")."""
    found: dict[str, list[tuple[int, int]]] = {"first_exceptions": [], "kept": [], "drop": [], "duty_signs": [],
                                               "tags": [], "order": []}
    index = _claim_index(lexicon)
    for start, token in enumerate(tokens):
        for words, kind in index.get(token, ()):
            if tuple(tokens[start : start + len(words)]) == words:
                found[kind].append((start, start + len(words)))
    # Words inside a synonym phrase stay: "all the cities" is a way to ask for the list, "every year" is
    # "annual", and "not only" doubts nothing.
    # "First, is Tarragona on the list?", "in the first place": chatter, not a ranking to check or match.
    kept = found["kept"]
    drop = found["drop"] + found["first_exceptions"]
    if len(asserted.duty_named) == 1:
        drop += found["duty_signs"]
    if asserted.order or asserted.bounded:
        drop += found["order"]  # ("came after the report": read as an order of events, no topic's word)
    # A tag only closes a question ("…, right?"); "right" elsewhere may be "the right to the city".
    drop += [(s, e) for s, e in found["tags"] if e == len(tokens)]
    positions: set[int] = set()
    for start, end in drop:
        if not any(ks <= start and end <= ke for ks, ke in kept):
            positions.update(range(start, end))
    idioms = {i for start, end in found["first_exceptions"] for i in range(start, end)}
    return positions, idioms


def set_aside_after(tokens: list[str], mentions: list[Mention], phrases: tuple[str, ...]) -> set[int]:
    """A place set aside by a word after it, as Korean and Japanese say it ("광주 말고", "光州以外"): its
    positions, with the word's."""
    positions: set[int] = set()
    if not phrases or not mentions:
        return positions
    index = phrases_by_first_word(phrases)
    for mention in mentions:
        at = mention.end
        if at < len(tokens) and any(tuple(tokens[at : at + len(words)]) == words for words in index.get(tokens[at], ())):
            positions.update(range(mention.start, mention.end))
    return positions


def origin_positions(tokens: list[str], mentions: list[Mention], phrases: tuple[str, ...]) -> set[int]:
    """Where the asker says where they are from ("i am from Indonesia", "I grew up in Thies"): the place
    is still named (a question about it may follow), but it is no topic to match on."""
    index = phrases_by_first_word(phrases)
    positions: set[int] = set()
    for mention in mentions:
        for start in range(max(0, mention.start - 4), mention.start):
            if any(tuple(tokens[start : start + len(words)]) == words and start + len(words) == mention.start
                   for words in index.get(tokens[start], ())):
                positions.update(range(start, mention.end))
                break
    return positions


def _is_number(word: str) -> bool:
    """A number, or a decade ("1990s"): a value the question puts forward, not its topic."""
    return word.isdigit() or (len(word) == 5 and word.endswith("s") and word[:4].isdigit())


def read(text: str, model: LanguageModel, finder: PlaceFinder, actors: dict[str, Actor],
         within: Reading | None = None) -> Reading:
    """A piece of text read in `model`'s language; `within`: the whole message, already read, this is part of."""
    normalized = normalize(text)
    tokens = model.analyzer.segment(normalized)
    mentions = find_mentions(text, tokens, finder, model.lexicon.frame_patterns, within)
    asserted = read_claims(text, normalized, model.lexicon, actors, mentions, tokens, model.language)
    # "Besides Kaohsiung, which cities in Asia are listed?": the place set aside is no topic either.
    excluded = origin_positions(tokens, mentions, model.lexicon.claims.words("excluding")) | set_aside_after(
        tokens, mentions, model.lexicon.claims.words("excluding_after"))
    if excluded and (asserted.negated or asserted.only) and not any(
            m.kind in ("place", "unlisted") and m.start not in excluded for m in mentions):
        # "한국은 광주 말고는 없는 거지?", "none besides Gwangju in Korea?": none but that place is "only" it
        # (with no other place asked about: not "apart from Graz, isn't Vienna one?").
        asserted.only, asserted.negated, excluded = True, False, set()
    background = origin_positions(tokens, mentions, model.lexicon.claims.words("origin")) | excluded
    # Where the asker lives is not where anything happened: "I live in Rosario, who launched the idea?"
    asserted.story = frozenset(background)
    asserted.located = [m for m in asserted.located if m.start not in background]
    asserted.doers = [m for m in asserted.doers if m.start not in background]
    if asserted.actions:
        asserted.strangers = strangers(text, tokens, mentions, model.lexicon.claims.table_phrases("actions"),
                                       model.lexicon.claims.words("agent_markers"), model.unknown_to_answers)
    claimed, idioms = claim_positions(tokens, model.lexicon, asserted)
    # ("What is the concept about in the first place?" ranks nothing: no "first" to match on either.)
    placed = with_placeholders(tokens, mentions, background | idioms)
    # (Most questions have no claim word but idioms: then both are the same tokens, read once.)
    without_claims = placed if claimed <= idioms else with_placeholders(tokens, mentions, claimed | background)
    words = model.analyzer.content_words(without_claims)
    # Small numbers are noise ("like I'm 10"); a year is not ("Gwangju in 1980" is not about 2011) — but a
    # year no answer knows is a value the question asserts ("launched in 2001"), not its topic.
    stems = model.analyzer.stems(words)
    bag = [w for w in stems if not _is_number(w) or model.matcher.is_known(w)]
    placed_stems = stems if without_claims is placed else model.analyzer.stems(model.analyzer.content_words(placed))
    full_bag = [w for w in placed_stems if not w.isdigit() or len(w) >= 3]
    return Reading(text, model.language, tokens, mentions, placed, words, bag, full_bag, asserted, frozenset(background),
                   frozenset(excluded))

"""Matching a question to an intent: normalise, correct typos, weight distinctive words, rank.

How a question is scored against an intent, in short:

1. The question becomes a bag of stems: normalised, typos corrected against the words the content
   uses, synonyms folded ("founded" -> "launch"), function words dropped. Places, countries and
   regions become placeholder tokens, so "is Graz one" and "is Bogotá one" look alike.
2. Each stem weighs its inverse document frequency over intents: a word found in almost every
   intent ("human", "rights", "city") weighs next to nothing; a word the content never uses weighs
   the most, because a question about something we do not know must not look like one we do.
3. An intent scores a blend of (a) its best example's weighted Dice overlap with the question and
   (b) how much of the question's weight its whole vocabulary covers.

Candidates come from an inverted index over intents, so only intents sharing a distinctive word are
scored in full; that keeps a question under a millisecond with thousands of intents.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .content import Intent
from .text import STOPWORDS, stem

PLACE_TOKEN = "xplacex"
COUNTRY_TOKEN = "xcountryx"
REGION_TOKEN = "xregionx"
PLACEHOLDERS = {"{place}": PLACE_TOKEN, "{country}": COUNTRY_TOKEN, "{region}": REGION_TOKEN}

EXAMPLE_WEIGHT = 0.6  # share of the score from the best single example; the rest is vocabulary coverage
RUNNER_UP_WEIGHT = 0.3  # share of the best example's score given to the second-best example
UNKNOWN_CAP = 1.0  # unknown words weigh together at most as much as this many unknown words
QUERY_SLACK = 0.3  # how much the question's unmatched words count against a match (Dice: 0.5)
EXAMPLE_SLACK = 0.5  # how much an example's unmatched words count against it
CANDIDATES = 24  # intents scored in full per question


@dataclass(frozen=True)
class Scored:
    intent: Intent
    score: float


def typo_budget(word: str) -> int:
    """How many edits a word may be away from a known word: none for short words, where a typo
    would be a different word."""
    if len(word) >= 8:
        return 2
    if len(word) >= 4:
        return 1
    return 0


class Vocabulary:
    """The words the content uses, for spelling correction, and its synonym table."""

    def __init__(self, word_counts: dict[str, int], synonyms: dict[str, str], real_words: Iterable[str] = (),
                 filler: Iterable[str] = ()):
        self.synonyms = {tuple(k.split()): tuple(v.split()) for k, v in synonyms.items() if k}
        self._longest_synonym = max((len(k) for k in self.synonyms), default=1)
        self.counts = dict(word_counts)
        for word in STOPWORDS | {w for k in self.synonyms for w in k}:
            self.counts[word] = self.counts.get(word, 0) + 1
        self.words = frozenset(self.counts)
        # Real words we do not use ("lives", "dreams") are left alone, not bent into ones we do.
        self.real_words = frozenset(real_words)
        self.dropped = STOPWORDS | frozenset(filler)
        self.dropped_stems = frozenset(stem(w) for w in self.dropped)
        self._sorted = sorted(self.words)
        self.correct = lru_cache(maxsize=16384)(self._correct)

    def _correct(self, word: str) -> str:
        if word in self.words or word in self.real_words or word.isdigit() or not word.isascii():
            return word
        budget = typo_budget(word)
        if budget == 0:
            return word
        hits = process.extract(word, self._sorted, scorer=OSA.distance, score_cutoff=budget, limit=8)
        if not hits:
            return word
        # Fewest edits first; among equals, the word the content uses most ("wich" -> "which").
        best = min(hits, key=lambda hit: (hit[1], -self.counts.get(hit[0], 0), hit[0]))
        return best[0]

    def fold_synonyms(self, tokens: Sequence[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self._longest_synonym, len(tokens) - i), 0, -1):
                canonical = self.synonyms.get(tuple(tokens[i : i + size]))
                if canonical is not None:
                    out.extend(canonical)
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out


def content_words(tokens: Sequence[str], vocabulary: Vocabulary | None) -> list[str]:
    """Normalised tokens with typos corrected, synonyms folded and function words dropped."""
    if vocabulary is None:
        return [t for t in tokens if t not in STOPWORDS]
    tokens = vocabulary.fold_synonyms([vocabulary.correct(t) for t in tokens])
    return [t for t in tokens if t not in vocabulary.dropped]


def to_stems(words: Sequence[str], dropped: frozenset[str] | None = None) -> list[str]:
    """Stems of content words; inflected function words ("explained") go too, and so do numbers
    the content never uses ("like I'm 5"), which would otherwise weigh as unknown words."""
    out = []
    for word in words:
        if word in _PLACEHOLDER_SET:
            out.append(word)
            continue
        stemmed = stem(word)
        if stemmed not in (dropped if dropped is not None else _STOP_STEMS):
            out.append(stemmed)
    return out


def stems(tokens: Sequence[str], vocabulary: Vocabulary | None) -> list[str]:
    """Content stems of already-normalised tokens (placeholders kept as they are)."""
    return to_stems(content_words(tokens, vocabulary), vocabulary.dropped_stems if vocabulary else None)


_PLACEHOLDER_SET = frozenset(PLACEHOLDERS.values())
_STOP_STEMS = frozenset(stem(w) for w in STOPWORDS)


class IntentMatcher:
    """Ranks intents for a bag of stems. Built once from the content; read-only afterwards."""

    def __init__(self, intents: Iterable[Intent], example_stems: dict[str, list[list[str]]]):
        self.intents = {i.id: i for i in intents}
        self.examples: dict[str, list[frozenset[str]]] = {
            iid: [frozenset(s) for s in bags if s] for iid, bags in example_stems.items()
        }
        df: dict[str, int] = defaultdict(int)
        self.vocab: dict[str, frozenset[str]] = {}
        for iid, bags in self.examples.items():
            words = frozenset().union(*bags) if bags else frozenset()
            self.vocab[iid] = words
            for word in words:
                df[word] += 1
        n = max(len(self.examples), 1)
        self.weights = {w: max(math.log((n + 1) / (d + 0.5)), 0.05) for w, d in df.items()}
        self.unknown_weight = math.log((n + 1) / 0.5)
        self.postings: dict[str, list[str]] = defaultdict(list)
        for iid, words in self.vocab.items():
            for word in words:
                self.postings[word].append(iid)
        self.example_weight_sums = {
            iid: [sum(self.weights[w] for w in bag) for bag in bags] for iid, bags in self.examples.items()
        }

    def weight(self, word: str) -> float:
        return self.weights.get(word, self.unknown_weight)

    def is_known(self, word: str) -> bool:
        return word in self.weights

    def rank(self, query: Iterable[str], limit: int = 5) -> list[Scored]:
        """The best intents for the query, best first, each with a score in 0..1."""
        bag = frozenset(query)
        if not bag:
            return []
        weights = {w: self.weight(w) for w in bag}
        # Words no intent uses count against every intent, but only up to a cap: one unknown word
        # ("weather") is a strong sign we are off topic, ten words of chatty context are not ten times
        # stronger.
        unknown = [w for w in bag if w not in self.weights]
        if len(unknown) > UNKNOWN_CAP:
            for word in unknown:
                weights[word] = self.unknown_weight * UNKNOWN_CAP / len(unknown)
        total = sum(weights.values())
        coverage: dict[str, float] = defaultdict(float)
        for word in bag:
            for iid in self.postings.get(word, ()):
                coverage[iid] += weights[word]
        candidates = heapq.nlargest(CANDIDATES, coverage.items(), key=lambda kv: kv[1])
        scored = []
        for iid, covered in candidates:
            first = second = 0.0
            for example, example_total in zip(self.examples[iid], self.example_weight_sums[iid]):
                shared = sum(weights[w] for w in bag & example)
                if shared:
                    # Tversky's ratio: Dice when both slacks are 0.5; a smaller QUERY_SLACK lets a
                    # chatty question keep its match to a short example.
                    similarity = shared / (shared + QUERY_SLACK * (total - shared)
                                           + EXAMPLE_SLACK * (example_total - shared))
                    if similarity > first:
                        first, second = similarity, first
                    elif similarity > second:
                        second = similarity
            # The runner-up example counts a little: an intent with several examples close to the
            # question is a safer bet than one stray example that happens to share a word.
            best = (1 - RUNNER_UP_WEIGHT) * first + RUNNER_UP_WEIGHT * second
            coverage = covered / (covered + 2 * QUERY_SLACK * (total - covered))
            score = EXAMPLE_WEIGHT * best + (1 - EXAMPLE_WEIGHT) * coverage
            scored.append(Scored(self.intents[iid], round(min(score, 1.0), 4)))
        scored.sort(key=lambda s: (-s.score, s.intent.id))
        return scored[:limit]


def placeholder_text(text: str) -> str:
    """Example text with {place}/{country}/{region} turned into their placeholder tokens."""
    for marker, token in PLACEHOLDERS.items():
        text = text.replace(marker, f" {token} ")
    return text


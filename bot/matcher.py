"""Ranking intents for a question: weight distinctive words, compare with every intent's examples.

How a question is scored against an intent, in short:

1. The question becomes a bag of stems in its language (bot/analysis.py): normalised, typos corrected
   against the words the content uses, synonyms folded ("founded" -> "launch"), function words dropped.
   Places, countries and regions become placeholder tokens, so "is Graz one" and "is Bogotá one" look alike.
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
from operator import itemgetter
from typing import Iterable

from .content import Intent

EXAMPLE_WEIGHT = 0.6  # share of the score from the best single example; the rest is vocabulary coverage
RUNNER_UP_WEIGHT = 0.3  # share of the best example's score given to the second-best example
UNKNOWN_CAP = 1.0  # unknown words weigh together at most as much as this many unknown words
QUERY_SLACK = 0.3  # how much the question's unmatched words count against a match (Dice: 0.5)
EXAMPLE_SLACK = 0.5  # how much an example's unmatched words count against it
CANDIDATES = 24  # intents scored in full per question


@dataclass(frozen=True)
class Touched:
    """Whether an intent's examples use any of some words: a few intents are asked about, so the answer is
    worked out for those only (with thousands of intents, listing them all cost more than the rest)."""

    words: frozenset[str]
    vocab: dict[str, frozenset[str]]

    def __contains__(self, intent_id: object) -> bool:
        return not self.words.isdisjoint(self.vocab.get(intent_id, frozenset()))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Scored:
    intent: Intent
    score: float


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
        # Every example gets a number; each word lists the examples that use it, so a question's overlap
        # with all examples is one pass over its words' postings instead of a set intersection per example.
        self.example_totals: list[float] = []
        # Postings by word, then by intent: only the examples of the intents worth scoring are touched.
        self.example_postings: dict[str, dict[str, list[int]]] = defaultdict(dict)
        for iid, bags in self.examples.items():
            for bag in bags:
                for word in bag:
                    self.example_postings[word].setdefault(iid, []).append(len(self.example_totals))
                self.example_totals.append(sum(self.weights[w] for w in bag))
        self.example_rest = [EXAMPLE_SLACK * t for t in self.example_totals]

    def weight(self, word: str) -> float:
        return self.weights.get(word, self.unknown_weight)

    def is_known(self, word: str) -> bool:
        return word in self.weights

    def touched(self, words: frozenset[str]) -> "Touched":
        """The intents whose examples use any of `words`, asked one at a time."""
        return Touched(words, self.vocab)

    def rank(self, query: Iterable[str], limit: int = 5) -> list[Scored]:
        """The best intents for the query, best first, each with a score in 0..1."""
        bag = frozenset(query)
        if not bag:
            return []
        known = self.weights
        weights = {w: known[w] for w in bag if w in known}
        # Words no intent uses count against every intent, but only up to a cap: one unknown word
        # ("weather") is a strong sign we are off topic, ten words of chatty context are not ten times
        # stronger.
        unknown = len(bag) - len(weights)
        total = sum(weights.values()) + (self.unknown_weight * min(unknown, UNKNOWN_CAP) if unknown else 0.0)
        coverage: dict[str, float] = {}
        postings = self.postings
        for word, weight in weights.items():
            for iid in postings[word]:
                coverage[iid] = coverage.get(iid, 0.0) + weight
        candidates = heapq.nlargest(CANDIDATES, coverage.items(), key=itemgetter(1))
        scored: list[Scored] = []
        kept: list[float] = []  # the best `limit` scores so far (a min-heap)
        vocab, example_postings, example_rest = self.vocab, self.example_postings, self.example_rest
        # Tversky's ratio shared / (shared + QUERY_SLACK * (total - shared) + EXAMPLE_SLACK * (example -
        # shared)) is shared / (shared * own + rest[example] + asked): the parts that do not depend on
        # what an example shares are worked out once.
        own = 1 - QUERY_SLACK - EXAMPLE_SLACK
        asked = QUERY_SLACK * total
        for iid, covered in candidates:
            # No example shares more than the intent's whole vocabulary does, so this bounds the score;
            # it falls with coverage, and candidates come by coverage: once the bound is below the
            # `limit`-th score found, no later candidate can enter the list.
            reach = covered / (covered + QUERY_SLACK * (total - covered))
            covered_share = covered / (covered + 2 * QUERY_SLACK * (total - covered))
            if len(kept) >= limit and EXAMPLE_WEIGHT * reach + (1 - EXAMPLE_WEIGHT) * covered_share < kept[0] - 1e-4:
                break
            # Only the examples sharing a word with the question are touched: an intent's other examples
            # score 0, and a list as long as all examples would cost more than the scoring itself.
            shared_by_example: dict[int, float] = {}
            shared_so_far = shared_by_example.get
            for word in vocab[iid].intersection(weights):
                weight = weights[word]
                for index in example_postings[word][iid]:
                    shared_by_example[index] = shared_so_far(index, 0.0) + weight
            first = second = 0.0
            for index, shared in shared_by_example.items():
                # (Dice when both slacks are 0.5; a smaller QUERY_SLACK lets a chatty question keep its
                # match to a short example.)
                similarity = shared / (shared * own + example_rest[index] + asked)
                if similarity > second:
                    if similarity > first:
                        first, second = similarity, first
                    else:
                        second = similarity
            # The runner-up example counts a little: an intent with several examples close to the
            # question is a safer bet than one stray example that happens to share a word.
            best = (1 - RUNNER_UP_WEIGHT) * first + RUNNER_UP_WEIGHT * second
            score = EXAMPLE_WEIGHT * best + (1 - EXAMPLE_WEIGHT) * covered_share
            scored.append(Scored(self.intents[iid], round(min(score, 1.0), 4)))
            if len(kept) < limit:
                heapq.heappush(kept, score)
            elif score > kept[0]:
                heapq.heapreplace(kept, score)
        scored.sort(key=lambda s: (-s.score, s.intent.id))
        return scored[:limit]

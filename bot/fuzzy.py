"""Typo look-ups: the words a few edits away from a word, compared only with the words that could be.

An edit (a letter added, dropped, replaced, or two swapped) changes a word's length by one at most, so a
word within `budget` edits has a length within `budget` of the typed word's. Comparing only those is a
fraction of the list (a question's unknown words are each looked up once, and a long message has many),
and it finds exactly what a search of the whole list finds, in the same order, ties included.
"""

from __future__ import annotations

from typing import Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA


class TypoSearch:
    """Words by length, for `within_edits`. Built once from a fixed list; read-only afterwards except for
    the bands it remembers (one per length range asked, so a handful)."""

    def __init__(self, words: Sequence[str]):
        self._words = tuple(words)
        self._longest = max((len(w) for w in self._words), default=0)
        self._bands: dict[tuple[int, int], tuple[tuple[str, ...], tuple[int, ...]]] = {}

    def _band(self, length: int, budget: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """The words whose length is within `budget` of `length`, in list order, with their positions."""
        low, high = max(length - budget, 0), min(length + budget, self._longest)
        if low > high:
            return (), ()
        band = self._bands.get((low, high))
        if band is None:
            indices = tuple(i for i, w in enumerate(self._words) if low <= len(w) <= high)
            band = self._bands[(low, high)] = (tuple(self._words[i] for i in indices), indices)
        return band

    def within_edits(self, word: str, budget: int, limit: int | None = None) -> list[tuple[str, int, int]]:
        """(word, edits, position in the list) for every word at most `budget` edits (OSA: a swap is one)
        from `word`, fewest edits first, then in list order; at most `limit` of them."""
        words, indices = self._band(len(word), budget)
        if not words:
            return []
        hits = process.extract(word, words, scorer=OSA.distance, score_cutoff=budget, limit=limit)
        return [(hit, distance, indices[index]) for hit, distance, index in hits]

"""How one language's text becomes the tokens and stems that matching compares.

Words-mode languages (English, Spanish, French, Portuguese, German, Indonesian) split at spaces, correct
typos towards the words the content uses, fold synonyms and stem with Snowball. Characters-mode languages
(Korean, Japanese, Chinese) are cut into the dictionary words their lexicon lists (place names, terms,
particles) and what is left into overlapping character pairs: no dictionary model to load, and particles
(광주는, 堺市は) fall away as stop words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from .fuzzy import TypoSearch
from .lexicon import Lexicon

PLACE_TOKEN = "xplacex"
COUNTRY_TOKEN = "xcountryx"
REGION_TOKEN = "xregionx"
PLACEHOLDERS = {"{place}": PLACE_TOKEN, "{country}": COUNTRY_TOKEN, "{region}": REGION_TOKEN}
PLACEHOLDER_TOKENS = frozenset(PLACEHOLDERS.values())

# Scripts written without spaces between words (Hangul is spaced, but its particles are not).
_UNSPACED = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
MAX_DICTIONARY_WORD = 12
# Words seen before, per language model: their stems and their spelling corrections, a bounded number of
# each. Stemming a new word takes some 0.3 µs (PyStemmer), and a cached stem costs some 190 bytes:
# 4,096 is the content's own words (900-1,400 a language) and a few thousand more. At 16,384 the English
# cache was still filling after 100,000 messages of the soak (benchmarks/soak.py; every typo and odd word is
# a new entry), resident memory creeping up all that while; at 4,096 it is full after some 25,000, with no
# change in answer latency. Corrections (a fuzzy search each) are dearer to redo: more of them are kept.
STEM_CACHE = 4096
CORRECTION_CACHE = 8192
RARE_WORD = 2  # a word the content uses this rarely…
COMMON_WORD = 20  # …one edit from one it uses this often is a misspelling of it


_KATAKANA = re.compile(r"[\u30a0-\u30ff\uff66-\uff9f]")


def whole_katakana_word(text: str, start: int, end: int) -> bool:
    """A word written in katakana is a word only where the katakana run ends: タイ is Thailand, but not
    the start of タイトル (title)."""
    if not _KATAKANA.match(text[start:end]) or not _KATAKANA.fullmatch(text[end - 1]):
        return True
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return not (before and _KATAKANA.fullmatch(before)) and not (after and _KATAKANA.fullmatch(after))


def is_unspaced(text: str) -> bool:
    return bool(_UNSPACED.search(text))


def placeholder_text(text: str) -> str:
    """Example text with {place}/{country}/{region} turned into their placeholder tokens."""
    for marker, token in PLACEHOLDERS.items():
        text = text.replace(marker, f" {token} ")
    return text


class Analyzer:
    """The reading of one language: segmenting, typo correction, synonyms, stop words, stems."""

    def __init__(self, lexicon: Lexicon, word_counts: dict[str, int], dictionary: Iterable[str] = (),
                 typo_tolerance: bool = True):
        self.lexicon = lexicon
        self.language = lexicon.language
        self.synonyms = {tuple(k.split()): tuple(v.split()) for k, v in lexicon.synonyms.items() if k}
        if lexicon.by_characters:
            # "보호 책임" is also typed "보호책임": the segmenter knows the joined form, so must the fold.
            for k, v in lexicon.synonyms.items():
                if " " in k and is_unspaced(k):
                    self.synonyms.setdefault((k.replace(" ", ""),), tuple(v.split()))
        self._longest_synonym = max((len(k) for k in self.synonyms), default=1)
        # The lengths of the synonyms starting with each word, longest first: most words start none.
        sizes: dict[str, set[int]] = {}
        for key in self.synonyms:
            sizes.setdefault(key[0], set()).add(len(key))
        self._synonym_sizes = {first: sorted(found, reverse=True) for first, found in sizes.items()}
        self.dropped = lexicon.stopwords | lexicon.words("filler_words")
        self._stemmer = snowballstemmer.stemmer(lexicon.stemmer) if lexicon.stemmer else None
        if hasattr(self._stemmer, "maxCacheSize"):
            # PyStemmer (snowballstemmer's C build) keeps a cache of its own, 10,000 words per stemmer at some
            # 180 bytes a word, behind self.stem's: every new word was kept twice. self.stem is the one cache
            # (with PyStemmer's, stemming a new word took some 1 µs instead of 0.3).
            self._stemmer.maxCacheSize = 0
        self.stem = lru_cache(maxsize=STEM_CACHE)(self._stem)
        self.dropped_stems = frozenset(self.stem(w) for w in self.dropped)
        counts = dict(word_counts)
        for word in lexicon.stopwords | {w for k in self.synonyms for w in k}:
            counts[word] = counts.get(word, 0) + 1
        self.counts = counts
        self.words = frozenset(counts)
        self._typos = TypoSearch(sorted(self.words))
        # Without a list of the language's real words, only longer words are corrected, and by one edit:
        # a real word the content does not use must not be bent into one it does.
        self._strict = not lexicon.real_words
        self.typo_tolerance = typo_tolerance and not lexicon.by_characters
        self.correct = lru_cache(maxsize=CORRECTION_CACHE)(self._correct)
        self._misspelt = self._misspellings() if self.typo_tolerance else {}
        if lexicon.by_characters:
            terms = set(lexicon.synonyms) | set(lexicon.synonyms.values()) | lexicon.stopwords
            terms |= {w for name in lexicon.word_lists for w in lexicon.words(name)}
            terms |= {d for d in dictionary if d}
            self._dictionary = frozenset(t.replace(" ", "") for t in terms if is_unspaced(t))
        else:
            self._dictionary = frozenset()

    # --- segmenting ------------------------------------------------------------------------

    def segment(self, normalized: str) -> list[str]:
        """Tokens of normalised text; in characters mode, unspaced runs are cut into dictionary words,
        and what no dictionary word covers stays one token (split into pairs later)."""
        if not self._dictionary:
            return normalized.split()
        tokens: list[str] = []
        for chunk in normalized.split():
            if not is_unspaced(chunk):
                tokens.append(chunk)
                continue
            run = ""
            i = 0
            while i < len(chunk):
                word = self._longest_word_at(chunk, i)
                if word:
                    if run:
                        tokens.append(run)
                        run = ""
                    tokens.append(word)
                    i += len(word)
                else:
                    run += chunk[i]
                    i += 1
            if run:
                tokens.append(run)
        return tokens

    def _longest_word_at(self, text: str, start: int) -> str | None:
        for size in range(min(MAX_DICTIONARY_WORD, len(text) - start), 0, -1):
            piece = text[start : start + size]
            if piece in self._dictionary and whole_katakana_word(text, start, start + size):
                return piece
        return None

    # --- words ------------------------------------------------------------------------------

    def _budget(self, word: str) -> int:
        if self._strict:
            return 2 if len(word) >= 10 else 1 if len(word) >= 6 else 0
        return 2 if len(word) >= 8 else 1 if len(word) >= 4 else 0

    def _misspellings(self) -> dict[str, str]:
        """Misspellings the examples carry on purpose ("humna rights citty"), each one edit away from a
        word the content uses far more often: read as that word, in examples and questions alike."""
        common = [w for w, n in self.counts.items() if n >= COMMON_WORD and len(w) >= 5 and w.isalpha()]
        protected = self.lexicon.real_words | self.dropped | {w for k in self.synonyms for w in k}
        found = {}
        for word, count in self.counts.items():
            if count > RARE_WORD or len(word) < 5 or not word.isalpha() or word in protected:
                continue
            for hit, _distance, _index in process.extract(word, common, scorer=OSA.distance, score_cutoff=1, limit=3):
                # A letter dropped, added or two swapped ("humna", "movment"); a letter replaced is too
                # often another real word ("fight" is not "right").
                if hit != word and (Indel.distance(word, hit) <= 1 or sorted(word) == sorted(hit)):
                    found[word] = hit
                    break
        return found

    def _correct(self, word: str) -> str:
        if word in self._misspelt:
            return self._misspelt[word]
        if (not self.typo_tolerance or word in self.words or word in self.lexicon.real_words or word.isdigit()
                or not word.isascii()):
            return word
        budget = self._budget(word)
        if budget == 0:
            return word
        hits = self._typos.within_edits(word, budget, limit=8)
        if not hits:
            return word
        # Fewest edits first; among equals, the word the content uses most ("wich" -> "which").
        best = min(hits, key=lambda hit: (hit[1], -self.counts.get(hit[0], 0), hit[0]))
        return best[0]

    def fold_synonyms(self, tokens: Sequence[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for size in self._synonym_sizes.get(tokens[i], ()):
                canonical = self.synonyms.get(tuple(tokens[i : i + size])) if i + size <= len(tokens) else None
                if canonical is not None:
                    out.extend(canonical)
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def content_words(self, tokens: Sequence[str]) -> list[str]:
        """Tokens with typos corrected, synonyms folded and function words dropped."""
        folded = self.fold_synonyms([self.correct(t) for t in tokens])
        return [t for t in folded if t not in self.dropped]

    def _stem(self, word: str) -> str:
        if self._stemmer is None or not word.isascii():
            return word
        return self._stemmer.stemWord(word)

    def stems(self, words: Sequence[str]) -> list[str]:
        """Stems of content words (placeholders kept); unspaced runs become overlapping character pairs."""
        out: list[str] = []
        for word in words:
            if word in PLACEHOLDER_TOKENS:
                out.append(word)
            elif is_unspaced(word) and len(word) > 2 and word not in self._dictionary:
                out.extend(word[i : i + 2] for i in range(len(word) - 1))
            else:
                stemmed = self.stem(word)
                if stemmed not in self.dropped_stems:
                    out.append(stemmed)
        return out

    def bag(self, tokens: Sequence[str]) -> list[str]:
        return self.stems(self.content_words(tokens))

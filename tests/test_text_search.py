"""The two searches every question goes through many times, checked against the slow, obvious way.

Typo look-ups compare a word only with words of a nearby length, and claim phrases are found with
`str.find` instead of a regular expression per handful of phrases; both must find exactly what the
obvious way finds, in the same order, or answers would change with nobody noticing.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.claims import _PhraseIndex, _Text
from bot.fuzzy import TypoSearch

# Few letters, so that near words, repeats and ties are common.
WORDS = st.text(alphabet="abcde", min_size=1, max_size=9)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(words=st.lists(WORDS, max_size=60), word=WORDS, budget=st.integers(0, 2), limit=st.sampled_from([None, 1, 3, 8]))
def test_a_typo_look_up_finds_what_searching_every_word_finds_in_the_same_order(words, word, budget, limit):
    everything = process.extract(word, words, scorer=OSA.distance, score_cutoff=budget, limit=limit)
    assert TypoSearch(words).within_edits(word, budget, limit=limit) == [tuple(hit) for hit in everything]


# Text with word characters, spaces, signs and a non-Latin letter, and phrases drawn from the same.
TEXTS = st.text(alphabet="ab _-?é광", max_size=30)
PHRASES = st.text(alphabet="ab _-?é광", min_size=1, max_size=4)


def _whole_word(phrase: str, by_characters: bool) -> str:
    if by_characters and not phrase.isascii():
        return re.escape(phrase)
    return r"(?<!\w)" + re.escape(phrase) + r"(?!\w)"


@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=TEXTS, phrases=st.lists(PHRASES, min_size=1, max_size=5), others=st.lists(PHRASES, max_size=5),
       by_characters=st.booleans(), indexed=st.booleans())
def test_claim_phrases_are_found_where_a_whole_word_pattern_finds_them(text, phrases, others, by_characters, indexed):
    # With a language's index of phrases, only the phrases whose first word the text has are tried.
    listed = tuple(phrases)
    index = _PhraseIndex.of([listed, tuple(others)], by_characters) if indexed else None
    searched = _Text(text, by_characters, index)
    for phrase in phrases:
        expected = [m.span() for m in re.finditer(_whole_word(phrase, by_characters), text)]
        assert searched.spans(phrase) == expected
        if expected:
            assert phrase in searched.present(listed)
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))  # at one place, the longest phrase wins
    earliest = re.search("|".join(_whole_word(p, by_characters) for p in ordered), text)
    assert searched.first(listed) == (earliest.group(0) if earliest else None)
    assert searched.has(listed) == (earliest is not None)

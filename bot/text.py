"""Text normalisation shared by matching, place recognition and citation checks.

Everything a person might type differently for the same meaning is folded here: case, accents on
Latin letters, typographic quotes, punctuation, full-width characters. Other scripts (Hangul, Han,
Devanagari, Cyrillic) are kept as they are so that 광주 or 高雄 still mean something.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


# Letters that do not decompose into "base + accent" but that people type without the mark.
_LATIN_FOLDS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "ħ": "h", "ı": "i", "þ": "th"}
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"'})
# \w misses the vowel signs of Indic and Thai scripts (नागपुर would fall apart): keep them in words.
_QUOTE_CHARACTERS = re.compile("[" + "".join(chr(c) for c in _QUOTES) + "]")
# What _LATIN_FOLDS and _LATIN_BASE change: Latin letters with accents (and ø, æ, ß…), combining accents.
_ACCENTED = re.compile("[\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]")
_WORD_SPLIT = re.compile(r"[^\w\u0900-\u0dff\u0e00-\u0eff]+", re.UNICODE)
_APOSTROPHE_IN_WORD = re.compile(r"(?<=\w)'(?=\w)")
_SPACES = re.compile(r"\s+")

def fold_quotes(text: str) -> str:
    """Typographic quotes to ASCII ones: the seed writes ’ “ ”, people type ' and "."""
    # (str.translate looks at every character; most texts have no such quote at all.)
    return text.translate(_QUOTES) if _QUOTE_CHARACTERS.search(text) else text


_ANSI_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,60}>")


def strip_markup(text: str) -> str:
    """Remove HTML tags and terminal escape sequences people paste: '<p>what is it?</p>' -> 'what is it?'."""
    return _TAG.sub(" ", _ANSI_ESCAPE.sub("", text))


def _control_pattern() -> re.Pattern[str]:
    """Control, format, surrogate and private-use characters (Unicode Cc, Cf, Cs, Co) but tab and line
    feed, as one character class: one regex pass instead of a category lookup per character. The basic
    plane is scanned once at import; the few such characters beyond it are listed."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if code not in (9, 10) and unicodedata.category(chr(code)) in ("Cc", "Cf", "Cs", "Co"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    ranges += [(0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3),
               (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F), (0xF0000, 0x10FFFF)]
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")


_CONTROL = _control_pattern()


def strip_control(text: str) -> str:
    """Drop control and format characters (bidi marks, zero-width joiners) but keep line breaks."""
    if text.isascii() and text.replace("\n", " ").replace("\t", " ").isprintable():
        return text  # the common case, without looking at every character
    return _CONTROL.sub("", text)


def _latin_base_letters() -> dict[int, str]:
    """é -> e, ć -> c, ṭ -> t …: only Latin letters lose their accents; dropping combining marks
    elsewhere would break Devanagari vowel signs or Hangul syllables."""
    table = {}
    for code in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code):
            table[code] = base
    # Combining accents left over after case folding ("İ" folds to "i" + U+0307) go too.
    table.update({code: None for code in range(0x0300, 0x0370)})  # type: ignore[misc]
    return table


_LATIN_BASE = _latin_base_letters()


def fold(text: str) -> str:
    """Case-, accent- and width-insensitive form of the text, with punctuation kept."""
    text = strip_control(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = fold_quotes(text).casefold()
    if text.isascii() or not _ACCENTED.search(text):  # (an emoji or Hangul has no accent to drop)
        return text
    return text.translate(_LATIN_FOLDS).translate(_LATIN_BASE)


def _normalize(text: str) -> str:
    text = fold(text)
    if "'" in text:
        text = _APOSTROPHE_IN_WORD.sub("", text)
    # (Only word characters and single spaces are left, and the spaces "_" becomes: split and join.)
    return " ".join(_WORD_SPLIT.sub(" ", text).replace("_", " ").split())


# Words and names are normalised again and again, whole messages (up to 500 characters) a few times while
# one is read: both are kept, a bounded number of each, so that memory stays bounded however many people
# write. Words: 8,192, some 300 bytes each with their share of the cache's dictionary; a miss costs under
# 2 µs. (At 32,768, the 19,500 names and words of the content that building the nine models puts there took
# the soak's first 100,000 messages to give way to new words, each one more string held, and the
# dictionary grew from 0.9 to 1.8 MB under that churn: resident memory crept up all along. At 8,192 the
# cache has settled after the first few tens of thousands, with no change in answer latency.) Messages: 4,096.
SHORT_TEXT = 40
_normalize_short = lru_cache(maxsize=8192)(_normalize)
_normalize_long = lru_cache(maxsize=4096)(_normalize)


def normalize(text: str) -> str:
    """Folded text with punctuation turned into single spaces: 'Bogotá, D.C.!' -> 'bogota d c'."""
    return _normalize_short(text) if len(text) <= SHORT_TEXT else _normalize_long(text)


def _normalize_cache_info():  # type: ignore[no-untyped-def]
    short, long = _normalize_short.cache_info(), _normalize_long.cache_info()
    return type(short)(short.hits + long.hits, short.misses + long.misses,
                       (short.maxsize or 0) + (long.maxsize or 0), short.currsize + long.currsize)


def _normalize_cache_clear() -> None:
    _normalize_short.cache_clear()
    _normalize_long.cache_clear()


normalize.cache_info = _normalize_cache_info  # type: ignore[attr-defined]
normalize.cache_clear = _normalize_cache_clear  # type: ignore[attr-defined]


def collapse_spaces(text: str) -> str:
    """White space runs to one space, typographic quotes to ASCII: how citation quotes are compared."""
    return _SPACES.sub(" ", fold_quotes(unicodedata.normalize("NFKC", text))).strip()


def has_letters(text: str) -> bool:
    """True when the text has at least one letter or digit in any script (not only emoji/punctuation)."""
    return any(ch.isalnum() for ch in text)

"""Numbers written in words, composed into the numbers they write: "twenty three" is 23, "dos mil once" 2011,
"mil neuf cent nonante-sept" 1997, "nineteen ninety-seven" 1997, "neunzehnhundertsiebenundneunzig" 1997,
"二〇一一年" and "이천십일년" 2011, "平成23年" 2011.

The words and their values are each language's content (knowledge/lexicon/<code>.yaml `claims.numbers`,
`numerals`, `numeral_joiners`, `eras`); this module only knows how number words combine, which is the same
in every language it reads: a multiplier (hundred, thousand; in Korean, Japanese and Chinese also ten)
multiplies what stands before it, a smaller number adds to a bigger one ("ninety seven"), and a number
that cannot add to the one before it starts a new number ("three four" is 3 and 4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MULTIPLIERS = frozenset({100, 1000})
# Korean, Japanese and Chinese numerals multiply by ten too: 九十七 is 9 × 10 + 7.
CHARACTER_MULTIPLIERS = frozenset({10, 100, 1000})
FIRST_YEAR, LAST_YEAR = 1000, 2100
# "nineteen ninety-seven", "twenty eleven": a year said as its century and the rest.
CENTURIES = frozenset({18, 19, 20})


@dataclass(frozen=True)
class Spelled:
    """A number the question writes in words, where it stands."""

    start: int
    end: int
    value: int
    parts: int  # how many number words make it

    @property
    def year(self) -> bool:
        return self.parts > 1 and FIRST_YEAR <= self.value <= LAST_YEAR


@dataclass
class _Number:
    start: int
    end: int
    parts: int = 0
    total: int = 0  # what thousands have closed
    current: int = 0  # below the last thousand
    last: int = 0  # the last word's value, which a multiplier after it multiplies
    room: int = 0  # the biggest value that may still be added ("ninety" leaves room for 9)

    @property
    def value(self) -> int:
        return self.total + self.current

    def add(self, value: int, multipliers: frozenset[int]) -> None:
        self.parts += 1
        if value in multipliers:
            if value >= 1000:
                self.total += max(self.current, 1) * value
                self.current = self.last = 0
            else:
                self.current += max(self.last, 1) * value - self.last
                self.last = 0
            self.room = value - 1
            return
        self.current += value
        self.last = value
        self.room = _room_after(value)


def _room_after(value: int) -> int:
    if value >= 100 and value % 100 == 0:
        return 99
    if value >= 10 and value % 10 == 0:
        # (French counts sixty-ten and four-twenty-ten: soixante-dix, quatre-vingt-dix)
        return 19 if value in (60, 80) else 9
    return 0


def compose(parts: list[tuple[int, int, int, bool]], text: str, joiners: frozenset[str],
            multipliers: frozenset[int] = MULTIPLIERS) -> list[Spelled]:
    """Number words found in `text` (start, end, value, whether the word is a number on its own), left to
    right and not overlapping, composed into the numbers they write. Words side by side (nothing between
    them but spaces or one joiner: "noventa y siete") make one number while each can add to or multiply
    the one before; a word that only helps write a bigger number ("mil", "thousand") is dropped alone."""
    numbers: list[_Number] = []
    alone: list[bool] = []
    previous_end = -1
    for start, end, value, counts_alone in parts:
        gap = text[previous_end:start].split() if previous_end >= 0 else None
        joined = gap is not None and len(gap) <= 1 and all(word in joiners for word in gap)
        number = numbers[-1] if numbers and joined else None
        if number is not None and value not in multipliers and value > number.room:
            # "sieben und neunzig" (German says the units first, joined by "und")
            if not (gap and 1 <= number.last <= 9 and value % 10 == 0 and 20 <= value <= 90):
                number = None
        if number is None:
            number = _Number(start, end)
            numbers.append(number)
            alone.append(counts_alone)
        units_first = number.parts > 0 and value > number.room and value not in multipliers
        number.add(value, multipliers)
        if units_first:
            number.room = 0
        number.end = end
        previous_end = end
    spelled = _centuries([(Spelled(n.start, n.end, n.value, n.parts), ok) for n, ok in zip(numbers, alone)], text)
    return [number for number, ok in spelled if number.parts > 1 or ok]


def _centuries(spelled: list[tuple[Spelled, bool]], text: str) -> list[tuple[Spelled, bool]]:
    """ "nineteen ninety seven", "twenty eleven": a century word next to a number from 10 to 99 is a year."""
    merged: list[tuple[Spelled, bool]] = []
    for number, alone in spelled:
        before = merged[-1][0] if merged else None
        if (before is not None and before.parts == 1 and before.value in CENTURIES and 10 <= number.value <= 99
                and not text[before.end : number.start].strip()):
            merged[-1] = (Spelled(before.start, number.end, before.value * 100 + number.value, before.parts + number.parts), True)
        else:
            merged.append((number, alone))
    return merged


def character_number(characters: str, values: dict[str, int]) -> int | None:
    """A number in Korean, Japanese or Chinese numerals: digit by digit ("一九九七", "二〇一一") or with
    multipliers ("二千十一", "천구백구십칠")."""
    digits = [values.get(character) for character in characters]
    if not digits or any(d is None for d in digits):
        return None
    if all(d is not None and d < 10 for d in digits):
        return int("".join(str(d) for d in digits))
    number = _Number(0, 0)
    for digit in digits:
        assert digit is not None
        number.add(digit, CHARACTER_MULTIPLIERS)
    return number.value


@dataclass(frozen=True)
class Compounds:
    """Words made of number words, as German writes them ("neunzehnhundertsiebenundneunzig",
    "zweitausendelf"): the number words and joiners, longest first."""

    whole: re.Pattern[str]
    one: re.Pattern[str]

    @classmethod
    def of(cls, words: list[str]) -> "Compounds":
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return cls(re.compile(f"(?:{alternatives})+"), re.compile(alternatives))

    def split(self, word: str, values: dict[str, int], offset: int) -> list[tuple[int, int, int, bool]]:
        """The number words `word` is made of, as `compose` takes them (joiners are left in the gaps);
        nothing when it is not made of them alone."""
        if not self.whole.fullmatch(word):
            return []
        found = []
        at = 0
        while at < len(word):
            match = self.one.match(word, at)
            if match is None:
                return []
            if match.group(0) in values:
                found.append((offset + at, offset + match.end(), values[match.group(0)], True))
            at = match.end()
        return found

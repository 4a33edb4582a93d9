"""Recognising places, countries and regions inside any question, fuzzily and accent-blind.

Exact alias hits come first (longest first, so "mexico city" beats "mexico"); then single words and
pairs of words that are one or two typos away from a place name ("utrech", "montral"). Short
aliases such as "US" or "BCN" count only when typed in capitals, and a word we know as an ordinary
English word is never bent into a place name ("this" is not "Thies").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Literal

from .analysis import whole_katakana_word
from .content import Content, Country, Place, UnlistedPlace
from .fuzzy import TypoSearch
from .geography import Region
from .text import fold, normalize

from .lexicon import at_word_starts, frames_in

if TYPE_CHECKING:
    from .lexicon import PlaceFrame

MentionKind = Literal["place", "unlisted", "country", "region"]

_SCRIPT_FREE_SPACE = re.compile(r"[\u0900-\u097F\u1100-\u11FF\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF]")
SHORT_ALIAS = 3  # aliases this short (BCN, US, NL) must be typed in capitals to count


@dataclass(frozen=True)
class Mention:
    kind: MentionKind
    target: Place | UnlistedPlace | Country | Region
    start: int  # token span in the normalised question
    end: int
    asked: bool = False  # named where only a place can stand: "is X a human rights city?"

    @property
    def name(self) -> str:
        return self.target.name


@dataclass(frozen=True)
class _Alias:
    kind: MentionKind
    target: object
    tokens: tuple[str, ...]
    short: bool
    written: str = ""  # as the content writes it, to accept "BiH" typed with its own capitals


# "is X a human rights city", "is X on the list", "what about X": X can only be a place.
ASKS_IF_LISTED = re.compile(
    r"(?P<lead>(?:so |and |but |then )?(?:is|isnt|was|are|does|has|did)"
    r"(?: my (?:city|town|hometown|home town|village)| our (?:city|town))? )"
    r"(?P<name>[a-z][a-z ]{1,40}?) (?:(?:already|also|still|really|actually|now|yet|officially|too|even|itself|as well) )*"
    r"(?:(?P<explicit>an? human rights? city|an? hrc|(?:on|in) the human rights cit(?:y|ies) list"
    r"|declared itself (?:an? )?human rights? city|among the (?:named |listed )?human rights cities)"
    r"|one of them|on the list|on your list|on that list|in the list|listed|named|included|among them|mentioned"
    r"|one of the (?:human rights )?cities)\b"
)
# The same put as a statement, opening the message: "so Argentina is a human rights city?".
STATES_LISTED = re.compile(
    r"(?P<lead>(?:so |and |but |then |i think |i heard |i believe |i read |im (?:fairly |pretty |quite )?(?:sure|certain) )?)(?P<name>[a-z][a-z ]{1,40}?) "
    r"(?:is|was|has been|had been|became|has become|got)(?: (?:declared|named|recognised|recognized|designated|listed as))? "
    r"(?:(?:already|also|still|really|actually|now|officially|too) )*(?P<explicit>an? human rights? city|an? hrc)\b"
)
_ASKS_ABOUT = re.compile(r"(?P<lead>(?:and |so |but )?(?:what|how) about )(?P<name>[a-z][a-z ]{1,40})$")
_ASKS_IF_LISTED_AT = at_word_starts(ASKS_IF_LISTED)
_ASKS_ABOUT_AT = at_word_starts(_ASKS_ABOUT)


def _typed_with_capital(question: str, name_tokens: list[str]) -> bool:
    typed = _as_typed(question, name_tokens)
    return typed[:1].isupper()


def _as_typed(question: str, name_tokens: list[str]) -> str:
    """The name as the person typed it, capitalised if they did not."""
    pattern = r"\W+".join(re.escape(t) for t in name_tokens)
    found = re.search(pattern, fold(question))
    if found is None:
        return " ".join(t.capitalize() for t in name_tokens)
    typed = question[found.start() : found.end()] if len(fold(question)) == len(question) else " ".join(name_tokens)
    return typed if typed[:1].isupper() else " ".join(w.capitalize() for w in typed.split())


def _typo_budget(length: int) -> int:
    if length >= 8:
        return 2
    if length >= 5:
        return 1
    return 0


class PlaceFinder:
    """Finds mentions of listed places, unlisted places, countries and regions in a question."""

    def __init__(self, content: Content, ordinary_words: Iterable[str] | Callable[[], Iterable[str]] = ()):
        self.places = content.places
        self.countries = self._merge_countries(content)
        self.regions = content.regions
        self.unlisted = content.unlisted
        stopwords = {w for lexicon in content.lexicons.values() for w in lexicon.stopwords}
        english = content.lexicons.get("en")
        self._ordinary_source = ordinary_words
        self._always_ordinary = frozenset(stopwords) | (english.real_words if english else frozenset())
        self._stopwords = frozenset(stopwords)
        self._exact: dict[tuple[str, ...], _Alias] = {}
        self._script: list[tuple[str, _Alias]] = []  # aliases in scripts written without spaces

        def every_name(target: object, *english_names: str) -> list[str]:
            local = [n for names in getattr(target, "names", {}).values() for n in names]
            return [*english_names, *local]

        # Order matters: a later kind never overwrites an earlier one with the same alias.
        for place in self.places:
            self._add("place", place, every_name(place, place.name, place.name.split(",")[0], *place.aliases))
        for unlisted in self.unlisted:
            self._add("unlisted", unlisted, every_name(unlisted, unlisted.name, *unlisted.aliases))
        for country in self.countries.values():
            self._add("country", country, every_name(country, country.name, *country.aliases))
        for region in self.regions:
            self._add("region", region, every_name(region, region.name, *region.aliases))
        self._script.sort(key=lambda ka: -len(ka[0]))
        self._script_alias = {key: alias for key, alias in reversed(self._script)}
        # One pattern for all of them, longest first: thousands of names, searched in one pass.
        self._script_pattern = re.compile("|".join(re.escape(k) for k, _ in self._script)) if self._script else None
        self._longest = max((len(k) for k in self._exact), default=1)
        self._sizes_by_first: dict[str, tuple[int, ...]] = {}
        for key in self._exact:
            self._sizes_by_first[key[0]] = tuple(sorted({*self._sizes_by_first.get(key[0], ()), len(key)}))
        # The same words come back in every sentence of a long message and in every message: remember the
        # fuzzy look-ups (bounded, so a flood of odd words cannot grow it without end).
        self._closest = lru_cache(maxsize=4096)(self._closest_uncached)
        self._found = lru_cache(maxsize=256)(self._find_in)
        # Only names made of real words are typo targets: "the us" must not swallow "the uk".
        self._fuzzy = [
            (" ".join(tokens), alias)
            for tokens, alias in self._exact.items()
            if alias.kind in ("place", "unlisted", "country") and len(" ".join(tokens)) >= 4
            and all(len(t) >= 3 and t not in self._stopwords for t in tokens)
        ]
        # Typos keep the first letter (people rarely get it wrong): compare only names sharing it.
        by_initial: dict[str, list[tuple[str, _Alias]]] = {}
        for key, alias in self._fuzzy:
            by_initial.setdefault(key[0], []).append((key, alias))
        self._fuzzy_by_initial = {
            initial: (TypoSearch([k for k, _ in pairs]), tuple(a for _, a in pairs)) for initial, pairs in by_initial.items()
        }
        # Two typed words are a typo of a name of two words or more only (most names are one word): those
        # alone, in the same order, for the look-ups of two words.
        self._fuzzy_by_initial_spaced = {
            initial: (TypoSearch([k for k, _ in spaced]), tuple(a for _, a in spaced))
            for initial, pairs in by_initial.items() if (spaced := [(k, a) for k, a in pairs if " " in k])
        }

    @staticmethod
    def _merge_countries(content: Content) -> dict[str, Country]:
        """Gazetteer countries, plus the countries of listed places as the source writes them."""
        merged: dict[str, Country] = {}
        by_key: dict[str, str] = {}
        for country in content.countries:
            merged[country.name] = country
            for alias in (country.name, *country.aliases):
                by_key[normalize(alias)] = country.name
        for place in content.places:
            key = normalize(place.country)
            existing = by_key.get(key) or next(
                (by_key[normalize(a)] for a in place.country_aliases if normalize(a) in by_key), None
            )
            if existing is None:
                merged[place.country] = Country(place.country, place.region, place.country_aliases)
                continue
            # Speak of the country as the source does ("Republic of Korea", not "South Korea").
            old = merged.pop(existing)
            aliases = {old.name, *old.aliases, *place.country_aliases} - {place.country}
            merged[place.country] = replace(old, name=place.country, region=old.region or place.region,
                                            aliases=tuple(sorted(aliases)))
            for alias in aliases:
                by_key[normalize(alias)] = place.country
        return merged

    def _add(self, kind: MentionKind, target: object, names: Iterable[str]) -> None:
        for name in names:
            key = normalize(name)
            # A short name typed in capitals ("US") counts even when it is also a function word ("us").
            if not key or (key in self._stopwords and not (len(key) <= SHORT_ALIAS and name.strip().isupper())):
                continue
            alias = _Alias(kind, target, tuple(key.split()), short=len(key) <= SHORT_ALIAS, written=name.strip())
            if _SCRIPT_FREE_SPACE.search(key):
                self._script.append((key, alias))
            self._exact.setdefault(alias.tokens, alias)

    def find(self, question: str) -> list[Mention]:
        """Every mention in the question, left to right, without overlaps."""
        return self.find_in(question, normalize(question).split())

    def find_in(self, question: str, tokens: list[str], typos: bool = True) -> list[Mention]:
        """Every mention among the question's tokens (as its language segments them), left to right;
        `typos=False` finds only names spelled as the content spells them."""
        # Telling the language and reading the question both look for names in the same words.
        return list(self._found(question, tuple(tokens), typos))

    def find_within(self, part: str, tokens: list[str], whole: str, whole_tokens: list[str]) -> list[Mention] | None:
        """The mentions of a part of a message (a sentence, two) whose places were looked up in the whole:
        those of the whole that lie inside it, moved to its own positions, when that is what looking it up
        alone finds — the part's words are a run of the whole's that no mention crosses, and no name inside
        it is a short one, which counts by how it is typed elsewhere too ("US"). None where it is not."""
        size = len(tokens)
        starts = [i for i in range(len(whole_tokens) - size + 1)
                  if whole_tokens[i] == tokens[0] and whole_tokens[i : i + size] == tokens] if tokens else []
        if len(starts) != 1:
            return None
        start = starts[0]
        end = start + size
        inside = []
        for mention in self._found(whole, tuple(whole_tokens), True):
            if mention.end <= start or mention.start >= end:
                continue
            if mention.start < start or mention.end > end:
                return None  # a name across the part's edge
            alias = self._exact.get(tuple(whole_tokens[mention.start : mention.end]))
            if alias is not None and alias.short:
                return None
            inside.append(replace(mention, start=mention.start - start, end=mention.end - start))
        return inside

    def _find_in(self, question: str, tokens: tuple[str, ...], typos: bool) -> tuple[Mention, ...]:
        return tuple(self._find_in_list(question, list(tokens), typos))

    def _find_in_list(self, question: str, tokens: list[str], typos: bool) -> list[Mention]:
        typed = [t for t in re.split(r"[^\w]+", question) if t]
        capitals = {normalize(t) for t in typed if len(t) > 1 and t.isupper()}
        as_written = set(typed)
        taken = [False] * len(tokens)
        mentions: list[Mention] = []

        def claim(start: int, end: int, alias: _Alias) -> None:
            for i in range(start, end):
                taken[i] = True
            mentions.append(Mention(alias.kind, alias.target, start, end))  # type: ignore[arg-type]

        # Longest spans first; at each length exact hits, then two-word typos ("porto allegre"
        # must become Porto Alegre before "porto" alone is taken for Porto in Portugal).
        # Only positions whose word starts a name of this length are looked up.
        starts_by_size: dict[int, list[int]] = {}
        for start, token in enumerate(tokens):
            for size in self._sizes_by_first.get(token, ()):
                if start + size <= len(tokens):
                    starts_by_size.setdefault(size, []).append(start)
        for size in range(min(self._longest, len(tokens)), 0, -1):
            for start in starts_by_size.get(size, ()):
                if any(taken[start : start + size]):
                    continue
                alias = self._exact.get(tuple(tokens[start : start + size]))
                if alias is None:
                    continue
                # "US" but not "us", "DE" but not "de": a short alias counts typed in capitals
                # or exactly as the content writes it ("BiH").
                if alias.short and tokens[start] not in capitals and alias.written not in as_written:
                    continue
                claim(start, start + size, alias)
            if size == 2 and typos:
                self._claim_typos(tokens, taken, 2, claim)
        # Names in scripts without spaces may sit inside a longer word (광주는, 高雄市の).
        for index, token in enumerate(tokens):
            if taken[index] or not _SCRIPT_FREE_SPACE.search(token):
                continue
            for key in self._script_names(token):
                claim(index, index + 1, self._script_alias[key])
                break
        if typos:
            self._claim_typos(tokens, taken, 1, claim)
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _claim_typos(self, tokens: list[str], taken: list[bool], size: int, claim) -> None:  # type: ignore[no-untyped-def]
        """Spans of `size` words one or two typos away from a place or country name."""
        ordinary = self._ordinary
        if size == 1:
            # (The common case, and most words are ordinary: looked at once each.)
            for start, token in enumerate(tokens):
                if not taken[start] and not token.isdigit() and token not in ordinary:
                    alias = self._closest(token, max_edits=2)
                    if alias is not None:
                        claim(start, start + 1, alias)
            return
        for start in range(len(tokens) - size + 1):
            span = tokens[start : start + size]
            if any(taken[start : start + size]) or any(t.isdigit() for t in span):
                continue
            # One ordinary word is not a typo of a name, but one word of a two-word name may be
            # ("porto alegra"); a word that is itself a name ("mexican" for Mexico) takes one typo
            # at most, so "mexican city" is not Mexico City.
            usual = [t in ordinary for t in span]
            if all(usual):
                continue
            named = any((t,) in self._exact for t in span)
            alias = self._closest(" ".join(span), max_edits=1 if named or any(usual) else 2)
            if alias is not None:
                claim(start, start + size, alias)

    def guess_unknown_place(self, question: str, frames: tuple[PlaceFrame, ...] = ()) -> Mention | None:
        """A place we have never heard of, named where only a place can stand: "Is Bolzano a human
        rights city?", "What about Springfield?", "…but is my city Aalborg also on the list?". It is
        answered like any unlisted place."""
        tokens = normalize(question).split()
        text = " ".join(tokens)
        frames = frames_in(frames, text)
        # Every word's start is a place a frame may stand: each pattern is run once over the text (rather
        # than tried at every start), and what they find is gone through start by start.
        english: dict[int, re.Match[str]] = {}
        # ("Montreal is on your list, but what about Toronto?": a closing "what about" asks too.)
        for pattern in (_ASKS_IF_LISTED_AT, _ASKS_ABOUT_AT):  # at one start, the first that matches is taken
            for match in pattern.finditer(text):
                english.setdefault(match.start(), match)
        states = STATES_LISTED.match(text)
        if states is not None:
            english.setdefault(0, states)
        # The question's own language's frames (knowledge/lexicon/<code>.yaml `place_frames`) only ever
        # stand where a place must: the name counts however it is typed.
        found = sorted([(start, -1, match) for start, match in english.items()]
                       + [(m.start(), order, m) for order, frame in enumerate(frames) for m in frame.at_words.finditer(text)],
                       key=lambda hit: hit[:2])
        for position, order, match in found:
            first = len(text[:position].split())
            mention = self._guessed(question, tokens, match, first + len(match.group("lead").split()), order >= 0)
            if mention is not None:
                return mention
        return None

    def _guessed(self, question: str, tokens: list[str], match: re.Match[str], start: int,
                 framed: bool = False) -> Mention | None:
        name_tokens = match.group("name").split()
        if "in" in name_tokens[1:]:
            name_tokens = name_tokens[: name_tokens.index("in", 1)]  # "is Vienna in Austria one?"
        known = self._exact.get(tuple(name_tokens))
        if known is not None and not (known.short and " ".join(name_tokens) in self._stopwords):
            # Where only a place can stand, a short alias counts in any case: "is bcn one".
            return Mention(known.kind, known.target, start, start + len(name_tokens), asked=True)  # type: ignore[arg-type]
        if not 1 <= len(name_tokens) <= 3 or any(t in self._ordinary or t.isdigit() for t in name_tokens):
            return None
        explicit = framed or ("explicit" in match.groupdict() and match.group("explicit") is not None)
        if not explicit and not _typed_with_capital(question, name_tokens):
            return None
        written = _as_typed(question, name_tokens)
        return Mention("unlisted", UnlistedPlace(written, None, (), None), start, start + len(name_tokens), asked=True)

    def _closest_uncached(self, text: str, max_edits: int = 2) -> _Alias | None:
        budget = min(_typo_budget(len(text)), max_edits)
        if budget == 0:
            return None
        words = text.count(" ")
        found = (self._fuzzy_by_initial_spaced if words else self._fuzzy_by_initial).get(text[0])
        if found is None:
            return None
        keys, aliases = found
        best: tuple[int, _Alias] | None = None
        # a swap ("rosairo") is one typo: OSA, not Levenshtein
        for key, distance, index in keys.within_edits(text, budget):
            if key.count(" ") < words:
                continue  # "austria a" is no typo of "austriaca" (but "portoalegre" is of "porto alegre")
            # A four-letter name takes one typo only as an extra letter in a longer word ("gratz").
            allowed = min(budget, max(_typo_budget(len(key)), 1 if len(key) == 4 else 0))
            if distance <= allowed and (best is None or distance < best[0]):
                best = (distance, aliases[index])
        return best[1] if best else None

    def place_named(self, name: str) -> Place | None:
        folded = fold(name)
        return next((p for p in self.places if fold(p.name) == folded), None)

    def places_in_country(self, country: Country) -> list[Place]:
        return [p for p in self.places if p.country == country.name]

    def places_in_region(self, region: Region) -> list[Place]:
        return [p for p in self.places if region.contains(p.country)]

    @cached_property
    def _ordinary(self) -> frozenset[str]:
        """Words typo tolerance must not bend into a place name (given, or made on first use)."""
        source = self._ordinary_source
        return frozenset(source() if callable(source) else source) | self._always_ordinary

    def same_country(self, first: str, second: str) -> bool:
        """Whether two country names (as the gazetteer or the source writes them) are one country."""
        def canonical(name: str) -> str:
            alias = self._exact.get(tuple(normalize(name).split()))
            return alias.target.name if alias is not None and alias.kind == "country" else name  # type: ignore[union-attr]
        return canonical(first) == canonical(second)

    def names_in(self, token: str) -> list[str]:
        """The names written without spaces inside one token, longest first."""
        return self._script_names(token)

    def _script_names(self, token: str) -> list[str]:
        """Names written without spaces found inside a token, left to right, whole katakana words only."""
        if self._script_pattern is None:
            return []
        found = []
        for start in range(len(token)):
            match = self._script_pattern.match(token, start)
            if match and whole_katakana_word(token, match.start(), match.end()):
                found.append(match.group(0))
        return sorted(found, key=len, reverse=True)

    def unspaced_names(self) -> list[str]:
        """Every name written in a script without spaces, for the segmenters of such languages."""
        return [key for key, _alias in self._script]

    def country_of(self, place: Place) -> Country | None:
        return self.countries.get(place.country)

    def regions_of(self, country: str) -> list[Region]:
        return [r for r in self.regions if r.contains(country)]


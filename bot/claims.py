"""What a question asserts, read before it is answered: years, months and days, who did something, where,
how often, how many, only / all / first / superlatives, negation, duty meanings and services.

The words come from the question's language (knowledge/lexicon/<code>.yaml `claims`); the values are
checked against the source's facts later (bot/premises.py). Reading never decides anything: it only notes
what the question says.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable, Collection, Iterable

from .facts import Actor
from .lexicon import Claims, Lexicon
from .numerals import MULTIPLIERS, Compounds, Spelled, character_number, compose
from .places import Mention
from .text import normalize

# (Not a decade: "the 1990s" puts forward ten years, and reading it as 1990 would be a wrong "No".)
YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d|s\b)")
DECADE = re.compile(r"(?<!\d)(1[89]\d0|20\d0)s\b")
# The 20th or 21st century, as English writes it and as Korean, Japanese and Chinese do (21세기, 21世紀).
CENTURY = re.compile(r"(?<!\d)(?:(19|20|21)(?:st|nd|rd|th) century\b|(19|20|21) ?(?:세기|世紀))")
# (Not a digit inside a Latin-script word: "hak2nya", "kota2" repeat a word, "g20" names one.)
NUMBER = re.compile(r"(?<![\d.,a-z])(\d{1,4})(?![\d.,])")
# Dates written in numbers ("17/05/2011", "2011-05-17"): normalising turns their separators into spaces,
# so a date is three numbers in a row (a year and a month alone only with a separator kept).
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})(?:[./-]| )(\d{1,2})(?:[./-]| )(1[89]\d\d|20\d\d)(?!\d)")
ISO_DATE = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?:[./-](\d{1,2})(?:[./-](\d{1,2}))?| (\d{1,2}) (\d{1,2}))(?!\d)")


@dataclass
class Asserted:
    """Everything a question puts forward as true (or, negated, as false)."""

    polar: bool = False  # a yes/no question or a statement, not a "what / who / when" question
    negated: bool = False
    # The negation stands in a sentence of its own, apart from every number and date the message gives
    # ("the duties are two: respect and fulfil. protect isn't one of them"): it denies no value.
    negation_apart: bool = False
    years: list[int] = field(default_factory=list)
    # With two actions or more, each year by the action named nearest to it ("the Declaration was adopted
    # in 1997, when the concept was launched?": 1997 dates the adoption).
    dated: dict[str, list[int]] = field(default_factory=dict)
    story: frozenset[int] = frozenset()  # token positions of where the asker says they are from
    founded: set[str] = field(default_factory=set)  # actors said to have been founded ("the Forum started in 2011")
    # With several duties named, each meaning given by the duty named last before it ("the duty to respect
    # and the duty to protect, which means officials don't violate rights themselves": protect -> respect's).
    meant: dict[str, set[str]] = field(default_factory=dict)
    # Decades and centuries: (first year, how many years, as typed): "the 1990s", "the 21st century".
    periods: list[tuple[int, int, str]] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    days: list[int] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    count_words: dict[int, str] = field(default_factory=dict)  # how the question wrote a count ("four")
    actors: list[Actor] = field(default_factory=list)
    located: list[Mention] = field(default_factory=list)  # places said to be where something happened
    # Places in an event's name, by the fact the name is of ("the Barcelona Declaration": Barcelona).
    in_names: dict[str, list[Mention]] = field(default_factory=dict)
    doers: list[Mention] = field(default_factory=list)  # places put forward as who did it ("Gwangju launched it")
    # Someone the content never names, put forward as who did it: "Eleanor Roosevelt launched it" (as typed),
    # and whether it stands after "by" ("it was founded by …").
    strangers: list[tuple[str, bool]] = field(default_factory=list)
    actions: set[str] = field(default_factory=set)
    only: bool = False
    every: bool = False
    # "more places in Africa than in Europe?": "more" or "fewer", of the first place named against the second
    comparison: str | None = None
    # "the Declaration came after the 2015 report": (the later event's action, the earlier one's)
    order: tuple[str, str] | None = None
    order_years: int | None = None  # how many years apart ("four years after")
    bounded: bool = False  # a year after a word of order ("before 2020"), read as a period
    first: bool = False
    superlative: str | None = None  # as the question words it
    frequency: str | None = None  # "annual", or the other frequency as the question words it
    named: bool = False  # speaks of what the material names or lists
    duty_named: set[str] = field(default_factory=set)  # the duties the question names
    duty_signs: set[str] = field(default_factory=set)
    services: set[str] = field(default_factory=set)
    other_services: list[str] = field(default_factory=list)
    hrc_acronym: bool = False
    asks_where: bool = False  # "which country is Thies in?": asks where a place is
    complete: bool = False  # says a list is complete
    abbreviation: bool = False  # asks what a name abbreviates
    other_duties: list[str] = field(default_factory=list)  # duties the material does not name
    denied: list[str] = field(default_factory=list)  # statements of the source the question denies (ids)
    denial_negated: bool = False  # negated only by the words of a denial
    affirmed: list[str] = field(default_factory=list)  # statements of the source the question puts forward (ids)
    tokens: list[str] = field(default_factory=list)  # the question's tokens, which mentions point into
    linking: frozenset[str] = frozenset()  # words that may stand between a place and the country said with it

    # The claims not read yet (see read_claims): read by `finish`, before any premise check looks.
    unread: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    def finish(self) -> "Asserted":
        """Read the claims only the premise checks need, once."""
        if self.unread is not None:
            unread, self.unread = self.unread, None
            unread()
        return self

    @property
    def anything(self) -> bool:
        self.finish()
        return bool(self.negated or self.years or self.periods or self.months or self.counts or self.actors or self.located
                    or self.comparison or self.order or self.only or self.every or self.first or self.superlative or self.frequency
                    or self.duty_signs or self.services or self.other_services or self.complete
                    or self.abbreviation or self.other_duties or self.denied)


def _word_character(character: str) -> bool:
    return character.isalnum() or character == "_"  # what \w matches in a str pattern


_LEADING_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class _PhraseIndex:
    """Every phrase a question is searched for in one language (the lexicon's claim words and the actors'
    names), so that one pass over a question's words finds the few that are there."""

    by_first_word: dict[str, tuple[str, ...]]  # whole-word phrases by their leading word
    anywhere: tuple[str, ...]  # phrases found inside words (unspaced scripts) or starting with a sign
    # The lists the phrases come from, by identity (each kept alive here, so its id stays its own), as
    # sets: whether any phrase of a list is in a question is then one set operation.
    # (And each phrase's place in its list, to give the few found in the list's order.)
    lists: dict[int, tuple[Collection[str], frozenset[str], dict[str, int]]] = field(default_factory=dict)
    # The same for tables (entry -> phrases): a question holding none of a table's phrases skips it whole.
    tables: dict[int, tuple[dict[str, tuple[str, ...]], frozenset[str]]] = field(default_factory=dict)
    actor_names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # actor id -> names, as a table
    # The phrases found inside words, by their first character: one can stand only where it does.
    anywhere_by_character: dict[str, tuple[str, ...]] = field(default_factory=dict)
    numbers: "_NumberWords | None" = None

    @classmethod
    def of(cls, lists: Iterable[Collection[str]], by_characters: bool,
           tables: Iterable[dict[str, tuple[str, ...]]] = ()) -> "_PhraseIndex":
        tables = list(tables)
        lists = [*lists, *(phrases for table in tables for phrases in table.values())]
        every = {phrase for phrases in lists for phrase in phrases if phrase}
        by_first_word: dict[str, list[str]] = {}
        anywhere = []
        for phrase in sorted(every):
            leading = _LEADING_WORD.match(phrase)
            if leading is None or (by_characters and not phrase.isascii()):
                anywhere.append(phrase)
            else:
                by_first_word.setdefault(leading.group(0), []).append(phrase)
        by_character: dict[str, list[str]] = {}
        for phrase in anywhere:
            by_character.setdefault(phrase[0], []).append(phrase)
        return cls({w: tuple(p) for w, p in by_first_word.items()}, tuple(anywhere),
                   {id(phrases): (phrases, frozenset(phrases), {p: i for i, p in enumerate(phrases)}) for phrases in lists},
                   {id(table): (table, frozenset(p for phrases in table.values() for p in phrases)) for table in tables},
                   anywhere_by_character={c: tuple(p) for c, p in by_character.items()})


_PHRASE_INDEXES: dict[tuple[int, int, str], tuple[Lexicon, dict[str, Actor], _PhraseIndex]] = {}


def _phrase_index(lexicon: Lexicon, actors: dict[str, Actor], language: str) -> _PhraseIndex:
    """Made once per lexicon and actors (remembered by identity; a handful exist)."""
    key = (id(lexicon), id(actors), language)
    known = _PHRASE_INDEXES.get(key)
    if known is not None and known[0] is lexicon and known[1] is actors:
        return known[2]
    claims = lexicon.claims
    lists: list[Collection[str]] = [*claims.lists.values(), claims.months, claims.numbers, claims.negation_exceptions_and_denials]
    lists += [claims.table_phrases(key) for key in claims.tables if key != "in_names"]
    # Each actor's names, and all of them as one table: most questions name no actor.
    names = {actor_id: actor.keys(language) for actor_id, actor in actors.items()}
    if not lexicon.by_characters:  # (their numerals are read only before a year word)
        lists.append(claims.numerals)
    tables = [table for key, table in claims.tables.items() if key != "in_names"]  # (patterns, not phrases)
    index = replace(_PhraseIndex.of(lists, lexicon.by_characters, tables=[*tables, claims.duty_verbs, claims.event_words,
                                                                            names]),
                    actor_names=names, numbers=_NumberWords.of(lexicon))
    if len(_PHRASE_INDEXES) > 64:
        _PHRASE_INDEXES.clear()
    _PHRASE_INDEXES[key] = (lexicon, actors, index)
    return index


@dataclass(frozen=True)
class _NumberWords:
    """How one language writes numbers in words, made ready to read them (see bot/numerals.py)."""

    joiners: frozenset[str]
    values: dict[str, int]  # every number word's value, alone or only inside a longer number
    # Words holding a multiplier inside them ("neunzehnhundert…", "zweitausendelf"), and how to split them.
    multipliers: tuple[str, ...]
    compounds: Compounds | None
    # Korean, Japanese and Chinese: numerals before a year word ("二〇一一年", "이천십일년"), and years of
    # an era ("平成23年", "民國100年").
    character_years: re.Pattern[str] | None
    era_years: re.Pattern[str] | None

    @classmethod
    def of(cls, lexicon: Lexicon) -> "_NumberWords":
        claims = lexicon.claims
        joiners = frozenset(claims.words("numeral_joiners"))
        years = "|".join(re.escape(w) for w in claims.words("year_words"))
        if lexicon.by_characters:
            numerals = "".join(re.escape(c) for c in claims.numerals if len(c) == 1)
            character_years = re.compile(f"([{numerals}]{{2,}}|(?<!\\d)\\d\\d) ?(?:{years})") if numerals and years else None
            eras = "|".join(re.escape(e) for e in claims.eras)
            era_years = re.compile(f"({eras}) ?(\\d{{1,3}}|[{numerals}]+) ?(?:{years})") if eras and numerals and years else None
            return cls(joiners, {}, (), None, character_years, era_years)
        values = {**claims.numbers, **claims.numerals}
        multipliers = tuple(w for w, v in values.items() if v in MULTIPLIERS and " " not in w)
        words = [w for w in values if " " not in w] + [j for j in joiners if " " not in j]
        return cls(joiners, values, multipliers, Compounds.of(words) if multipliers else None, None, None)


class _Text:
    """Phrase search in normalised text: whole words, or parts of words in unspaced scripts.

    Plain `str.find` with a look at the characters either side, not a regular expression: the phrases
    found in a question are a different handful each time, and compiling a pattern for each new handful
    cost more than reading the rest of the question."""

    def __init__(self, normalized: str, by_characters: bool, index: _PhraseIndex | None = None):
        self.text = normalized
        self.by_characters = by_characters
        self.index = index
        self._found: frozenset[str] | None = None

    def _bounded(self, phrase: str) -> bool:
        # Unspaced scripts: a phrase may sit inside a longer run of characters (광주는, 高雄市の).
        return not (self.by_characters and not phrase.isascii())

    def _next(self, phrase: str, start: int) -> int:
        """Where `phrase` next stands as a whole word at or after `start`; -1 if nowhere."""
        text = self.text
        at = text.find(phrase, start)
        if at < 0 or not self._bounded(phrase):
            return at
        while at >= 0:
            end = at + len(phrase)
            if (at == 0 or not _word_character(text[at - 1])) and (end == len(text) or not _word_character(text[end])):
                return at
            at = text.find(phrase, at + 1)
        return -1

    def spans(self, phrase: str) -> list[tuple[int, int]]:
        """Where the phrase stands, left to right, without overlaps."""
        found: list[tuple[int, int]] = []
        if not phrase:
            return found
        at = self._next(phrase, 0)
        while at >= 0:
            found.append((at, at + len(phrase)))
            at = self._next(phrase, at + len(phrase))
        return found

    def _found_in_index(self) -> frozenset[str]:
        """The index's phrases that may stand in the text: those whose leading word is one of its words
        (a whole-word phrase can stand nowhere else), and those found anywhere."""
        if self._found is None:
            index, text = self.index, self.text
            assert index is not None
            by_character = index.anywhere_by_character
            found = {p for c in set(text) for p in by_character.get(c, ()) if p in text}
            by_first_word = index.by_first_word
            for word in set(_LEADING_WORD.findall(text)):
                candidates = by_first_word.get(word)
                if candidates:  # (most words start no phrase)
                    for phrase in candidates:
                        if phrase in text:
                            found.add(phrase)
            self._found = frozenset(found)
        return self._found

    def present(self, phrases: Collection[str]) -> tuple[str, ...]:
        """The phrases that may stand in the text, in their order: the cheap test before `spans` says
        whether they stand as whole words (most are not there at all)."""
        listed = self.index.lists.get(id(phrases)) if self.index is not None else None
        if listed is not None and listed[0] is phrases:
            hits = listed[1].intersection(self._found if self._found is not None else self._found_in_index())
            if len(hits) < 2:
                return tuple(hits)
            return tuple(sorted(hits, key=listed[2].__getitem__))
        text = self.text
        return tuple(p for p in phrases if p and p in text)

    def first(self, phrases: tuple[str, ...]) -> str | None:
        """The phrase found earliest (the longest, where several start at the same place)."""
        best: tuple[int, int, str] | None = None
        for phrase in self.present(phrases):
            at = self._next(phrase, 0)
            if at >= 0 and (best is None or (at, -len(phrase)) < best[:2]):
                best = (at, -len(phrase), phrase)
        return best[2] if best else None

    def has(self, phrases: tuple[str, ...]) -> bool:
        return any(self._next(phrase, 0) >= 0 for phrase in self.present(phrases))

    def may_hold(self, table: dict[str, tuple[str, ...]]) -> bool:
        """False when no phrase of the table is in the text at all (most tables, most questions)."""
        listed = self.index.tables.get(id(table)) if self.index is not None else None
        return listed is None or listed[0] is not table or not self._found_in_index().isdisjoint(listed[1])

    def where(self, table: dict[str, tuple[str, ...]], entries: Collection[str] | None = None) -> list[tuple[int, int, str]]:
        """Where each entry of a table (or of `entries` only) stands in the text, by any of its phrases,
        left to right: (start, end, entry)."""
        return sorted((start, end, entry) for entry, phrases in table.items() if entries is None or entry in entries
                      for phrase in self.present(phrases) for start, end in self.spans(phrase))

    def entries(self, table: dict[str, tuple[str, ...]]) -> list[str]:
        """The entries of a table with a phrase standing in the text, in the table's order."""
        if not self.may_hold(table):
            return []
        return [entry for entry, phrases in table.items() if self.has(phrases)]


def read_claims(question: str, normalized: str, lexicon: Lexicon, actors: dict[str, Actor],
                mentions: list[Mention], tokens: list[str], language: str) -> Asserted:
    """What the question asserts, in the words of `lexicon`'s language (`normalized` is the question
    normalised; `question` as typed, for the commas that mark a contrast). What only the premise checks
    need is read when they first ask for it (`Asserted.finish`): a long message has several readings, and
    only the one answered is checked."""
    claims = lexicon.claims
    index = _phrase_index(lexicon, actors, language)
    text = _Text(normalized, lexicon.by_characters, index)
    asserted = Asserted()
    asserted.polar = _polar(text, claims.words("question_words"), lexicon.closing_words, claims.words("question_openers"),
                            lexicon.stopwords, lexicon.synonyms)
    plain = _without_tags(_without_contrasts(question, claims.words("contrast"), keep_marks=True), claims.words("tags"))
    # (Most questions have no contrast and no tag: then the phrases found in one are those of the other.)
    uncontrasted = text if plain == normalized else _Text(plain, lexicon.by_characters, index)
    # A denial's own "not" ("cities don't matter") is what it asserts, checked as a denial: it does not
    # turn the question around.
    asserted.negated = _negated(uncontrasted, claims.words("negation"),
                                claims.negation_exceptions_and_denials,
                                claims.words("confirming_openers"), claims.words("tags"), claims.words("cessation"))
    # "Three duties, not four?" claims three: a value after a contrasting "not" is the one denied.
    spelled = _spelled(uncontrasted, claims.numbers, claims.numerals)
    dates, years_at = _dates(uncontrasted, claims, asserted, lexicon.stopwords, spelled)
    _counts(uncontrasted, asserted, dates, spelled, claims.words("time_units"))
    named_actors = _actor_spans(text, actors, language)
    asserted.actors = list({actor.id: actor for _s, _e, actor in named_actors}.values())  # each once, in order
    asserted.actions = set(text.entries(claims.table("actions")))
    years = list(asserted.years)  # (before a year after a word of order becomes a period)
    asserted.order = _order(text, claims)
    if years_at:
        _bounded_years(uncontrasted, _order_words(uncontrasted, claims), asserted, years_at)
    asserted.only = text.has(claims.words("only"))
    annual = text.has(claims.words("annual"))
    other = text.first(claims.words("other_frequencies"))
    # "every year or only once in a while?" offers both: it asserts neither.
    asserted.frequency = None if annual and other else "annual" if annual else typed_form(question, other) if other else None
    asserted.duty_named = set(text.entries(claims.table("duty_names")))
    # "two duties, respect and protect": duties named by their verb alone, when the question names several.
    verbs = set(text.entries(claims.duty_verbs))
    if len(verbs) > 1:
        asserted.duty_named |= verbs
    denied = text.entries(claims.table("denials"))
    # A denial denied puts the statement forward: "the initiative is not just a local project".
    undone = [s for s in denied if _all_negated(text, claims.table("denials")[s], claims.words("negation"))] if denied else []
    asserted.denied = [s for s in denied if s not in undone]
    # A denial's words deny even when no statement ends up checked: premises then read the question as
    # negated.
    asserted.denial_negated = not asserted.negated and bool(asserted.denied)
    asserted.located = _located(tokens, mentions, claims.words("locative"), after=lexicon.by_characters)
    asserted.in_names = _in_names(tokens, mentions, claims.table("in_names"))
    in_a_name = {id(m) for found in asserted.in_names.values() for m in found}
    asserted.doers = [m for m in _doers(tokens, mentions, claims.table_phrases("actions"), lexicon.stopwords,
                                        claims.words("agent_markers"),
                                        _inside_names(normalized, tokens, named_actors) if mentions else frozenset(),
                                        claims.words("locative"))
                      if id(m) not in in_a_name]
    asserted.tokens = tokens
    asserted.linking = lexicon.linking_words
    asserted.hrc_acronym = bool(re.search(r"(?<![a-z])hrcs?(?![a-z])", normalized))

    def rest() -> None:
        """The claims only the premise checks read."""
        if asserted.negated and _SENTENCE_END.search(question):
            asserted.negation_apart = _negation_apart(question, lexicon, index, claims)
        asserted.complete = text.has(claims.words("complete"))
        asserted.abbreviation = text.has(claims.words("abbreviation"))
        # ("…and prevent" is shown back as "prevent")
        asserted.other_duties = [typed_form(question, _without_leading(p, lexicon.stopwords))
                                 for p in text.present(claims.words("other_duties")) if text.spans(p)]
        if named_actors and not lexicon.by_characters:
            # (Read without a closing tag: "a PDHRE foi fundada em 1993, não foi?" was founded, nothing more.)
            founding = uncontrasted if uncontrasted is text else None
            # ("The Forum started after the Declaration": an order of events said of a founding is still one.)
            ordering = frozenset(w for p in (*claims.words("after"), *claims.words("before"),
                                             *claims.table_phrases("event_nouns")) for w in p.split())
            asserted.founded = _founded(uncontrasted, named_actors if founding is not None else _actor_spans(
                uncontrasted, actors, language), claims.table("actions"), lexicon.stopwords | ordering)
        if years:
            # With two events named, each year goes to the nearest ("a UN report from 2015 and a Korean
            # declaration from 2015 as well?"): by the action's verb, or by the event's own noun.
            named = asserted.actions | set(text.entries(claims.table("event_nouns")))
            # (Several years for events named by their nouns only are each checked by the event they belong
            # to, unless as many years as events are given: "concept 1997, declaration 2011, report 2015?")
            if len(asserted.actions) > 1 or (len(named) > 1 and len(years) in (1, len(named))):
                asserted.dated = _dated(uncontrasted, claims.event_words, named, years_at)
        if asserted.order:
            asserted.order_years = _years_apart(uncontrasted, _order_words(uncontrasted, claims), claims, spelled)
        if text.has(claims.words("than")):
            more, fewer = text.has(claims.words("more")), text.has(claims.words("fewer"))
            asserted.comparison = "more" if more and not fewer else "fewer" if fewer and not more else None
        asserted.every = text.has(claims.words("all"))
        asserted.first = _has_outside(text, claims.words("first"), claims.words("first_exceptions"))
        superlatives = claims.table("superlatives")
        for phrases in superlatives.values() if text.may_hold(superlatives) else ():
            word = text.first(phrases)
            if word:
                asserted.superlative = typed_form(question, word)
                break
        if asserted.first and not asserted.superlative:
            asserted.superlative = typed_form(question, text.first(claims.words("first")) or "")
        asserted.named = text.has(claims.words("named"))
        asserted.duty_signs = set(text.entries(claims.table("duty_signs")))
        if len(asserted.duty_named) > 1 and asserted.duty_signs and not lexicon.by_characters:
            asserted.meant = _meant(text, claims.table("duty_names"), claims.table("duty_signs"))
        asserted.services = set(text.entries(claims.table("services")))
        asserted.affirmed = [statement for statement in text.entries(claims.table("affirmations"))
                             if statement not in asserted.denied] + [s for s in undone]
        asserted.other_services = [typed_form(question, p) for p in text.present(claims.words("other_services"))
                                   if text.spans(p)]
        asserted.asks_where = text.has(claims.words("location_questions"))

    asserted.unread = rest
    return asserted


def _all_negated(text: _Text, phrases: tuple[str, ...], negations: tuple[str, ...]) -> bool:
    """Each place the phrases stand comes right after a negation ("not just a local project")."""
    spans = [start for phrase in text.present(phrases) for start, _end in text.spans(phrase)]
    return bool(spans) and all(any(text.text[:start].rstrip().endswith(" " + n) or text.text[:start].rstrip() == n
                                   for n in negations) for start in spans)


def _without_leading(phrase: str, stopwords: frozenset[str]) -> str:
    words = phrase.split()
    while len(words) > 1 and words[0] in stopwords:
        words = words[1:]
    return " ".join(words)


def typed_form(question: str, phrase: str) -> str:
    """A normalised phrase as the question typed it ("anos" -> "años"), to show it back to the asker."""
    words = list(re.finditer(r"[\w'’-]+", question))
    wanted = phrase.split()
    folded = [normalize(w.group(0)) for w in words]
    for start in range(len(words) - len(wanted) + 1):
        if " ".join(folded[start : start + len(wanted)]) == phrase:
            return question[words[start].start() : words[start + len(wanted) - 1].end()]
    return phrase


def _has_outside(text: _Text, phrases: tuple[str, ...], exceptions: tuple[str, ...]) -> bool:
    """A phrase found somewhere no exception covers ("first", but not "in the first place")."""
    covered = [span for phrase in text.present(exceptions) for span in text.spans(phrase)]
    return any(not any(s <= start and end <= e for s, e in covered)
               for phrase in text.present(phrases) for start, end in text.spans(phrase))


def _polar(text: _Text, question_words: tuple[str, ...], trailing: frozenset[str] = frozenset(),
           openers: tuple[str, ...] = (), stopwords: frozenset[str] = frozenset(),
           idioms: Collection[str] = ()) -> bool:
    """A yes/no question or a statement, not a "what / who / when" question. A question word asks when it
    opens or closes the question ("who launched it", "kota ham itu apa"); in the middle it is usually a
    relative ("a city where no violations happen"). Unspaced scripts end their questions with it. Some
    words ask only as the first or second word ("que obligaciones tiene…", `openers`)."""
    if text.by_characters:
        return not text.has(question_words)
    words = text.text.split()
    if any(word in openers and index + 1 < len(words) and words[index + 1] not in stopwords
           and f"{word} {words[index + 1]}" not in idioms for index, word in enumerate(words[:2])):
        return False  # (not an idiom: "hola, que tal")
    present = text.present(question_words)
    if not present:
        return True
    # Where each word starts, to count the words before and after a phrase without splitting the text
    # again for each (a long message holds many "is" and "what").
    starts = [match.start() for match in _WORD.finditer(text.text)]
    for phrase in present:
        for start, end in text.spans(phrase):
            position = bisect_left(starts, start)
            following = len(starts) - bisect_left(starts, end)
            # "…itu apa ya kak": particles and tags after the question word still close the question
            if position < 4 or following <= 1 or (
                    following <= _TRAILING_MOST and all(w in trailing for w in text.text[end:].split())):
                return False
    return True


_WORD = re.compile(r"\S+")
_TRAILING_MOST = 8  # more words than this after a question word are never all particles and tags


_DIGIT = re.compile(r"\d")
QUESTION_MARK = " qqmarkqq "  # a question mark kept through normalising, as a word


def _without_contrasts(question: str, contrast: tuple[str, ...], keep_marks: bool = False) -> str:
    """The question without its ", not …" clauses, normalised (question marks kept as a word with
    `keep_marks`)."""
    contrasts = _contrast_pattern(contrast)
    folded = contrasts.sub(" ", question) if contrasts else question
    if keep_marks:
        folded = re.sub(r"[?？]", QUESTION_MARK, folded)
    return normalize(folded)


def _without_tags(marked: str, tags: tuple[str, ...]) -> str:
    """A tag is a tag wherever its question mark puts it ("son cuatro, no? respetar, proteger…"): its
    "no" denies nothing. Then the marks go."""
    mark = QUESTION_MARK.strip()
    if mark not in marked:
        return marked
    pattern = _tag_pattern(tags)
    if pattern is not None:
        marked = pattern.sub(" ", marked)
    return " ".join(marked.replace(mark, " ").split())


@lru_cache(maxsize=64)
def _contrast_pattern(contrast: tuple[str, ...]) -> re.Pattern[str] | None:
    alternatives = [r"\s+".join(re.escape(w) for w in word.split()) for word in contrast if word.split()]
    if not alternatives:
        return None
    return re.compile(r",\s*(?:" + "|".join(alternatives) + r")\b[^,.;:?!]*", re.IGNORECASE)


@lru_cache(maxsize=64)
def _tag_pattern(tags: tuple[str, ...]) -> re.Pattern[str] | None:
    if not tags:
        return None
    mark = QUESTION_MARK.strip()
    alternatives = "|".join(re.escape(t) for t in sorted(tags, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives}) {mark}(?!\w)")


def _negated(text: _Text, negations: tuple[str, ...], exceptions: tuple[str, ...], openers: tuple[str, ...],
             tags: tuple[str, ...], cessation: tuple[str, ...] = ()) -> bool:
    """Does the question deny something? Not when the negation only opens a request for confirmation
    ("Isn't Graz one?"), closes a tag ("…, isn't it?") or sits in a phrase that doubts ("or not"); nor
    when it denies that something stopped ("Utrecht hasn't stopped being one"): the two cancel out."""
    excluded = [span for phrase in text.present(exceptions) for span in text.spans(phrase)]
    stops = [span for phrase in text.present(cessation) for span in text.spans(phrase)]
    if stops:
        denied_stops = [(s, e) for phrase in text.present(negations) for s, e in text.spans(phrase)
                        if any(0 < stop - e <= 1 for stop, _ in stops)]
        excluded += [(s, stop_end) for s, e in denied_stops for stop, stop_end in stops if 0 < stop - e <= 1]
    stripped = text.text.strip()
    tail = max((len(t) for t in tags if stripped.endswith(t) and (len(stripped) == len(t) or not stripped[-len(t) - 1].isalnum()
                                                                   or text.by_characters)), default=0)
    for phrase in text.present(negations):
        for start, end in text.spans(phrase):
            if any(s <= start and end <= e for s, e in excluded):
                continue
            if start == 0 and phrase in openers:
                continue
            if tail and start >= len(stripped) - tail:
                continue
            return True
    return False


_SENTENCE_END = re.compile(r"(?<=\D)[.;!?]\s+|[。！？；]")


def _negation_apart(question: str, lexicon: Lexicon, index: _PhraseIndex, claims: Claims) -> bool:
    """Is every negation in a sentence without numbers or dates, while another sentence has some?"""
    negation = (claims.words("negation"), claims.negation_exceptions_and_denials, claims.words("confirming_openers"),
                claims.words("tags"), claims.words("cessation"))
    negated_values = values_elsewhere = False
    for sentence in _SENTENCE_END.split(question):
        text = _Text(normalize(sentence), lexicon.by_characters, index)
        values = bool(_DIGIT.search(text.text) or text.present(claims.numbers))  # ("one" alone counts nothing)
        if _negated(text, *negation):
            negated_values = negated_values or values
        else:
            values_elsewhere = values_elsewhere or values
    return values_elsewhere and not negated_values


def _dates(text: _Text, claims: Claims, asserted: Asserted, ambiguous: frozenset[str],
           spelled: list[Spelled]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Years, months and days the question gives. Returns where they are, so numbers there are not counts,
    and each year with where it stands."""
    taken: list[tuple[int, int]] = []
    years_at: list[tuple[int, int]] = []

    def year(at: tuple[int, int], value: int) -> None:
        asserted.years.append(value)
        years_at.append((at[0], value))
        taken.append(at)

    has_digit = _DIGIT.search(text.text) is not None
    if has_digit:  # (most messages have no number at all)
        for match in NUMERIC_DATE.finditer(text.text):
            day, month, value = int(match.group(1)), int(match.group(2)), int(match.group(3))
            if month > 12 >= day:
                day, month = month, day  # written month first, as in the United States ("5/17/2011")
            if 1 <= month <= 12 and 1 <= day <= 31:
                asserted.days.append(day)
                asserted.months.append(month)
                year(match.span(), value)
        for match in ISO_DATE.finditer(text.text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            month, day = int(match.group(2) or match.group(4)), match.group(3) or match.group(5)
            if 1 <= month <= 12:
                asserted.months.append(month)
                if day and 1 <= int(day) <= 31:
                    asserted.days.append(int(day))
                year(match.span(), int(match.group(1)))
        for match in YEAR.finditer(text.text):
            if not any(s <= match.start() < e for s, e in taken):
                year(match.span(), int(match.group(1)))
        for match in DECADE.finditer(text.text):
            asserted.periods.append((int(match.group(1)), 10, match.group(0)))
            taken.append(match.span())
        for match in CENTURY.finditer(text.text):
            number = int(match.group(1) or match.group(2))
            asserted.periods.append(((number - 1) * 100 + 1, 100, match.group(0)))
            taken.append(match.span())
    for number in spelled:
        if number.year:
            year((number.start, number.end), number.value)
    openers = claims.words("short_year_openers")
    # (Only with a number that could be one: most messages have none.)
    if openers and (has_digit or any(32 <= n.value <= 99 for n in spelled)) and text.present(openers):
        closing = ambiguous | frozenset(w for tag in claims.words("tags") for w in tag.split())
        _short_years(text, openers, closing, spelled, taken, year)
    words = text.index.numbers if text.index is not None else None
    if words is not None and words.character_years is not None:
        _character_years(text.text, words, claims.numerals, claims.eras, year)
    # Month names, and a day number right before or after one ("17 May", "May 17th", "5月17日",
    # "diecisiete de mayo"). A month name that is also an everyday word ("may", "mar") counts only next to
    # a day or a year.
    for phrase, month in sorted(((p, claims.months[p]) for p in text.present(claims.months)), key=lambda kv: -len(kv[0])):
        for start, end in text.spans(phrase):
            if any(s <= start < e for s, e in taken):
                continue
            before = re.search(r"(?<!\d)(\d{1,4})\D{0,6}$", text.text[max(0, start - 10) : start])
            after = re.match(r"\D{0,3}?(\d{1,4})(?!\d)", text.text[end : end + 10])
            days: list[tuple[int, int, int]] = [(max(0, start - 10) + before.start(1), max(0, start - 10) + before.end(1),
                                                 int(before.group(1)))] if before else []
            days += [(end + after.start(1), end + after.end(1), int(after.group(1)))] if after else []
            if phrase not in ambiguous:  # (a day in words only beside a month name that is nothing else: "may be three")
                days += [(n.start, n.end, n.value) for n in spelled if not n.year
                         and (0 <= start - n.end <= 4 or 0 <= n.start - end <= 4)]
            if (phrase in ambiguous or len(phrase) <= 3) and not any(ch.isdigit() for ch in phrase) and not days:
                continue
            asserted.months.append(month)
            taken.append((start, end))
            for day_start, day_end, day in days:
                if 1 <= day <= 31:
                    asserted.days.append(day)
                    taken.append((day_start, day_end))
                    break
    asserted.years = sorted(set(asserted.years))
    asserted.months = sorted(set(asserted.months))
    asserted.days = sorted(set(asserted.days))
    return taken, sorted(years_at)


_SHORT_YEAR = re.compile(r"(?<![\d.,])(\d\d)(?![\d.,])")


def _short_years(text: _Text, openers: tuple[str, ...], closing: frozenset[str], spelled: list[Spelled],
                 taken: list[tuple[int, int]], year: Callable[[tuple[int, int], int], None]) -> None:
    """A year of the last century said in two digits or words, after the words that open one ("en el
    noventa y siete", "in 97"), and closing the clause (not "in 97 countries")."""
    numbers = [(m.start(), m.end(), int(m.group(1))) for m in _SHORT_YEAR.finditer(text.text)]
    numbers += [(n.start, n.end, n.value) for n in spelled if not n.year]
    ends = {end for phrase in text.present(openers) for _start, end in text.spans(phrase)}
    for start, end, value in numbers:
        if 32 <= value <= 99 and (start - 1) in ends and not any(s <= start < e for s, e in taken):
            following = text.text[end:].split()[:1]
            if not following or following[0] in closing:
                year((start, end), 1900 + value)


def _character_years(text: str, words: _NumberWords, numerals: dict[str, int], eras: dict[str, int],
                     year: Callable[[tuple[int, int], int], None]) -> None:
    """Years in Korean, Japanese or Chinese numerals or of an era: "二〇一一年", "이천십일년", "97년",
    "平成23年", "民國100年"."""
    seen: list[tuple[int, int]] = []
    if words.era_years is not None:
        for match in words.era_years.finditer(text):
            number = match.group(2)
            value = int(number) if number.isdigit() else character_number(number, numerals)
            if value:
                year(match.span(), eras[match.group(1)] + value)
                seen.append(match.span())
    assert words.character_years is not None
    for match in words.character_years.finditer(text):
        if any(s <= match.start() < e for s, e in seen):
            continue
        number = match.group(1)
        if number.isascii():  # "97년": a year of the last century said in two digits
            if int(number) >= 50:
                year(match.span(), 1900 + int(number))
            continue
        value = character_number(number, numerals)
        if value is not None and 1000 <= value <= 2100:
            year(match.span(), value)
        elif value is not None and len(number) == 2 and 50 <= value <= 99:  # "九七年", as "97年"
            year(match.span(), 1900 + value)


def _order_words(text: _Text, claims: Claims) -> list[tuple[int, int, str]]:
    """Where the words of order stand, each once (the longest: "came after" holds "after"), left to
    right: (start, end, "after" or "before")."""
    spans = [(start, end, relation) for relation in ("after", "before")
             for phrase in text.present(claims.words(relation)) for start, end in text.spans(phrase)]
    return sorted((start, end, relation) for start, end, relation in spans
                  if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _r in spans))


def _bounded_years(text: _Text, order_words: list[tuple[int, int, str]], asserted: Asserted,
                   years_at: list[tuple[int, int]]) -> None:
    """"Was the report published before 2020?": a year after a word of order bounds the date, like a
    decade does (asserted.periods), instead of giving it."""
    for start, end, relation in order_words:
        for at, year in years_at:
            if 0 <= at - end <= 1 and year in asserted.years:  # (not "after the 2015 report")
                asserted.years.remove(year)
                asserted.bounded = True
                first, length = (year + 1, 1000) if relation == "after" else (1000, year - 1000)
                asserted.periods.append((first, length, text.text[start:at + 4]))


def _years_apart(text: _Text, order_words: list[tuple[int, int, str]], claims: Claims,
                 spelled: list[Spelled]) -> int | None:
    """"Four years after", "14 years before": the number of years right before a word of order."""
    units = claims.words("year_words")
    numbers = [(m.start(), m.end(), int(m.group(1))) for m in NUMBER.finditer(text.text)]
    numbers += [(n.start, n.end, n.value) for n in spelled if not n.year]
    for start, _end, _relation in order_words:
        before = text.text[:start].split()
        if len(before) >= 2 and before[-1] in units:
            unit_at = len(" ".join(before[:-1]))
            for _s, end, value in numbers:
                if 0 <= unit_at - end <= 1:
                    return value
    return None


def _order(text: _Text, claims: Claims) -> tuple[str, str] | None:
    """Two events said to come one after (or before) the other: "the Declaration came after the 2015
    report", "after the UN report, the declaration came out", "the report came before the declaration".
    The events by their verbs or nouns (claims.actions, event_nouns); the words of order are prepositions
    (claims.after, before): the event after the word is the one the other is placed against."""
    relations = _order_words(text, claims)
    if len(relations) != 1:
        return None
    first_at: dict[str, int] = {}
    for start, _end, action in text.where(claims.event_words):
        first_at.setdefault(action, start)
    if len(first_at) != 2:
        return None
    (one, one_at), (other, other_at) = sorted(first_at.items(), key=lambda kv: kv[1])
    at, _end, relation = relations[0]
    if at < one_at:
        subject, reference = other, one  # "after the report, the declaration came out"
    elif at < other_at:
        subject, reference = one, other  # "the declaration came after the report"
    else:
        return None
    return (subject, reference) if relation == "after" else (reference, subject)


def _dated(text: _Text, actions: dict[str, tuple[str, ...]], named: set[str],
           years_at: list[tuple[int, int]]) -> dict[str, list[int]]:
    """Each year the question gives, by the action named nearest to it; as many years as events, in
    their order ("the report is from 2015 and the declaration from 2011")."""
    spots = text.where(actions, named)
    dated: dict[str, list[int]] = {}
    events = list(dict.fromkeys(action for _start, _end, action in spots))
    if len(events) == len(years_at) > 1:
        for action, (_at, value) in zip(events, years_at):
            dated.setdefault(action, []).append(value)
        return dated
    for at, value in years_at if spots else ():
        _start, _end, action = min(spots, key=lambda spot: abs(spot[0] - at))
        dated.setdefault(action, []).append(value)
    return dated


def _meant(text: _Text, names: dict[str, tuple[str, ...]], signs: dict[str, tuple[str, ...]]) -> dict[str, set[str]]:
    """Each duty's sign found, by the duty named last before it (by its name: a bare verb is as often part
    of a meaning, "garantir que terceiros não violem…", as the name of a duty)."""
    named = text.where(names)
    meant: dict[str, set[str]] = {}
    for start, _end, sign in text.where(signs):
        before = [duty for at, _e, duty in named if at < start]
        if before:
            meant.setdefault(before[-1], set()).add(sign)
    return meant


def _spelled(text: _Text, numbers: dict[str, int], numerals: dict[str, int]) -> list[Spelled]:
    """The numbers the question writes in words. Longest words first, without overlaps ("vingt et un"
    before "un"); German compounds split into their words; then the words composed (bot/numerals.py)."""
    found: list[tuple[int, int, int, bool]] = []
    words = text.index.numbers if text.index is not None else None
    tables = ((numbers, True),) if text.by_characters else ((numbers, True), (numerals, False))
    phrases = sorted(((p, table[p], alone) for table, alone in tables for p in text.present(table)),
                     key=lambda p: len(p[0]), reverse=True)
    for phrase, value, alone in phrases:
        found += [(s, e, value, alone) for s, e in text.spans(phrase) if all(e <= a or s >= b for a, b, _v, _o in found)]
    if words is not None and words.compounds is not None and any(m in text.text for m in words.multipliers):
        for match in _LEADING_WORD.finditer(text.text):
            word = match.group(0)
            if word not in numbers and word not in numerals and any(m in word for m in words.multipliers):
                found += words.compounds.split(word, words.values, match.start())
    if not found:
        return []
    return compose(sorted(found), text.text, words.joiners if words is not None else frozenset())


def _counts(text: _Text, asserted: Asserted, taken: list[tuple[int, int]], spelled: list[Spelled],
            time_units: tuple[str, ...] = ()) -> None:
    """Numbers put forward as how many; not those of a date, nor a length of time ("four years after",
    "1년에 한 번": `time_units`)."""
    def lasting(end: int) -> bool:
        after = text.text[end:].lstrip()
        return any(after.startswith(unit) and (text.by_characters or after[len(unit):len(unit) + 1] in ("", " "))
                   for unit in time_units)

    for match in NUMBER.finditer(text.text):
        if any(s <= match.start() < e for s, e in taken) or lasting(match.end()):
            continue
        value = int(match.group(1))
        if 0 < value < 1000:
            asserted.counts.append(value)
    for number in spelled:
        if not any(s <= number.start < e for s, e in taken) and number.value < 1000 and not lasting(number.end):
            asserted.counts.append(number.value)
            asserted.count_words.setdefault(number.value, text.text[number.start : number.end])
    asserted.counts = sorted(set(asserted.counts))


def _actor_spans(text: _Text, actors: dict[str, Actor], language: str) -> list[tuple[int, int, Actor]]:
    """Where actors are named in the question, longest name first, without overlaps ("the UN Human Rights
    Council Advisory Committee" is one actor, not three), left to right."""
    index = text.index
    names = index.actor_names if index is not None else {key: actor.keys(language) for key, actor in actors.items()}
    candidates = []
    for actor_id in text.entries(names):
        for key in text.present(names[actor_id]):
            for start, end in text.spans(key):
                candidates.append((start, end, actors[actor_id]))
    chosen: list[tuple[int, int, Actor]] = []
    for start, end, actor in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, actor))
    return sorted(chosen, key=lambda c: c[0])


def _founded(text: _Text, actors: list[tuple[int, int, Actor]], actions: dict[str, tuple[str, ...]],
             stopwords: frozenset[str]) -> set[str]:
    """Actors that are what was done, not who did it: "the People's Movement was founded in 1993", "the
    Forum started in 2011" — an actor, then (after function words only) the action, and after it nothing
    done to anything, only function words and dates. Their own founding is not the concept's launch."""
    words = text.text
    founded = set()
    for start, end, _launch in text.where(actions, ("launch",)):
        after = words[end:].split()
        rest = [w for w in after if w not in stopwords and not w.isdigit()]
        if rest or after[:1] and after[0] in _OBJECTS:
            continue  # "…launched the idea in 1993", "launched it": something was launched
        for _a, actor_end, actor in actors:
            between = words[actor_end:start].split()
            # (Not "what did PDHRE launch", nor "was it PDHRE that launched it": there PDHRE did it.)
            if actor_end <= start and len(between) <= 3 and all(
                    w in stopwords and w not in _RELATIVES for w in between) and (between or start == actor_end + 1):
                founded.add(actor.id)
    return founded


_OBJECTS = frozenset({"it", "this", "that", "them", "these", "those"})
_RELATIVES = frozenset({"that", "which", "who", "whom"})


def _doers(tokens: list[str], mentions: list[Mention], actions: tuple[str, ...], stopwords: frozenset[str],
           agent_markers: tuple[str, ...] = (), inside_names: frozenset[int] = frozenset(),
           locative: tuple[str, ...] = ()) -> list[Mention]:
    """Places right before an action word and opening their clause ("Gwangju launched the idea", "did
    Seoul adopt it"), not those inside a name ("the Gwangju Declaration was adopted", "la Declaración de
    Gwangju se adoptó": `inside_names` are the positions of the tokens in actors' names; places in an
    event's name are set aside by the caller); and places or countries after the action and a word that
    marks who did it ("created by the United States", "lancé par Gwangju")."""
    if not mentions:
        return []
    by_first, by_last = _phrase_ends(actions)
    doers = []
    markers = set(agent_markers)
    for mention in mentions:
        if mention.start in inside_names:
            continue
        before = mention.start - 1
        if before >= 0 and tokens[before] in stopwords and tokens[before] not in markers:
            before -= 1  # "by the United States"
        if before > 0 and tokens[before] in markers and any(
                tuple(tokens[max(before - len(p), 0) : before]) == p for p in by_last.get(tokens[before - 1], ())):
            doers.append(mention)  # an action, the marker, the place
            continue
        # (Right after a function word, as in "which year did Busan host it", or opening the question; not
        # after a word of place: "wurde es in Genf ins Leben gerufen" says where.)
        if mention.start > 0 and (tokens[mention.start - 1] not in stopwords or tokens[mention.start - 1] in locative):
            continue
        for gap in (0, 1):  # "Gwangju launched", "did Gwangju then launch" (never "Gwangju Declaration adopted")
            if gap and (mention.end >= len(tokens) or tokens[mention.end] not in stopwords):
                break
            after = tuple(tokens[mention.end + gap : mention.end + gap + 4])
            if after and any(after[: len(p)] == p for p in by_first.get(after[0], ())):
                doers.append(mention)
                break
    return doers


def _in_names(tokens: list[str], mentions: list[Mention], patterns: dict[str, tuple[str, ...]]) -> dict[str, list[Mention]]:
    """Places standing where an event's name holds one ("the Barcelona Declaration", "la Declaración de
    Gwangju", "광주 선언"), by the fact the name is of (claims.in_names)."""
    found: dict[str, list[Mention]] = {}
    for fact_id, written in patterns.items() if mentions else ():
        for pattern in written:
            before, _, after = pattern.partition("{place}")
            before_words, after_words = tuple(before.split()), tuple(after.split())
            for mention in mentions:
                if (tuple(tokens[max(mention.start - len(before_words), 0) : mention.start]) == before_words
                        and tuple(tokens[mention.end : mention.end + len(after_words)]) == after_words
                        and mention not in found.get(fact_id, [])):
                    found.setdefault(fact_id, []).append(mention)
    return found


def _inside_names(normalized: str, tokens: list[str], named: list[tuple[int, int, Actor]]) -> frozenset[int]:
    """The positions of the tokens that stand inside an actor's name (when the tokens are the text's words)."""
    if not named:
        return frozenset()
    words = list(re.finditer(r"\S+", normalized))
    if len(words) != len(tokens):
        return frozenset()
    return frozenset(i for i, word in enumerate(words) if any(s <= word.start() < e for s, e, _a in named))


_PHRASE_ENDS: dict[int, tuple[tuple[str, ...], dict[str, tuple[tuple[str, ...], ...]], dict[str, tuple[tuple[str, ...], ...]]]] = {}


def _phrase_ends(phrases: tuple[str, ...]) -> tuple[dict[str, tuple[tuple[str, ...], ...]], dict[str, tuple[tuple[str, ...], ...]]]:
    """The phrases as words, by their first word and by their last (a lexicon's tuple, worked out once)."""
    found = _PHRASE_ENDS.get(id(phrases))
    if found is None or found[0] is not phrases:
        by_last: dict[str, list[tuple[str, ...]]] = {}
        for words in _split_phrases(phrases):
            by_last.setdefault(words[-1], []).append(words)
        if len(_PHRASE_ENDS) > 64:
            _PHRASE_ENDS.clear()
        found = _PHRASE_ENDS[id(phrases)] = (phrases, phrases_by_first_word(phrases),
                                             {w: tuple(p) for w, p in by_last.items()})
    return found[1], found[2]


def strangers(question: str, tokens: list[str], mentions: list[Mention], actions: tuple[str, ...],
              agent_markers: tuple[str, ...], unknown: Callable[[str], bool]) -> list[tuple[str, bool]]:
    """Names no answer uses right before an action word ("eleanor roosevelt launched it") or after it and a
    word that marks who did it ("founded by Shulamith Koenig"): someone the question credits with what was
    done. `unknown` tells a word no answer uses. A name is two such words, or one typed with a capital
    inside the question ("did Amnesty launch it"): one lower-case word is more likely an adverb."""
    named = {i for m in mentions for i in range(m.start, m.end)}

    def strange(index: int) -> bool:
        return 0 <= index < len(tokens) and index not in named and unknown(tokens[index])

    def name(first: int, end: int) -> str | None:
        typed = _as_typed(question, tokens[first:end])
        if end - first >= 2 or (first > 0 and typed_form(question, tokens[first])[:1].isupper()):
            return typed
        return None

    found: list[tuple[str, bool]] = []
    for start, end in _phrase_spans(tokens, actions):
        first = start
        while strange(first - 1) and start - first < 3:
            first -= 1
        if first < start and (typed := name(first, start)):
            # "…von Shulamith Koenig gegründet": a marker before the name says it did it there too.
            found.append((typed, first > 0 and tokens[first - 1] in agent_markers))
        if end < len(tokens) and tokens[end] in agent_markers:
            last = end + 1
            while strange(last) and last - end <= 3:
                last += 1
            if last > end + 1 and (typed := name(end + 1, last)):
                found.append((typed, True))
    return found


def _phrase_spans(tokens: list[str], phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    by_first = phrases_by_first_word(phrases)
    return [(start, start + len(p)) for start, token in enumerate(tokens) for p in by_first.get(token, ())
            if tuple(tokens[start : start + len(p)]) == p]


@lru_cache(maxsize=64)
def phrases_by_first_word(phrases: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases as words, by their first word, each once and in their order (short lists: hashing them is
    cheap)."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for phrase in dict.fromkeys(phrases):
        words = tuple(phrase.split())
        if words:
            found.setdefault(words[0], []).append(words)
    return {first: tuple(p) for first, p in found.items()}


def _as_typed(question: str, words: list[str]) -> str:
    """Words as the question typed them, capitalised when they were not ("eleanor" -> "Eleanor")."""
    typed = typed_form(question, " ".join(words))
    return typed if typed[:1].isupper() else " ".join(w.capitalize() for w in typed.split())


@lru_cache(maxsize=64)
def _split_phrases(phrases: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in phrases if p)


def _located(tokens: list[str], mentions: list[Mention], locative: tuple[str, ...], after: bool) -> list[Mention]:
    """Mentions said to be where something happened: right after a locative word ("in Seoul"), or in
    languages with postpositions right before one (서울에서, ソウルで)."""
    phrases = [tuple(p.split()) for p in locative if p]
    located = []
    for mention in mentions:
        if after:
            following = tuple(tokens[mention.end : mention.end + 3])
            found = any(following[: len(p)] == p for p in phrases if len(p) <= len(following))
        else:
            before = tuple(tokens[max(0, mention.start - 3) : mention.start])
            found = any(before[-len(p):] == p for p in phrases if len(p) <= len(before))
        if found:
            located.append(mention)
    return located

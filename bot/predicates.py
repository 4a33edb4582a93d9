"""What a question says of a place besides its being on the list.

The list can confirm that a place is named, and nothing else: "Human rights cities in Asia ban the death
penalty, right?" or "Graz gets EU money for it, right?" put forward more than that, and the answer must
not lead with "Yes". A yes/no question about a place, country or region says more when a clause that
names it has words the place answers never use, besides the claims the place checks read themselves
(negation, tags, only / all / first…) and any language's function words. A clause in the first person is
the asker's own story ("my cousin lives in Gwangju, is it one?"), not a claim about the place.
"""

from __future__ import annotations

import re
from typing import Callable

from .analysis import PLACEHOLDER_TOKENS
from .content import Content, Intent
from .decide import PLACE_INTENTS
from .places import PlaceFinder
from .text import normalize
from .understand import LanguageModel, Reading

CLAUSE_END = re.compile(r"[,;:.!?¿¡()，、。？！：；（）]+")
# The claims a place's check reads for itself; any other word said of a place is more than the list says.
PERIOD_WORDS = ("century", "centuries", "decade", "decades")  # as bot.claims reads periods ("the 21st century")
PLACE_CLAIM_LISTS = ("question_words", "negation", "negation_exceptions", "confirming_openers", "tags", "only", "all",
                     "first", "first_exceptions", "named", "locative", "contrast", "complete", "more", "fewer", "than")


class PlacePredicates:
    def __init__(self, content: Content, finder: PlaceFinder, without_names: Callable[[str], str]):
        self.content = content
        self.finder = finder
        self.without_names = without_names  # the text with the places it names taken out
        self._plain: dict[str, tuple[frozenset[str], tuple[str, ...], frozenset[str], frozenset[str]]] = {}
        self._answers: dict[str, frozenset[str]] = {}  # "language:intent" -> the stems of its answer and quotes
        self._event_words: dict[str, frozenset[str]] = {}  # language -> the words of its event claims

    def says_more(self, reading: Reading, intent: Intent | None, model: LanguageModel) -> bool:
        """Does this yes/no question say more than its answer does: of a place, more than the list; of an
        event ("Thousands of delegates attend the Forum each year?"), more than the answer's words and the
        ways its examples ask about it?"""
        if intent is None or intent.kind != "answer" or not reading.asserted.polar:
            return False
        vocab = model.matcher.vocab.get(intent.id, frozenset())
        claim_words, unspaced_claims, function_words, plain_stems = self._plain_words(model)
        of_place = intent.id in PLACE_INTENTS
        others = 0  # actors the answer's events are not about ("was the report presented at the Forum?")
        if not of_place:
            if not reading.asserted.anything:
                return False  # nothing put forward to confirm: a "Yes" cannot follow
            vocab = vocab | self._answer_stems(intent, model)
            # What an event's claims read themselves (who did what, when, how often) is checked, not more.
            claim_words = claim_words | self._event_claim_words(model)
            actors = self.content.facts.actors
            own = {f.actor for f in self.content.facts.for_intent(intent.id) if f.actor}
            own |= {i for a in own if a in actors for i in actors[a].includes}
            others = len([a for a in reading.asserted.actors if a.id not in own])
        first_person = set(model.lexicon.claims.words("first_person"))
        analyzer = model.analyzer
        for clause in CLAUSE_END.split(reading.text):
            said = normalize(clause)
            # (Of a place, only a clause that names one says something; of an event, any clause.)
            if (of_place and not self.finder.find(clause)) or first_person & set(said.split()) or (
                    model.lexicon.by_characters and any(p in said for p in first_person)):
                continue
            rest = self.without_names(clause)
            if model.lexicon.by_characters:
                # Unspaced, a claim word sits inside a longer run ("없어요", "ないの"): it is cut out.
                for phrase in unspaced_claims:
                    rest = rest.replace(phrase, " ")
            # Claim words are kept from typo correction, which would bend "isnt" into "int", and set aside
            # after synonyms are folded, which "droits de l'homme" and "hr cities" need whole.
            tokens = [w if w in claim_words else analyzer.correct(w) for w in analyzer.segment(rest)]
            words = [w for w in analyzer.fold_synonyms(tokens)
                     if w not in analyzer.dropped and w not in claim_words and w not in function_words]
            # (A token with a digit is a date or a count, which the claims check: "17號", "97년"; so is one
            # written in numerals: "一九九七", "천십일".)
            more = {w for w in analyzer.stems(words)
                    if len(w) > 1 and not any(c.isdigit() for c in w) and w not in vocab and w not in plain_stems
                    and not (model.lexicon.by_characters and all(c in claim_words for c in w))}
            # Of an event, one stray word is as likely a way of asking the answer's examples lack ("did the
            # UN ever publish…"); two say something of their own ("thousands of delegates attend").
            if len(more) + others >= (1 if of_place else 2):
                return True
        return False

    def _event_claim_words(self, model: LanguageModel) -> frozenset[str]:
        found = self._event_words.get(model.language)
        if found is None:
            claims = model.lexicon.claims
            phrases = [*claims.table_phrases("actions"), *claims.words("annual"), *claims.words("other_frequencies"),
                       *claims.months, *claims.numbers, *claims.numerals, *claims.words("numeral_joiners"),
                       *claims.words("year_words"), *claims.eras, *PERIOD_WORDS]
            found = self._event_words[model.language] = frozenset(w for p in phrases for w in p.split())
        return found

    def _answer_stems(self, intent: Intent, model: LanguageModel) -> frozenset[str]:
        key = f"{model.language}:{intent.id}"
        found = self._answers.get(key)
        if found is None:
            text = intent.text(model.language)
            said = " ".join([text.answer, *(c.quote for c in intent.citations)])
            analyzer = model.analyzer
            found = self._answers[key] = frozenset(analyzer.stems(analyzer.fold_synonyms(
                [analyzer.correct(w) for w in analyzer.segment(normalize(said))])))
        return found

    def _plain_words(self, model: LanguageModel) -> tuple[frozenset[str], tuple[str, ...], frozenset[str], frozenset[str]]:
        """What says nothing of a place: the words of the claims the place checks read themselves, the
        function words of every language the bot speaks (a question may mix two), and the stems of the
        question, topic and generic words."""
        found = self._plain.get(model.language)
        if found is None:
            claims = model.lexicon.claims
            claim_words = {w for key in PLACE_CLAIM_LISTS for p in claims.words(key) for w in p.split()}
            # Saying a place declared itself is saying it is one ("선언한 도시인가요").
            claim_words |= {w for p in claims.table_phrases("affirmations") for w in p.split()}
            function_words = frozenset(w for lexicon in self.content.lexicons.values() for w in lexicon.stopwords)
            # Not every claim word: "invented in Europe" says of Europe what the list does not. But unspaced,
            # the claim words' character pairs are also how "is in" is said ("ヨーロッパにあります").
            stems = model.plain_stems | PLACEHOLDER_TOKENS | (model.claim_stems if model.lexicon.by_characters else frozenset())
            # Unspaced claim words, longest first, to cut out of a run of characters.
            unspaced = tuple(sorted((w for w in claim_words if not w.isascii()), key=len, reverse=True))
            found = self._plain[model.language] = (frozenset(claim_words), unspaced, function_words, stems)
        return found

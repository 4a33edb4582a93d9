"""Composing the answer, in the asker's language: the verdict first, then what the material says, its
citations (each with a translation when the answer is not in the source's language), and apart from it
all, the notes the bot adds from outside the material.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import strings
from .answer import Answer, CityRef
from .content import ENGLISH, Citation, Content, Country, Intent, Place, UnlistedPlace
from .decide import PLACE_INTENTS, Decision, place_intent_matching_mentions
from .facts import Actor, Fact
from .geography import Region
from .places import Mention, PlaceFinder
from .text import normalize
from .premises import FALSE, TRUE, UNSAID, Finding, Verdict
from .understand import Reading

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, **values: object) -> str:
    """Fill a content template; a placeholder the template does not use is fine, an unknown one stays."""
    text = _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)
    return " ".join(text.split())


def _context_place(mention: Mention, verdict: Verdict) -> bool:
    """A region or province the asker names as where they are, or a place only said to hold another."""
    return mention.kind in ("country", "region") or (
        mention.kind == "unlisted" and getattr(mention.target, "kind", "city") == "region")


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def unique(citations: list[Citation]) -> list[Citation]:
    seen, out = set(), []
    for citation in citations:
        key = (citation.source, citation.paragraph, citation.quote)
        if key not in seen and citation.source:
            seen.add(key)
            out.append(citation)
    return out


class Composer:
    """Words an engine decision in one language. Built once; `compose` is called per question."""

    def __init__(self, content: Content, finder: PlaceFinder, place_citations: dict[str, Citation],
                 featured: list[Intent]):
        self.content = content
        self.finder = finder
        self.place_citations = place_citations
        self.featured = featured
        self._stopwords = {code: lexicon.stopwords for code, lexicon in content.lexicons.items()}
        # Words each language's answers write in lower case somewhere, and the words of names.
        self._words = {code: frozenset(w for i in content.intents.values() if code in i.texts
                                       for w in re.findall(r"\b[^\W\d_]+\b", i.texts[code].answer) if w.islower())
                       for code in content.lexicons}
        self._words = {code: frozenset(normalize(w) for w in words) for code, words in self._words.items()}
        self._names = frozenset(w for p in content.places for n in (p.name, p.country, *p.aliases)
                                for w in normalize(n).split())

    # --- names in a language --------------------------------------------------------------------

    def name(self, thing: object, language: str) -> str:
        if isinstance(thing, (Place, UnlistedPlace, Region, Actor)):
            return thing.display(language)
        if isinstance(thing, Country):
            merged = self.finder.countries.get(thing.name, thing)
            return merged.display(language)
        if isinstance(thing, str):
            country = self.finder.countries.get(thing)
            return country.display(language) if country else thing
        return str(thing)

    def label(self, place: Place, language: str) -> str:
        return strings.text("place_label", language, name=place.display(language), country=self.name(place.country, language))

    def labels(self, places: list[Place], language: str) -> str:
        return strings.join([self.label(p, language) for p in places], language)

    def _date(self, fact: Fact, language: str) -> str:
        if fact.day and fact.month:
            return strings.text("date_day", language, day=fact.day, month=strings.month_name(fact.month, language),
                                year=fact.year)
        if fact.month:
            return strings.text("date_month", language, month=strings.month_name(fact.month, language), year=fact.year)
        return str(fact.year)

    def _value(self, attribute: str, value: object, language: str, fact: Fact | None = None) -> str:
        if attribute in ("year", "month", "day") and fact is not None and value is getattr(fact, attribute):
            return self._date(fact, language)
        if attribute == "month" and isinstance(value, int):
            return strings.month_name(value, language)
        if attribute == "actor":
            if isinstance(value, (Place, UnlistedPlace, Country, Region)):
                # "Gwangju launched it", "America created it": a place or a country put forward as the doer
                return self.name(value, language)
            actor = value if isinstance(value, Actor) else self.content.facts.actors.get(str(value))
            return actor.display(language) if actor else str(value)
        if attribute in ("place", "named"):
            if isinstance(value, str):
                place = self.finder.place_named(value)
                return place.display(language) if place else value
            return self.name(value, language)
        if attribute == "frequency" and value == "annual":
            return strings.text("frequency_annual", language)
        return str(value)

    # --- findings ---------------------------------------------------------------------------------

    def finding_text(self, finding: Finding, language: str) -> str | None:
        if finding.key is None:
            return None
        v = finding.values
        if finding.key == "finding_unlisted":
            place_listed = self.content.intents.get("place_listed")
            template = place_listed.text(language).templates.get("unlisted") if place_listed else None
            return fill(template, name=self._display_unlisted(v["name"], language)) if template else None
        if finding.key == "fact_unsaid":
            fact: Fact = v["fact"]  # type: ignore[assignment]
            return fact.unsaid_in(str(v["attribute"]), language)
        if finding.key == "finding_statement":
            # What the source states, in the interface's words for it (`statement_<id>`), where it has them.
            key = f"statement_{v['statement']}"
            return strings.text(key, language) if strings.has(key, ENGLISH) else None
        if finding.key == "finding_order":
            # The two dates, in the order the question put the events.
            return strings.text("finding_order", language, later=self._date(v["later"], language),  # type: ignore[arg-type]
                                earlier=self._date(v["earlier"], language))  # type: ignore[arg-type]
        if finding.key == "finding_value":
            fact = v["fact"]  # type: ignore[assignment]
            attribute = str(v["attribute"])
            return strings.text("finding_value", language, right=self._value(attribute, v["right"], language, fact),
                                claimed=self._value(attribute, v["claimed"], language))
        values = {key: self._render(key, value, language) for key, value in v.items()}
        return strings.text(finding.key, language, **values)

    def _render(self, key: str, value: object, language: str) -> object:
        if isinstance(value, list):
            return self.labels(value, language)
        if key in ("other", "asked"):
            return strings.text(f"duty_name_{value}", language)
        if key == "services":
            shown = self.content.lexicons.get(language, self.content.lexicons[ENGLISH]).claims.shown
            return strings.join([shown.get(str(s), str(s)) for s in value], language)  # type: ignore[union-attr]
        if key == "label" and isinstance(value, Place):
            return self.label(value, language)
        if key == "label" and isinstance(value, Citation):
            return value.quote  # the source's own words, verbatim; the citation shows their translation
        if isinstance(value, (Place, UnlistedPlace, Region, Actor, Country)) or (key == "country" and isinstance(value, str)):
            return self.name(value, language)
        return "" if value is None else value

    # --- the answer ---------------------------------------------------------------------------------

    def compose(self, reading: Reading, decision: Decision, verdict: Verdict, question: str, language: str) -> Answer:
        city = self.city(decision.mentions)
        if decision.outcome == "empty":
            return Answer(question, "empty", strings.text("empty_question", language), suggestions=list(self.featured),
                          language=language)
        if decision.outcome == "ambiguous":
            return Answer(question, "ambiguous", strings.text("did_you_mean", language), confidence=decision.confidence,
                          city=city, suggestions=decision.candidates, language=language)
        if decision.outcome == "fallback" or decision.intent is None:
            text = strings.text("fallback", language)
            if city is not None:
                text = strings.text("place_with_fallback", language, name=self._mention_name(decision.mentions, language))
            return Answer(question, "fallback", text, confidence=decision.confidence, city=city,
                          suggestions=list(self.featured), verdict=verdict.verdict, language=language)

        intent = place_intent_matching_mentions(decision.intent, decision.mentions, self.content.intents,
                                                only=reading.asserted.only)
        body, citations, notes = self.body(intent, decision.mentions, verdict, language)
        sentences = [(f.truth, t) for f in verdict.findings if (t := self.finding_text(f, language))]
        for finding in verdict.findings:
            citations += finding.citations
        # Findings may bring their own answers ("what you describe is the duty to respect": the duty asked
        # about, then that one; "1997, 2011, 2015?": the answer giving each year), in place of whichever
        # the matcher chose.
        support_ids = list(dict.fromkeys(i for f in verdict.findings for i in f.support if i in self.content.intents))
        if support_ids:
            supports = [self.content.intents[i] for i in support_ids]
            body = " ".join(s.text(language).answer for s in supports)
            citations = [c for s in supports for c in s.citations] + citations
        # A place question asks whether the place is one, even worded "what about Graz?".
        asks_membership = reading.asserted.polar or intent.id == "place_listed"
        text = self.lead(verdict, sentences, body, asks_membership, language)
        if verdict.grouping is not None:
            note = self.grouping_note(verdict.grouping, language)
            if note not in notes:
                notes.append(note)
        if reading.asserted.hrc_acronym and (decision.outcome == "answer" or intent.kind == "gap"):
            notes.append(strings.text("note_hrc_acronym", language))
        related = [self.content.intents[r] for r in intent.related if r in self.content.intents]
        if intent.kind == "gap":
            related = related or list(self.featured)
        return Answer(
            question, {"answer": "answer", "smalltalk": "smalltalk", "gap": "gap"}[intent.kind], text, intent,
            decision.confidence, city, self.translated(unique(citations), language), related[:3],
            verdict.verdict, language, list(dict.fromkeys(notes)),  # (two regions listed: one grouping note)
        )

    def lead(self, verdict: Verdict, sentences: list[tuple[str, str]], body: str, polar: bool, language: str) -> str:
        """The verdict leads: "Yes — …" / "No — …" for a question that asserts, the reason first when
        there is one; what the material does not say is said in its own words before the answer."""
        texts = [text for _truth, text in sentences]
        if verdict.verdict in (TRUE, FALSE) and (polar or verdict.verdict == FALSE):
            key = "verdict_yes" if verdict.verdict == TRUE else "verdict_no"
            # A finding that is true or false continues the lead ("No — the material gives 2011, not
            # 2009."); what the material does not say stands as a sentence of its own.
            if sentences and sentences[0][0] in (TRUE, FALSE):
                return " ".join([strings.text(key, language, text=texts[0]), *map(_capital, texts[1:]), body])
            return " ".join([strings.text(key, language, text=self._lower_first(body, language)),
                             *map(_capital, texts)])
        if verdict.verdict == UNSAID and not sentences and not verdict.findings:
            return body
        return " ".join([*map(_capital, texts), body])

    def _lower_first(self, text: str, language: str) -> str:
        """"The concept…" reads "No — the concept…", but "Graz (Austria)…" keeps its capital: a first word
        the language's content uses lower case is lowered (only function words in German, whose nouns
        keep their capitals), never a name."""
        first = text.split(" ", 1)[0]
        key = normalize(first)
        lowered = key in self._stopwords.get(language, ()) or (
            language != "de" and key in self._words.get(language, ()) and key not in self._names)
        if lowered and first[:1].isupper():
            return first[:1].lower() + text[1:]
        return text

    def translated(self, citations: list[Citation], language: str) -> list[Citation]:
        if language == ENGLISH:
            return citations
        label = strings.text("place_label", language)
        return [replace(c, translation=self.content.translate_quote(c.quote, language, label)) for c in citations]

    # --- place answers -------------------------------------------------------------------------------

    def body(self, intent: Intent, mentions: list[Mention], verdict: Verdict, language: str) -> tuple[str, list[Citation], list[str]]:
        """The intent's answer in the language, place templates filled; its citations; notes."""
        text = intent.text(language)
        notes: list[str] = []
        if intent.id not in PLACE_INTENTS:
            return text.answer, list(intent.citations), notes
        t = text.templates or intent.templates
        places = self.content.places
        total = len(places)
        if intent.id in ("places_list", "places_count") and "all" in t and not any(
                m.kind in ("country", "region") for m in mentions):
            return fill(t["all"], count=total, names=self.labels(places, language)), list(intent.citations), notes
        sentences: list[str] = []
        citations: list[Citation] = []
        seen: set[str] = set()
        for index, mention in enumerate(mentions):
            if mention.name in seen:
                continue
            if intent.id == "place_listed" and index > 0 and _context_place(mention, verdict):
                continue  # "I'm from Styria… is Graz one?": Graz is asked about, Styria is where they are from
            seen.add(mention.name)
            sentence = self._describe(intent, t, mention, citations, notes, verdict, language, total)
            if sentence:
                sentences.append(sentence)
        if not sentences:
            return text.answer, list(intent.citations), notes
        return " ".join(sentences), citations or list(intent.citations), notes

    def _describe(self, intent: Intent, t: dict[str, str], mention: Mention, citations: list[Citation],
                  notes: list[str], verdict: Verdict, language: str, total: int) -> str | None:
        if mention.kind == "place" and "listed" in t:
            place: Place = mention.target  # type: ignore[assignment]
            citations.append(self.place_citations[place.name])
            note = place.note_in(language)
            if note:
                notes.append(note)
            return fill(t["listed"], name=place.display(language), country=self.name(place.country, language))
        if mention.kind == "unlisted" and "unlisted" in t:
            unlisted = mention.target
            name = self._display_unlisted(unlisted, language)
            sentence = fill(t["unlisted"], name=name)
            near = getattr(unlisted, "near", None)
            listed = self.finder.place_named(near.place) if near else None
            if listed is not None and "nearby" in t:
                sentence += " " + fill(t["nearby"], name=name, listed_name=listed.display(language),
                                       listed_country=self.name(listed.country, language))
                citations.append(self.place_citations[listed.name])
                relation = unlisted.relation_in(language)  # type: ignore[union-attr]
                if relation:
                    notes.append(relation)
            citations.extend(intent.citations)
            return sentence
        if mention.kind == "country" and intent.id == "places_in_country":
            found = self.finder.places_in_country(mention.target)  # type: ignore[arg-type]
            return self._listing(t, intent, found, citations, language, total, country=self.name(mention.target, language))
        if mention.kind == "region" and intent.id == "places_in_region":
            region: Region = mention.target  # type: ignore[assignment]
            found = self.finder.places_in_region(region)
            notes.append(self.grouping_note(region, language))
            return self._listing(t, intent, found, citations, language, total, region=region.display(language))
        return None

    @staticmethod
    def grouping_note(region: Region, language: str) -> str:
        """The bot's own grouping, said to be its own: the UN's M49 geoscheme, or common usage."""
        if region.scheme.startswith("UN M49"):
            return strings.text("note_grouping", language, scheme="UN M49")
        return strings.text("note_grouping_common", language, region=region.display(language))

    def _listing(self, t: dict[str, str], intent: Intent, found: list[Place], citations: list[Citation],
                 language: str, total: int, **where: str) -> str:
        if not found:
            citations.extend(intent.citations)
            return fill(t.get("none", intent.text(language).answer), **where)
        citations.extend(self.place_citations[p.name] for p in found)
        template = t.get("found_one") if len(found) == 1 and "found_one" in t else t.get("found", intent.text(language).answer)
        return fill(template, count=len(found), total=total, names=self.labels(found, language), **where)

    @staticmethod
    def _display_unlisted(unlisted: object, language: str) -> str:
        if isinstance(unlisted, UnlistedPlace) and unlisted.names.get(language):
            return unlisted.display(language)
        return getattr(unlisted, "name", str(unlisted))

    def _mention_name(self, mentions: list[Mention], language: str) -> str:
        for mention in mentions:
            if mention.kind == "place":
                return mention.target.display(language)  # type: ignore[union-attr]
            if mention.kind == "unlisted":
                return self._display_unlisted(mention.target, language)
        return ""

    @staticmethod
    def city(mentions: list[Mention]) -> CityRef | None:
        for mention in mentions:
            if mention.kind == "place":
                place: Place = mention.target  # type: ignore[assignment]
                return CityRef(place.name, place.country, True)
            if mention.kind == "unlisted":
                return CityRef(mention.target.name, getattr(mention.target, "country", None), False)
        return None

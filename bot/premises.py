"""Checking what a question asserts against the source, before the answer is composed.

Each thing the question puts forward (bot/claims.py) is compared with the facts the source gives
(knowledge/facts.yaml, the place list, the bot's own regional groupings) and found true, false, or not
said. The verdict leads the answer: any false premise makes it "no", anything the material is silent
about makes it "not_said", and only when every premise holds is it "yes". A negated question ("Copenhagen
isn't one, right?") flips what it asserts. Nothing here words the answer: findings carry a strings key
and values, and bot/compose.py renders them in the asker's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Container

from .claims import Asserted
from .content import Citation, Content, Place
from .decide import PLACE_INTENTS, Decision, place_intent_matching_mentions
from .facts import Fact
from .geography import Region
from .places import Mention, PlaceFinder
from .text import fold

TRUE, FALSE, UNSAID = "yes", "no", "not_said"
STATEMENT_WORDS = 3  # the fewest words (tokens) of a question that puts something forward on its own


@dataclass
class Finding:
    """One premise checked: its truth, and (for what is false or unsaid) what to say about it."""

    truth: str  # yes | no | not_said
    key: str | None = None  # the strings key that says it (None: the answer itself says enough)
    values: dict[str, object] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)
    support: list[str] = field(default_factory=list)  # intent ids whose answers back the finding up


@dataclass
class Verdict:
    verdict: str | None  # yes | no | not_said | None: the question asserts nothing to check
    findings: list[Finding] = field(default_factory=list)
    grouping: Region | None = None  # a regional grouping was used: say it is the bot's own
    country_as_place: bool = False
    unrelated: bool = False  # what the question dates or credits is no event of the answer chosen


def check(asserted: Asserted, decision: Decision, content: Content, finder: PlaceFinder,
          place_citations: dict[str, Citation], asks_if_listed: bool = False, restates: bool = False,
          words: int = STATEMENT_WORDS, about: Container[str] | None = None,
          says_more: Callable[[], bool] = lambda: False) -> Verdict:
    """The verdict on what the question asserts, for the intent the decision chose. `restates`: the
    question says nothing the answer's own words do not ("The idea is that all inhabitants should learn
    the human rights framework, right?"), so as a statement it holds. `words`: how many the question has.
    `about`: the intents whose words the question uses besides its claims (None: not known). `says_more`,
    asked only where it matters: the question says more than the answer does, of a place beyond its being on
    the list ("Graz gets EU money, right?") or of an event ("thousands of delegates attend the Forum")."""
    asserted.finish()
    intent = decision.intent
    if decision.outcome == "fallback":
        # "The forum started in 2011, correct?" with nothing in the material to answer it: the fallback
        # says the material doesn't cover it, and so does the verdict.
        # ("pizza?" puts nothing forward: a statement takes a few words.)
        return Verdict(UNSAID if asserted.polar and words >= STATEMENT_WORDS else None)
    if intent is None or decision.outcome not in ("answer", "gap"):
        return Verdict(None)
    if intent.kind == "gap":
        return Verdict(UNSAID if asserted.polar or asserted.anything else None)
    # Checked for the answer that is given: the place answer that fits what the question names ("the list
    # names 23 places and Bongo is one of the Nigerian ones" is answered of Bongo, not of the whole list).
    intent = place_intent_matching_mentions(intent, decision.mentions, content.intents, only=asserted.only)
    decision = replace(decision, intent=intent)
    checker = _Checker(asserted, decision, content, finder, place_citations, about)
    if intent.id in PLACE_INTENTS:
        checker.places(asks_if_listed)
    checker.events(intent.id)
    if intent.id in PLACE_INTENTS or (asserted.affirmed and any(m.kind == "place" for m in decision.mentions)):
        # ("Rosario declared itself in 1997, the year the idea was launched?": whatever the answer, a date
        # put to a place's declaration is one the list does not give.)
        checker.place_dates()
    if intent.id not in PLACE_INTENTS:
        checker.places_elsewhere()
    if intent.id not in PLACE_INTENTS and checker.findings and all(f.truth == TRUE for f in checker.findings) and says_more():
        # "Thousands of delegates attend the Forum each year?": the year is right, the rest is not in the
        # material; never a "Yes" to it.
        checker.add(UNSAID, "finding_unsaid")
    if intent.id in PLACE_INTENTS and says_more():
        # The list confirms that a place is named, and nothing else said of it.
        checker.add(UNSAID, "finding_unsaid")
    checker.duties(intent.id)
    checker.services(intent.id)
    checker.statements(intent.id)
    checker.affirmations(intent.id)
    if intent.id not in PLACE_INTENTS and asserted.polar:
        checker.unlisted_subject()
    if asserted.abbreviation:
        checker.add(UNSAID, "finding_abbreviation_unsaid")
    if asserted.superlative and intent.id not in PLACE_INTENTS and (
            not asserted.first or any(m.kind in ("place", "unlisted") and m.start not in asserted.story
                                      for m in decision.mentions)):
        # "the biggest" asks for a comparison; "who first came up with it" asks who launched it, but
        # "…and Rosario was the first city to sign up?" ranks a place, which the list does not.
        checker.add(UNSAID, "finding_superlative_unsaid", word=asserted.superlative)
    if not checker.findings and asserted.polar and restates:
        checker.add(TRUE)
    return checker.verdict()


class _Checker:
    def __init__(self, asserted: Asserted, decision: Decision, content: Content, finder: PlaceFinder,
                 place_citations: dict[str, Citation], about: Container[str] | None = None):
        self.about = about
        self.statement_used = False  # a denial of what the source states was checked
        self.place_citations = place_citations
        self.asserted = asserted
        self.decision = decision
        self.content = content
        self.finder = finder
        self.findings: list[Finding] = []
        self.grouping: Region | None = None
        self.country_as_place = False
        self.choice = False  # the question offers alternatives ("Austria or Australia?")
        self.unrelated = False

    def cite(self, place: Place) -> Citation:
        return self.place_citations[place.name]

    def add(self, truth: str, key: str | None = None, citations: list[Citation] | None = None,
            support: list[str] | None = None, **values: object) -> None:
        self.findings.append(Finding(truth, key, values, citations or [], support or []))

    def verdict(self) -> Verdict:
        unique: dict[tuple[object, ...], Finding] = {}
        for finding in self.findings:  # "promote" and "duty to promote" say one thing once
            unique.setdefault((finding.truth, finding.key, repr(sorted(finding.values.items(), key=str)),
                               tuple(finding.support)), finding)
        self.findings = list(unique.values())
        truths = {f.truth for f in self.findings}
        if not truths or self.choice:
            return Verdict(None, [f for f in self.findings if f.key], grouping=self.grouping)
        verdict = FALSE if FALSE in truths else UNSAID if UNSAID in truths else TRUE
        # A negated question asserts the opposite ("Copenhagen isn't one, right?"), but only when what it
        # puts forward is all true or all false: "the duties are not 3 but 4, right?" holds both a true
        # and a false value, and its "not" belongs to one of them. Then the false one stands: never a
        # "yes" to it.
        negated = self.asserted.negated or (self.asserted.denial_negated and not self.statement_used)
        # Who did it is the subject the "not" is said of, not what it denies: "the Forum doesn't meet in
        # Seoul", "PDHRE didn't launch it in 2001" deny the place and the year, which are false: yes.
        denied = {f.truth for f in self.findings if not (f.truth == TRUE and f.values.get("attribute") == "actor")}
        if negated and self.asserted.negation_apart and all(_of_a_value(f) for f in self.findings if f.truth == FALSE):
            # "The duties are two: respect and fulfil. Protect isn't one of them": the "not" of another
            # sentence denies no number, and a wrong number stays wrong.
            negated = False
        if negated and verdict != UNSAID and not {TRUE, FALSE} <= denied:
            verdict = TRUE if verdict == FALSE else FALSE
        # What is wrong is said first, then what the material does not say.
        order = {FALSE: 0, UNSAID: 1, TRUE: 2}
        findings = sorted(self.findings, key=lambda f: order[f.truth])
        return Verdict(verdict, findings, self.grouping, self.country_as_place, self.unrelated)

    # --- places -------------------------------------------------------------------------------

    def places(self, asks_if_listed: bool) -> None:
        mentions = self.decision.mentions
        countries = [m for m in mentions if m.kind == "country"]
        regions = [m for m in mentions if m.kind == "region"]
        located = {id(m) for m in self.asserted.located}
        intent_id = self.decision.intent.id if self.decision.intent else ""
        if intent_id == "place_listed":
            for mention in [m for m in countries if m.asked][:1] if asks_if_listed else ():
                # "Ghana is a human rights city too, right? since Bongo is there": a country is not one of
                # the places, whatever place of it is asked about beside it.
                self.country_as_place = True
                self.add(UNSAID, "finding_country_as_place", country=mention.target)
            subjects = [m for m in mentions if m.kind == "place"]
            for mention in subjects:
                # Only a country or region said with the place is claimed for it ("Graz in Australia",
                # "Bihac, a Serbian city"); one said further off is the asker's ("…raised in Bandung,
                # but now I study in the Netherlands").
                same = [m for m in subjects if m.target is mention.target]
                rivals = [m for m in subjects if m.target is not mention.target]
                self._listed_place(mention, self._attached(countries, same, rivals),
                                   self._attached(regions, same, rivals), mentions, located)
            for mention in mentions if not self.decision.borrowed else ():
                # (Places named in another sentence of the message are where the asker lives or comes
                # from; only the one the material names is asked about: "I grew up in Thies, now I live
                # in Lyon… is my old town on the list?")
                if mention.kind == "unlisted" and id(mention) not in located and getattr(mention.target, "kind", "city") != "region":
                    # "Melbourne counts too since Victoria is on the list", "are Graz and Vienna ones?":
                    # the material does not name it.
                    self.add(UNSAID)
        elif intent_id in ("places_in_country", "places_in_region"):
            compared = [m for m in mentions if m.kind in ("country", "region") and m.start not in self.asserted.story]
            if self.asserted.comparison and len(compared) >= 2:
                self._compare(compared[0], compared[1], self.asserted.comparison)
                return
            scopes = countries if intent_id == "places_in_country" else regions
            if intent_id == "places_in_country" and len({m.target.name for m in countries}) > 1:  # type: ignore[union-attr]
                return  # two countries and no place: asks how countries relate, which the list cannot settle
            for scope in scopes[:1]:
                self._scope(scope, asks_if_listed and intent_id == "places_in_country")
        elif intent_id in ("places_count", "places_list"):
            self._total_count()

    def _compare(self, first: Mention, second: Mention, comparison: str) -> None:
        """"More places in Africa than in Europe?": the places the material names in each, counted."""
        for mention in (first, second):
            if isinstance(mention.target, Region) and self.grouping is None:
                self.grouping = mention.target  # (regions are the bot's own grouping, shown as a note)
        ones, others = self._places_in(first.target), self._places_in(second.target)
        right = len(ones) > len(others) if comparison == "more" else len(ones) < len(others)
        self.add(TRUE if right else FALSE, "finding_comparison", [self.cite(p) for p in ones + others],
                 first=first.target, first_count=len(ones), second=second.target, second_count=len(others))

    def _listed_place(self, subject: Mention, countries: list[Mention], regions: list[Mention],
                      mentions: list[Mention], located: set[int]) -> None:
        place: Place = subject.target  # type: ignore[assignment]
        citation = self.cite(place)
        before = len(self.findings)
        country_findings = []
        for mention in countries:
            country = mention.target
            if country.name == place.country:  # type: ignore[union-attr]
                country_findings.append(Finding(TRUE))
            elif country.name in place.unjudged_countries:  # type: ignore[union-attr]
                country_findings.append(Finding(UNSAID, "finding_as_written", {"label": citation}, [citation]))
            elif self._homonym(place, country.name):  # type: ignore[union-attr]
                country_findings.append(Finding(UNSAID, "finding_place_within",
                                                {"label": citation, "name": place, "claimed": country}, [citation]))
            else:
                country_findings.append(Finding(FALSE, "finding_place_country",
                                                {"name": place, "country": place.country, "claimed": country}, [citation]))
        if len(countries) > 1 and any(f.truth == TRUE for f in country_findings):
            # "Graz: Austria or Australia?" asks which; the right one answers it.
            self.choice = True
            country_findings = [f for f in country_findings if f.truth == TRUE]
        self.findings.extend(country_findings)
        for mention in regions:
            region: Region = mention.target  # type: ignore[assignment]
            self.grouping = region
            if region.contains(place.country):
                self.add(TRUE, "finding_place_region_true", [citation], label=place, country=place.country,
                         claimed=region)
            else:
                right = next((r for r in self.finder.regions_of(place.country) if r.kind == region.kind), None) or next(
                    (r for r in self.finder.regions_of(place.country) if r.kind == "continent"), None)
                self.add(FALSE, "finding_place_region", [citation], label=place, country=place.country,
                         right=right, claimed=region)
        for mention in mentions:
            # "Korogocho in Nairobi", "is the Saint-Denis on the list the one on Réunion?": the other place
            # said after this one ("I teach in Osaka prefecture… is Sakai one?" puts the asker there).
            if mention.kind == "unlisted" and id(mention) in located and mention.start > subject.start:
                self._within(place, mention.target, citation)  # type: ignore[arg-type]
        if self.asserted.only:
            self._only(place, next((m.target for m in countries), None) or next(
                (m.target for m in regions), None) or self.finder.country_of(place))
        if self.asserted.superlative or self.asserted.first:
            self.add(UNSAID, "finding_superlative_unsaid", word=self.asserted.superlative)
        if len(self.findings) == before and not self.asserted.asks_where and (
                self.asserted.polar or not self.decision.borrowed):
            # It is one of the places the material names. ("Which country is Thies in?" asks where: it puts
            # nothing forward to say yes to; nor does "…what does the page actually say?" of a place named
            # in another sentence.)
            self.add(TRUE)

    def _only(self, place: Place, scope: object) -> None:
        """"Is Bandung the only one in Indonesia?": others named there say no; none, the list's "among
        others" leaves it open (unless the question asks only about what the material names)."""
        others = [p for p in self._places_in(scope) if p.name != place.name]
        if others:
            self.add(FALSE, "finding_only_others", [self.cite(p) for p in others], others=others, scope=scope)
        elif self.asserted.named:
            self.add(TRUE, "finding_only_named", [self.cite(place)], name=place, scope=scope)
        else:
            self.add(UNSAID, "finding_only_unsaid", [self.cite(place)], name=place, scope=scope)

    def _within(self, place: Place, other: object, citation: Citation) -> None:
        """A place the material names, said to be in another place ("Korogocho in Nairobi", "Victoria in
        British Columbia"): the source's own words may say so, the other place's country may contradict
        it, or the material simply does not say."""
        name = getattr(other, "name", str(other))
        if fold(name) in fold(citation.quote):
            self.add(TRUE)
            return
        country = getattr(other, "country", None)
        if country and country != place.country and not self.finder.same_country(country, place.country) and not self._homonym(
                place, country):
            # "Graz in Australia": the list's Graz is in Austria. But "Victoria in British Columbia" is
            # another Victoria, one the material does not name: that it does not say.
            self.add(FALSE, "finding_place_country", [citation], name=place, country=place.country, claimed=country)
            return
        self.add(UNSAID, "finding_place_within", [citation], label=place, name=place, claimed=other)

    def _attached(self, mentions: list[Mention], subjects: list[Mention],
                  rivals: tuple[Mention, ...] | list[Mention] = ()) -> list[Mention]:
        """The mentions said with one of the subjects: near it, with only linking words between — and said
        with it rather than with another place (`rivals`): "Montreal is in Canada and Mexico City is in
        Mexico" says Canada of Montreal, the place before it, not of Mexico City after it."""
        tokens, linking = self.asserted.tokens, self.asserted.linking

        # Other places named in a row count as linking words: "Thies and Kati are in Mali" says Mali of both.
        listed = {i for s in (*subjects, *rivals) for i in range(s.start, s.end)}

        def attachable(subject: Mention, mention: Mention) -> bool:
            start, end = (subject.end, mention.start) if mention.start >= subject.end else (mention.end, subject.start)
            return end - start <= ATTACHED_GAP and all(
                token in linking or i in listed for i, token in enumerate(tokens[start:end], start))

        def owners(mention: Mention) -> list[Mention]:
            # The places before it it may be said of; only where there are none, those after it.
            places = [s for s in (*subjects, *rivals) if attachable(s, mention)]
            return [s for s in places if s.end <= mention.start] or places

        if not tokens:  # no tokens to look at (a reading made elsewhere): every mention counts
            return mentions
        return [m for m in mentions if any(s in subjects for s in owners(m))]

    def _homonym(self, place: Place, country: str) -> bool:
        """Another place of the same name in that country, which the material does not name (Victoria in
        British Columbia, not the Victoria it lists under Australia)."""
        name = fold(place.name.split(",")[0])
        return any(u.kind == "city" and u.near is not None and u.near.place == place.name and u.country == country
                   and any(fold(n).startswith(name) for n in (u.name, *u.aliases))
                   for u in self.finder.unlisted)

    def _places_in(self, scope: object) -> list[Place]:
        if isinstance(scope, Region):
            return self.finder.places_in_region(scope)
        if scope is None:
            return []
        return self.finder.places_in_country(scope)  # type: ignore[arg-type]

    def _scope(self, mention: Mention, asks_if_listed: bool) -> None:
        scope = mention.target
        if isinstance(scope, Region):
            self.grouping = scope
        found = self._places_in(scope)
        citations = [self.cite(p) for p in found]
        if asks_if_listed and not isinstance(scope, Region):
            # "Is Ghana a human rights city?": a country is not one of the places; say what it names there.
            self.country_as_place = True
            self.add(UNSAID, "finding_country_as_place", country=scope)
            return
        counts = self.asserted.counts
        alone = [m.target for m in self.decision.mentions if m.kind == "place" and m.target in found]
        if self.asserted.only and alone:
            # "Is Bandung the only one in Indonesia?", answered with what the material names there.
            self._only(alone[0], scope)  # type: ignore[arg-type]
            return
        if counts:
            for count in counts:
                if self.asserted.named:
                    self.add(TRUE if count == len(found) else FALSE,
                             None if count == len(found) else "finding_count_scope_named", citations,
                             right=len(found), claimed=count, scope=scope)
                else:
                    self.add(UNSAID, "finding_count_scope_unsaid" if found else "finding_count_scope_none",
                             citations, count=len(found), names=found, scope=scope)
        if self.asserted.every:
            self.add(UNSAID, "finding_all_unsaid" if found else "finding_all_unsaid_none", citations,
                     names=found, scope=scope)
        if self.asserted.superlative or self.asserted.first:
            self.add(UNSAID, "finding_superlative_unsaid", word=self.asserted.superlative)
        if self.asserted.polar and not counts and not self.asserted.every:
            # "Is there one in Japan?" asserts there is: the material names one, or does not say.
            self.add(TRUE if found else UNSAID)

    def _total_count(self) -> None:
        total = len(self.content.places)
        if self.asserted.complete:
            self.add(FALSE, "finding_list_complete", list(self.decision.intent.citations) if self.decision.intent else [])
        for count in self.asserted.counts:
            if self.asserted.named:
                self.add(TRUE if count == total else FALSE, None if count == total else "finding_count_named",
                         right=total, claimed=count)
            else:
                # (The count answer says so itself; the list answer does not.)
                counting = self.decision.intent is not None and self.decision.intent.id == "places_count"
                self.add(UNSAID, None if counting else "finding_count_total_unsaid", count=total)

    def unlisted_subject(self) -> None:
        """"Seoul must be one too, since the Forum is in Korea?": whatever the answer is about, the
        question puts forward a place the material does not name."""
        # (Not a place said to be where something happened, who did it, or in an event's name.)
        aside = {id(m) for m in self.asserted.located} | {id(m) for found in self.asserted.in_names.values() for m in found}
        first = min((m for m in self.decision.mentions if m.kind in ("place", "unlisted")), key=lambda m: m.start, default=None)
        if first is not None and first.kind == "unlisted" and id(first) not in aside and first not in self.asserted.doers:
            self.add(UNSAID, "finding_unlisted", name=first.target)

    # --- events -------------------------------------------------------------------------------

    def events(self, intent_id: str) -> None:
        facts = self.content.facts.for_intent(intent_id)
        a = self.asserted
        asked = [f for f in facts if f.action in a.actions]
        if not asked and a.actions and a.polar:
            # "Did the Forum launch the concept?" names an action this answer's facts are not about: it
            # is checked against the fact that is (who launched it), wherever that fact is answered.
            asked = [f for f in self.content.facts.facts if f.action in a.actions]
        asked = asked or facts
        if a.founded and "launch" in a.actions and a.polar:
            # "The People's Movement was founded in 1993", "the Forum started in 2011": when an organisation
            # was founded, the material doesn't say; the concept's launch is another event.
            self.add(UNSAID, "finding_unsaid")
            asked = [f for f in asked if f.action != "launch"]
        if not asked:
            return
        if a.order and a.polar:
            # "The Declaration came after the 2015 report": the two events' dates, whatever the answer is.
            if a.founded and "launch" in a.order:
                self.add(UNSAID, "finding_unsaid")  # "the Forum started after the Declaration": when, unsaid
            else:
                self._order(*a.order, a.order_years)
        if not any(self._refers_to(f) for f in asked) and not a.order:
            # "Human rights cities get a subsidy every year, right?" matched the Forum on "every year"
            # alone: the question is not about any event these facts are, and the material doesn't
            # say what it claims. Never confirmed, never corrected with another event's values.
            if a.years or a.periods or a.months or a.frequency or (a.actions and a.actors):
                self.add(UNSAID, "finding_unsaid")
                self.unrelated = True
            return
        if a.dated:
            # "Wasn't the Declaration adopted in 1997, when the concept was launched?": each year against the
            # event of the action named nearest to it.
            for action, years in a.dated.items():
                # (A right year confirms only an event of this answer: "the declaration from 2011 says
                # cities hold a referendum" is no "Yes" of the Forum's answer.)
                self._attribute([f for f in self.content.facts.facts if f.action == action], "year",
                                [("year", y) for y in years], confirm=any(f.action == action for f in facts))
        elif len(a.years) > 1:
            # "Concept 1997, Declaration 2011, report 2015?": each year against the fact it belongs to.
            everything = self.content.facts.facts
            for year in a.years:
                given = next((f for f in everything if f.year == year), None)
                if given is not None:
                    # Each year confirmed by the answer that gives it, so every one is shown.
                    self.add(TRUE, citations=[given.citation], support=list(given.intents[:1]))  # type: ignore[list-item]
                else:
                    self._attribute(asked, "year", [("year", year)])
        elif a.years:
            self._attribute(asked, "year", [("year", y) for y in a.years])
        for first, length, typed in a.periods:
            # "launched in the 1990s", "in the 21st century": any year of the period is that year; another is not.
            given = next((f for f in asked if f.year is not None), None)
            if given is not None:
                self._attribute([given], "year", [("year", given.year if first <= given.year < first + length else typed)])
        if a.months:
            self._attribute(asked, "month", [("month", m) for m in a.months])
        if a.days:
            self._attribute(asked, "day", [("day", d) for d in a.days])
        # Who did it is asserted only where the question says what was done ("Did the UN launch it?"); an
        # actor merely named ("what did the UN report say") asserts nothing about who did what. A place
        # named without "in" is put forward as the one who did it ("Gwangju launched the idea").
        # A place said to do what happens somewhere ("Barcelona hosts the Forum") is where it is said to happen.
        hosts = [m for m in a.doers if m.kind in ("place", "unlisted")] if any(f.place is not None for f in asked) else []
        claimed_actors: list[object] = list(a.actors) or [m.target for m in a.doers[:1] if m not in hosts]
        if a.actions and a.strangers:
            if claimed_actors and any(by for _name, by in a.strangers):
                # "PDHRE was founded by Shulamith Koenig": who founded the one named, the material doesn't say.
                self.add(UNSAID, "finding_unsaid")
            elif not claimed_actors:
                claimed_actors = [a.strangers[0][0]]  # "Eleanor Roosevelt launched it"
        if a.actions and claimed_actors and not a.order:  # (in "adopted before the UN report", the UN names the report)
            # Who did what the question says was done: "it was the Forum that invented the idea" is checked
            # against who launched it, even where the answer is the Forum's.
            acted = [f for f in asked if f.action in a.actions] or [
                f for f in self.content.facts.facts if f.action in a.actions] or asked
            credited = [actor for actor in claimed_actors
                        if any(f.actor and _same("actor", actor, f.actor, self.content) for f in acted)]
            if credited and all(getattr(actor, "id", None) not in {f.actor for f in acted} for actor in credited):
                # Credited only as the broader name ("the UN report"): another actor named beside it is the
                # one the question says did it ("PDHRE wrote the 2015 UN report").
                credited = []
            # "The Committee produced the report, and the Forum meets in Seoul": the one credited is
            # named; the other actors belong to other clauses, checked by what is said of them.
            self._attribute(acted, "actor", [("actor", actor) for actor in credited or claimed_actors])
        places = [m for m in a.located if m.kind in ("place", "unlisted")] + [m for m in hosts if m not in a.located]
        if places:
            # Where a named actor's own event happens ("the Forum meets in Seoul"), unless the facts of
            # this answer already say where.
            named = {actor.id for actor in a.actors}
            theirs = [f for f in self.content.facts.facts if f.actor in named and f.place is not None]
            where = [f for f in asked if f.place is not None] or theirs or asked
            self._attribute(where, "place", [("place", m.target) for m in places])
        wider = [m for m in a.located if m.kind in ("country", "region")]
        done = [f for f in asked if f.action in a.actions]
        if wider and not places and done:
            held = [f for f in done if f.place is not None]
            if held:
                # "The Forum holds its yearly meeting in North Korea?": a country or region for where the
                # event is held is checked against the place the source gives (Gwangju, Republic of Korea).
                self._event_country(held, wider)
            else:
                # "Human rights cities were invented in Europe?": where it was done, the material doesn't say.
                self._attribute(done, "place", [("place", m.target) for m in wider])
        if a.frequency:
            self._attribute(asked, "frequency", [("frequency", a.frequency)])
        for fact_id, mentions in a.in_names.items():
            # "It was called the Barcelona Declaration": the place in an event's name, against the name's.
            # (The right name only names the event: "when was the Gwangju Declaration adopted" asserts nothing.)
            named = [f for f in self.content.facts.facts if f.id == fact_id and f.named]
            wrong = [m for m in mentions if named and not self._names(m, named[0].named)]  # type: ignore[arg-type]
            if wrong:
                self._attribute(named, "named", [("named", m.target) for m in wrong])

    def _order(self, later: str, earlier: str, years: int | None = None) -> None:
        """"The Declaration came after the 2015 report": the two events' dates, as the source gives them;
        with how many years apart (`years`: "four years after"), that too."""
        facts = self.content.facts.facts
        ones = [f for f in facts if f.action == later and f.year is not None]
        others = [f for f in facts if f.action == earlier and f.year is not None]
        if not ones or not others:
            self.add(UNSAID, "finding_unsaid")  # (when the Forum started, the material doesn't say)
            return
        one, other = ones[0], others[0]
        right = (one.year, one.month or 0, one.day or 0) > (other.year, other.month or 0, other.day or 0) and (
            years is None or years == one.year - other.year)
        self.add(TRUE if right else FALSE, "finding_order", [one.citation, other.citation],  # type: ignore[list-item]
                 later=one, earlier=other)

    def _names(self, mention: Mention, named: str) -> bool:
        """Is the place (or the country: "the Korean declaration") right for a name that holds `named`?"""
        if mention.kind == "country":
            place = self.finder.place_named(named)
            return place is not None and self.finder.same_country(mention.target.name, place.country)  # type: ignore[union-attr]
        return _same("named", mention.target, named, self.content)

    def _event_country(self, facts: list[Fact], wider: list[Mention]) -> None:
        """Countries or regions said to be where an event is held, against the place the source gives."""
        place = self.finder.place_named(facts[0].place)  # type: ignore[arg-type]
        if place is None:
            return
        for mention in wider:
            target = mention.target
            if isinstance(target, Region):
                right = target.contains(place.country)
            else:
                right = self.finder.same_country(target.name, place.country)  # type: ignore[union-attr]
            if right:
                self.add(TRUE, citations=[facts[0].citation], attribute="place")  # type: ignore[list-item]
            else:
                self.add(FALSE, "finding_value", [facts[0].citation], fact=facts[0], attribute="place",  # type: ignore[list-item]
                         right=facts[0].place, claimed=target)

    def _refers_to(self, fact: Fact) -> bool:
        """Does the question speak of this event: its doer, what was done, or the words of an answer
        that tells it (besides the words of its claims)?"""
        a = self.asserted
        named = {actor.id for actor in a.actors} | {i for actor in a.actors for i in actor.includes}
        return (fact.actor in named or fact.action in a.actions or self.about is None
                or any(i in self.about for i in fact.intents))

    def _attribute(self, facts: list[Fact], attribute: str, claimed: list[tuple[str, object]], confirm: bool = True) -> None:
        """Compare claimed values with the first fact that gives this attribute; if none gives it, the
        first that says it is unsaid; if none does either, the question asks something these facts are
        not about, and nothing is found."""
        given = next((f for f in facts if getattr(f, attribute) is not None), None)
        if given is None:
            unsaid = next((f for f in facts if attribute in f.unsaid), None)
            if unsaid is not None:
                self.add(UNSAID, "fact_unsaid", [unsaid.citation], fact=unsaid, attribute=attribute)  # type: ignore[list-item]
            return
        right = getattr(given, attribute)
        for _name, value in claimed:
            if _same(attribute, value, right, self.content):
                if confirm:
                    self.add(TRUE, citations=[given.citation], attribute=attribute)  # type: ignore[list-item]
            else:
                self.add(FALSE, "finding_value", [given.citation], fact=given, attribute=attribute,  # type: ignore[list-item]
                         right=right, claimed=value)

    # --- duties and services ------------------------------------------------------------------

    def duties(self, intent_id: str) -> None:
        duties = self.content.facts.duties
        if duties is None or intent_id not in duties.intents:
            return
        for count in self.asserted.counts:
            if count == duties.count:
                self.add(TRUE)
            else:
                self.add(FALSE, "finding_count_duties", [duties.citation],  # type: ignore[list-item]
                         claimed=self.asserted.count_words.get(count, count))
        for phrase in self.asserted.other_duties:
            self.add(FALSE, "finding_other_duty", [duties.citation], claimed=phrase)  # type: ignore[list-item]
        named = self.asserted.duty_named
        if self.asserted.only and 1 < len(named) < duties.count and not self.asserted.counts:
            # "The duties are only respect and protect?": some of the duties, said to be all of them.
            self.add(FALSE, "finding_count_duties", [duties.citation], claimed=len(named))  # type: ignore[list-item]
        if len(named) > 1:
            for duty, given in sorted(self.asserted.meant.items()):
                # "…respect, protect and fulfil, and 'protect' means officials shouldn't violate rights
                # themselves": a duty given another's meaning, whichever answer was chosen.
                # (Another duty's words beside its own are often part of its meaning: "make sure third
                # parties do not violate rights" is the duty to protect's.)
                wrong = sorted(given - {duty})
                if duty not in given and duty in duties.intent_of:
                    self.add(FALSE, "finding_duty_swap", support=[duties.intent_of[duty], duties.intent_of[wrong[0]]],
                             other=wrong[0], asked=duty)
                elif not wrong:
                    self.add(TRUE)
        asked = next(iter(named)) if len(named) == 1 else next(
            (duty for duty, iid in duties.intent_of.items() if iid == intent_id), None)
        signs = self.asserted.duty_signs
        if asked is None or not signs or (not named and intent_id == duties.intent_of.get(asked)):
            # Without a duty named, the signs are the question ("which duty is about third parties?").
            return
        others = sorted(signs - {asked})
        if not others:
            self.add(TRUE)
            return
        # Another duty's meaning in it ("the duty to respect means officials make sure third parties do
        # not violate rights"), even beside some of the asked duty's own words: never confirmed.
        other = others[0]
        # The answer is the duty asked about, then the one whose meaning the question gave it.
        self.add(FALSE, "finding_duty_swap", support=[duties.intent_of[asked], duties.intent_of[other]],
                 other=other, asked=asked)

    def statements(self, intent_id: str) -> None:
        """"Local authorities are far removed from citizens, right?": the source says the opposite, in
        the words of the answer itself (which the verdict then leads)."""
        statements = [s for s in (self.content.facts.statements.get(i) for i in self.asserted.denied) if s is not None]
        for statement in statements:
            if intent_id in statement.intents:
                self.statement_used = True
                self.add(FALSE, citations=[statement.citation])  # type: ignore[list-item]
        if statements and not self.statement_used:
            # "It began in 1997, and local authorities have nothing to do with human rights, right?": the
            # answer chosen is about something else; the denial is corrected with the answer that states
            # what it denies, then the one chosen.
            statement = statements[0]
            self.statement_used = True
            self.add(FALSE, citations=[statement.citation], support=[statement.intents[0], intent_id])  # type: ignore[list-item]

    def places_elsewhere(self) -> None:
        """"The Forum's yearly meeting is in Gwangju, China": whatever the answer is about, a place the
        list names said with another country is corrected from the list."""
        mentions = self.decision.mentions
        countries = [m for m in mentions if m.kind == "country"]
        for mention in (m for m in mentions if m.kind == "place"):
            place: Place = mention.target  # type: ignore[assignment]
            for country in self._attached(countries, [mention]):
                name = country.target.name  # type: ignore[union-attr]
                if name != place.country and name not in place.unjudged_countries and not self._homonym(place, name):
                    citation = self.cite(place)
                    self.add(FALSE, "finding_place_country", [citation], name=place, country=place.country,
                             claimed=country.target)

    def place_dates(self) -> None:
        """"Did Bandung declare itself in 2030?": the list has no dates, so a date put to a place is
        never confirmed by the place being on it."""
        a = self.asserted
        if (a.years or a.months or a.days) and not any(f.key == "finding_value" for f in self.findings):
            self.add(UNSAID, "finding_place_date_unsaid")

    def affirmations(self, intent_id: str) -> None:
        """"A human rights city is a city that officially declared itself one, right?": what the source
        states outright, put forward about cities in general (a named place is checked as a place)."""
        if not self.asserted.polar or self.decision.mentions:
            return
        for statement_id in self.asserted.affirmed:
            statement = self.content.facts.statements.get(statement_id)
            if statement is not None and intent_id in statement.intents:
                self.add(TRUE, "finding_statement", citations=[statement.citation],  # type: ignore[list-item]
                         statement=statement.id)

    def services(self, intent_id: str) -> None:
        services = self.content.facts.services
        if services is None or intent_id not in services.intents:
            return
        named = [m for m in self.decision.mentions if m.kind in ("place", "unlisted", "country", "region")]
        if named and self.asserted.polar and self.asserted.services:
            # "Does Graz provide good housing?": the source speaks of local authorities in general, never
            # of one place's services.
            self.add(UNSAID, "finding_unsaid")
            return
        listed = len(services.names)
        if self.asserted.only and len(self.asserted.services) == 1 < listed:
            # "Hospitals and clinics are the ONLY public facility linked to human rights": it lists five.
            self.add(FALSE, "finding_count_services", [services.citation],  # type: ignore[list-item]
                     claimed=len(self.asserted.services), services=services.names)
            return
        for _service in sorted(self.asserted.services):
            self.add(TRUE)
        for count in self.asserted.counts:
            # "The text lists only two public facilities?": it lists five. ("Five" is confirmed of the list
            # only: it says "such as", so five is no count of what local authorities decide on.)
            if count == listed:
                if self.asserted.named:
                    self.add(TRUE)
            else:
                self.add(FALSE, "finding_count_services", [services.citation],  # type: ignore[list-item]
                         claimed=self.asserted.count_words.get(count, count), services=services.names)
        for phrase in self.asserted.other_services:
            self.add(UNSAID, "finding_service_unsaid", [services.citation], claimed=phrase,  # type: ignore[list-item]
                     services=services.names)


ATTACHED_GAP = 10  # the most words between a place and the country or region said to be its own


def _of_a_value(finding: Finding) -> bool:
    """A finding about a number or a date the question gives."""
    return (finding.key or "").startswith("finding_count") or finding.values.get("attribute") in ("year", "month", "day")


def _same(attribute: str, claimed: object, right: object, content: Content) -> bool:
    if attribute == "actor":
        actor = content.facts.actors.get(str(right))
        claimed_id = getattr(claimed, "id", None)
        return claimed_id == right or (actor is not None and claimed_id in actor.includes)
    if attribute in ("place", "named"):
        return getattr(claimed, "name", claimed) == right
    if attribute == "frequency":
        return claimed == right
    return claimed == right

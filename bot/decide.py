"""Choosing what a question asks: an intent, a gap in the material, a close call, or nothing we know.

The decision reads a `Reading` (bot/understand.py) in its language's model and never looks at how the
answer will be worded; the premises are checked and the answer composed afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .analysis import COUNTRY_TOKEN, PLACE_TOKEN, REGION_TOKEN
from .content import Intent
from .matcher import Scored
from .places import Mention
from .understand import LanguageModel, Reading

PLACE_INTENTS = ("place_listed", "places_in_country", "places_in_region", "places_list", "places_count")
SMALLTALK_GREETINGS = ("greet", "thanks", "goodbye")
PREFERRED_FLOOR = 0.6  # an intent the question names is taken from this share of the threshold
CLEAR_WITHOUT_CLAIMS = 0.7  # set its claim words aside, a question must match this clearly to count


@dataclass(frozen=True)
class MatchSettings:
    """The knobs of the decision, tuned on tests/eval/dev.yaml (see README for the numbers)."""

    threshold: float = 0.6  # below this the best intent is not trusted: fall back
    margin: float = 0.01  # a runner-up this close to the best is a close call: ask "did you mean"
    # A question that says "human rights city" is about our topic even when chatty ("my grandson
    # keeps saying 'human rights city', what does it mean?"): trust its best intent from here.
    on_topic_threshold: float = 0.45


@dataclass
class Decision:
    outcome: str  # answer | smalltalk | gap | ambiguous | fallback | empty
    intent: Intent | None = None
    confidence: float = 0.0
    mentions: list[Mention] = field(default_factory=list)  # the places the answer is about
    candidates: list[Intent] = field(default_factory=list)  # "did you mean", best first
    borrowed: bool = False  # the places are named elsewhere in the message, not in this sentence

    @property
    def matched(self) -> bool:
        return self.outcome in ("answer", "smalltalk")


def outcome_of(intent: Intent) -> str:
    return {"answer": "answer", "smalltalk": "smalltalk", "gap": "gap"}[intent.kind]


def decide(reading: Reading, model: LanguageModel, settings: MatchSettings, help_intent: Intent | None,
           context: list[Mention] | None = None, named: tuple[str, ...] = (), acted: tuple[str, ...] = ()) -> Decision:
    """The decision for one piece of text; `context` holds places named elsewhere in the message.
    `named`: intents the question names outright (a duty called by its name); `acted`: the answers about
    an action the question credits to someone ("Did the UN launch it?" is about who launched it). Either
    is preferred to a better-scoring intent; only `acted` to a gap (that question is not about the UN)."""
    decision = _decide(reading, model, settings, help_intent, context, named, acted)
    if decision.intent is not None and decision.intent.id in PLACE_INTENTS:
        decision = replace(decision, intent=place_intent_matching_mentions(
            decision.intent, decision.mentions, model.matcher.intents, only=reading.asserted.only))
    return decision


def _decide(reading: Reading, model: LanguageModel, settings: MatchSettings, help_intent: Intent | None,
            context: list[Mention] | None, named: tuple[str, ...], acted: tuple[str, ...]) -> Decision:
    intents = model.matcher.intents
    # ("Besides Kaohsiung, which cities in Asia?": the answer is about Asia, not the place set aside.)
    mentions = [m for m in reading.mentions if m.start not in reading.excluded] if reading.excluded else reading.mentions
    words = reading.words
    # What the question says besides naming places: nothing (or only "is it on the list" words, how it
    # ranks them — "the biggest" —, or a greeting: "hi! is Linz one?") means it asks whether the place is one.
    remainder = (set(words) - model.generic - model.place_modifiers - model.chatter_words
                 - {PLACE_TOKEN, COUNTRY_TOKEN, REGION_TOKEN})

    exact = model.exact.get(" ".join(reading.placed))
    if exact is not None:
        return _chosen(intents[exact], 1.0, mentions)

    # "My cousin lives in Gwangju, is it really a human rights city?": besides the place, only words no
    # intent knows, and the question is about membership: still "is it one of them".
    membership = set(words) & model.membership
    stems = model.analyzer.stems
    # Shortcuts to a place answer only for places named as the question's own, not the asker's story
    # ("sorry, i am from Indonesia… what is a human rights city?").
    foreground = reading.foreground
    # ("What's the human rights situation in Bogotá right now?" asks something else of the place.)
    if foreground and membership and reading.asserted.polar and all(
            not model.matcher.is_known(w) for w in stems(sorted(remainder))):
        remainder = set()
    borrowed = False
    defines = not reading.asserted.polar and bool(model.topic_words) and model.topic_words <= set(words)
    # (Not a greeting or thanks: "Thank you so much!" asks about no place.)
    chatter = bool(set(reading.words) & model.chatter_words)
    if context and not mentions and not remainder and not defines and not chatter:
        # "…students from Senegal… Is there one?": the sentence asks about a place named elsewhere (but
        # "…from Indonesia. What is a human rights city?" asks what one is).
        mentions, borrowed = context, True
        foreground = context
    if any(m.asked and m.kind in ("place", "unlisted") for m in mentions) and "place_listed" in intents:
        # "…is Jyväskylä on the human rights cities list or not?": named where only a place can stand.
        return _chosen(intents["place_listed"], 0.95, mentions)
    if not foreground and "place_listed" in intents and _own_place_is_one(reading, model, mentions):
        # "I live in Graz and my grandma says we are a human rights city. Is that true?": the asker's own
        # place, said in the first person to be one, is the place asked about.
        return _chosen(intents["place_listed"], 0.95, mentions)
    if foreground and not remainder:
        # (Named as where the asker is, a place the material does not name says what kind of answer is
        # asked for no more than it is a topic: "hi from São Paulo! which Brazilian cities are ones?" asks
        # about a country. One it names is still what "is my city on your list?" asks about.)
        asked = [m for m in mentions if m in foreground or (m.kind == "place" and m.start not in reading.excluded)]
        intent = intents.get(place_intent_for(asked))
        if intent is not None:
            intent = _first_scope(intent, asked, intents)
            # A sentence that only points back at a place named elsewhere is less sure than one that names it.
            return replace(_chosen(intent, settings.threshold if borrowed else 0.95, mentions), borrowed=borrowed)

    bag = reading.bag
    if not reading.full_bag and not mentions and context is None and help_intent is not None:
        # Only function words ("what can you tell me", "what is it"): say what we can do.
        return _chosen(help_intent, settings.threshold, mentions)

    # The whole question first; if that finds nothing sure, the question without the values it asserts
    # ("Does the Forum meet every two years?" is about the Forum, whatever it claims about how often).
    ranked = model.matcher.rank(reading.full_bag, limit=4)
    unknown = [w for w in reading.full_bag if not model.matcher.is_known(w)]
    # Only claim words may be set aside: an unknown word of the topic keeps the question out, and so does
    # an unknown year, unless it dates an action the question asserts ("launched in 1993, right?" —
    # unlike "what happened in Gwangju in 1980?").
    dated_claim = reading.asserted.polar and bool(reading.asserted.actions)
    by_bag: list[list[Scored]] = []  # the question without its claims, ranked once (8 deep) if at all

    def ranked_without_claims(limit: int) -> list[Scored]:
        if not by_bag:
            by_bag.append(model.matcher.rank(bag, limit=8))
        return by_bag[0][:limit]

    if not _sure(ranked, settings) and reading.full_bag != bag and not any(
            w in bag or (w.isdigit() and not dated_claim) for w in unknown):
        without_claims = ranked_without_claims(4)
        if _sure(without_claims, settings) and without_claims[0].score >= CLEAR_WITHOUT_CLAIMS:
            ranked = without_claims
    threshold = settings.threshold
    on_topic = bool(model.topic_words) and model.topic_words <= set(words)
    if on_topic:
        threshold = min(threshold, settings.on_topic_threshold)
    # A greeting or thanks around a question answers the question ("hi! what is a human rights city?"),
    # as surely as the question alone would be answered ("Hallo, ist meine Stadt eine
    # Menschenrechtsstadt?" is on topic).
    if ranked and ranked[0].intent.id in SMALLTALK_GREETINGS and len(ranked) > 1:
        rest = [s for s in ranked[1:] if s.intent.kind != "smalltalk"]
        if rest and rest[0].score >= threshold:
            ranked = rest
    if on_topic:
        # "Sorry if this is a dumb question, but what is a human rights city?": the topic itself and
        # nothing else we know of: that is the definition question.
        rest = stems(sorted(set(words) - model.topic_words))
        if model.topic_intent is not None and not mentions and not any(
                model.matcher.is_known(w) and w not in model.chatter and not w.isdigit() for w in rest):
            # …unless it puts a number to them: "are there 30 human rights cities?" asks how many.
            if _counts_the_topic(reading, model) and "places_count" in intents:
                return _chosen(intents["places_count"], threshold, mentions)
            return _chosen(model.topic_intent, threshold, mentions)
    for wanted, over_gaps in ((acted, True), (named, False)):
        if not wanted:
            continue
        ranked_bag = ranked_without_claims(8)
        preferred = [s for s in ranked_bag if s.intent.id in wanted and s.score >= threshold * PREFERRED_FLOOR]
        if preferred and (not ranked or ranked[0].intent.id in wanted or over_gaps or ranked[0].intent.kind != "gap"):
            # "Duty to protect = officials must not violate rights themselves?": it asks about the duty it
            # names; "Did the UN launch it?" asks who launched it.
            ranked = [replace(preferred[0], score=max(preferred[0].score, threshold)),
                      *(s for s in ranked if s.intent is not preferred[0].intent)]
            break
    if not ranked or ranked[0].score < threshold:
        return Decision("fallback", confidence=ranked[0].score if ranked else 0.0, mentions=mentions,
                        candidates=[s.intent for s in ranked[:3]])
    best = ranked[0]
    close = [s for s in ranked[1:] if best.score - s.score < settings.margin and s.score >= threshold]
    if best.intent.id in named or best.intent.id in acted:
        # The question names what it is about, and any of the answers it names will do ("cities don't
        # matter, the report says?" is corrected by the report's answer as well as by its rationale).
        close = []
    if close and not _same_family(best, close):
        candidates = [best.intent, *(s.intent for s in close)][:3]
        return Decision("ambiguous", confidence=best.score, mentions=mentions,
                        candidates=[i for i in candidates if i.kind != "gap"] or candidates)
    if context and not mentions and best.intent.id in PLACE_INTENTS:
        # ("…East Asia specifically, so Korea, Japan, China. Which places in that part of the world are
        # listed?": of a region and countries named before, the one named first is the scope.)
        return replace(_chosen(_first_scope(best.intent, context, intents), best.score, context), borrowed=True)
    return _chosen(_first_scope(best.intent, mentions, intents), best.score, mentions)


def _first_scope(intent: Intent, mentions: list[Mention], intents: dict[str, Intent]) -> Intent:
    """"Any in South Korea at all, or is this mostly a European thing?": of a country and a region both
    named, the one named first is the scope asked about."""
    scopes = sorted((m for m in mentions if m.kind in ("country", "region")), key=lambda m: m.start)
    if intent.id not in ("places_in_country", "places_in_region") or len({m.kind for m in scopes}) < 2:
        return intent
    return intents.get("places_in_country" if scopes[0].kind == "country" else "places_in_region", intent)


def _counts_the_topic(reading: Reading, model: LanguageModel) -> bool:
    """A number said of the topic itself ("30 human rights cities", "23 villes des droits humains"), not of
    something else ("explain it like I'm 5")."""
    tokens = reading.tokens
    numbers = set(model.lexicon.claims.numbers)
    return bool(reading.asserted.counts) and any(
        (token.isdigit() or token in numbers) and set(tokens[i + 1 : i + 4]) & model.topic_words
        for i, token in enumerate(tokens))


def _sure(ranked: list[Scored], settings: MatchSettings) -> bool:
    return bool(ranked) and ranked[0].score >= settings.threshold and (
        len(ranked) < 2 or ranked[0].score - ranked[1].score >= settings.margin)


def _chosen(intent: Intent, score: float, mentions: list[Mention]) -> Decision:
    return Decision(outcome_of(intent), intent, score, mentions)


def _own_place_is_one(reading: Reading, model: LanguageModel, mentions: list[Mention]) -> bool:
    """A yes/no question that says, in the first person, that the asker's place is one ("we are a human
    rights city"): the place is named only as where the asker lives, a first-person word outside that
    stands just before the topic's words, no question word asks something else ("…what is it?"), and
    besides the topic's words the question says nothing any answer knows."""
    lexicon = model.lexicon
    if lexicon.by_characters or not reading.asserted.polar or not any(
            m.kind in ("place", "unlisted") and m.start in reading.background for m in mentions):
        return False
    tokens = reading.tokens
    first_person = frozenset(lexicon.claims.words("first_person"))
    topic = [i for i, token in enumerate(tokens) if token in model.topic_words]
    if not topic or not any(tokens[i] in first_person and i not in reading.background
                            for i in range(max(0, topic[0] - 3), topic[0])):
        return False
    said = f" {' '.join(tokens)} "
    if any(f" {phrase} " in said for phrase in lexicon.claims.words("question_words")):
        return False
    said = set(model.analyzer.stems(list(reading.words))) - model.topic_stems - model.plain_stems - model.chatter
    return bool(model.topic_stems) and model.topic_stems <= set(reading.bag) and not any(
        model.matcher.is_known(w) for w in said)


def _same_family(best: Scored, close: list[Scored]) -> bool:
    """Place intents differ only by what was named; the mentions decide between them."""
    return best.intent.id in PLACE_INTENTS and all(s.intent.id in PLACE_INTENTS for s in close)


def place_intent_for(mentions: list[Mention]) -> str:
    kinds = {m.kind for m in mentions}
    if "place" in kinds or ("unlisted" in kinds and not _only_context(mentions)):
        return "place_listed"
    if "country" in kinds:
        return "places_in_country"
    return "places_in_region"


def _only_one_of(mentions: list[Mention]) -> bool:
    """A place named with its own country ("Bandung … in Indonesia")."""
    countries = {m.target.name for m in mentions if m.kind == "country"}
    return any(m.kind == "place" and m.target.country in countries for m in mentions)


def _only_context(mentions: list[Mention]) -> bool:
    """"I'm from Ontario… is there any in Canada?": the places named are regions of the country asked
    about (where the asker is from), and none is asked about itself."""
    countries = {m.target.name for m in mentions if m.kind == "country"}
    unlisted = [m for m in mentions if m.kind == "unlisted"]
    return bool(countries) and not any(m.asked for m in mentions) and all(
        getattr(m.target, "kind", "city") == "region" and getattr(m.target, "country", None) in countries
        for m in unlisted)


def place_intent_matching_mentions(intent: Intent, mentions: list[Mention], intents: dict[str, Intent],
                                   only: bool = False) -> Intent:
    """The place intent fits what was named: "is Japan one" asks about a country, not a city, "list
    the cities in Africa" asks about a region, not the whole list, and "is Bandung the only one in
    Indonesia?" (`only`) about the country's places."""
    if not mentions or intent.id not in PLACE_INTENTS:
        return intent
    if only and _only_one_of(mentions) and "places_in_country" in intents:
        return intents["places_in_country"]
    if intent.id in ("places_list", "places_count") and all(m.kind in ("place", "unlisted") for m in mentions):
        return intent
    needed = {"place_listed": ("place", "unlisted"), "places_in_country": ("country",), "places_in_region": ("region",)}
    if any(m.kind in needed.get(intent.id, ()) for m in mentions) and not (
            intent.id != "place_listed" and any(m.kind == "place" for m in mentions)):
        return intent  # what the question names fits the answer chosen
    return intents.get(place_intent_for(mentions), intent)

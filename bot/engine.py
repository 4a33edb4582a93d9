"""The answering engine: a question in, an `Answer` out. No Telegram here.

`Engine.ask` runs three stages, each a module of its own:

1. understand (bot/understand.py, bot/language.py, bot/claims.py): the question's language, the places it
   names, its words, and what it asserts;
2. decide (bot/decide.py): which intent it asks — or a gap in the material, a close call, nothing we know;
3. answer: check what it asserts against the source (bot/premises.py), then compose the answer in its
   language — verdict first, then the material's words, citations with translations, notes apart
   (bot/compose.py).

A long message is also read sentence by sentence, and the best reading wins.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterator

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .analysis import PLACEHOLDER_TOKENS, Analyzer, is_unspaced, placeholder_text
from .answer import Answer, CityRef
from .claims import YEAR, Asserted
from .compose import Composer
from .content import ENGLISH, Content, Intent, load_content, place_citations
from .decide import SMALLTALK_GREETINGS, Decision, MatchSettings, decide
from .language import LanguageDetector
from .matcher import IntentMatcher
from .places import Mention, PlaceFinder
from .predicates import PlacePredicates
from .premises import Verdict, check
from .text import has_letters, normalize
from .understand import LanguageModel, Reading, clean_question, read, with_placeholders

__all__ = ["Answer", "CityRef", "Engine", "MatchSettings", "clean_question"]

LONG_MESSAGE_WORDS = 14  # from here on a message that finds no answer is also read sentence by sentence


# Claim words that say nothing of what a question is about ("every year" says nothing of the Forum).
CLAIM_WORD_LISTS = ("annual", "other_frequencies", "only", "all", "first", "negation", "tags", "complete")


def settle() -> None:
    """For a process that loads one engine and answers with it for good (`hrc-bot run`), once the engine or
    a language's model is built: everything alive now is moved out of the cyclic collector's generations
    (gc.freeze, cheap), so a full collection never walks the models' few hundred thousand objects again —
    one paused an answer in a few thousand by some 170 ms. Not for a process that loads engines and drops
    them (tests): what is frozen is freed by reference counting only."""
    gc.freeze()


class Engine:
    """Loads content once and answers questions from it, in every language the content speaks."""

    def __init__(self, content: Content, settings: MatchSettings | None = None):
        self.content = content
        self.settings = settings or MatchSettings()
        self.intents = content.intents
        # What each language's content says is counted, a model built and the finder's list of ordinary
        # words made the first time they are needed: start-up pays for English only, and a bot whose users
        # write two languages never builds the other seven models.
        self._counts = _Models(lambda code: _word_counts(content, code), content.languages)
        self.finder = PlaceFinder(content, ordinary_words=lambda: _ordinary_words(content, self._counts))
        self.models = _Models(self._model, content.languages)
        self.models.get(ENGLISH)
        self.detector = LanguageDetector(content.languages, lambda: {
            code: frozenset(self._counts[code]) | content.lexicons[code].stopwords for code in content.languages})
        self.place_citations = place_citations(content)
        self._credited = {f.actor for f in content.facts.facts if f.actor}
        self._answer_words: dict[tuple[str, str], frozenset[str]] = {}
        self.predicates = PlacePredicates(content, self.finder, self._without_names)
        self._restate_ignored: dict[str, frozenset[str]] = {}  # language -> stems a restatement may add
        self.featured = [next(iter(content.intents_in(t.id))) for t in content.visible_topics() if content.intents_in(t.id)]
        self.composer = Composer(content, self.finder, self.place_citations, self.featured)

    @classmethod
    def load(cls, content_dir: Path | None = None, settings: MatchSettings | None = None) -> "Engine":
        return cls(load_content(content_dir), settings)

    @property
    def languages(self) -> list[str]:
        return list(self.content.languages)

    def _model(self, language: str) -> LanguageModel:
        lexicon = self.content.lexicons[language]
        analyzer = Analyzer(lexicon, self._counts[language], dictionary=self.finder.unspaced_names())
        intents = [i for i in self.intents.values() if language in i.texts]
        example_tokens: dict[str, list[list[str]]] = {}
        owners: dict[str, set[str]] = {}
        for intent in intents:
            text = intent.texts[language]
            token_lists = []
            for example in (*text.examples, text.title):
                example = placeholder_text(example)
                tokens = analyzer.segment(normalize(example))
                # Examples are read like questions: "what is the gwangju declaration" names a place too.
                # Their names are spelled right (the misspellings in them are there on purpose).
                tokens = with_placeholders(tokens, self.finder.find_in(example, tokens, typos=False))
                token_lists.append(tokens)
                owners.setdefault(" ".join(tokens), set()).add(intent.id)
            example_tokens[intent.id] = token_lists
        matcher = IntentMatcher(intents, {iid: [analyzer.bag(t) for t in lists] for iid, lists in example_tokens.items()})
        topic_intent = self.intents.get(lexicon.topic_intent or "")
        smalltalk = {i.id for i in intents if i.kind == "smalltalk"}
        topical = frozenset().union(*(v for iid, v in matcher.vocab.items() if iid not in smalltalk))
        chatter = frozenset().union(*(v for iid, v in matcher.vocab.items() if iid in smalltalk)) - topical
        greetings = [i for i in intents if i.id in ("greet", "thanks", "goodbye")]
        greeting_words = {w for i in greetings for e in i.texts[language].examples
                          for w in analyzer.content_words(analyzer.segment(normalize(e)))}
        topical_words = {w for i in intents if i.kind != "smalltalk" for e in i.texts[language].examples
                         for w in analyzer.content_words(analyzer.segment(normalize(placeholder_text(e))))}
        answers = [i for i in intents if i.kind == "answer"]
        answer_stems = frozenset(w for i in answers for w in matcher.vocab.get(i.id, ())).union(
            *(analyzer.bag(analyzer.segment(normalize(placeholder_text(i.texts[language].answer)))) for i in answers))
        return LanguageModel(
            language=language, lexicon=lexicon, analyzer=analyzer, matcher=matcher,
            # A question typed exactly like one example (after normalising) needs no scoring; this also
            # answers questions made only of function words ("what can you do").
            exact={text: ids.pop() for text, ids in owners.items() if len(ids) == 1 and text},
            generic=lexicon.words("generic_words"), membership=lexicon.words("membership_words"),
            topic_words=lexicon.words("topic_words"), topic_intent=topic_intent, chatter=chatter,
            chatter_words=frozenset(greeting_words - topical_words),
            place_modifiers=frozenset(w for ps in lexicon.claims.table("superlatives").values() for p in ps for w in p.split()),
            topic_stems=frozenset(analyzer.stems(sorted(lexicon.words("topic_words")))),
            claim_stems=frozenset(analyzer.stems(sorted(
                {w for p in analyzer.fold_synonyms(sorted({w for key in CLAIM_WORD_LISTS for p in lexicon.claims.words(key)
                                                            for w in p.split()})) for w in p.split()}))),
            answer_stems=answer_stems,
            plain_stems=frozenset(analyzer.stems(sorted(
                {w for p in lexicon.claims.words("question_words") for w in p.split()}
                | lexicon.words("topic_words") | lexicon.words("generic_words")))),
        )

    # --- asking ----------------------------------------------------------------------------------

    def prepare(self, language: str) -> None:
        """Build a language's model now rather than on its first question; for English, also load what
        telling languages apart needs (fastText's model, every language's words)."""
        self.models.get(language)
        if language == ENGLISH:
            self.language_of("what is a human rights city")

    def language_of(self, question: str) -> str | None:
        """The language a question is written in, if the bot speaks it and can tell from the text alone."""
        cleaned = clean_question(question)
        return self.detector.detect(cleaned, without_names=self._without_names(cleaned))

    def ask(self, question: str, language: str | None = None, fallback: str | None = None) -> Answer:
        """Answer one question. `language` forces the language; otherwise the question's own language,
        then `fallback` (the user's choice or Telegram's language), then English. Never raises."""
        cleaned = clean_question(question)
        language = self._language(cleaned, language, fallback)
        if not has_letters(cleaned):
            return self.composer.compose(_EMPTY_READING, Decision("empty"), Verdict(None), question, language)
        model = self.models[language]
        best = self._choose(cleaned, model)
        return self.composer.compose(best.reading, best.decision, best.verdict, question, language)

    def _choose(self, cleaned: str, model: LanguageModel) -> "_Candidate":
        """The reading of a message to answer from: the whole, or the sentence that asks."""
        whole = self._reading(cleaned, model)
        best = self._candidate(whole, model)
        segments = _segments(cleaned)
        answered = best.matched and best.outcome != "smalltalk"
        # A short message answered as a whole stands, unless it finds a premise false or unsaid: then the
        # sentence that asks may be the question proper, the rest the asker's own story.
        if not segments or (answered and not _is_long(cleaned) and best.verdict.verdict in (None, "yes")):
            return best
        # A long message is mostly context ("I teach a grade 9 class and next week… could you explain what
        # the concept is?"), and a greeting is only a greeting: the question is usually one sentence of it.
        # Each sentence, and each pair of neighbours, is asked on its own; places named anywhere in the
        # message still count. A sentence that asks is preferred to the whole message, and that to one
        # that tells; an answer found for the whole message gives way only to a surer sentence that asks.
        best_rank = _preference(best, asks=False, enough=True, whole=True)
        # Sentences that lean on the one before: too terse to stand alone ("Which duty is that?"), or a
        # question after a sentence that only tells ("Now, the duty to respect: what does that mean?").
        leaning: set[int] = set()
        asking = [_asks(segment, model) for segment in segments]
        leaning.update(i for i in range(1, len(segments)) if asking[i] and not asking[i - 1])
        for index, segment in _segments_to_read(segments, leaning, asking, done=lambda: best_rank[:2] == (2, True)):
            asks = asking[index] if index < len(segments) else _asks(segment, model)
            if answered and not asks:
                continue
            reading = self._reading(segment, model, within=whole)
            enough = _says_enough(reading, model)
            if not enough and index < len(segments):
                leaning.update((index, index + 1))  # too terse to stand alone: read with its neighbours too
            candidate = self._candidate(reading, model, context=_context(whole, reading, model), whole=whole)
            # The sentence that asks the same thing as the whole message, as surely, is the question
            # proper: its premises are checked, not the asker's story around it ("I study in the
            # Netherlands… Is Bandung really on that list?").
            surer = candidate.confidence > best.confidence or (
                candidate.intent is best.intent and candidate.confidence >= best.confidence)
            if answered and not (candidate.matched and surer and enough):
                continue
            rank = _preference(candidate, asks=asks, enough=enough, whole=False)
            if candidate.outcome == "smalltalk" and any(asking) and (
                    candidate.intent is None or candidate.intent.id in SMALLTALK_GREETINGS or not asks):
                # "Hello! … Which night markets are best? Thanks!": the message asks something; a greeting
                # or thanks around it is no answer to it, nor a plea ("…what can I do? Help me please"), but
                # "what sort of things can I ask you?" is.
                continue
            if rank > best_rank:
                best, best_rank = candidate, rank
        if best.intent is not None and best.intent.id in SMALLTALK_GREETINGS and any(asking) and _is_long(cleaned):
            # "Hey! Any good documentaries about human rights for a rainy Sunday? …": a long message that
            # asks something, matched only by its greeting, asks what the material does not cover.
            fallback = Decision("fallback", confidence=best.confidence, mentions=best.decision.mentions)
            best = _Candidate(best.reading, fallback, lambda: Verdict(None))
        return best

    def _language(self, cleaned: str, forced: str | None, fallback: str | None) -> str:
        preferred = self._supported(fallback)
        if not forced:
            # A title typed as one ("World Human Rights City Forum", "Final Report on Role of Local
            # Government…" inside an Indonesian question) tells nothing of the asker's language.
            plain = _TITLE.sub(" ", cleaned) if _TITLE.search(cleaned) else cleaned
            forced = self.detector.detect(cleaned, preferred, without_names=self._without_names(plain))
        return self._supported(forced) or preferred or ENGLISH

    def _without_names(self, text: str) -> str:
        """The question without the places it names: "광주 is on the list right?" is English, and "Bogotá?"
        says nothing about the asker's language."""
        tokens = normalize(text).split()
        named = {i for m in self.finder.find(text) for i in range(m.start, m.end)}
        kept = []
        for index, token in enumerate(tokens):
            if index not in named:
                kept.append(token)
            elif is_unspaced(token):  # 堺市は人権都市: the name goes, the rest of the token stays
                for name in self.finder.names_in(token):
                    token = token.replace(name, " ")
                kept.append(token)
        return " ".join(kept)

    def _supported(self, code: str | None) -> str | None:
        """A language code as Telegram or a person writes it (es-MX, zh-hant, zh-TW) -> one the bot speaks."""
        if not code:
            return None
        wanted = code.replace("_", "-").lower()
        by_lower = {c.lower(): c for c in self.models}
        aliases = {"zh-tw": "zh-hant", "zh-hk": "zh-hant", "zh-mo": "zh-hant", "zh": "zh-hant"}
        for candidate in (wanted, aliases.get(wanted, ""), wanted.split("-")[0]):
            if candidate in by_lower:
                return by_lower[candidate]
        return None

    def _reading(self, text: str, model: LanguageModel, within: Reading | None = None) -> Reading:
        return read(text, model, self.finder, self.content.facts.actors, within)

    def _candidate(self, reading: Reading, model: LanguageModel, context: list[Mention] | None = None,
                   whole: Reading | None = None) -> "_Candidate":
        """Decided and checked, not yet worded: only the reading finally chosen is composed. `whole`: the
        message this sentence is part of."""
        named, acted = self._named_intents(reading)
        decision = decide(reading, model, self.settings, self.intents.get("help"), context, named=named, acted=acted)
        if decision.borrowed and whole is not None and _only_confirms(reading, model):
            # "…told me her city is NOT a human rights city. Is she correct?": a sentence that only asks
            # whether what the message says is right asks about what the message says of the place.
            reading = replace(reading, asserted=whole.asserted)
        # "Is Ghana a human rights city?" names a country where only a place can stand.
        country_asked = any(m.asked and m.kind == "country" for m in reading.mentions)
        # (A single character, "會", is too little to say what a question is about.)
        own = frozenset(w for w in reading.bag if len(w) > 1
                        and w not in model.plain_stems and w not in model.claim_stems and w not in PLACEHOLDER_TOKENS)
        about = model.matcher.touched(own)

        def checked(decision: Decision = decision) -> Verdict:
            return check(reading.asserted, decision, self.content, self.finder, self.place_citations,
                         asks_if_listed=country_asked, restates=self._restates(reading, decision, model),
                         words=len(reading.tokens), about=about,
                         says_more=lambda: self.predicates.says_more(reading, decision.intent, model))

        if decision.outcome != "answer" or decision.confidence >= self.settings.threshold:
            # Checked only if this reading is the one answered: a long message has several.
            return _Candidate(reading, decision, checked)
        verdict = checked()
        if verdict.unrelated:
            # Matched only leniently (it says "human rights cities"), and what it dates or credits is no event
            # of that answer ("…get EU money every year, right?" is not about the Forum's annual meeting):
            # the material doesn't cover it.
            decision = Decision("fallback", confidence=decision.confidence, mentions=decision.mentions,
                                candidates=[decision.intent] if decision.intent else [])
            verdict = check(reading.asserted, decision, self.content, self.finder, self.place_citations,
                            words=len(reading.tokens))
        return _Candidate(reading, decision, lambda: verdict)

    def _named_intents(self, reading: Reading) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The intents a question names outright — one duty by its name, the three when it names several —
        and, for "Did the UN launch the concept?", the answers about what was done (who launched it), when
        the question credits it to someone other than the one the source credits or dates it."""
        asserted = reading.asserted
        named: tuple[str, ...] = ()
        duties = self.content.facts.duties
        if duties is not None and asserted.duty_named:
            if len(asserted.duty_named) > 1:
                named = tuple(i for i in duties.intents if i not in duties.intent_of.values())
            else:
                named = tuple(duties.intent_of[d] for d in asserted.duty_named if d in duties.intent_of)
        # A question denying what the source states is about the answer that states it.
        statements = self.content.facts.statements
        named += tuple(i for s in asserted.denied if s in statements for i in statements[s].intents if i not in named)
        acted: tuple[str, ...] = ()
        doers = [a.id for a in asserted.actors] + [m.target.name for m in asserted.doers]
        # So does a question that dates an action ("human rights cities started in 2001, didn't they?"):
        # it is about when that was done.
        # So does one that says how often or where it is done ("the Forum meets every two years in Seoul").
        if asserted.polar and asserted.actions and (asserted.years or asserted.periods or asserted.frequency or asserted.located
                                                    or any(d not in self._credited for d in doers)):
            acted = tuple(i for f in self.content.facts.facts if f.action in asserted.actions for i in f.intents[:1])
        if asserted.order:
            # "The UN report came four years after the Gwangju Declaration?" is about the event placed.
            acted += tuple(i for f in self.content.facts.facts if f.action == asserted.order[0]
                           for i in f.intents[:1] if i not in acted)
        return named, acted

    def _restates(self, reading: Reading, decision: Decision, model: LanguageModel) -> bool:
        """Does the question say only what the chosen answer's own words say?"""
        if decision.intent is None or decision.intent.kind != "answer":
            return False
        key = (model.language, decision.intent.id)
        words = self._answer_words.get(key)
        if words is None:
            answer = decision.intent.text(model.language).answer
            words = self._answer_words[key] = frozenset(model.analyzer.bag(model.analyzer.segment(normalize(answer))))
        ignored = self._restate_ignored.get(model.language)
        if ignored is None:
            ignored = self._restate_ignored[model.language] = frozenset(
                model.analyzer.stems(sorted(model.generic | model.topic_words)))
        asked = {w for w in reading.bag if w not in PLACEHOLDER_TOKENS and w not in ignored}
        return len(asked) >= 3 and asked <= words  # "un report" names a topic; it asserts nothing

    def answer_for(self, intent_id: str, language: str = ENGLISH) -> Answer | None:
        """The answer of an intent picked directly (a button, a deep link), not typed."""
        intent = self.intents.get(intent_id)
        if intent is None:
            return None
        language = self._supported(language) or ENGLISH
        decision = Decision("answer" if intent.kind == "answer" else intent.kind, intent, 1.0)
        return self.composer.compose(_EMPTY_READING, decision, Verdict(None), intent.title_in(language), language)

    def search(self, question: str, limit: int = 5, fallback: str | None = None) -> list[Answer]:
        """Several candidate answers for a question (inline mode): the answer first, then close ones."""
        first = self.ask(question, fallback=fallback)
        answers = [first] if first.matched or first.outcome == "gap" else []
        seen = {first.intent.id} if first.intent else set()
        model = self.models[first.language]
        reading = self._reading(clean_question(question), model)
        for scored in model.matcher.rank(reading.full_bag, limit=limit + 1):
            if len(answers) >= limit:
                break
            if scored.intent.id in seen or scored.score < self.settings.threshold / 2 or scored.intent.kind != "answer":
                continue
            seen.add(scored.intent.id)
            answer = self.answer_for(scored.intent.id, first.language)
            if answer is not None:
                answer.confidence = scored.score
                answers.append(answer)
        return answers


class _Models(dict):  # type: ignore[type-arg]
    """Something per language (a model, word counts), each built on first use."""

    def __init__(self, build: Callable[[str], object], languages: list[str]):
        super().__init__()
        self._build = build
        self._languages = list(languages)

    def __missing__(self, language: str):  # type: ignore[no-untyped-def]
        if language not in self._languages:
            raise KeyError(language)
        model = self[language] = self._build(language)
        return model

    def get(self, language: str, default: object = None):  # type: ignore[no-untyped-def,override]
        return self[language] if language in self._languages else default  # type: ignore[return-value]

    def __contains__(self, language: object) -> bool:
        return language in self._languages

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._languages)


def _word_counts(content: Content, language: str) -> dict[str, int]:
    """Every word the content uses in a language, with how often: what a typo is corrected towards."""
    counts: dict[str, int] = {}
    texts = [t for i in content.intents.values() if language in i.texts
             for t in (*i.texts[language].examples, i.texts[language].title, i.texts[language].answer)]
    if language == ENGLISH:
        texts += [p for s in content.sources.values() for p in s.paragraphs]
    for text in texts:
        for word in normalize(placeholder_text(text)).split():
            counts[word] = counts.get(word, 0) + 1
    return counts


def _ordinary_words(content: Content, counts: "_Models") -> set[str]:
    """Words the content uses, which a typo-tolerant place search must not bend into place names — bar
    the places' own names and the misspellings of them that examples carry on purpose ("gwanju")."""
    names: set[str] = set()
    for place in content.places:
        for name in (place.name, *place.aliases, *(n for names_ in place.names.values() for n in names_)):
            names |= set(normalize(name).split())
    # The everyday words inside long names ("ciudad" of Ciudad de México, "city", "Stadt", "ville") stay
    # ordinary: a guessed place name must never be "ma ville" or "mi ciudad".
    everyday = {w for lexicon in content.lexicons.values()
                for w in lexicon.stopwords | lexicon.words("generic_words") | lexicon.words("topic_words")}
    names -= everyday
    long_names = [n for n in names if len(n) >= 5 and n.isascii()]
    words = {w for code in content.languages for w in counts[code]} - names
    return {w for w in words if not (len(w) >= 5 and w.isascii() and process.extractOne(
        w, long_names, scorer=OSA.distance, score_cutoff=1) is not None)}


# Three or more capitalised words in a row (small words between them allowed): a name or a title, in
# whatever language the question around it is written.
_TITLE = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:(?:of|on|in|the|and|for|to)\s+)*[A-Z][\w’'-]*){2,}")


def _is_long(text: str) -> bool:
    return len(text.split()) >= LONG_MESSAGE_WORDS or (is_unspaced(text) and len(text) >= 3 * LONG_MESSAGE_WORDS)


# Unspaced scripts end a sentence without a space, and a greeting often with a wave dash ("こんばんは～").
_SENTENCE_END = re.compile(r"(?<=[.?!;:])\s+|(?<=[。？！～〜])\s*|\s*\n+\s*")


def _segments(text: str) -> list[str]:
    """Each sentence of a message (none for a message of one sentence)."""
    pieces = [s for s in _SENTENCE_END.split(text) if s.strip()]
    # "…the year PDHRE launched the idea? 2011 I mean": a value said after the question belongs to it.
    for index in range(len(pieces) - 1, 0, -1):
        if len(pieces[index].split()) <= 3 and YEAR.search(pieces[index]):
            pieces[index - 1 : index + 1] = [f"{pieces[index - 1]} {pieces[index]}"]
    sentences = [s for s in pieces if len(s.split()) >= 2 or (is_unspaced(s) and len(s) >= 4)]
    # One sentence besides a word or two ("哈囉～…是什麼意思嗎？感謝🙏") is still read on its own.
    return sentences if len(sentences) >= 2 or len(pieces) > len(sentences) == 1 else []


def _segments_to_read(sentences: list[str], leaning: set[int], asking: list[bool],
                      done: Callable[[], bool]) -> Iterator[tuple[int, str]]:
    """The sentences that ask, then those that tell — each followed by the sentences that lean on the one
    before them, read together with it (`leaning` is filled by the caller while it reads). Those that tell
    are read only while no sentence that asks has been answered (`done`): an answer to a sentence that asks
    is preferred to any of theirs. Pairs only for three sentences or more: of two, the pair is the whole
    message."""
    for asks in (True, False):
        if not asks and done():
            return
        indexes = [i for i, a in enumerate(asking) if a == asks]
        for index in indexes:
            yield index, sentences[index]
        if len(sentences) > 2:
            for index in indexes:
                if index > 0 and index in leaning:
                    yield len(sentences) + index, f"{sentences[index - 1]} {sentences[index]}"


@dataclass(frozen=True)
class _Candidate:
    reading: Reading
    decision: Decision
    checked: Callable[[], Verdict]  # the verdict, worked out when first asked for

    @cached_property
    def verdict(self) -> Verdict:
        return self.checked()

    @property
    def matched(self) -> bool:
        return self.decision.matched

    @property
    def outcome(self) -> str:
        return self.decision.outcome

    @property
    def confidence(self) -> float:
        return self.decision.confidence

    @property
    def intent(self) -> Intent | None:
        return self.decision.intent


def _preference(answer: _Candidate, asks: bool, enough: bool, whole: bool) -> tuple[int, bool, bool, bool, float]:
    """Which reading of a long message to keep: an answer (or a recognised gap) over a close call over
    nothing, then a sentence that asks over the whole message over a sentence that tells ("I'm from
    Santa Fe province."), a sentence that says enough over one that leans on its neighbour ("What does
    that label mean?" read with the sentence before it), then the more confident one."""
    rank = {"answer": 2, "gap": 2, "smalltalk": 1, "ambiguous": 1}.get(answer.outcome, 0)
    return rank, asks, enough, whole, answer.confidence


def _context(whole: Reading, part: Reading, model: LanguageModel) -> list[Mention]:
    """The places of the whole message a sentence may lean on ("…students from Senegal. Is there one?"):
    not where the message says one of the material's actors did something ("…the Forum meets in Seoul.
    Could you confirm?"), and
    where the asker writes from only when the sentence speaks of the asker ("I grew up in Thies… is my
    old town on the list?", but not "activist in Barcelona here… what else is in that list?")."""
    said = whole.asserted
    done_at = {id(m) for m in said.located} if said.actions and said.actors else set()
    own = not set(part.tokens).isdisjoint(model.lexicon.claims.words("first_person"))
    return [m for m in whole.mentions if id(m) not in done_at and (own or m.start not in whole.background)]


def _only_confirms(reading: Reading, model: LanguageModel) -> bool:
    """"Is she correct?", "Could you confirm?": a yes/no question with no claim and no word of its own, not
    even the topic's ("what does the page actually say?" asks, it confirms nothing)."""
    words = set(reading.full_bag)
    return reading.asserted.polar and not reading.asserted.anything and words <= model.plain_stems and not (
        model.topic_stems and model.topic_stems <= words)


def _says_enough(reading: Reading, model: LanguageModel) -> bool:
    """A sentence with two words of its own besides question words and the words every question uses
    ("which duty is that" has one, and so has "what does that duty mean for the city": they lean on the
    sentence before)."""
    own = len([w for w in reading.full_bag if w not in model.plain_stems])
    # The topic named whole ("human rights cities") is a word of its own: "is my hometown one of the
    # human rights cities?" says enough; so does a place named in the sentence ("is Graz on the list?").
    named_topic = bool(model.topic_stems) and model.topic_stems <= set(reading.full_bag)
    # "So what actually is a human rights city??" asks what the topic itself is: that is the whole question.
    defines = named_topic and own == 0 and not reading.mentions and not reading.asserted.polar
    return defines or own + named_topic + bool(reading.mentions) >= 2


def _asks(segment: str, model: LanguageModel) -> bool:
    """A sentence that asks: it ends with a question mark or opens with a question word (anywhere in it, in
    a language read by characters: "…どういう意味なのか教えていただけますか" asks without a question mark)."""
    if segment.rstrip().endswith(("?", "？")):
        return True
    if model.lexicon.by_characters:
        said = normalize(segment)
        return any(w in said for w in model.lexicon.claims.words("question_words"))
    opening = " ".join(normalize(segment).split()[:3])
    return any(f" {w} " in f" {opening} " for w in model.lexicon.claims.words("question_words"))


_EMPTY_READING = Reading("", ENGLISH, [], [], [], [], [], [], Asserted())

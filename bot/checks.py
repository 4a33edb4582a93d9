"""Content checks beyond what loading enforces: the curator's `hrc-bot check`.

Loading stops at what would break the bot; these checks find what would make it say something wrong or
incomplete: an example under two intents, a paragraph no answer reaches, an answer naming a year, number or
name its citations do not carry, and, for every language, a missing or unfaithful translation.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import strings
from .analysis import placeholder_text
from .content import ENGLISH, Content, load_content
from .text import fold, fold_quotes, normalize
from .translations import placeholders
from .yamlfile import ContentError, Problem

MIN_EXAMPLES = {"answer": 25, "gap": 25, "smalltalk": 10}
OPTIONAL_TEMPLATES = {"found_one"}  # a language whose "found" reads well for one place needs no other
# Telegram's limits for what the bot registers about itself, per language.
LOCALE_LIMITS = {"bot_description": 512, "bot_short_description": 120}
COMMAND_DESCRIPTION_MAX = 256
_NUMBER = re.compile(r"(?<![A-Za-z\d.,])\d+(?:[.,]\d+)?(?![A-Za-z\d])")
_HTML_TAG = re.compile(r"</?([a-z-]+)")


def check_content(root: Path | None = None) -> tuple[Content | None, list[Problem]]:
    """Load the content and run every check; returns the content (if it loads) and all problems."""
    try:
        content = load_content(root, cache=False)  # the curator's check reads every file, every time
    except ContentError as exc:
        return None, exc.problems
    from .quiz.bank import validate_bank

    problems = (duplicate_examples(content) + uncited_paragraphs(content) + unsupported_place_templates(content)
                + uncovered_answers(content) + validate_bank(content))
    for language in content.languages[1:]:
        problems += missing_translations(content, language) + unfaithful_numbers(content, language)
        problems += locale_problems(language)
    return content, problems


def duplicate_examples(content: Content) -> list[Problem]:
    """The same phrasing under two intents makes the bot guess; each example must have one home."""
    problems = []
    for language in content.languages:
        owner: dict[str, str] = {}
        for intent in content.intents.values():
            text = intent.texts.get(language)
            if text is None:
                continue
            seen_here: set[str] = set()
            for example in text.examples:
                key = normalize(placeholder_text(example))
                if key in seen_here:
                    problems.append(Problem(text.where, f"intent {intent.id!r} lists the example {example!r} twice"))
                    continue
                seen_here.add(key)
                if key in owner and owner[key] != intent.id:
                    problems.append(Problem(
                        text.where, f"example {example!r} of {intent.id!r} conflicts with the same example in {owner[key]!r}"
                    ))
                owner.setdefault(key, intent.id)
    return problems


def uncited_paragraphs(content: Content) -> list[Problem]:
    """Every paragraph of every source that states something should be reachable through some answer.

    A heading (a short line that is not a sentence, like the page title) states nothing to cite.
    """
    cited = {(c.source, c.paragraph) for i in content.intents.values() for c in i.citations}
    problems = []
    for source in content.sources.values():
        for number, paragraph in enumerate(source.paragraphs, start=1):
            if (source.id, number) not in cited and not _is_heading(paragraph):
                problems.append(Problem(
                    f"knowledge/sources/{source.id}.md:{_line_of_paragraph(content, source.id, number)}",
                    f"paragraph {number} ({paragraph[:40]!r}…) is not cited by any intent",
                ))
    return problems


def unsupported_place_templates(content: Content) -> list[Problem]:
    """Place intents answer through templates; a missing one would fall back to a generic answer."""
    needed = {
        "place_listed": ("listed", "unlisted"),
        "places_in_country": ("found", "none"),
        "places_in_region": ("found", "none"),
        "places_list": ("all",),
        "places_count": ("all",),
    }
    problems = []
    for intent_id, keys in needed.items():
        intent = content.intents.get(intent_id)
        if intent is None:
            continue
        for key in keys:
            if key not in intent.templates:
                problems.append(Problem(intent.where, f"intent {intent_id!r} needs a template {key!r}"))
    return problems


# --- the answer says no more than its citations -------------------------------------------------

def uncovered_answers(content: Content) -> list[Problem]:
    """An answer (or a quiz explanation) must not carry a year, a number or a proper name that appears in
    none of its citations nor the place data it draws on. Names an answer gives only to say the material
    does not cover them (a gap's "the Universal Declaration of Human Rights") are listed in its
    `outside_names`."""
    places = " ".join(f"{p.name} {p.country}" for p in content.places)
    problems = []
    for intent in content.intents.values():
        if intent.kind == "smalltalk":
            continue
        allowed = " ".join([*(c.quote for c in intent.citations), *intent.outside_names])
        if intent.templates or intent.id.startswith("place"):
            allowed += f" {places} {len(content.places)}"
        for text in (intent.answer, *intent.templates.values()):
            for what in uncovered(text, allowed):
                problems.append(Problem(intent.where, f"intent {intent.id!r} says {what!r}, which none of its citations says"))
    for question in content.quiz:
        if question.citation is None:
            continue
        for what in uncovered(question.explanation, question.citation.quote):
            problems.append(Problem(question.where, f"quiz explanation of {question.id!r} says {what!r}, "
                                                    "which its citation does not"))
    return problems


def _word_forms(text: str) -> set[str]:
    """Words of a text, case- and accent-blind, without possessives and plurals ("People's", "Cities")."""
    folded = re.sub(r"'s\b", "", fold(fold_quotes(text)))
    return {_singular(w) for w in re.findall(r"\w+", folded)}


def _singular(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") and len(word) > 3 else word


def uncovered(text: str, allowed: str) -> list[str]:
    """Years, numbers and proper names of `text` that `allowed` does not contain."""
    words = _word_forms(allowed)
    found = [n for n in _NUMBER.findall(PLACEHOLDER_FREE.sub(" ", text)) if n not in words]
    for name in proper_names(text):
        if not _word_forms(name) <= words:
            found.append(name)
    return found


PLACEHOLDER_FREE = re.compile(r"\{\w+\}")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;—]\s+|[“\"(]\s*)$")


def proper_names(text: str) -> list[str]:
    """Capitalised words not at the start of a sentence or quotation ("Gwangju", "Forum"), but not "I"."""
    text = PLACEHOLDER_FREE.sub(" ", fold_quotes(text))
    names = []
    for match in re.finditer(r"[A-Z][\w'’-]*", text):
        word = match.group(0).rstrip("'’").removesuffix("'s")
        if word == "I" or word.startswith("I'") or _SENTENCE_START.search(text[: match.start()]):
            continue
        names.append(word)
    return names


# --- languages -------------------------------------------------------------------------------------

def _mirror(where: str, language: str) -> str:
    """intents/basics.yaml:59 -> intents/es/basics.yaml:1 (where the language's text belongs)."""
    path = where.split(":")[0]
    folder, _, name = path.rpartition("/")
    return f"{folder}/{language}/{name}:1"


def missing_translations(content: Content, language: str) -> list[Problem]:
    problems = []
    for intent in content.intents.values():
        text = intent.texts.get(language)
        if text is None:
            problems.append(Problem(_mirror(intent.where, language), f"intent {intent.id!r} has no {language} text"))
            continue
        if not text.answer:
            problems.append(Problem(text.where, f"intent {intent.id!r} has no {language} answer"))
        wanted = MIN_EXAMPLES[intent.kind]
        if len(text.examples) < wanted:
            problems.append(Problem(text.where, f"intent {intent.id!r} has {len(text.examples)} {language} examples, "
                                                f"{wanted} at least"))
        for key in intent.templates:
            if key not in text.templates and key not in OPTIONAL_TEMPLATES:
                problems.append(Problem(text.where, f"intent {intent.id!r} has no {language} template {key!r}"))
    for topic in content.topics.values():
        if language not in topic.titles:
            problems.append(Problem(f"intents/{language}/topics.yaml:1", f"topic {topic.id!r} has no {language} title"))
    for question in content.quiz:
        if language not in question.texts:
            problems.append(Problem(f"quiz/{language}/questions.yaml:1", f"quiz question {question.id!r} has no {language} text"))
    names = f"knowledge/i18n/{language}.yaml:1"
    for place in content.places:
        if language not in place.names:
            problems.append(Problem(names, f"places: {place.name!r} has no {language} name"))
        if place.note and language not in place.notes:
            problems.append(Problem(names, f"notes: {place.name!r} has no {language} note"))
        country = content.country_named(place.country)
        if country is not None and language not in country.names:
            problems.append(Problem(names, f"countries: {place.country!r} has no {language} name"))
    for region in content.regions:
        if language not in region.names:
            problems.append(Problem(names, f"regions: {region.name!r} has no {language} name"))
    for unlisted in content.unlisted:
        if unlisted.near is not None and language not in unlisted.notes:
            problems.append(Problem(names, f"notes: {unlisted.name!r} has no {language} note"))
    for actor in content.facts.actors.values():
        if language not in actor.names:
            problems.append(Problem(names, f"actors: {actor.id!r} has no {language} name"))
    for fact in content.facts.facts:
        for attribute in fact.unsaid:
            if attribute not in fact.unsaid_texts.get(language, {}):
                problems.append(Problem(names, f"facts: {fact.id}.{attribute} has no {language} sentence"))
    for quote in _cited_quotes(content):
        if content.translate_quote(quote, language) is None:
            problems.append(Problem(names, f"quotes: no {language} translation of {quote[:60]!r}"))
    return problems


def _cited_quotes(content: Content) -> list[str]:
    quotes = [c.quote for i in content.intents.values() for c in i.citations]
    quotes += [q.citation.quote for q in content.quiz if q.citation]
    quotes += [f.citation.quote for f in content.facts.facts if f.citation]  # type: ignore[attr-defined]
    quotes += [s.citation.quote for s in content.facts.statements.values() if s.citation]  # type: ignore[attr-defined]
    return list(dict.fromkeys(quotes))


def _numbers(text: str) -> list[str]:
    return sorted(_NUMBER.findall(PLACEHOLDER_FREE.sub(" ", text)))


def unfaithful_numbers(content: Content, language: str) -> list[Problem]:
    """A faithful translation keeps every number and year of the English, and adds none. A month or a
    count the English writes in words ("May", "three") may be a digit in the translation (5월, 3つ)."""
    english = content.lexicons.get(ENGLISH)
    spelled = {**english.claims.months, **english.claims.numbers} if english else {}

    def differ(english_text: str, translated: str) -> bool:
        given, written = set(_numbers(english_text)), set(_numbers(translated))
        words = set(normalize(english_text).split())
        allowed = given | {str(v) for k, v in spelled.items() if k in words or f" {k} " in f" {normalize(english_text)} "}
        return not given <= written or not written <= allowed

    problems = []
    for intent in content.intents.values():
        text = intent.texts.get(language)
        if text is None:
            continue
        pairs = [("answer", intent.answer, text.answer)]
        pairs += [(f"template {k!r}", v, text.templates[k]) for k, v in intent.templates.items() if k in text.templates]
        for what, english_text, translated in pairs:
            if differ(english_text, translated):
                problems.append(Problem(text.where, f"intent {intent.id!r} {language} {what} has the numbers "
                                                    f"{_numbers(translated)}, the English {_numbers(english_text)}"))
    for question in content.quiz:
        text = question.texts.get(language)
        if text is None:
            continue
        for what, english, translated in [("question", question.question, text.question),
                                          ("explanation", question.explanation, text.explanation),
                                          *((f"option {i + 1}", o, t) for i, (o, t) in enumerate(zip(question.options, text.options)))]:
            if differ(english, translated):
                problems.append(Problem(f"quiz/{language}/questions.yaml:1",
                                        f"quiz question {question.id!r} {what}: numbers {_numbers(translated)}, "
                                        f"English {_numbers(english)}"))
    return problems


def locale_problems(language: str) -> list[Problem]:
    """Every interface string in the language, with the English placeholders and tags, within limits."""
    path = strings.locale_file(language)
    where = f"bot/locales/{language}.yaml:1"
    if path is None or path.stem != language:
        return [Problem(where, f"missing file: the {language} interface strings")]
    english = strings._table(ENGLISH)
    table = strings._table(language)
    problems = []
    for key, template in english.items():
        translated = table.get(key)
        if not translated:
            problems.append(Problem(where, f"missing key {key!r}"))
            continue
        if placeholders(translated) != placeholders(template):
            problems.append(Problem(where, f"{key!r} has placeholders {sorted(placeholders(translated))}, "
                                           f"English has {sorted(placeholders(template))}"))
        if sorted(_HTML_TAG.findall(translated)) != sorted(_HTML_TAG.findall(template)):
            problems.append(Problem(where, f"{key!r} has other HTML tags than the English"))
        limit = LOCALE_LIMITS.get(key, COMMAND_DESCRIPTION_MAX if key.startswith("cmd_") else None)
        if limit is not None and len(translated) > limit:
            problems.append(Problem(where, f"{key!r} is {len(translated)} characters, Telegram allows {limit}"))
    for key in table:
        if key not in english:
            problems.append(Problem(where, f"{key!r} is not an English key"))
    return problems


def _is_heading(paragraph: str) -> bool:
    return len(paragraph.split()) <= 8 and not paragraph.rstrip().endswith(".")


def _line_of_paragraph(content: Content, source_id: str, number: int) -> int:
    path = content.root / "knowledge" / "sources" / f"{source_id}.md"
    line, seen, in_paragraph = 0, 0, False
    for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text.strip() and not in_paragraph:
            seen += 1
            if seen == number:
                return line
        in_paragraph = bool(text.strip())
    return max(line, 1)


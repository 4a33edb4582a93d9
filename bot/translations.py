"""Loading one more language: its intents, quiz, names and quote translations, mirroring English.

Loading stops at what would break the bot (an unknown id, a template with other placeholders than the
English one, a quiz text over Telegram's limits); what is merely missing is reported by `hrc-bot check`
(bot/checks.py), and the bot answers in English where a language has no text yet.
"""

from __future__ import annotations

import re
from pathlib import Path

from .content import (
    POLL_QUESTION_MAX,
    QUIZ_EXPLANATION_LINE_FEEDS,
    QUIZ_EXPLANATION_MAX,
    TITLE_MAX,
    Content,
    IntentText,
    QuizText,
    check_options,
)
from .text import collapse_spaces
from .yamlfile import Located

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def load_translations(c, content: Content, language: str) -> None:  # type: ignore[no-untyped-def]
    """Attach everything `language` says to the English content it mirrors."""
    _load_intent_texts(c, content, language)
    _load_quiz_texts(c, content, language)
    _load_names(c, content, language)


def _load_intent_texts(c, content: Content, language: str) -> None:  # type: ignore[no-untyped-def]
    folder = c.root / "intents" / language
    if not folder.is_dir():
        return
    topics = folder / "topics.yaml"
    for entry in c.entries(c.load(topics), topics, "topics") if topics.is_file() else []:
        topic = content.topics.get(c.text(entry, "id"))
        if topic is None:
            c.add(entry.where("id"), f"unknown topic {entry.get('id')!r}")
        else:
            topic.titles[language] = c.text(entry, "title", limit=TITLE_MAX)
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "topics.yaml":
            continue
        for entry in c.entries(c.load(path), path, "intents"):
            intent_id = c.text(entry, "id")
            intent = content.intents.get(intent_id)
            if intent is None:
                c.add(entry.where("id"), f"unknown intent {intent_id!r} (ids are the English ones)")
                continue
            if language in intent.texts:
                c.add(entry.where("id"), f"intent {intent_id!r} is translated twice (first at {intent.texts[language].where})")
                continue
            templates = entry.get("templates") or {}
            if not isinstance(templates, dict) or not all(isinstance(v, str) for v in templates.values()):
                c.add(entry.where("templates"), "'templates' must map names to text")
                templates = {}
            for key, template in templates.items():
                english = intent.templates.get(key)
                if english is None:
                    c.add(entry.where("templates"), f"template {key!r} does not exist in English")
                elif placeholders(template) != placeholders(english):
                    c.add(entry.where("templates"), f"template {key!r} has placeholders {sorted(placeholders(template))}, "
                                                   f"English has {sorted(placeholders(english))}")
            answer = " ".join(c.text(entry, "answer").split())
            if placeholders(answer) != placeholders(intent.answer):
                c.add(entry.where("answer"), "the answer's placeholders differ from the English answer's")
            intent.texts[language] = IntentText(
                title=c.text(entry, "title", limit=TITLE_MAX),
                examples=c.strings(entry, "examples"),
                answer=answer,
                templates={k: " ".join(v.split()) for k, v in templates.items()},
                where=entry.where(),
            )


def _load_quiz_texts(c, content: Content, language: str) -> None:  # type: ignore[no-untyped-def]
    folder = c.root / "quiz" / language
    by_id = {q.id: q for q in content.quiz}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        for entry in c.entries(c.load(path), path, "quiz questions"):
            question = by_id.get(c.text(entry, "id"))
            if question is None:
                c.add(entry.where("id"), f"unknown quiz question {entry.get('id')!r} (ids are the English ones)")
                continue
            text = c.text(entry, "question", limit=POLL_QUESTION_MAX)
            options = c.strings(entry, "options", required=True)
            if len(options) != len(question.options):
                c.add(entry.where("options"), f"{len(options)} options, English has {len(question.options)} (same order)")
            check_options(c, entry, options)
            explanation = str(entry.get("explanation") or "").strip()
            if len(explanation) > QUIZ_EXPLANATION_MAX:
                c.add(entry.where("explanation"), f"explanation is {len(explanation)} characters, the limit is {QUIZ_EXPLANATION_MAX}")
            if explanation.count("\n") > QUIZ_EXPLANATION_LINE_FEEDS:
                c.add(entry.where("explanation"), f"explanation has more than {QUIZ_EXPLANATION_LINE_FEEDS} line feeds")
            if not explanation:
                c.add(entry.where(), "missing 'explanation'")
            question.texts[language] = QuizText(text, options, " ".join(explanation.split()))


def _names(c, table: object, where: str, known: set[str], what: str) -> dict[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    """{English name: [shown, aliases…]} of one section; unknown English names are problems."""
    if table is None:
        return {}
    if not isinstance(table, Located):
        c.add(where, f"'{what}' must map English names to lists of names")
        return {}
    out = {}
    for key, value in table.items():
        if str(key) not in known:
            c.add(table.where(key), f"{what}: {key!r} is not a name in the English content")
            continue
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            c.add(table.where(key), f"{what}: {key!r} must have a list of names")
            continue
        names = [n.strip() for n in names if n.strip()]
        if names:
            out[str(key)] = tuple(names)
    return out


def _load_names(c, content: Content, language: str) -> None:  # type: ignore[no-untyped-def]
    path = c.root / "knowledge" / "i18n" / f"{language}.yaml"
    if not path.is_file():
        return
    data = c.load(path)
    if not isinstance(data, Located):
        if data is not None:
            c.add(f"{c.name(path)}:1", "expected a mapping (see docs/CONTENT.md, Languages)")
        return
    here = f"{c.name(path)}:1"
    for place, names in _names(c, data.get("places"), here, {p.name for p in content.places}, "places").items():
        next(p for p in content.places if p.name == place).names[language] = names
    for country, names in _names(c, data.get("countries"), here, {k.name for k in content.countries}, "countries").items():
        next(k for k in content.countries if k.name == country).names[language] = names
    for region, names in _names(c, data.get("regions"), here, {r.name for r in content.regions}, "regions").items():
        next(r for r in content.regions if r.name == region).names[language] = names
    for place, names in _names(c, data.get("unlisted"), here, {u.name for u in content.unlisted}, "unlisted").items():
        next(u for u in content.unlisted if u.name == place).names[language] = names
    notes = data.get("notes") or {}
    if isinstance(notes, dict):
        for name, note in notes.items():
            if not str(note or "").strip():
                continue
            target = next((p for p in content.places if p.name == name), None) or next(
                (u for u in content.unlisted if u.name == name), None)
            if target is None:
                c.add(notes.where(name) if isinstance(notes, Located) else here, f"notes: {name!r} is not a place")
            else:
                target.notes[language] = " ".join(str(note).split())
    actors = content.facts.actors
    for actor_id, names in _names(c, data.get("actors"), here, set(actors), "actors").items():
        actors[actor_id].names[language] = names
    facts = data.get("facts") or {}
    by_id = {f.id: f for f in content.facts.facts}
    if isinstance(facts, dict):
        for fact_id, sentences in facts.items():
            fact = by_id.get(fact_id)
            if fact is None or not isinstance(sentences, dict):
                c.add(facts.where(fact_id) if isinstance(facts, Located) else here, f"facts: {fact_id!r} is not a fact with unsaid sentences")
                continue
            fact.unsaid_texts[language] = {k: " ".join(str(v).split()) for k, v in sentences.items() if str(v or "").strip()}
    table: dict[str, str] = {}
    for entry in c.entries(data.get("quotes"), path, "quotes"):
        quote, translation = entry.get("quote"), str(entry.get("translation") or "").strip()
        if isinstance(quote, str) and translation:
            table[collapse_spaces(quote)] = " ".join(translation.split())
    content.quote_translations[language] = table

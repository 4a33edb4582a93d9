"""Synthetic content of any size, to see how loading and answering grow with the content.

`generate(root, n)` writes a complete content folder laid out like the repo and valid for
`load_content`: knowledge/sources.yaml with sources/<id>.md, intents/topics.yaml and intents/*.yaml
holding `n` intents, each with 20 varied examples and a citation quoting its own source paragraph.

The shipped place data (places, gazetteer, regions, the English lexicon, confusables and the source
that names the places) is copied in as well: every question goes through place recognition and synonym
folding, and their cost must be in the measurement as it is in production. The synthetic content is in
English only (one lexicon, one language model): what grows with it is the intents, not the languages.

Each intent is about one made-up subject ("the Velkorin office") and one real aspect ("budget"),
inside a topic with its own made-up name, so intents share words the way real ones do (topic words,
aspects, question words) and are told apart by a word of their own. `questions(...)` draws the
question mix from the examples, reworded the way people reword: a word dropped, two words swapped,
a typo, plus questions the content does not answer.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import REPO_ROOT

EXAMPLES_PER_INTENT = 20
INTENTS_PER_TOPIC = 100  # one source (and one intents file) per topic, as a campaign adds documents
SHIPPED_KNOWLEDGE = ("places.yaml", "gazetteer.yaml", "regions.yaml", "confusables.txt")
SHIPPED_LEXICON = REPO_ROOT / "knowledge" / "lexicon" / "en.yaml"
SHIPPED_SOURCE = "hrc-intro"  # places.yaml is validated against the source that names the places

ASPECTS = (
    "budget", "history", "members", "rules", "elections", "funding", "training", "schools", "housing",
    "transport", "water", "health", "police", "courts", "media", "youth", "elders", "women", "workers",
    "migrants", "languages", "culture", "sports", "parks", "libraries", "hospitals", "taxes", "contracts",
    "reports", "meetings", "complaints", "volunteers", "partners", "museums", "markets", "festivals",
    "roads", "energy", "waste", "safety",
)  # fmt: skip
KINDS = ("office", "council", "network", "programme", "agency", "committee", "fund", "charter")

# Ways people ask about a subject {k} (the intent's own word), an aspect {a} and a topic {t}.
TEMPLATES = (
    "what is the {a} of the {k} {kind}", "tell me about {k} {a}", "how does the {k} {kind} handle {a}",
    "who is in charge of {a} at the {k} {kind}", "{k} {a}", "explain the {k} {a} in {t}",
    "is there any {a} for the {k} {kind}", "why does the {k} {kind} care about {a}",
    "when did the {k} {kind} start its {a}", "where can i find the {k} {a} report",
    "what role does {a} play for the {k} {kind}", "{a} at the {k} {kind}?",
    "can you describe how {k} deals with {a} in {t}", "i want to know about the {a} of {k}",
    "does the {k} {kind} in {t} have {a}", "how much {a} does the {k} {kind} have",
    "whats up with {k} and {a}", "give me the facts on {k} {a}", "{t} {k} {a} info",
    "what happened with the {a} of the {k} {kind} last year", "who pays for the {a} of the {k} {kind}",
    "is the {k} {a} any good", "how do people in {t} see the {k} {a}", "summary of {k} and its {a}",
    "could you explain {a} at {k} to a student",
)  # fmt: skip

# Questions no synthetic intent answers: the bot must fall back on them.
OFF_TOPIC = (
    "what time does the bakery open on sunday", "will it rain tomorrow afternoon",
    "who won the football match yesterday", "how do i cook rice without a pot",
    "recommend a good movie for tonight", "what is the capital of australia",
    "how many legs does a spider have", "my phone battery drains fast what should i do",
    "how do i fix a flat bicycle tyre", "best pizza topping ever", "how tall is mount everest",
    "can you write me a poem about cats", "what's the exchange rate of the yen",
    "how do i reset my wifi router", "tell me a joke about penguins", "is coffee bad for your heart",
    "what should i name my goldfish", "how long does it take to learn guitar",
    "where is the nearest train station", "translate good night into german",
)  # fmt: skip

_ONSETS = ("b", "br", "d", "dr", "f", "g", "gr", "k", "kl", "l", "m", "n", "p", "pr", "r", "s", "st", "t", "tr", "v", "z")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ou")
_CODAS = ("", "", "n", "r", "l", "s", "m")


@dataclass(frozen=True)
class SyntheticIntent:
    id: str
    topic: str
    key: str
    kind: str
    aspect: str
    topic_name: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    text: str
    intent: str | None  # None: out of scope


def _stopwords() -> frozenset[str]:
    """The English lexicon's function words: no made-up word may be one of them."""
    data = yaml.safe_load(SHIPPED_LEXICON.read_text(encoding="utf-8")) or {}
    return frozenset(str(w) for w in data.get("stopwords") or ())


def _words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """Made-up words of two or three syllables, distinct from each other and from English."""
    stopwords = _stopwords()
    words: list[str] = []
    while len(words) < count:
        syllables = rng.choice((2, 3, 3))
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables))
        if 6 <= len(word) <= 11 and word not in taken and word not in stopwords:
            taken.add(word)
            words.append(word)
    return words


def _quote(intent: SyntheticIntent) -> str:
    """The sentence an intent cites, word for word from its paragraph."""
    subject = f"The {intent.key.capitalize()} {intent.kind} of {intent.topic_name.capitalize()}"
    return f"{subject} keeps its {intent.aspect} under public review"


def _paragraph(intent: SyntheticIntent, rng: random.Random, filler: list[str]) -> str:
    detail = " ".join(rng.sample(filler, 6))
    return f"{_quote(intent)}. Its latest notes mention {detail} among the open questions."


def generate(root: Path, n_intents: int, seed: int = 1) -> list[SyntheticIntent]:
    """Write a content folder with `n_intents` intents under `root` (which must not exist yet)."""
    rng = random.Random(seed)
    n_topics = max(1, -(-n_intents // INTENTS_PER_TOPIC))
    taken: set[str] = set()
    topic_names = _words(rng, n_topics, taken)
    keys = _words(rng, n_intents, taken)
    filler = _words(rng, 400, taken)

    intents: list[SyntheticIntent] = []
    for number, key in enumerate(keys):
        topic = number // INTENTS_PER_TOPIC
        kind, aspect = rng.choice(KINDS), rng.choice(ASPECTS)
        values = {"k": key, "kind": kind, "a": aspect, "t": topic_names[topic]}
        examples = tuple(t.format(**values) for t in rng.sample(TEMPLATES, EXAMPLES_PER_INTENT))
        intents.append(SyntheticIntent(f"s{number:05d}", f"t{topic:03d}", key, kind, aspect, topic_names[topic], examples))

    knowledge, intents_dir = root / "knowledge", root / "intents"
    (knowledge / "sources").mkdir(parents=True)
    intents_dir.mkdir()
    shipped = REPO_ROOT / "knowledge"
    for name in SHIPPED_KNOWLEDGE:
        if (shipped / name).is_file():
            shutil.copy(shipped / name, knowledge / name)
    # The shipped lexicon names the shipped definition intent and the statements and events of the shipped
    # facts, which synthetic content lacks.
    lexicon = yaml.safe_load(SHIPPED_LEXICON.read_text(encoding="utf-8")) or {}
    lexicon.pop("topic_intent", None)
    for table in ("denials", "affirmations", "in_names"):
        (lexicon.get("claims") or {}).pop(table, None)
    (knowledge / "lexicon").mkdir()
    (knowledge / "lexicon" / "en.yaml").write_text(yaml.safe_dump(lexicon, allow_unicode=True, sort_keys=False),
                                                  encoding="utf-8")
    shutil.copy(shipped / "sources" / f"{SHIPPED_SOURCE}.md", knowledge / "sources" / f"{SHIPPED_SOURCE}.md")

    sources = [{"id": SHIPPED_SOURCE, "title": "What is a Human Rights City?"}]
    topics = []
    for topic in range(n_topics):
        members = intents[topic * INTENTS_PER_TOPIC : (topic + 1) * INTENTS_PER_TOPIC]
        source_id = f"synthetic-{topic:03d}"
        name = topic_names[topic].capitalize()
        sources.append({"id": source_id, "title": f"Notes on {name}"})
        # Paragraph 1 is a heading, as in the shipped source; each intent cites its own paragraph.
        paragraphs = [f"# Notes on {name}", *(_paragraph(i, rng, filler) for i in members)]
        (knowledge / "sources" / f"{source_id}.md").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        topics.append({"id": f"t{topic:03d}", "title": f"{name} in detail"})
        entries = []
        for index, intent in enumerate(members):
            neighbours = [m.id for m in members[index + 1 : index + 3]] or [m.id for m in members[:2] if m is not intent]
            entries.append({
                "id": intent.id,
                "topic": intent.topic,
                "kind": "answer",
                "title": f"The {intent.key} {intent.kind}: {intent.aspect}?",
                "examples": list(intent.examples),
                "answer": f"The {intent.key.capitalize()} {intent.kind} of {name} keeps its {intent.aspect} "
                          "under public review, according to its latest notes.",
                "citations": [{"source": source_id, "quote": _quote(intent)}],
                "related": neighbours,
            })
        _dump(intents_dir / f"t{topic:03d}.yaml", entries)
    _dump(knowledge / "sources.yaml", sources)
    _dump(intents_dir / "topics.yaml", topics)
    return intents


def _dump(path: Path, data: object) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter: 10,000 intents in seconds
    path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=120),
                    encoding="utf-8")


def _typo(word: str, rng: random.Random) -> str:
    """One slip of the finger: a letter dropped, doubled or swapped with its neighbour."""
    i = rng.randrange(1, len(word) - 1)
    slip = rng.choice(("drop", "double", "swap"))
    if slip == "drop":
        return word[:i] + word[i + 1 :]
    if slip == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def reword(example: str, key: str, rng: random.Random) -> str:
    """An example as a person might type it instead: a word dropped, two swapped, maybe a typo.

    The intent's own word is never dropped: without it the question is about the topic, not the
    intent, and no answer would be right.
    """
    words = example.split()
    droppable = [i for i, w in enumerate(words) if key not in w]
    if len(words) > 3 and droppable:
        del words[rng.choice(droppable)]
    if len(words) > 2:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    if rng.random() < 0.3:
        long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        if long_words:
            i = rng.choice(long_words)
            words[i] = _typo(words[i], rng)
    return " ".join(words)


def questions(intents: list[SyntheticIntent], count: int, off_topic_share: float = 0.15, seed: int = 2) -> list[Question]:
    """The question mix: reworded examples of random intents, and off-topic questions."""
    rng = random.Random(seed)
    mix: list[Question] = []
    for _ in range(count):
        if rng.random() < off_topic_share:
            mix.append(Question(rng.choice(OFF_TOPIC), None))
            continue
        intent = rng.choice(intents)
        mix.append(Question(reword(rng.choice(intent.examples), intent.key, rng), intent.id))
    return mix

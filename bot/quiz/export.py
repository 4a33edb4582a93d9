"""A printable quiz for classes without phones: questions, then an answer key with citations.

Three formats from the same draw: Markdown to print, CSV for a spreadsheet or a learning
platform's import, JSON for other tools. In any language the bot speaks: the same seed draws the same
questions in the same order; citations stay the source's own words, with their translation.
"""

from __future__ import annotations

import csv
import io
import json
import string
from dataclasses import dataclass

from .. import strings
from ..content import ENGLISH
from .bank import Bank, QuizItem

FORMATS = ("md", "csv", "json")
LETTERS = string.ascii_uppercase


@dataclass(frozen=True)
class PrintedQuiz:
    title: str
    topic: str | None
    seed: int
    items: list[QuizItem]
    language: str = ENGLISH


def build(bank: Bank, *, topic: str | None, n: int, seed: int, language: str = ENGLISH) -> PrintedQuiz:
    items = bank.draw(seed, topic, n, language=language)
    title = bank.content.topics[topic].title_in(language) if topic else strings.text("quiz_all_topics", language)
    return PrintedQuiz(title[:1].upper() + title[1:], topic, seed, items, language)


def _source_title(bank: Bank, item: QuizItem) -> str:
    return bank.content.sources[item.citation.source].title


def _translation(quiz: PrintedQuiz, bank: Bank, item: QuizItem) -> str | None:
    return bank.content.translate_quote(item.citation.quote, quiz.language)


def to_markdown(quiz: PrintedQuiz, bank: Bank) -> str:
    language = quiz.language
    out = [strings.text("quiz_export_title", language, title=quiz.title, count=len(quiz.items)), "",
           strings.text("quiz_export_name_line", language), ""]
    for number, item in enumerate(quiz.items, start=1):
        out.append(f"{number}. {item.question}")
        out += [f"   - {LETTERS[i]}. {option}" for i, option in enumerate(item.options)]
        out.append("")
    out += ["---", "", strings.text("quiz_export_answer_key", language), ""]
    for number, item in enumerate(quiz.items, start=1):
        c = item.citation
        out.append(f"{number}. **{LETTERS[item.correct]}** – {item.answer}. {item.explanation}")
        out.append("   " + strings.text("quiz_export_source", language, quote=c.quote, title=_source_title(bank, item),
                                        paragraph=c.paragraph))
        translation = _translation(quiz, bank, item)
        if translation:
            out.append(f"   {strings.text('note_translation', language)}: {translation}")
    out += ["", strings.text("quiz_export_footer", language, seed=quiz.seed)]
    return "\n".join(out) + "\n"


def to_rows(quiz: PrintedQuiz, bank: Bank) -> list[dict[str, object]]:
    rows = []
    for number, item in enumerate(quiz.items, start=1):
        citation: dict[str, object] = {"source": item.citation.source, "title": _source_title(bank, item),
                                       "paragraph": item.citation.paragraph, "quote": item.citation.quote}
        translation = _translation(quiz, bank, item)
        if translation:
            citation["translation"] = translation
        rows.append({
            "number": number, "id": item.id, "topic": item.topic, "difficulty": item.difficulty,
            "language": item.language, "question": item.question, "options": list(item.options),
            "answer_index": item.correct, "answer_letter": LETTERS[item.correct], "answer": item.answer,
            "explanation": item.explanation, "citation": citation,
        })
    return rows


def to_json(quiz: PrintedQuiz, bank: Bank) -> str:
    document = {"title": quiz.title, "topic": quiz.topic, "seed": quiz.seed, "language": quiz.language,
                "questions": to_rows(quiz, bank)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_csv(quiz: PrintedQuiz, bank: Bank) -> str:
    rows = to_rows(quiz, bank)
    width = max((len(r["options"]) for r in rows), default=0)  # type: ignore[arg-type]
    header = ["number", "topic", "difficulty", "question", *[f"option_{LETTERS[i].lower()}" for i in range(width)],
              "answer_letter", "answer", "explanation", "source", "source_title", "paragraph", "quote"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for r in rows:
        options = list(r["options"]) + [""] * (width - len(r["options"]))  # type: ignore[arg-type]
        c = r["citation"]
        writer.writerow([r["number"], r["topic"], r["difficulty"], r["question"], *options, r["answer_letter"],
                         r["answer"], r["explanation"], c["source"], c["title"], c["paragraph"], c["quote"]])  # type: ignore[index]
    return buffer.getvalue()


def render(quiz: PrintedQuiz, bank: Bank, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    return {"md": to_markdown, "csv": to_csv, "json": to_json}[fmt](quiz, bank)

"""A printable quiz for classes without phones: questions, then an answer key with citations.

Three formats from the same draw: Markdown to print, CSV for a spreadsheet or a learning
platform's import, JSON for other tools.
"""

from __future__ import annotations

import csv
import io
import json
import string
from dataclasses import dataclass

from .. import strings
from .bank import Bank, QuizItem

FORMATS = ("md", "csv", "json")
LETTERS = string.ascii_uppercase


@dataclass(frozen=True)
class PrintedQuiz:
    title: str
    topic: str | None
    seed: int
    items: list[QuizItem]


def build(bank: Bank, *, topic: str | None, n: int, seed: int) -> PrintedQuiz:
    items = bank.draw(seed, topic, n)
    title = bank.content.topics[topic].title if topic else strings.text("quiz_all_topics")
    return PrintedQuiz(title[:1].upper() + title[1:], topic, seed, items)


def _source_title(bank: Bank, item: QuizItem) -> str:
    return bank.content.sources[item.citation.source].title


def to_markdown(quiz: PrintedQuiz, bank: Bank) -> str:
    out = [strings.text("quiz_export_title", title=quiz.title, count=len(quiz.items)), "",
           strings.text("quiz_export_name_line"), ""]
    for number, item in enumerate(quiz.items, start=1):
        out.append(f"{number}. {item.question}")
        out += [f"   - {LETTERS[i]}. {option}" for i, option in enumerate(item.options)]
        out.append("")
    out += ["---", "", strings.text("quiz_export_answer_key"), ""]
    for number, item in enumerate(quiz.items, start=1):
        c = item.citation
        out.append(f"{number}. **{LETTERS[item.correct]}** – {item.answer}. {item.explanation}")
        out.append("   " + strings.text("quiz_export_source", quote=c.quote, title=_source_title(bank, item),
                                        paragraph=c.paragraph))
    out += ["", strings.text("quiz_export_footer", seed=quiz.seed)]
    return "\n".join(out) + "\n"


def to_rows(quiz: PrintedQuiz, bank: Bank) -> list[dict[str, object]]:
    rows = []
    for number, item in enumerate(quiz.items, start=1):
        rows.append({
            "number": number, "id": item.id, "topic": item.topic, "difficulty": item.difficulty,
            "question": item.question, "options": list(item.options), "answer_index": item.correct,
            "answer_letter": LETTERS[item.correct], "answer": item.answer, "explanation": item.explanation,
            "citation": {"source": item.citation.source, "title": _source_title(bank, item),
                         "paragraph": item.citation.paragraph, "quote": item.citation.quote},
        })
    return rows


def to_json(quiz: PrintedQuiz, bank: Bank) -> str:
    document = {"title": quiz.title, "topic": quiz.topic, "seed": quiz.seed, "questions": to_rows(quiz, bank)}
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

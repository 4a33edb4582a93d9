"""Content checks beyond what loading enforces: the curator's `hrc-bot check`."""

from __future__ import annotations

from pathlib import Path

from .content import Content, load_content
from .matcher import placeholder_text
from .text import normalize
from .yamlfile import ContentError, Problem


def check_content(root: Path | None = None) -> tuple[Content | None, list[Problem]]:
    """Load the content and run every check; returns the content (if it loads) and all problems."""
    try:
        content = load_content(root)
    except ContentError as exc:
        return None, exc.problems
    from .quiz.bank import validate_bank

    problems = (duplicate_examples(content) + uncited_paragraphs(content) + unsupported_place_templates(content)
                + validate_bank(content))
    return content, problems


def duplicate_examples(content: Content) -> list[Problem]:
    """The same phrasing under two intents makes the bot guess; each example must have one home."""
    owner: dict[str, str] = {}
    problems = []
    for intent in content.intents.values():
        seen_here: set[str] = set()
        for example in intent.examples:
            key = normalize(placeholder_text(example))
            if key in seen_here:
                problems.append(Problem(intent.where, f"intent {intent.id!r} lists the example {example!r} twice"))
                continue
            seen_here.add(key)
            if key in owner and owner[key] != intent.id:
                problems.append(Problem(
                    intent.where, f"example {example!r} of {intent.id!r} conflicts with the same example in {owner[key]!r}"
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

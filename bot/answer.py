"""What the engine says to a question: the one object every front end (CLI, Telegram, inline) renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import strings
from .content import Citation, Intent


@dataclass(frozen=True)
class CityRef:
    name: str  # as the source writes it (or as typed, for a place the source does not name)
    country: str | None
    listed: bool

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "listed": self.listed}


@dataclass
class Answer:
    question: str
    outcome: str  # answer | smalltalk | gap | ambiguous | fallback | empty
    text: str  # what the material says (and the verdict leading it), in `language`
    intent: Intent | None = None  # the intent answered, or the gap recognised
    confidence: float = 0.0
    city: CityRef | None = None
    citations: list[Citation] = field(default_factory=list)
    suggestions: list[Intent] = field(default_factory=list)
    verdict: str | None = None  # yes | no | not_said: what the question asserted, checked; None: nothing to check
    language: str = "en"
    notes: list[str] = field(default_factory=list)  # what the bot adds from outside the material

    @property
    def matched(self) -> bool:
        return self.outcome in ("answer", "smalltalk")

    def as_dict(self) -> dict[str, Any]:
        """The `hrc-bot ask --json` contract (DESIGN.md, README)."""
        return {
            "question": self.question,
            "matched": self.matched,
            "intent": self.intent.id if self.matched and self.intent else None,
            "confidence": round(self.confidence, 3),
            "city": self.city.as_dict() if self.city else None,
            "answer": self.text_with_notes(),
            "citations": [c.as_dict() for c in self.citations],
            "suggestions": [s.title_in(self.language) for s in self.suggestions],
            "verdict": self.verdict,
            "language": self.language,
        }

    def text_with_notes(self) -> str:
        """The answer, then each note labelled as not coming from the material: the contract keeps one
        plain-text field, and a note must never read as if the source said it."""
        label = strings.text("note_label", self.language)
        return "\n\n".join([self.text, *(f"{label}: {note}" for note in self.notes)])

"""Engine results as Telegram HTML and keyboards. Everything user- or content-supplied is escaped here."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from .. import strings
from ..content import Citation, Content, Intent, Topic
from ..engine import Answer
from . import callbacks

MESSAGE_LIMIT = 4096
BUTTON_TEXT_LIMIT = 64  # longer button labels are cut by clients anyway


def citation_html(citation: Citation, content: Content) -> str:
    source = content.sources[citation.source]
    where = strings.text("citation_source", title=escape(source.title), paragraph=citation.paragraph)
    return f"<blockquote expandable>“{escape(citation.quote)}”\n— <i>{where}</i></blockquote>"


def answer_html(answer: Answer, content: Content) -> str:
    """The answer text, then each citation as an expandable quote with 'source title, ¶N'."""
    parts = [escape(answer.text)]
    parts += [citation_html(c, content) for c in answer.citations]
    return "\n\n".join(parts)


def _label(text: str) -> str:
    return text if len(text) <= BUTTON_TEXT_LIMIT else text[: BUTTON_TEXT_LIMIT - 1] + "…"


def intent_button(intent: Intent) -> InlineKeyboardButton:
    return InlineKeyboardButton(_label(intent.title), callback_data=callbacks.encode("a", intent.id))


def topic_button(topic: Topic) -> InlineKeyboardButton:
    return InlineKeyboardButton(_label(topic.title), callback_data=callbacks.encode("t", topic.id))


def topics_keyboard(content: Content) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[topic_button(t)] for t in content.visible_topics()])


def topic_keyboard(content: Content, topic_id: str) -> InlineKeyboardMarkup:
    rows = [[intent_button(i)] for i in content.intents_in(topic_id) if i.kind == "answer"]
    return InlineKeyboardMarkup(rows)


def answer_keyboard(answer: Answer, content: Content, *, share: bool = True) -> InlineKeyboardMarkup | None:
    """Follow-ups (or did-you-mean candidates, or topics after a fallback), then Share and Updates."""
    rows: list[list[InlineKeyboardButton]] = []
    if answer.outcome in ("fallback", "empty"):
        return topics_keyboard(content)
    rows += [[intent_button(s)] for s in answer.suggestions[:3] if s.kind != "gap"]
    if answer.matched and answer.intent is not None and answer.intent.kind == "answer":
        extra = []
        if share:
            extra.append(InlineKeyboardButton(strings.text("button_share"), switch_inline_query=answer.intent.title))
        extra.append(InlineKeyboardButton(strings.text("button_subscribe"), callback_data=callbacks.encode("s", "on")))
        rows.append(extra)
    return InlineKeyboardMarkup(rows) if rows else None


def split_html(blocks: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Pack complete HTML blocks into messages of at most `limit` characters.

    Blocks are never cut in the middle of a tag: each block is whole markup. A block longer than
    the limit on its own (only plain escaped text can be that long) is cut at line or word breaks.
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _cut(block, limit):
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _cut(block: str, limit: int) -> list[str]:
    if len(block) <= limit:
        return [block]
    pieces, rest = [], block
    while len(rest) > limit:
        cut = max(rest.rfind("\n", 0, limit), rest.rfind(" ", 0, limit))
        if cut <= 0:
            cut = limit
        # never cut inside an entity such as &amp;
        amp = rest.rfind("&", max(cut - 8, 0), cut)
        if amp != -1 and ";" not in rest[amp:cut]:
            cut = amp
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces

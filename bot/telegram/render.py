"""Engine results as Telegram HTML and keyboards. Everything user- or content-supplied is escaped here."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from .. import strings
from ..content import ENGLISH, Citation, Content, Intent, Topic
from ..engine import Answer
from ..quiz.bank import utf16_len
from . import callbacks

MESSAGE_LIMIT = 4096  # counted, like every Telegram limit, in UTF-16 code units
BUTTON_TEXT_LIMIT = 64  # longer button labels are cut by clients anyway


def citation_html(citation: Citation, content: Content, language: str = ENGLISH) -> str:
    """The source's own words (and, in another language, their translation, both labelled) with 'title, ¶N'."""
    source = content.sources[citation.source]
    where = strings.text("citation_source", language, title=escape(source.title), paragraph=citation.paragraph)
    quote = f"“{escape(citation.quote)}”"
    if citation.translation:
        quote = (f"<i>{escape(strings.text('note_original', language))}:</i> {quote}\n"
                 f"<i>{escape(strings.text('note_translation', language))}:</i> {escape(citation.translation)}")
    return f"<blockquote expandable>{quote}\n— <i>{where}</i></blockquote>"


def notes_html(notes: list[str], language: str) -> str:
    """What the bot adds from outside the material, under its own label, apart from the material's words."""
    return f"<i>{escape(strings.text('note_label', language))}</i>\n" + "\n".join(escape(n) for n in notes)


def answer_blocks(answer: Answer, content: Content) -> list[str]:
    """The answer text, each citation as an expandable quote, then the notes."""
    blocks = [escape(answer.text)] + [citation_html(c, content, answer.language) for c in answer.citations]
    if answer.notes:
        blocks.append(notes_html(answer.notes, answer.language))
    return blocks


def answer_html(answer: Answer, content: Content) -> str:
    return "\n\n".join(answer_blocks(answer, content))


def _label(text: str) -> str:
    return text if len(text) <= BUTTON_TEXT_LIMIT else text[: BUTTON_TEXT_LIMIT - 1] + "…"


def intent_button(intent: Intent, language: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(_label(intent.title_in(language)), callback_data=callbacks.encode("a", intent.id, language))


def topic_button(topic: Topic, language: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(_label(topic.title_in(language)), callback_data=callbacks.encode("t", topic.id, language))


def topics_keyboard(content: Content, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[topic_button(t, language)] for t in content.visible_topics()])


def topic_keyboard(content: Content, topic_id: str, language: str) -> InlineKeyboardMarkup:
    rows = [[intent_button(i, language)] for i in content.intents_in(topic_id) if i.kind == "answer"]
    return InlineKeyboardMarkup(rows)


class _Built:
    """Answer keyboards already built for one content, by what they are made of.

    Answers repeat (the same intent, language and follow-ups), and building a keyboard of PTB
    objects cost more than the answer's HTML. PTB's objects are frozen, so one keyboard can go
    with any number of messages. Forgotten all at once past KEYBOARD_MEMORY, and whenever another
    content is asked about (one bot has one; tests have several)."""

    content: Content | None = None
    keyboards: dict[tuple[object, ...], InlineKeyboardMarkup | None] = {}


KEYBOARD_MEMORY = 1_024


def answer_keyboard(answer: Answer, content: Content, *, share: bool = True) -> InlineKeyboardMarkup | None:
    """Follow-ups (or did-you-mean candidates, or topics after a fallback), then Share and Updates, all in
    the answer's language."""
    suggestions = [s for s in answer.suggestions[:3] if s.kind != "gap"]
    shared = answer.intent if answer.matched and answer.intent is not None and answer.intent.kind == "answer" else None
    fallback = answer.outcome in ("fallback", "empty")
    key = (answer.language, fallback, share) if fallback else (
        answer.language, fallback, share, tuple(s.id for s in suggestions), shared.id if shared else None)
    if _Built.content is not content or len(_Built.keyboards) >= KEYBOARD_MEMORY:
        _Built.content, _Built.keyboards = content, {}
    if key not in _Built.keyboards:
        _Built.keyboards[key] = _answer_keyboard(answer.language, fallback, suggestions, shared, content, share)
    return _Built.keyboards[key]


def _answer_keyboard(language: str, fallback: bool, suggestions: list[Intent], shared: Intent | None,
                     content: Content, share: bool) -> InlineKeyboardMarkup | None:
    if fallback:
        return topics_keyboard(content, language)
    rows = [[intent_button(s, language)] for s in suggestions]
    if shared is not None:
        extra = []
        if share:
            extra.append(InlineKeyboardButton(strings.text("button_share", language),
                                              switch_inline_query=shared.title_in(language)))
        extra.append(InlineKeyboardButton(strings.text("button_subscribe", language),
                                          callback_data=callbacks.encode("s", "on", language)))
        rows.append(extra)
    return InlineKeyboardMarkup(rows) if rows else None


def split_html(blocks: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Pack complete HTML blocks into messages of at most `limit` characters (UTF-16 code units).

    Blocks are never cut in the middle of a tag: each block is whole markup. A block longer than
    the limit on its own (only plain escaped text can be that long) is cut at line or word breaks.
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _cut(block, limit):
            candidate = f"{current}\n\n{piece}" if current else piece
            if utf16_len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _fitting(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 code units."""
    end = min(len(text), limit)
    while utf16_len(text[:end]) > limit:
        end -= utf16_len(text[:end]) - limit
    return end


def _cut(block: str, limit: int) -> list[str]:
    if utf16_len(block) <= limit:
        return [block]
    pieces, rest = [], block
    while utf16_len(rest) > limit:
        end = _fitting(rest, limit)
        cut = max(rest.rfind("\n", 0, end), rest.rfind(" ", 0, end))
        if cut <= 0:
            cut = end
        # never cut inside an entity such as &amp;
        amp = rest.rfind("&", max(cut - 8, 0), cut)
        if amp != -1 and ";" not in rest[amp:cut]:
            cut = amp
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces

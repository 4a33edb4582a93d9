"""What Telegram's Bot API rejects, as plain functions the fake server and the tests share.

Every check raises :class:`ApiError` carrying the status code and the description Telegram
would send (``"Bad Request: ..."``). Limits come from ``telegram.constants`` so they follow the
Bot API version of the installed python-telegram-bot (10.0 for PTB 22.8).

The HTML parser follows tdlib's ``parse_html`` (tag set, attribute rules, error texts with UTF-8
byte offsets). With ``strict=True`` (the default) it is stricter than Telegram in one place, on
purpose: Telegram passes a bare ``>`` or a bare ``&`` through as text, but its documentation says
every ``<``, ``>`` and ``&`` outside a tag or entity must be escaped, and the bot promises to do so.

Descriptions that Telegram documents or that bots meet every day are copied exactly ("message is
too long", "BUTTON_DATA_INVALID", "can't parse entities: ..."); rarer ones are close paraphrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from telegram.constants import (
    BotCommandLimit,
    CallbackQueryLimit,
    InlineKeyboardButtonLimit,
    InlineKeyboardMarkupLimit,
    InlineQueryLimit,
    InlineQueryResultLimit,
    InlineQueryResultsButtonLimit,
    MessageLimit,
    PollLimit,
    ReplyLimit,
)

MAX_TEXT_LENGTH = int(MessageLimit.MAX_TEXT_LENGTH)  # 4096
MAX_CAPTION_LENGTH = int(MessageLimit.CAPTION_LENGTH)  # 1024
MAX_CALLBACK_DATA_BYTES = int(InlineKeyboardButtonLimit.MAX_CALLBACK_DATA)  # 64
MAX_CALLBACK_ANSWER_TEXT = int(CallbackQueryLimit.ANSWER_CALLBACK_QUERY_TEXT_LENGTH)  # 200
MAX_INLINE_RESULTS = int(InlineQueryLimit.RESULTS)  # 50
MAX_BUTTONS = int(InlineKeyboardMarkupLimit.TOTAL_BUTTON_NUMBER)  # 100
MAX_BUTTONS_PER_ROW = int(InlineKeyboardMarkupLimit.BUTTONS_PER_ROW)  # 8
DEEP_LINK_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")


class ApiError(Exception):
    """An error response of the Bot API: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, error_code: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> dict:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's limits and entity offsets."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass
class FormattedText:
    """Visible text and its entities (offsets in UTF-16 code units), as Telegram stores them."""

    text: str
    entities: list[dict] = field(default_factory=list)


# --------------------------------------------------------------------------- HTML

_HTML_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler",
        "tg-emoji", "span", "pre", "code", "blockquote", "tg-time",
    }
)  # fmt: skip
_SIMPLE_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_DATE_TIME_FORMAT = re.compile(r"r|w?[dD]?[tT]?")


_PLAIN_RUN = re.compile(r"[^&<>]+")


def _html_error(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8", "surrogatepass"))


def _is_space(ch: str) -> bool:
    # tdlib treats the terminating NUL as a space; "" stands for "past the end" here.
    return ch == "" or ch in " \t\r\n\v\0"


def _decode_html_entity(text: str, pos: int, strict: bool) -> tuple[str, int] | None:
    """Decode the character reference at ``text[pos] == "&"``: (character, next index) or None."""
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        hexadecimal = end < n and text[end] in "xX"
        if hexadecimal:
            end += 1
        digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        start = end
        while end < n and text[end] in digits:
            end += 1
        if end == start:
            return None
        code = int(text[start:end], 16 if hexadecimal else 10)
        if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        char = _NAMED_ENTITIES.get(text[pos + 1 : end])
        if char is None:
            return None
    if end < n and text[end] == ";":
        return char, end + 1
    if strict:
        return None  # "&amp" without ";" is sloppy; Telegram guesses, we refuse
    return char, end


def parse_html(text: str, *, strict: bool = True) -> FormattedText:
    """Parse Telegram-flavoured HTML like tdlib does; raise ApiError(400) where Telegram would."""
    out: list[str] = []
    u16 = 0
    entities: list[dict] = []
    stack: list[tuple[str, str, int, int, bool, dict]] = []  # tag, argument, u16, out_len, ...
    n = len(text)

    def at(k: int) -> str:
        return text[k] if k < n else ""

    i = 0
    while i < n:
        c = text[i]
        if c == "&":
            decoded = _decode_html_entity(text, i, strict)
            if decoded is not None:
                char, i = decoded
                out.append(char)
                u16 += utf16_len(char)
                continue
            if strict:
                raise _html_error(
                    f'Unescaped "&" at byte offset {_byte_offset(text, i)}; write it as "&amp;"'
                )
        if c == ">" and strict:
            raise _html_error(
                f'Unescaped ">" at byte offset {_byte_offset(text, i)}; write it as "&gt;"'
            )
        if c != "<":
            # Plain text up to the next "&", "<" or ">", at once (a character at a time, most of a
            # long answer's time went here).
            run = _PLAIN_RUN.match(text, i + 1)
            end = run.end() if run else i + 1
            out.append(text[i:end])
            u16 += utf16_len(text[i:end])
            i = end
            continue

        begin = i
        begin_bytes = _byte_offset(text, begin)
        i += 1
        if at(i) != "/":
            while not _is_space(at(i)) and at(i) != ">":
                i += 1
            if at(i) == "":
                raise _html_error(f"Unclosed start tag at byte offset {begin_bytes}")
            tag = text[begin + 1 : i].lower()
            if tag not in _HTML_TAGS:
                raise _html_error(f'Unsupported start tag "{tag}" at byte offset {begin_bytes}')
            argument = ""
            expandable = False
            attributes: dict[str, str] = {}
            while at(i) != ">":
                while at(i) != "" and _is_space(at(i)):
                    i += 1
                if at(i) == "":
                    raise _html_error(f"Unclosed start tag at byte offset {begin_bytes}")
                if at(i) == ">":
                    break
                name_begin = i
                while not _is_space(at(i)) and at(i) not in ("=", ">"):
                    i += 1
                name = text[name_begin:i].lower()
                if not name:
                    raise _html_error(
                        f'Empty attribute name in the tag "{tag}" at byte offset {begin_bytes}'
                    )
                while at(i) != "" and _is_space(at(i)):
                    i += 1
                if at(i) != "=":
                    if at(i) == "":
                        raise _html_error(f"Unclosed start tag at byte offset {begin_bytes}")
                    if tag == "blockquote" and name == "expandable":
                        expandable = True
                        continue
                    raise _html_error(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {begin_bytes}'
                    )
                i += 1
                while at(i) != "" and _is_space(at(i)):
                    i += 1
                if at(i) == "":
                    raise _html_error(f'Unclosed start tag "{tag}" at byte offset {begin_bytes}')
                if at(i) not in ("'", '"'):
                    # An unquoted name token: letters, digits, periods and hyphens.
                    token_begin = i
                    while at(i) != "" and ((at(i).isascii() and at(i).isalnum()) or at(i) in ".-"):
                        i += 1
                    value = text[token_begin:i].lower()
                    if not _is_space(at(i)) and at(i) != ">":
                        raise _html_error(
                            "Unexpected end of name token at byte offset "
                            f"{_byte_offset(text, token_begin)}"
                        )
                else:
                    quote = at(i)
                    i += 1
                    chars: list[str] = []
                    while at(i) != quote and at(i) != "":
                        if at(i) == "&":
                            decoded = _decode_html_entity(text, i, strict=False)
                            if decoded is not None:
                                chars.append(decoded[0])
                                i = decoded[1]
                                continue
                        chars.append(at(i))
                        i += 1
                    if at(i) == quote:
                        i += 1
                    value = "".join(chars)
                if at(i) == "":
                    raise _html_error(f"Unclosed start tag at byte offset {begin_bytes}")
                attributes.setdefault(name, value)
                if tag == "a" and name == "href":
                    argument = value
                elif tag == "code" and name == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag == "span" and name == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
                elif tag == "tg-emoji" and name == "emoji-id":
                    argument = value
                elif tag == "blockquote" and name == "expandable":
                    expandable = True
            if tag == "span" and argument != "spoiler":
                raise _html_error(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {begin_bytes}'
                )
            if tag == "tg-emoji" and not (argument.isdigit() and int(argument) > 0):
                raise _html_error("Invalid custom emoji identifier specified")
            if tag == "tg-time":
                unix = attributes.get("unix", "")
                if not re.fullmatch(r"-?\d+", unix):
                    raise _html_error("Invalid Unix time specified")
                if not _DATE_TIME_FORMAT.fullmatch(attributes.get("format", "")):
                    raise _html_error("Invalid date and time format specified")
            stack.append((tag, argument, u16, len(out), expandable, attributes))
            i += 1  # skip ">"
            continue

        # An end tag.
        if not stack:
            raise _html_error(f"Unexpected end tag at byte offset {begin_bytes}")
        i += 1  # skip "/"
        name_begin = i
        while not _is_space(at(i)) and at(i) != ">":
            i += 1
        end_name = text[name_begin:i].lower()
        while at(i) != "" and _is_space(at(i)):
            i += 1
        if at(i) != ">":
            raise _html_error(f"Unclosed end tag at byte offset {begin_bytes}")
        tag, argument, start, out_start, expandable, attributes = stack[-1]
        if end_name and end_name != tag:
            raise _html_error(
                f'Unmatched end tag at byte offset {begin_bytes}, expected "</{tag}>", '
                f'found "</{end_name}>"'
            )
        stack.pop()
        i += 1  # skip ">"
        length = u16 - start
        if length <= 0:
            continue
        entity: dict[str, Any] = {"offset": start, "length": length}
        if tag in _SIMPLE_TAG_ENTITY:
            entity["type"] = _SIMPLE_TAG_ENTITY[tag]
        elif tag == "a":
            if not argument:
                continue  # Telegram finds a bare URL in the text by itself
            entity.update(type="text_link", url=argument)
        elif tag == "pre":
            entity["type"] = "pre"
            inner = entities[-1] if entities else None
            if (
                inner is not None
                and inner["type"] == "code"
                and inner["offset"] == start
                and inner["length"] == length
            ):
                entities.pop()
                if inner.get("language"):
                    entity["language"] = inner["language"]
        elif tag == "blockquote":
            entity["type"] = "expandable_blockquote" if expandable else "blockquote"
        elif tag == "tg-emoji":
            entity.update(type="custom_emoji", custom_emoji_id=argument)
        elif tag == "tg-time":
            entity.update(type="date_time", unix_time=int(attributes["unix"]))
            if attributes.get("format"):
                entity["date_time_format"] = attributes["format"]
        if tag == "code" and argument:
            entity["language"] = argument  # kept only if a <pre> wraps it exactly
        entities.append(entity)

    if stack:
        raise _html_error(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    return FormattedText("".join(out), _sorted(entities))


# --------------------------------------------------------------------------- Markdown

_MDV2_RESERVED = "_*[]()~`>#+-=|{}.!"
_MDV2_TYPE_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


def _reserved_error(char: str) -> ApiError:
    return _html_error(f"Character '{char}' is reserved and must be escaped with the preceding '\\'")


def parse_markdown_v2(text: str) -> FormattedText:
    """Parse MarkdownV2 following tdlib's rules and error texts (blockquotes approximated)."""
    out: list[str] = []
    u16 = 0
    entities: list[dict] = []
    stack: list[dict] = []  # type, argument, u16, byte offset, out index
    quote: dict | None = None  # the blockquote being built: start, expandable
    n = len(text)

    def at(k: int) -> str:
        return text[k] if k < n else ""

    def emit(char: str) -> None:
        nonlocal u16
        out.append(char)
        u16 += utf16_len(char)

    def close_quote(end: int) -> None:
        nonlocal quote
        if quote is not None and end > quote["start"]:
            kind = "expandable_blockquote" if quote["expandable"] else "blockquote"
            entities.append({"type": kind, "offset": quote["start"], "length": end - quote["start"]})
        quote = None

    i = 0
    while i < n:
        if (i == 0 or text[i - 1] == "\n") and not stack:
            marker = 3 if text.startswith("**>", i) else 1 if at(i) == ">" else 0
            if marker:
                if quote is None:
                    quote = {"start": u16, "expandable": marker == 3}
                i += marker
                continue
            if quote is not None:
                close_quote(u16 - 1)  # the line break before this line is not quoted
        c = text[i]
        if c == "\\" and at(i + 1) != "" and 0 < ord(at(i + 1)) <= 126:
            emit(text[i + 1])
            i += 2
            continue
        if (
            quote is not None
            and quote["expandable"]
            and text.startswith("||", i)
            and (i + 2 == n or at(i + 2) == "\n")
            and not stack
        ):
            close_quote(u16)
            i += 2
            continue

        reserved = _MDV2_RESERVED
        if stack and stack[-1]["type"] in ("code", "pre"):
            reserved = "`"
        if c not in reserved:
            emit(c)
            i += 1
            continue

        top = stack[-1]["type"] if stack else None
        is_end = {
            "bold": c == "*",
            "italic": c == "_" and at(i + 1) != "_",
            "code": c == "`",
            "pre": text.startswith("```", i),
            "text_link": c == "]",
            "underline": text.startswith("__", i),
            "strikethrough": c == "~",
            "spoiler": text.startswith("||", i),
            "custom_emoji": c == "]",
            None: False,
        }[top]
        if not is_end:
            byte_offset = _byte_offset(text, i)
            argument = ""
            if c == "_":
                if at(i + 1) == "_":
                    kind = "underline"
                    i += 1
                else:
                    kind = "italic"
            elif c == "*":
                kind = "bold"
            elif c == "~":
                kind = "strikethrough"
            elif c == "|":
                if at(i + 1) != "|":
                    raise _reserved_error(c)
                kind = "spoiler"
                i += 1
            elif c == "[":
                kind = "text_link"
            elif c == "`":
                if text.startswith("```", i):
                    kind = "pre"
                    i += 3
                    language_end = i
                    while not _is_space(at(language_end)) and at(language_end) != "`":
                        language_end += 1
                    if language_end != i and at(language_end) not in ("", "`"):
                        argument = text[i:language_end]
                        i = language_end
                    if at(i) in ("\n", "\r"):
                        i += 2 if at(i + 1) in ("\n", "\r") and at(i + 1) != at(i) else 1
                    stack.append(
                        {"type": kind, "argument": argument, "u16": u16,
                         "byte": byte_offset, "out": len(out)}
                    )  # fmt: skip
                    continue
                kind = "code"
            elif c == "!" and at(i + 1) == "[":
                kind = "custom_emoji"
                i += 1
            else:
                raise _reserved_error(c)
            stack.append(
                {"type": kind, "argument": argument, "u16": u16, "byte": byte_offset,
                 "out": len(out)}
            )  # fmt: skip
            i += 1
            continue

        frame = stack.pop()
        kind = frame["type"]
        entity: dict[str, Any] = {"type": kind, "offset": frame["u16"], "length": u16 - frame["u16"]}
        if kind in ("underline", "spoiler"):
            i += 1
        elif kind == "pre":
            i += 2
            if frame["argument"]:
                entity["language"] = frame["argument"]
        elif kind in ("text_link", "custom_emoji"):
            if at(i + 1) != "(":
                if kind == "custom_emoji":
                    raise _html_error("Custom emoji entity must contain a tg://emoji URL")
                url = "".join(out[frame["out"] :])
            else:
                i += 2
                url_begin = i
                chars: list[str] = []
                while i < n and text[i] != ")":
                    if text[i] == "\\" and at(i + 1) != "" and 0 < ord(at(i + 1)) <= 126:
                        chars.append(text[i + 1])
                        i += 2
                        continue
                    chars.append(text[i])
                    i += 1
                if at(i) != ")":
                    what = "custom emoji URL" if kind == "custom_emoji" else "URL"
                    raise _html_error(
                        f"Can't find end of a {what} at byte offset {_byte_offset(text, url_begin)}"
                    )
                url = "".join(chars)
            if kind == "custom_emoji":
                match = re.fullmatch(r"tg://emoji\?id=(\d+)", url)
                if not match:
                    raise _html_error("Custom emoji URL must have scheme tg")
                entity["custom_emoji_id"] = match.group(1)
            else:
                entity["url"] = url
        i += 1
        if entity["length"] > 0 and (kind != "text_link" or entity.get("url")):
            entities.append(entity)

    if stack:
        frame = stack[-1]
        raise _html_error(
            f"Can't find end of {_MDV2_TYPE_NAMES[frame['type']]} entity at byte offset "
            f"{frame['byte']}"
        )
    if quote is not None:
        close_quote(u16)
    return FormattedText("".join(out), _sorted(entities))


def parse_markdown(text: str) -> FormattedText:
    """Parse legacy Markdown (``*bold*``, ``_italic_``, ``code``, ``[text](url)``) like tdlib."""
    out: list[str] = []
    u16 = 0
    entities: list[dict] = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.append(text[i + 1])
            u16 += 1
            i += 2
            continue
        if c not in "_*`[":
            out.append(c)
            u16 += utf16_len(c)
            i += 1
            continue
        begin = i
        end_char = "]" if c == "[" else c
        i += 1
        language = ""
        is_pre = False
        if c == "`" and text.startswith("``", i):
            i += 2
            is_pre = True
            language_end = i
            while language_end < n and not _is_space(text[language_end]) and text[language_end] != "`":
                language_end += 1
            if language_end != i and language_end < n and text[language_end] != "`":
                language = text[i:language_end]
                i = language_end
            if i < n and text[i] in "\r\n":
                i += 2 if i + 1 < n and text[i + 1] in "\r\n" and text[i + 1] != text[i] else 1
        start = u16
        out_start = len(out)
        while i < n and (text[i] != end_char or (is_pre and not text.startswith("```", i))):
            out.append(text[i])
            u16 += utf16_len(text[i])
            i += 1
        if i == n:
            raise _html_error(
                f"Can't find end of the entity starting at byte offset {_byte_offset(text, begin)}"
            )
        entity: dict[str, Any] = {"offset": start, "length": u16 - start}
        if c == "_":
            entity["type"] = "italic"
        elif c == "*":
            entity["type"] = "bold"
        elif c == "[":
            url = "".join(out[out_start:])
            if i + 1 < n and text[i + 1] == "(":
                i += 2
                url_begin = i
                while i < n and text[i] != ")":
                    i += 1
                url = text[url_begin:i]
            entity.update(type="text_link", url=url)
        elif is_pre:
            entity["type"] = "pre"
            if language:
                entity["language"] = language
            i += 2
        else:
            entity["type"] = "code"
        i += 1
        if entity["length"] > 0:
            entities.append(entity)
    return FormattedText("".join(out), _sorted(entities))


# --------------------------------------------------------------------------- formatted text

_TRIM = " \t\r\n\v\f\0"
_AUTO_URL = re.compile(
    r"(?<![\w@/.])(?:https?://[^\s<>\"']+|(?:www\.|t\.me/|telegram\.me/)[^\s<>\"']+)",
    re.IGNORECASE,
)
_AUTO_MENTION = re.compile(r"(?<![\w@/])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w@])")
_AUTO_COMMAND = re.compile(r"(?<![\w/@.])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z][A-Za-z0-9_]{2,31})?(?![\w/])")
_AUTO_HASHTAG = re.compile(r"(?<![\w#])#(?=\w*[^\W\d_])\w+")
_OPAQUE = frozenset({"code", "pre", "text_link", "text_mention", "custom_emoji", "url", "date_time"})


def _sorted(entities: list[dict]) -> list[dict]:
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _char_to_u16_offsets(text: str) -> list[int]:
    if not _ASTRAL.search(text):  # one code unit a character: the offsets are the indexes
        return list(range(len(text) + 1))
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + (2 if ord(char) > 0xFFFF else 1))
    return offsets


def detect_entities(formatted: FormattedText) -> FormattedText:
    """Add the url / mention / bot_command / hashtag entities Telegram finds by itself."""
    text = formatted.text
    u16_at = _char_to_u16_offsets(text)
    taken = [(e["offset"], e["offset"] + e["length"]) for e in formatted.entities if e["type"] in _OPAQUE]
    found: list[dict] = []
    for kind, pattern in (
        ("url", _AUTO_URL),
        ("mention", _AUTO_MENTION),
        ("bot_command", _AUTO_COMMAND),
        ("hashtag", _AUTO_HASHTAG),
    ):
        for match in pattern.finditer(text):
            begin, end = match.start(), match.end()
            if kind == "url":
                while end > begin and text[end - 1] in ".,;:!?)]}'\"":
                    end -= 1
            start, stop = u16_at[begin], u16_at[end]
            if stop <= start or any(start < b and a < stop for a, b in taken):
                continue
            taken.append((start, stop))
            found.append({"type": kind, "offset": start, "length": stop - start})
    return FormattedText(text, _sorted(formatted.entities + found))


def _trim(formatted: FormattedText) -> FormattedText:
    text = formatted.text
    stripped = text.strip(_TRIM)
    if stripped == text:
        return formatted
    lead = utf16_len(text[: len(text) - len(text.lstrip(_TRIM))])
    total = utf16_len(stripped)
    entities = []
    for entity in formatted.entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return FormattedText(stripped, entities)


def _check_entities_param(entities: Any, text: str) -> list[dict]:
    if not isinstance(entities, list):
        raise bad_request("can't parse entities JSON object")
    total = utf16_len(text)
    checked = []
    for entity in entities:
        if not (
            isinstance(entity, dict)
            and isinstance(entity.get("type"), str)
            and isinstance(entity.get("offset"), int)
            and isinstance(entity.get("length"), int)
        ):
            raise bad_request('can\'t parse MessageEntity: Field "type", "offset" or "length" is missing')
        if entity["offset"] < 0 or entity["length"] <= 0 or entity["offset"] >= total:
            continue  # Telegram silently drops entities outside the text
        if entity["type"] == "text_link" and not entity.get("url"):
            raise bad_request("can't parse MessageEntity: Field \"url\" must be of type String")
        checked.append(dict(entity))
    return _sorted(checked)


def format_text(
    text: str,
    parse_mode: str | None = None,
    entities: Any = None,
    *,
    strict: bool = True,
    detect: bool = True,
) -> FormattedText:
    """Turn a text parameter into what Telegram stores: parse, trim, find implicit entities."""
    if not isinstance(text, str):
        raise bad_request("text must be a string")
    if entities is not None:
        formatted = FormattedText(text, _check_entities_param(entities, text))
    elif parse_mode in (None, ""):
        formatted = FormattedText(text, [])
    else:
        mode = str(parse_mode).lower()
        if mode == "html":
            formatted = parse_html(text, strict=strict)
        elif mode == "markdownv2":
            formatted = parse_markdown_v2(text)
        elif mode == "markdown":
            formatted = parse_markdown(text)
        else:
            raise bad_request("unsupported parse_mode")
    formatted = _trim(formatted)
    return detect_entities(formatted) if detect else formatted


def check_text(
    text: Any,
    parse_mode: str | None = None,
    entities: Any = None,
    *,
    max_length: int = MAX_TEXT_LENGTH,
    empty: str = "message text is empty",
    too_long: str = "message is too long",
    allow_empty: bool = False,
    strict: bool = True,
) -> FormattedText:
    """Validate a message text or caption and return it as Telegram would store it."""
    if text is None or text == "":
        if allow_empty:
            return FormattedText("")
        raise bad_request(empty)
    formatted = format_text(text, parse_mode, entities, strict=strict)
    if not formatted.text and not allow_empty:
        raise bad_request(empty)
    if utf16_len(formatted.text) > max_length:
        raise bad_request(too_long)
    return formatted


def validate_html(text: str, *, max_length: int | None = MAX_TEXT_LENGTH, strict: bool = True) -> None:
    """Raise ApiError unless Telegram would accept ``text`` with ``parse_mode="HTML"``.

    Checks the markup, that the visible text is not empty and (unless ``max_length`` is None)
    that it fits the limit: 4096 for messages, pass ``MAX_CAPTION_LENGTH`` for captions.
    """
    check_text(text, "HTML", max_length=max_length or 10**9, strict=strict)


def html_visible_text(text: str, *, strict: bool = True) -> str:
    """The text a user sees for an HTML message (tags removed, entities decoded, trimmed)."""
    return _trim(parse_html(text, strict=strict)).text


# --------------------------------------------------------------------------- keyboards

_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_BUTTON_STYLES = ("primary", "success", "danger")


def validate_callback_data(data: Any) -> None:
    """callback_data must be a string of 1-64 bytes in UTF-8."""
    if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
        raise bad_request("BUTTON_DATA_INVALID")


def validate_url(url: Any, *, what: str = "inline keyboard button URL") -> None:
    """An URL a button may open: http(s) or tg:, no white space, a host for http(s)."""
    if not isinstance(url, str) or not url:
        raise bad_request(f"{what} is empty")
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise bad_request(f"{what} '{url}' is invalid: Wrong HTTP URL")
    parts = urlsplit(url if "://" in url or url.startswith("tg:") else f"http://{url}")
    scheme = parts.scheme.lower()
    if scheme == "tg":
        return
    if scheme not in ("http", "https"):
        raise bad_request(f"{what} '{url}' is invalid: Unsupported URL protocol")
    host = parts.hostname or ""
    if not host or not ("." in host or host == "localhost"):
        raise bad_request(f"{what} '{url}' is invalid: Wrong HTTP URL")


def _button_error(reason: str) -> ApiError:
    return bad_request(f"can't parse inline keyboard button: {reason}")


def validate_inline_button(button: Any, *, chat_type: str | None = None) -> None:
    if not isinstance(button, dict):
        raise _button_error("InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise _button_error('Field "text" must be of type String')
    if not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in _INLINE_ACTIONS if name in button]
    if not actions:
        raise _button_error("Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        # Telegram silently uses the first field it knows and drops the rest; that is a bug
        # in the sender either way, so the fake refuses it.
        raise _button_error(f"exactly one of the optional fields must be used, got {actions}")
    action = actions[0]
    value = button[action]
    if action == "callback_data":
        validate_callback_data(value)
    elif action == "url":
        validate_url(value)
    elif action in ("switch_inline_query", "switch_inline_query_current_chat"):
        if not isinstance(value, str):
            raise _button_error(f'Field "{action}" must be of type String')
    elif action in ("web_app", "login_url"):
        if not isinstance(value, dict) or not isinstance(value.get("url"), str):
            raise _button_error(f'Field "{action}" must be an Object with a "url"')
        if action == "web_app":
            if not value["url"].startswith("https://"):
                raise bad_request("BUTTON_URL_INVALID")
            if chat_type not in (None, "private"):
                raise bad_request("BUTTON_TYPE_INVALID")
    elif action == "copy_text":
        copy = value.get("text") if isinstance(value, dict) else None
        if not isinstance(copy, str) or not 1 <= len(copy) <= 256:
            raise bad_request("COPY_TEXT_INVALID")
    elif action == "switch_inline_query_chosen_chat" and not isinstance(value, dict):
        raise _button_error('Field "switch_inline_query_chosen_chat" must be an Object')
    if "style" in button and button["style"] not in _BUTTON_STYLES:
        raise bad_request("BUTTON_STYLE_INVALID")


def validate_inline_keyboard(markup: Any, *, chat_type: str | None = None) -> None:
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list):
        raise bad_request('Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    total = 0
    for row in rows:
        if not isinstance(row, list):
            raise bad_request(
                'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        if len(row) > MAX_BUTTONS_PER_ROW:
            raise bad_request("BUTTONS_TOO_MUCH")
        for button in row:
            validate_inline_button(button, chat_type=chat_type)
        total += len(row)
    if total > MAX_BUTTONS:
        raise bad_request("BUTTONS_TOO_MUCH")


def _validate_keyboard_button(button: Any, chat_type: str | None) -> None:
    if isinstance(button, str):
        text = button
    elif isinstance(button, dict) and isinstance(button.get("text"), str):
        text = button["text"]
        private_only = ("request_contact", "request_location", "request_users", "request_chat",
                        "web_app", "request_managed_bot")  # fmt: skip
        if chat_type not in (None, "private") and any(k in button for k in private_only):
            raise bad_request("BUTTON_TYPE_INVALID")
    else:
        raise bad_request("can't parse keyboard button: KeyboardButton must be a String or an Object")
    if not text.strip():
        raise bad_request("keyboard button text must be non-empty")


def validate_reply_markup(
    markup: Any, *, chat_type: str | None = None, inline_only: bool = False
) -> dict | None:
    """Validate any reply_markup; returns the markup Telegram echoes back (inline only)."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        validate_inline_keyboard(markup, chat_type=chat_type)
        return markup if any(markup["inline_keyboard"]) else None
    if inline_only:
        raise bad_request("can't parse inline keyboard markup JSON object")
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise bad_request('Field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays')
        for row in rows:
            for button in row:
                _validate_keyboard_button(button, chat_type)
        placeholder = markup.get("input_field_placeholder")
        if placeholder is not None and not (
            isinstance(placeholder, str)
            and ReplyLimit.MIN_INPUT_FIELD_PLACEHOLDER
            <= len(placeholder)
            <= ReplyLimit.MAX_INPUT_FIELD_PLACEHOLDER
        ):
            raise bad_request("input field placeholder must be 1-64 characters long")
        return None
    if markup.get("remove_keyboard") is True:
        return None
    if markup.get("force_reply") is True:
        placeholder = markup.get("input_field_placeholder")
        if placeholder is not None and not (isinstance(placeholder, str) and 1 <= len(placeholder) <= 64):
            raise bad_request("input field placeholder must be 1-64 characters long")
        return None
    raise bad_request("can't parse reply keyboard markup JSON object")


# --------------------------------------------------------------------------- polls


def _poll_text(
    value: Any, parse_mode: Any, entities: Any, what: str, limit: int, *, strict: bool
) -> FormattedText:
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"poll {what} must be non-empty")
    formatted = format_text(value, parse_mode, entities, strict=strict, detect=False)
    if not formatted.text:
        raise bad_request(f"poll {what} must be non-empty")
    if utf16_len(formatted.text) > limit:
        raise bad_request(f"poll {what} length must not exceed {limit}")
    return formatted


def validate_poll(params: dict, *, chat_type: str | None = None, strict: bool = True) -> dict:
    """Check sendPoll parameters; return the normalised poll fields (without id and counts)."""
    question = _poll_text(
        params.get("question"), params.get("question_parse_mode"), params.get("question_entities"),
        "question", PollLimit.MAX_QUESTION_LENGTH, strict=strict,
    )  # fmt: skip
    raw_options = params.get("options")
    if not isinstance(raw_options, list):
        raise bad_request("can't parse options JSON object")
    if len(raw_options) < PollLimit.MIN_OPTION_NUMBER:
        plural = "s" if PollLimit.MIN_OPTION_NUMBER > 1 else ""
        raise bad_request(f"poll must have at least {int(PollLimit.MIN_OPTION_NUMBER)} option{plural}")
    if len(raw_options) > PollLimit.MAX_OPTION_NUMBER:
        raise bad_request(f"poll can't have more than {int(PollLimit.MAX_OPTION_NUMBER)} options")
    options = []
    for raw in raw_options:
        if isinstance(raw, str):
            raw = {"text": raw}
        if not isinstance(raw, dict):
            raise bad_request("can't parse InputPollOption: expected an Object")
        option = _poll_text(
            raw.get("text"), raw.get("text_parse_mode"), raw.get("text_entities"),
            "options", PollLimit.MAX_OPTION_LENGTH, strict=strict,
        )  # fmt: skip
        options.append(option)
    texts = [option.text for option in options]
    if len(set(texts)) != len(texts):
        raise bad_request("POLL_OPTION_DUPLICATE")

    kind = params.get("type") or "regular"
    if kind not in ("regular", "quiz"):
        raise bad_request("wrong poll type specified")
    is_anonymous = params.get("is_anonymous", True)
    multiple = bool(params.get("allows_multiple_answers", False))
    poll: dict[str, Any] = {
        "question": question,
        "options": options,
        "type": kind,
        "is_anonymous": bool(is_anonymous),
        "allows_multiple_answers": multiple,
        "allows_revoting": bool(params.get("allows_revoting", kind == "regular")),
        "is_closed": bool(params.get("is_closed", False)),
    }
    if params.get("allow_adding_options") and (kind == "quiz" or is_anonymous):
        raise bad_request("answer options can't be added to anonymous polls and quizzes")

    ids = params.get("correct_option_ids")
    if kind == "quiz":
        if ids is None:
            raise bad_request("correct_option_ids must be specified for quiz polls")
        if not isinstance(ids, list) or not ids or not all(isinstance(x, int) for x in ids):
            raise bad_request("wrong correct_option_ids specified")
        if any(not 0 <= x < len(options) for x in ids):
            raise bad_request("correct option id is out of range")
        if any(b <= a for a, b in zip(ids, ids[1:], strict=False)):
            raise bad_request("correct_option_ids must be monotonically increasing")
        if not multiple and len(ids) != 1:
            raise bad_request("a quiz without multiple answers must have exactly one correct option")
        poll["correct_option_ids"] = ids
    elif ids is not None:
        raise bad_request("correct_option_ids can be specified only for quiz polls")

    explanation = params.get("explanation")
    if explanation is not None and explanation != "":
        if kind != "quiz":
            raise bad_request("explanation can be specified only for quiz polls")
        formatted = format_text(
            explanation, params.get("explanation_parse_mode"), params.get("explanation_entities"),
            strict=strict,
        )  # fmt: skip
        if utf16_len(formatted.text) > PollLimit.MAX_EXPLANATION_LENGTH:
            raise bad_request(
                f"explanation can't be longer than {int(PollLimit.MAX_EXPLANATION_LENGTH)} characters"
            )
        if formatted.text.count("\n") > PollLimit.MAX_EXPLANATION_LINE_FEEDS:
            raise bad_request(
                f"explanation can't have more than {int(PollLimit.MAX_EXPLANATION_LINE_FEEDS)} line feeds"
            )
        poll["explanation"] = formatted

    description = params.get("description")
    if description:
        formatted = format_text(
            description, params.get("description_parse_mode"), params.get("description_entities"),
            strict=strict,
        )  # fmt: skip
        if utf16_len(formatted.text) > PollLimit.MAX_DESCRIPTION_CHARACTERS:
            raise bad_request("poll description is too long")
        poll["description"] = formatted

    open_period = params.get("open_period")
    close_date = params.get("close_date")
    if open_period is not None and close_date is not None:
        raise bad_request("open_period and close_date can't be used together")
    if open_period is not None:
        if not isinstance(open_period, int) or not (
            PollLimit.MIN_OPEN_PERIOD <= open_period <= PollLimit.MAX_OPEN_PERIOD
        ):
            raise bad_request(
                f"open_period must be between {int(PollLimit.MIN_OPEN_PERIOD)} and "
                f"{int(PollLimit.MAX_OPEN_PERIOD)} seconds"
            )
        poll["open_period"] = open_period
    if close_date is not None:
        poll["close_date"] = close_date
    if chat_type == "channel" and not is_anonymous:
        raise bad_request("non-anonymous polls can't be sent to channel chats")
    return poll


# --------------------------------------------------------------------------- inline mode


def validate_start_parameter(payload: Any) -> None:
    """A deep-link / start_parameter payload: 1-64 characters of A-Z a-z 0-9 _ -."""
    if not isinstance(payload, str) or not DEEP_LINK_PAYLOAD.fullmatch(payload):
        raise bad_request("START_PARAM_INVALID")


def validate_deep_link(url: str, bot_username: str | None = None) -> str:
    """Check a ``https://t.me/<bot>?start=<payload>`` link and return its payload."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.hostname not in ("t.me", "telegram.me"):
        raise bad_request(f"deep link '{url}' must start with https://t.me/")
    username = parts.path.strip("/")
    if bot_username is not None and username.lower() != bot_username.lower():
        raise bad_request(f"deep link '{url}' points to @{username}, not @{bot_username}")
    query = parse_qs(parts.query, keep_blank_values=True)
    values = query.get("start") or query.get("startgroup")
    if not values:
        raise bad_request(f"deep link '{url}' has no start parameter")
    validate_start_parameter(values[0])
    return values[0]


def validate_input_message_content(content: Any, *, strict: bool = True) -> FormattedText | None:
    if not isinstance(content, dict):
        raise bad_request("can't parse InputMessageContent: expected an Object")
    if "message_text" in content:
        return check_text(
            content["message_text"], content.get("parse_mode"), content.get("entities"),
            empty="MESSAGE_EMPTY", too_long="MESSAGE_TOO_LONG", strict=strict,
        )  # fmt: skip
    if not any(key in content for key in ("latitude", "phone_number", "title", "payload")):
        raise bad_request("can't parse InputMessageContent: unknown content type")
    return None


_RESULT_TYPES = frozenset(
    {
        "article", "photo", "gif", "mpeg4_gif", "video", "audio", "voice", "document",
        "location", "venue", "contact", "game", "sticker",
    }
)  # fmt: skip


def validate_inline_results(
    results: Any, *, next_offset: Any = None, button: Any = None, strict: bool = True
) -> None:
    """answerInlineQuery: at most 50 results with unique ids of 1-64 bytes, valid contents."""
    if not isinstance(results, list):
        raise bad_request("can't parse results JSON object")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        if not isinstance(result, dict):
            raise bad_request("can't parse InlineQueryResult: expected an Object")
        if result.get("type") not in _RESULT_TYPES:
            raise bad_request(f"can't parse InlineQueryResult: unknown type {result.get('type')!r}")
        result_id = result.get("id")
        if not isinstance(result_id, str) or not (
            InlineQueryResultLimit.MIN_ID_LENGTH
            <= len(result_id.encode("utf-8"))
            <= InlineQueryResultLimit.MAX_ID_LENGTH
        ):
            raise bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        if result["type"] == "article":
            if not isinstance(result.get("title"), str) or not result["title"].strip():
                raise bad_request("RESULT_TITLE_EMPTY")
            if "input_message_content" not in result:
                raise bad_request("can't parse InlineQueryResultArticle: input_message_content is required")
        if "input_message_content" in result:
            validate_input_message_content(result["input_message_content"], strict=strict)
        elif "caption" in result:
            check_text(
                result["caption"], result.get("parse_mode"), result.get("caption_entities"),
                max_length=MAX_CAPTION_LENGTH, too_long="MEDIA_CAPTION_TOO_LONG",
                allow_empty=True, strict=strict,
            )  # fmt: skip
        if "reply_markup" in result:
            validate_reply_markup(result["reply_markup"], inline_only=True)
    if next_offset is not None and len(str(next_offset).encode("utf-8")) > InlineQueryLimit.MAX_OFFSET_LENGTH:
        raise bad_request("NEXT_OFFSET_INVALID")
    if button is not None:
        if not isinstance(button, dict) or not isinstance(button.get("text"), str) or not button["text"]:
            raise bad_request("can't parse InlineQueryResultsButton JSON object")
        if "start_parameter" in button:
            parameter = button["start_parameter"]
            if not isinstance(parameter, str) or not (
                InlineQueryResultsButtonLimit.MIN_START_PARAMETER_LENGTH
                <= len(parameter)
                <= InlineQueryResultsButtonLimit.MAX_START_PARAMETER_LENGTH
            ):
                raise bad_request("START_PARAM_INVALID")
            validate_start_parameter(parameter)
        elif "web_app" not in button:
            raise bad_request("can't parse InlineQueryResultsButton JSON object")


# --------------------------------------------------------------------------- commands


def validate_commands(commands: Any) -> list[dict]:
    """setMyCommands: ≤ 100 commands named [a-z0-9_]{1,32}, descriptions of 1-256 characters."""
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > BotCommandLimit.MAX_COMMAND_NUMBER:
        raise bad_request("too many commands specified")
    checked = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("expected BotCommand to be an Object")
        name, description = command.get("command"), command.get("description")
        if not isinstance(name, str) or not isinstance(description, str):
            raise bad_request('Field "command" and "description" must be of type String')
        if name.startswith("/"):
            name = name[1:]
        if not name:
            raise bad_request("command must be non-empty")
        if len(name) > BotCommandLimit.MAX_COMMAND:
            raise bad_request("command is too long")
        if not COMMAND_NAME.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not description.strip():
            raise bad_request("command description must be non-empty")
        if len(description) > BotCommandLimit.MAX_DESCRIPTION:
            raise bad_request("command description is too long")
        checked.append({"command": name, "description": description})
    names = [c["command"] for c in checked]
    if len(set(names)) != len(names):
        raise bad_request("BOT_COMMAND_DUPLICATE")
    return checked

"""Builders for realistic Bot API update dicts, shaped like what Telegram sends.

Each builder returns an update *without* ``update_id``; :meth:`FakeBotApi.push_update` assigns it.
Message ids come from one process-wide counter shared with the fake server, so a user's message
and the bot's replies never collide within a chat. Users speak English (``language_code="en"``)
unless told otherwise. Group chat ids are negative; ids below -10**12 are supergroups, like
Telegram's ``-100…`` ids.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

BOT_ID = 7_000_000_001
BOT_USERNAME = "hrc_test_bot"
BOT_FIRST_NAME = "HRC Test Bot"

_message_ids = itertools.count(1)
_query_ids = itertools.count(1)
_chat_instances = itertools.count(1)

ChatLike = int | dict


def next_message_id() -> int:
    """A fresh message id (process-wide, so ids never collide between users and the bot)."""
    return next(_message_ids)


def option_persistent_id(poll_id: str, index: int) -> str:
    """The persistent id of a poll option, the same in the fake's Poll and in poll_answer."""
    return f"{poll_id}-{index}"


def now() -> int:
    return int(time.time())


def bot_user() -> dict:
    return {"id": BOT_ID, "is_bot": True, "first_name": BOT_FIRST_NAME, "username": BOT_USERNAME}


def user(
    user_id: int,
    first_name: str | None = None,
    *,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = "en",
) -> dict:
    """A human user. ``first_name`` defaults to ``"User<id>"``."""
    data: dict[str, Any] = {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name or f"User{user_id}",
    }
    if last_name:
        data["last_name"] = last_name
    if username:
        data["username"] = username
    if language_code:
        data["language_code"] = language_code
    return data


def private_chat(user_id: int, first_name: str | None = None, *, username: str | None = None) -> dict:
    chat = {"id": user_id, "type": "private", "first_name": first_name or f"User{user_id}"}
    if username:
        chat["username"] = username
    return chat


def group_chat(chat_id: int, title: str | None = None) -> dict:
    """A group (``-1…``) or supergroup (``-100…``, i.e. below -10**12) chat."""
    if chat_id >= 0:
        raise ValueError(f"group chat ids are negative, got {chat_id}")
    kind = "supergroup" if chat_id <= -(10**12) else "group"
    return {"id": chat_id, "type": kind, "title": title or f"Group {abs(chat_id)}"}


def channel_chat(chat_id: int, title: str | None = None, *, username: str | None = None) -> dict:
    chat = {"id": chat_id, "type": "channel", "title": title or f"Channel {abs(chat_id)}"}
    if username:
        chat["username"] = username
    return chat


def _chat(chat: ChatLike | None, user_id: int, first_name: str | None) -> dict:
    if chat is None:
        return private_chat(user_id, first_name)
    if isinstance(chat, dict):
        return dict(chat)
    if chat > 0:
        return private_chat(chat, first_name if chat == user_id else None)
    return group_chat(chat)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def as_message_dict(message: Any) -> dict:
    """Accept a message dict, an update dict holding one, or a PTB Message."""
    if hasattr(message, "to_dict"):
        message = message.to_dict()
    if "message_id" not in message:
        for key in ("message", "edited_message", "channel_post", "callback_query"):
            if key in message:
                inner = message[key]
                return as_message_dict(inner["message"] if key == "callback_query" else inner)
        raise ValueError("not a message")
    return dict(message)


def message(
    user_id: int,
    text: str | None = None,
    *,
    chat: ChatLike | None = None,
    first_name: str | None = None,
    language_code: str | None = "en",
    entities: list[dict] | None = None,
    reply_to: dict | None = None,
    message_id: int | None = None,
    **fields: Any,
) -> dict:
    """A bare Message dict from a user (no update wrapper); extra fields are added verbatim."""
    msg: dict[str, Any] = {
        "message_id": message_id or next_message_id(),
        "from": user(user_id, first_name, language_code=language_code),
        "chat": _chat(chat, user_id, first_name),
        "date": now(),
    }
    if text is not None:
        msg["text"] = text
    if entities:
        msg["entities"] = entities
    if reply_to is not None:
        replied = as_message_dict(reply_to)
        replied.pop("reply_to_message", None)
        msg["reply_to_message"] = replied
    msg.update(fields)
    return msg


def private_text(user_id: int, text: str, **kwargs: Any) -> dict:
    """A text message in the private chat with ``user_id``."""
    return {"message": message(user_id, text, **kwargs)}


def command(
    user_id: int,
    name: str,
    args: str = "",
    *,
    chat: ChatLike | None = None,
    addressed: bool | None = None,
    bot_username: str = BOT_USERNAME,
    **kwargs: Any,
) -> dict:
    """``/name args`` with its bot_command entity; in groups it is ``/name@bot`` by default."""
    name = name if name.startswith("/") else f"/{name}"
    target = _chat(chat, user_id, kwargs.get("first_name"))
    if addressed is None:
        addressed = target["type"] != "private"
    word = f"{name}@{bot_username}" if addressed else name
    text = f"{word} {args}" if args else word
    entity = {"type": "bot_command", "offset": 0, "length": _utf16(word)}
    return {"message": message(user_id, text, chat=target, entities=[entity], **kwargs)}


def deep_link_start(user_id: int, payload: str, **kwargs: Any) -> dict:
    """What a user's client sends after opening ``t.me/<bot>?start=<payload>``.

    Telegram only delivers payloads of 1-64 characters from ``A-Za-z0-9_-``.
    """
    from .validate import validate_start_parameter

    validate_start_parameter(payload)
    return command(user_id, "/start", payload, **kwargs)


def group_text(
    chat_id: int,
    user_id: int,
    text: str,
    reply_to_bot: bool | dict = False,
    mention: bool = False,
    *,
    title: str | None = None,
    bot_username: str = BOT_USERNAME,
    **kwargs: Any,
) -> dict:
    """A text in a group. ``mention`` prefixes ``@bot`` with its mention entity;
    ``reply_to_bot`` makes it a reply to a bot message (pass the message dict to pick which).
    """
    entities = list(kwargs.pop("entities", None) or [])
    if mention:
        handle = f"@{bot_username}"
        shift = _utf16(handle) + 1
        entities = [{"type": "mention", "offset": 0, "length": _utf16(handle)}] + [
            {**e, "offset": e["offset"] + shift} for e in entities
        ]
        text = f"{handle} {text}"
    reply_to = kwargs.pop("reply_to", None)
    chat = group_chat(chat_id, title)
    if reply_to_bot is True:
        reply_to = {
            "message_id": next_message_id(),
            "from": bot_user(),
            "chat": chat,
            "date": now(),
            "text": "…",
        }
    elif isinstance(reply_to_bot, dict):
        reply_to = reply_to_bot
    return {
        "message": message(user_id, text, chat=chat, entities=entities or None, reply_to=reply_to, **kwargs)
    }


def callback(
    user_id: int,
    data: str,
    message: Any,
    *,
    first_name: str | None = None,
    query_id: str | None = None,
    chat_instance: str | None = None,
    language_code: str | None = "en",
) -> dict:
    """A callback_query: ``user_id`` pressed a button carrying ``data`` on a bot ``message``."""
    msg = as_message_dict(message)
    return {
        "callback_query": {
            "id": query_id or f"cbq{next(_query_ids)}",
            "from": user(user_id, first_name, language_code=language_code),
            "message": msg,
            "chat_instance": chat_instance or f"ci{msg['chat']['id']}-{next(_chat_instances)}",
            "data": data,
        }
    }


def inline_query(
    user_id: int,
    query: str,
    *,
    offset: str = "",
    chat_type: str | None = "sender",
    first_name: str | None = None,
    query_id: str | None = None,
    language_code: str | None = "en",
) -> dict:
    """An inline query ``@bot query`` typed by ``user_id``."""
    data: dict[str, Any] = {
        "id": query_id or f"ilq{next(_query_ids)}",
        "from": user(user_id, first_name, language_code=language_code),
        "query": query,
        "offset": offset,
    }
    if chat_type:
        data["chat_type"] = chat_type
    return {"inline_query": data}


def poll_answer(poll_id: str, user_id: int, option_ids: list[int], *, first_name: str | None = None) -> dict:
    """A vote in a non-anonymous poll (an empty list retracts the vote)."""
    return {
        "poll_answer": {
            "poll_id": poll_id,
            "user": user(user_id, first_name),
            "option_ids": list(option_ids),
            "option_persistent_ids": [option_persistent_id(poll_id, i) for i in option_ids],
        }
    }


def edited_message(original: Any, text: str, *, entities: list[dict] | None = None) -> dict:
    """The user edited their earlier message (dict, update or PTB Message) to ``text``."""
    msg = as_message_dict(original)
    msg["text"] = text
    msg.pop("entities", None)
    if entities:
        msg["entities"] = entities
    msg["edit_date"] = now()
    return {"edited_message": msg}


def sticker(user_id: int, emoji: str = "👍", *, chat: ChatLike | None = None, **kwargs: Any) -> dict:
    file_no = next_message_id()
    return {
        "message": message(
            user_id,
            chat=chat,
            sticker={
                "file_id": f"CAACAgIAAxk-sticker-{file_no}",
                "file_unique_id": f"AgADsticker{file_no}",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
                "emoji": emoji,
                "file_size": 24_000,
            },
            **kwargs,
        )
    }


def photo(user_id: int, caption: str | None = None, *, chat: ChatLike | None = None, **kwargs: Any) -> dict:
    file_no = next_message_id()
    sizes = [
        {"file_id": f"AgACAgIAAxk-photo-{file_no}-s", "file_unique_id": f"AQADphoto{file_no}s",
         "width": 90, "height": 67, "file_size": 1_300},
        {"file_id": f"AgACAgIAAxk-photo-{file_no}-m", "file_unique_id": f"AQADphoto{file_no}m",
         "width": 1280, "height": 960, "file_size": 120_000},
    ]  # fmt: skip
    extra: dict[str, Any] = {"photo": sizes}
    if caption is not None:
        extra["caption"] = caption
    return {"message": message(user_id, chat=chat, **extra, **kwargs)}


def voice(user_id: int, duration: int = 3, *, chat: ChatLike | None = None, **kwargs: Any) -> dict:
    file_no = next_message_id()
    return {
        "message": message(
            user_id,
            chat=chat,
            voice={
                "file_id": f"AwACAgIAAxk-voice-{file_no}",
                "file_unique_id": f"AgADvoice{file_no}",
                "duration": duration,
                "mime_type": "audio/ogg",
                "file_size": 4_000 * duration,
            },
            **kwargs,
        )
    }


def channel_post(chat_id: int, text: str, *, title: str | None = None, username: str | None = None) -> dict:
    """A post in a channel the bot is a member of (no ``from``; ``sender_chat`` is the channel)."""
    chat = channel_chat(chat_id, title, username=username)
    return {
        "channel_post": {
            "message_id": next_message_id(),
            "sender_chat": chat,
            "chat": chat,
            "date": now(),
            "text": text,
        }
    }


def new_chat_members(
    chat_id: int,
    members: list[int | dict],
    *,
    from_user_id: int | None = None,
    title: str | None = None,
) -> dict:
    """Service message: ``members`` (user ids, user dicts, or BOT_ID for the bot) joined."""
    joined = [
        (bot_user() if m == BOT_ID else user(m)) if isinstance(m, int) else dict(m) for m in members
    ]
    actor = from_user_id if from_user_id is not None else joined[0]["id"]
    msg = message(actor, chat=group_chat(chat_id, title), new_chat_members=joined)
    if actor == BOT_ID:
        msg["from"] = bot_user()
    return {"message": msg}


def chat_member_status(member: dict, status: str) -> dict:
    """A ChatMember object of the given status, with every field PTB requires."""
    data: dict[str, Any] = {"status": status, "user": member}
    if status == "creator":
        data["is_anonymous"] = False
    elif status == "administrator":
        data.update(
            can_be_edited=False, is_anonymous=False, can_manage_chat=True,
            can_delete_messages=True, can_manage_video_chats=True, can_restrict_members=True,
            can_promote_members=False, can_change_info=True, can_invite_users=True,
            can_post_stories=False, can_edit_stories=False, can_delete_stories=False,
            can_pin_messages=True, can_manage_topics=False,
        )  # fmt: skip
    elif status == "restricted":
        data.update(
            is_member=True, can_send_messages=False, can_send_audios=False,
            can_send_documents=False, can_send_photos=False, can_send_videos=False,
            can_send_video_notes=False, can_send_voice_notes=False, can_send_polls=False,
            can_send_other_messages=False, can_add_web_page_previews=False, can_change_info=False,
            can_invite_users=False, can_pin_messages=False, can_manage_topics=False,
            can_edit_tag=False, can_react_to_messages=False, until_date=0,
        )  # fmt: skip
    elif status == "kicked":
        data["until_date"] = 0
    return data


def my_chat_member(
    chat: ChatLike,
    from_user_id: int,
    *,
    old_status: str = "left",
    new_status: str = "member",
    title: str | None = None,
) -> dict:
    """The bot's own membership changed (added to a group, promoted, or blocked in private)."""
    if isinstance(chat, dict):
        target = dict(chat)
    elif chat > 0:
        target = private_chat(chat)
    else:
        target = group_chat(chat, title)
    return {
        "my_chat_member": {
            "chat": target,
            "from": user(from_user_id),
            "date": now(),
            "old_chat_member": chat_member_status(bot_user(), old_status),
            "new_chat_member": chat_member_status(bot_user(), new_status),
        }
    }

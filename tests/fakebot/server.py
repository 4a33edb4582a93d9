"""A fake Telegram Bot API server on 127.0.0.1 that the real PTB ``Application`` can talk to.

The server runs in a background thread (``ThreadingHTTPServer``), so it serves whatever event loop
the test uses. It speaks HTTP like api.telegram.org: ``POST /bot<TOKEN>/<method>`` with form,
multipart or JSON bodies, answers ``{"ok": true, "result": ...}`` or an error object with the
status code Telegram would use, and serves uploaded files under ``/file/bot<TOKEN>/<path>``.

It keeps the state Telegram keeps (chats, messages and their edits, polls, callback and inline
queries, commands, webhook, the update queue) so that what the bot sends is checked the way
Telegram checks it (see ``validate.py``). Tests inject updates with :meth:`FakeBotApi.push_update`
and assert on what the bot sent through :attr:`FakeBotApi.calls` and the ``wait_for`` helpers.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import email.parser
import email.policy
import itertools
import json
import re
import secrets
import select
import socket
import string
import threading
import time
import traceback
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

import telegram
from telegram.constants import (
    SUPPORTED_WEBHOOK_PORTS,
    BotCommandScopeType,
    BotDescriptionLimit,
    BotNameLimit,
    ChatAction,
    FileSizeLimit,
    FloodLimit,
    UpdateType,
)

from . import updates as U
from .validate import (
    MAX_CALLBACK_ANSWER_TEXT,
    MAX_CAPTION_LENGTH,
    ApiError,
    FormattedText,
    bad_request,
    check_text,
    validate_commands,
    validate_inline_results,
    validate_poll,
    validate_reply_markup,
)

#: Telegram delivers these when ``allowed_updates`` was never set (or set to ``[]``).
UPDATE_TYPES = frozenset(kind.value for kind in UpdateType)
DEFAULT_ALLOWED_UPDATES = UPDATE_TYPES - {"chat_member", "message_reaction", "message_reaction_count"}
_CHAT_ACTIONS = frozenset(action.value for action in ChatAction)
_SCOPE_TYPES = frozenset(scope.value for scope in BotCommandScopeType)
#: A callback query must be answered within this many seconds, or Telegram says it is too old.
CALLBACK_ANSWER_WINDOW = 15.0
#: How long the wait_* helpers wait before failing a test. A hang guard, not a timing: tests wait
#: for the call they need, and a busy machine may take many times longer than an idle one.
WAIT_TIMEOUT = 60.0

_API_PATH = re.compile(r"/bot(?P<token>[^/]*)/(?P<method>[^/]*)")
_FILE_PATH = re.compile(r"/file/bot(?P<token>[^/]*)/(?P<path>.+)")
_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")
_INT = re.compile(r"-?\d+")
_MAX_BODY = FileSizeLimit.FILESIZE_UPLOAD + 1_000_000

_JSON_FIELDS = frozenset(
    {
        "reply_markup", "entities", "caption_entities", "options", "correct_option_ids",
        "allowed_updates", "results", "commands", "scope", "link_preview_options",
        "reply_parameters", "explanation_entities", "question_entities", "description_entities",
        "text_entities", "button", "media", "permissions", "country_codes", "menu_button",
        "rights", "message_ids", "explanation_media", "reaction",
    }
)  # fmt: skip
_INT_FIELDS = frozenset(
    {
        "message_id", "offset", "limit", "timeout", "open_period", "close_date", "user_id",
        "cache_time", "message_thread_id", "reply_to_message_id", "max_connections", "duration",
        "width", "height", "correct_option_id", "until_date",
    }
)  # fmt: skip
_BOOL_FIELDS = frozenset(
    {
        "disable_notification", "protect_content", "allow_sending_without_reply", "is_anonymous",
        "allows_multiple_answers", "allows_revoting", "allow_adding_options",
        "hide_results_until_closes", "shuffle_options", "members_only", "is_closed",
        "show_alert", "is_personal", "drop_pending_updates", "has_spoiler",
        "show_caption_above_media", "allow_paid_broadcast", "disable_content_type_detection",
        "for_channels", "only_if_banned", "revoke_messages",
    }
)  # fmt: skip
_CHAT_ID_FIELDS = frozenset({"chat_id", "from_chat_id"})
_SERVICE_MESSAGE_FIELDS = frozenset(
    {
        "new_chat_members", "left_chat_member", "new_chat_title", "new_chat_photo",
        "delete_chat_photo", "group_chat_created", "supergroup_chat_created",
        "migrate_to_chat_id", "migrate_from_chat_id", "pinned_message",
    }
)  # fmt: skip
_MESSAGE_UPDATES = ("message", "edited_message", "channel_post", "edited_channel_post")
_ERROR_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def _copied(value: Any) -> Any:
    """A deep copy of JSON-like data (what the fake keeps and answers), several times faster than
    copy.deepcopy, which answering a burst of messages spent much of its time in; anything else is
    deep-copied as before."""
    kind = type(value)
    if kind is dict:
        return {key: _copied(item) for key, item in value.items()}
    if kind is list:
        return [_copied(item) for item in value]
    if kind in (str, int, float, bool) or value is None:
        return value
    return copy.deepcopy(value)


class Call(NamedTuple):
    """One request Telegram accepted: the method name (canonical spelling) and its parameters."""

    method: str
    params: dict


class FailedCall(NamedTuple):
    """A request that got an error (validation, injected fault, dropped connection: code None)."""

    method: str
    params: dict
    error_code: int | None
    description: str


@dataclass
class UploadedFile:
    """A file the bot uploaded in a multipart request."""

    field_name: str
    filename: str
    content_type: str
    data: bytes

    def __repr__(self) -> str:
        return f"UploadedFile({self.filename!r}, {self.content_type!r}, {len(self.data)} bytes)"


class WaitTimeout(AssertionError):
    """``wait_for`` gave up: the expected request never came."""


class Hold:
    """A request the fake keeps waiting (see :meth:`FakeBotApi.hold_next`) until it is released.

    ``reached`` is set when the request arrives (with ``effect_first``: once it has taken effect),
    so a test knows the bot is waiting on it right now; :meth:`release` lets it through (or
    ``until`` does, once it returns true).
    """

    def __init__(self, until: Callable[[], bool] | None = None, effect_first: bool = False) -> None:
        self.reached = threading.Event()
        self.effect_first = effect_first
        self._released = threading.Event()
        self._until = until

    def release(self) -> None:
        self._released.set()

    def _wait(self, closed: Callable[[], bool]) -> None:
        self.reached.set()
        while not self._released.is_set():
            if closed() or (self._until is not None and self._until()):
                return
            self._released.wait(0.01)

    async def wait_reached(self, timeout: float = WAIT_TIMEOUT) -> None:
        """Wait until the held request has arrived at the fake."""
        await eventually(self.reached.is_set, timeout=timeout, what="the held request")


class _Superseded(ApiError):
    """A long poll ended by a newer getUpdates (Telegram answers it with 409 Conflict)."""

    def __init__(self) -> None:
        super().__init__(
            409,
            "Conflict: terminated by other getUpdates request; "
            "make sure that only one bot instance is running",
        )


def _client_gone(sock: socket.socket) -> bool:
    """Whether the client already closed the connection (e.g. PTB cancelled its long poll)."""
    try:
        readable, _, _ = select.select([sock], [], [], 0.05)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


@dataclass
class _Fault:
    kind: str  # "error" | "drop" | "delay" | "hold"
    method: str | None  # lower-case method name, None for any method but getUpdates
    chat_id: str | None
    remaining: int
    error: ApiError | None = None
    seconds: float = 0.0
    hold: Hold | None = None

    def matches(self, method: str, params: dict) -> bool:
        if self.method is None:
            if method == "getUpdates":
                return False
        elif self.method != method.lower():
            return False
        return self.chat_id is None or str(params.get("chat_id")) == self.chat_id


_METHODS: dict[str, tuple[str, Callable[[FakeBotApi, dict], Any]]] = {}


def _method(name: str) -> Callable:
    def register(func: Callable) -> Callable:
        _METHODS[name.lower()] = (name, func)
        return func

    return register


def _is_real_method(name: str) -> bool:
    """Whether python-telegram-bot knows ``name`` as a Bot API method (camelCase alias)."""
    return bool(name) and name[0].islower() and callable(getattr(telegram.Bot, name, None))


def _is_outgoing(method: str) -> bool:
    return method.startswith(("send", "edit", "delete", "answer", "stop", "copy", "forward", "pin", "unpin"))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeBotApi"
    sys_version = ""
    timeout = 30
    # An answer goes out in one write, status line, headers and body together, as Telegram's
    # servers send a small answer (BaseHTTPRequestHandler flushes the buffer after each request).
    # Written apart, with Nagle on each answer waited ~40 ms for an ACK, and with it off the bot
    # read each answer in two pieces.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True
    api: FakeBotApi

    def do_POST(self) -> None:
        self.api._serve(self)

    do_GET = do_POST

    def handle(self) -> None:
        self.api._connection_opened(self.connection)
        try:
            with contextlib.suppress(OSError):
                super().handle()
        finally:
            self.api._connection_closed(self.connection)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


class FakeBotApi:
    """A Bot API server on 127.0.0.1 with an ephemeral port; see the module docstring.

    ``privacy_mode`` (Telegram's default for new bots) keeps group messages that are not
    addressed to the bot (no /command, no @mention, no reply to the bot) away from it, unless the
    bot is an admin there; ``strict_html`` also refuses bare ``>`` and ``&``; ``strict_chats``
    answers "chat not found" for chat ids no update has shown; ``flood_limits`` answers 429 past
    20 messages a minute in a group or 30 a second overall; ``allowed_updates`` presets the
    update types Telegram remembers from an earlier run (default: all but chat_member and
    message reactions), which matters for updates pushed before the bot's first getUpdates;
    ``clock`` is the time polls close by (default: the real one).
    """

    def __init__(
        self,
        *,
        bot_id: int = U.BOT_ID,
        username: str = U.BOT_USERNAME,
        first_name: str = U.BOT_FIRST_NAME,
        token: str | None = None,
        max_poll_wait: float = 1.0,
        privacy_mode: bool = True,
        strict_html: bool = True,
        strict_chats: bool = False,
        flood_limits: bool = False,
        allowed_updates: list[str] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        alphabet = string.ascii_letters + string.digits + "_-"
        self.bot_id = bot_id
        self.username = username
        self.first_name = first_name
        self.token = token or f"{bot_id}:" + "".join(secrets.choice(alphabet) for _ in range(35))
        self.max_poll_wait = max_poll_wait
        self.privacy_mode = privacy_mode
        self.strict_html = strict_html
        self.strict_chats = strict_chats
        self.flood_limits = flood_limits
        # Telegram's clock, for when polls close: a test may pass one it moves by hand.
        self.clock = clock
        self.host = "127.0.0.1"
        self.port: int | None = None

        self.calls: list[Call] = []
        self.failed_calls: list[FailedCall] = []
        self.internal_errors: list[str] = []
        self.undelivered: list[dict] = []
        self.deleted: list[tuple[int, int]] = []
        self.uploads: list[UploadedFile] = []
        self.get_updates_count = 0

        self._cond = threading.Condition(threading.RLock())
        self._closed = False
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._results: dict[int, Any] = {}
        self._consumed: set[int] = set()
        self._faults: list[_Fault] = []
        self._connections: set[socket.socket] = set()

        self._queue: list[dict] = []
        self._next_update_id = 1
        # Telegram remembers allowed_updates across runs; pass them to start as after an earlier run.
        self._allowed_updates: frozenset[str] = frozenset(allowed_updates or DEFAULT_ALLOWED_UPDATES)
        self._poll_generation = 0
        self._webhook: dict | None = None

        self._chats: dict[int, dict] = {}
        self._usernames: dict[str, int] = {}
        self._users: dict[int, dict] = {}
        self._chat_users: dict[int, set[int]] = {}
        self._messages: dict[tuple[int, int], dict] = {}
        self._member_status: dict[tuple[int, int], str] = {}
        self._blocked: dict[int, str] = {}
        self._removed: dict[int, str] = {}
        self._callback_queries: dict[str, dict] = {}
        self._inline_queries: dict[str, dict] = {}
        self._polls: dict[str, dict] = {}
        self._poll_ids = itertools.count(5_000_000_000_000_000_001)
        self._files: dict[str, dict] = {}
        self._file_paths: dict[str, str] = {}
        self._file_numbers = itertools.count(1)
        self._commands: dict[tuple[str, str], list[dict]] = {}
        self._texts: dict[tuple[str, str], str] = {}
        self._menu_buttons: dict[int | None, dict] = {}
        self._flood: dict[int | None, deque] = {}

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("FakeBotApi is not started; use start() or `with FakeBotApi()`")
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``: PTB appends ``<token>/<method>``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    def env(self) -> dict[str, str]:
        """Environment for the bot's own configuration code (token and API base URL)."""
        return {
            "TELEGRAM_BOT_TOKEN": self.token,
            "TELEGRAM_API_BASE_URL": self.base_url,
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }

    def application_builder(self) -> Any:
        """A PTB ``ApplicationBuilder`` already pointed at this server."""
        from telegram.ext import ApplicationBuilder

        builder = ApplicationBuilder().token(self.token).base_url(self.base_url)
        return builder.base_file_url(self.base_file_url)

    def start(self) -> FakeBotApi:
        if self._server is not None:
            return self
        handler = type("FakeBotApiHandler", (_Handler,), {"api": self})
        # A bot opens dozens of connections at once (PTB's pool); the stdlib's backlog of 5 would
        # drop some of them, which Telegram never does.
        server_class = type("FakeBotApiServer", (ThreadingHTTPServer,), {"request_queue_size": 128})
        # The first start takes a free port; a start after take_offline() listens on the same one.
        server = server_class((self.host, self.port or 0), handler)
        server.daemon_threads = True
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeBotApi:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._stop_server()

    def _stop_server(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def take_offline(self) -> None:
        """Telegram becomes unreachable: the port refuses connections and open ones are cut.

        The fake keeps its state (queued updates, chats, polls); :meth:`bring_online` listens on
        the same port again, as Telegram comes back at the same address.
        """
        self._stop_server()
        with self._cond:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def bring_online(self) -> None:
        """Answer again on the same port after :meth:`take_offline`."""
        self.start()

    @property
    def open_connections(self) -> int:
        """How many connections a client holds open to the fake right now."""
        with self._cond:
            return len(self._connections)

    def _connection_opened(self, connection: socket.socket) -> None:
        with self._cond:
            self._connections.add(connection)

    def _connection_closed(self, connection: socket.socket) -> None:
        with self._cond:
            self._connections.discard(connection)

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> FakeBotApi:
        return self.start()

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ test-facing: updates

    def push_update(self, update: dict) -> dict | None:
        """Queue an update for getUpdates, assigning the next update_id.

        Returns the queued update, or None when Telegram would not deliver it (a type outside
        ``allowed_updates``, or a group message hidden by privacy mode); those land in
        :attr:`undelivered`.
        """
        update = _copied(update)
        update.pop("update_id", None)
        kinds = [key for key in update if key in UPDATE_TYPES]
        if len(kinds) != 1:
            raise ValueError(f"an update carries exactly one of the update types, got {list(update)}")
        kind = kinds[0]
        with self._cond:
            self._register_update(kind, update[kind])
            if not self._delivers(kind, update[kind]):
                self.undelivered.append(update)
                return None
            if kind == "callback_query":
                self._callback_queries[update[kind]["id"]] = {"at": time.monotonic(), "answer": None}
            elif kind == "inline_query":
                self._inline_queries[update[kind]["id"]] = {"at": time.monotonic(), "answer": None}
            update["update_id"] = self._next_update_id
            self._next_update_id += 1
            self._queue.append(update)
            self._cond.notify_all()
            return _copied(update)

    @property
    def pending_updates(self) -> list[dict]:
        """Updates queued and not yet confirmed by the bot (getUpdates with a higher offset)."""
        with self._cond:
            return _copied(self._queue)

    def press_button(
        self,
        target: int | dict | Any,
        *,
        user_id: int | None = None,
        text: str | None = None,
        data: str | None = None,
    ) -> dict | None:
        """Press an inline button (found by its text or callback_data) and push the callback.

        ``target`` is a chat id (the newest bot message there with such a button) or a message.
        """
        if text is None and data is None:
            raise ValueError("say which button: text=... or data=...")

        def wanted(button: dict) -> bool:
            return "callback_data" in button and (
                (text is None or button["text"] == text) and (data is None or button["callback_data"] == data)
            )

        with self._cond:
            if isinstance(target, int):
                candidates = [m for (cid, _), m in self._messages.items() if cid == target]
            else:
                msg = U.as_message_dict(target)
                current = self._messages.get((msg["chat"]["id"], msg["message_id"]))
                if current is None:
                    where = f"message {msg['message_id']} in chat {msg['chat']['id']}"
                    raise LookupError(f"{where} is gone (deleted?)")
                candidates = [current]
            for msg in sorted(candidates, key=lambda m: m["message_id"], reverse=True):
                rows = (msg.get("reply_markup") or {}).get("inline_keyboard", [])
                for button in itertools.chain.from_iterable(rows):
                    if wanted(button):
                        chat = msg["chat"]
                        presser = user_id if user_id is not None else chat["id"]
                        if chat["type"] != "private" and user_id is None:
                            raise ValueError("say who presses the button in a group: user_id=...")
                        update = U.callback(presser, button["callback_data"], message=_copied(msg))
                        return self.push_update(update)
            shown = [
                (b.get("text"), b.get("callback_data"))
                for m in candidates
                for row in (m.get("reply_markup") or {}).get("inline_keyboard", [])
                for b in row
            ]
            raise LookupError(f"no button text={text!r} data={data!r}; buttons there: {shown}")

    def answer_poll(self, poll_id: str, user_id: int, option_ids: list[int]) -> dict | None:
        """A user votes in a poll the bot sent: updates counts and pushes what Telegram sends.

        Non-anonymous polls produce a ``poll_answer`` update; every vote also produces a
        ``poll`` update with the new state, as Telegram sends for polls the bot created.
        Returns the poll_answer update (None for anonymous polls).
        """
        with self._cond:
            state = self._polls.get(poll_id)
            if state is None:
                raise LookupError(f"the bot sent no poll {poll_id!r}")
            poll = self._messages[(state["chat_id"], state["message_id"])]["poll"]
            self._expire_poll(poll)
            if poll["is_closed"]:
                raise ValueError("the poll is closed; Telegram accepts no more votes")
            ids = list(option_ids)
            if len(set(ids)) != len(ids) or any(not 0 <= i < len(poll["options"]) for i in ids):
                raise ValueError(f"option ids {ids} do not fit a poll with {len(poll['options'])} options")
            if len(ids) > 1 and not poll["allows_multiple_answers"]:
                raise ValueError("this poll allows one answer only")
            previous = state["votes"].get(user_id)
            if previous and not poll["allows_revoting"]:
                raise ValueError("this poll does not allow changing a vote")
            if not ids and not previous:
                raise ValueError("nothing to retract")
            for i in previous or []:
                poll["options"][i]["voter_count"] -= 1
            for i in ids:
                poll["options"][i]["voter_count"] += 1
            if ids:
                state["votes"][user_id] = ids
            else:
                state["votes"].pop(user_id, None)
            poll["total_voter_count"] = len(state["votes"])
            answer = None
            if not poll["is_anonymous"]:
                answer = self.push_update(U.poll_answer(poll_id, user_id, ids))
            self.push_update({"poll": _copied(poll)})
            return answer

    def close_poll(self, poll_id: str) -> dict | None:
        """The poll's time ran out: close it and push the ``poll`` update Telegram sends."""
        with self._cond:
            state = self._polls[poll_id]
            poll = self._messages[(state["chat_id"], state["message_id"])]["poll"]
            poll["is_closed"] = True
            return self.push_update({"poll": _copied(poll)})

    # ------------------------------------------------------------------ test-facing: scripting

    def register_chat(self, chat: dict) -> None:
        """Make a chat known (e.g. a channel by @username) without sending an update."""
        with self._cond:
            self._remember_chat(chat)

    def set_admins(
        self,
        chat_id: int,
        *,
        creator: int | None = None,
        admins: tuple[int, ...] | list[int] = (),
        bot_is_admin: bool | None = None,
    ) -> None:
        """Script who owns and administers a group (getChatMember / getChatAdministrators)."""
        with self._cond:
            for (cid, uid), status in list(self._member_status.items()):
                if cid == chat_id and status in ("creator", "administrator") and uid != self.bot_id:
                    self._member_status[(cid, uid)] = "member"
            if creator is not None:
                self._member_status[(chat_id, creator)] = "creator"
            for uid in admins:
                self._member_status[(chat_id, uid)] = "administrator"
            if bot_is_admin is not None:
                self._member_status[(chat_id, self.bot_id)] = "administrator" if bot_is_admin else "member"

    def set_member(self, chat_id: int, user_id: int, status: str) -> None:
        """Script one member's status: creator, administrator, member, restricted, left, kicked."""
        with self._cond:
            self._member_status[(chat_id, user_id)] = status

    def block_user(self, chat_id: int, description: str = "Forbidden: bot was blocked by the user") -> None:
        """Every request that writes to ``chat_id`` gets 403 until :meth:`unblock_user`."""
        with self._cond:
            self._blocked[chat_id] = description

    def unblock_user(self, chat_id: int) -> None:
        with self._cond:
            self._blocked.pop(chat_id, None)

    def fail_next(
        self,
        method: str | None = None,
        error_code: int = 429,
        *,
        retry_after: int = 1,
        count: int = 1,
        description: str | None = None,
        chat_id: int | str | None = None,
    ) -> None:
        """The next ``count`` calls of ``method`` (None: any but getUpdates) get this error."""
        text = description or (
            f"Too Many Requests: retry after {retry_after}"
            if error_code == 429
            else _ERROR_DESCRIPTIONS.get(error_code, "Error")
        )
        if error_code == 400 and not text.startswith("Bad Request"):
            text = f"Bad Request: {text}"
        parameters = {"retry_after": retry_after} if error_code == 429 else None
        self._add_fault(_Fault("error", method, chat_id, count, error=ApiError(error_code, text, parameters)))

    def drop_next(
        self, method: str | None = None, *, count: int = 1, chat_id: int | str | None = None
    ) -> None:
        """The next ``count`` calls of ``method`` lose their connection without an answer."""
        self._add_fault(_Fault("drop", method, chat_id, count))

    def delay_next(
        self,
        method: str | None = None,
        seconds: float = 1.0,
        *,
        count: int = 1,
        chat_id: int | str | None = None,
    ) -> None:
        """The next ``count`` calls of ``method`` are answered ``seconds`` late."""
        self._add_fault(_Fault("delay", method, chat_id, count, seconds=seconds))

    def hold_next(
        self,
        method: str | None = None,
        *,
        chat_id: int | str | None = None,
        until: Callable[[], bool] | None = None,
        effect_first: bool = False,
    ) -> Hold:
        """Keep the next call of ``method`` waiting, unanswered, until the test releases it.

        The bot is then mid-request for as long as the test needs (a broadcast half sent, a
        delivery in flight when the process is killed). ``effect_first``: the call takes effect at
        once (the message is in the chat, a poll can be voted on) and only Telegram's answer to the
        bot is held. ``until``: release by itself once it returns true. Closing the fake releases
        it too.
        """
        hold = Hold(until, effect_first)
        self._add_fault(_Fault("hold", method, chat_id, 1, hold=hold))
        return hold

    def _add_fault(self, fault: _Fault) -> None:
        fault.method = fault.method.lower() if fault.method else None
        fault.chat_id = None if fault.chat_id is None else str(fault.chat_id)
        with self._cond:
            self._faults.append(fault)

    # ------------------------------------------------------------------ test-facing: inspection

    def sent(
        self, method: str | tuple[str, ...] | None = None, chat_id: int | str | None = None
    ) -> list[dict]:
        """Parameters of accepted calls, oldest first; ``method=None`` means every outgoing one
        (send*, edit*, delete*, answer*, stop*, ...)."""
        with self._cond:
            return [call.params for call in self.calls if self._matches(call, method, chat_id, None)]

    def count(
        self,
        method: str | tuple[str, ...] | None = None,
        predicate: Callable[[dict], bool] | None = None,
        *,
        chat_id: int | str | None = None,
    ) -> int:
        """How many accepted calls match, whether or not a wait_for has handed them out."""
        with self._cond:
            return sum(1 for call in self.calls if self._matches(call, method, chat_id, predicate))

    async def wait_for_count(
        self,
        method: str | tuple[str, ...] | None,
        count: int,
        predicate: Callable[[dict], bool] | None = None,
        *,
        chat_id: int | str | None = None,
        timeout: float = WAIT_TIMEOUT,
    ) -> None:
        """Wait until at least ``count`` accepted calls match (see :meth:`count`)."""
        await eventually(lambda: self.count(method, predicate, chat_id=chat_id) >= count, timeout=timeout,
                         what=f"{count} {method or 'outgoing'} call(s)")

    async def wait_handled(self, app: Any, timeout: float = WAIT_TIMEOUT) -> None:
        """Wait until the application has fetched and finished handling every update queued so far.

        The barrier for "and nothing else happens": after it, a reply that was not sent will not
        come (for updates handled without background work). Telegram forgets an update once the
        next getUpdates confirms it, and PTB confirms only what it put in its update queue, whose
        ``join()`` returns when every update in it was handled.
        """
        await eventually(lambda: not self.pending_updates, timeout=timeout, what="the bot to fetch every update")
        await asyncio.wait_for(app.update_queue.join(), timeout)

    def texts(self, chat_id: int | str | None = None) -> list[str]:
        """The ``text`` parameter of every accepted sendMessage, oldest first."""
        return [params["text"] for params in self.sent("sendMessage", chat_id)]

    def result_for(self, params: dict) -> Any:
        """What the fake answered to the call whose parameters are ``params`` (same object)."""
        with self._cond:
            return _copied(self._results.get(id(params)))

    def messages(self, chat_id: int) -> list[dict]:
        """Every message in a chat as it stands now (edits applied, deletions gone)."""
        with self._cond:
            found = [m for (cid, _), m in self._messages.items() if cid == chat_id]
            return _copied(sorted(found, key=lambda m: m["message_id"]))

    def message(self, chat_id: int, message_id: int) -> dict | None:
        with self._cond:
            return _copied(self._messages.get((chat_id, message_id)))

    def bot_messages(self, chat_id: int) -> list[dict]:
        return [m for m in self.messages(chat_id) if m.get("from", {}).get("id") == self.bot_id]

    def last_bot_message(self, chat_id: int) -> dict | None:
        found = self.bot_messages(chat_id)
        return found[-1] if found else None

    def poll(self, poll_id: str) -> dict | None:
        """The current state of a poll the bot sent."""
        with self._cond:
            state = self._polls.get(poll_id)
            if state is None:
                return None
            poll = self._messages[(state["chat_id"], state["message_id"])]["poll"]
            self._expire_poll(poll)
            return _copied(poll)

    def commands(self, scope: dict | None = None, language_code: str = "") -> list[dict]:
        """The command menu set for a scope (default scope if None) and language."""
        with self._cond:
            return _copied(self._commands.get((self._scope_key(scope), language_code), []))

    def profile(self, field: str, language_code: str = "") -> str | None:
        """The bot's description, short_description or name as set for exactly this language (no fallback)."""
        with self._cond:
            return self._texts.get((field, language_code))

    def callback_answer(self, query_id: str) -> dict | None:
        """The answerCallbackQuery parameters for a pushed callback query, if answered."""
        with self._cond:
            query = self._callback_queries.get(query_id)
            return None if query is None else query["answer"]

    def inline_answer(self, query_id: str) -> dict | None:
        with self._cond:
            query = self._inline_queries.get(query_id)
            return None if query is None else query["answer"]

    def file_bytes(self, file_id: str) -> bytes:
        with self._cond:
            return self._files[file_id]["upload"].data

    def _matches(
        self,
        call: Call | FailedCall,
        method: str | tuple[str, ...] | None,
        chat_id: int | str | None,
        predicate: Callable[[dict], bool] | None,
    ) -> bool:
        if method is None:
            if not _is_outgoing(call.method):
                return False
        else:
            names = (method,) if isinstance(method, str) else method
            if call.method.lower() not in {name.lower() for name in names}:
                return False
        if chat_id is not None and str(call.params.get("chat_id")) != str(chat_id):
            return False
        return predicate is None or bool(predicate(call.params))

    def _take_unconsumed(
        self,
        method: str | tuple[str, ...] | None,
        predicate: Callable[[dict], bool] | None,
        chat_id: int | str | None,
    ) -> dict | None:
        with self._cond:
            for index, call in enumerate(self.calls):
                if index not in self._consumed and self._matches(call, method, chat_id, predicate):
                    self._consumed.add(index)
                    return call.params
        return None

    def _timeout_message(self, method: Any, chat_id: Any, timeout: float) -> str:
        with self._cond:
            recent = [f"{c.method}({_short(c.params)})" for c in self.calls[-8:]]
            failed = [f"{c.method}: {c.description}" for c in self.failed_calls[-5:]]
        return (
            f"no {method or 'outgoing'} call{f' to chat {chat_id}' if chat_id is not None else ''} "
            f"within {timeout}s; last calls: {recent or 'none'}; last failures: {failed or 'none'}"
            + (f"; fake server errors: {self.internal_errors[-1]}" if self.internal_errors else "")
        )

    async def wait_for(
        self,
        method: str | tuple[str, ...] | None = None,
        predicate: Callable[[dict], bool] | None = None,
        *,
        chat_id: int | str | None = None,
        timeout: float = WAIT_TIMEOUT,
    ) -> dict:
        """Wait for an accepted call not returned by an earlier wait_for; return its params.

        Each call is handed out once, so consecutive waits walk through the bot's requests in
        order. Raises :class:`WaitTimeout` (an AssertionError) with the recent traffic.
        """
        deadline = time.monotonic() + timeout
        while True:
            found = self._take_unconsumed(method, predicate, chat_id)
            if found is not None:
                return found
            if time.monotonic() >= deadline:
                raise WaitTimeout(self._timeout_message(method, chat_id, timeout))
            await asyncio.sleep(0.01)

    def wait_for_sync(
        self,
        method: str | tuple[str, ...] | None = None,
        predicate: Callable[[dict], bool] | None = None,
        *,
        chat_id: int | str | None = None,
        timeout: float = WAIT_TIMEOUT,
    ) -> dict:
        """:meth:`wait_for` for code that runs no event loop."""
        deadline = time.monotonic() + timeout
        while True:
            found = self._take_unconsumed(method, predicate, chat_id)
            if found is not None:
                return found
            if time.monotonic() >= deadline:
                raise WaitTimeout(self._timeout_message(method, chat_id, timeout))
            time.sleep(0.01)

    async def wait_for_failure(
        self, method: str | tuple[str, ...] | None = None, *, timeout: float = WAIT_TIMEOUT
    ) -> FailedCall:
        """Wait until a call of ``method`` (None: any) has failed; return the newest failure."""
        deadline = time.monotonic() + timeout
        while True:
            with self._cond:
                for failure in reversed(self.failed_calls):
                    names = None if method is None else ((method,) if isinstance(method, str) else method)
                    if names is None or failure.method.lower() in {n.lower() for n in names}:
                        return failure
            if time.monotonic() >= deadline:
                raise WaitTimeout(f"no failed {method or ''} call within {timeout}s")
            await asyncio.sleep(0.01)

    # ------------------------------------------------------------------ HTTP plumbing

    def _serve(self, handler: _Handler) -> None:
        try:
            url = urlsplit(handler.path)
            body = self._read_body(handler)
        except ApiError as error:
            self._respond(handler, error.error_code, error.to_json())
            return
        path = unquote(url.path)  # PTB percent-encodes file paths, ":" of the token included
        match = _API_PATH.fullmatch(path)
        if match:
            self._serve_api(handler, match["token"], match["method"], url.query, body)
            return
        match = _FILE_PATH.fullmatch(path)
        if match and match["token"] == self.token:
            with self._cond:
                file_id = self._file_paths.get(match["path"])
                upload = self._files[file_id]["upload"] if file_id else None
            if upload is not None:
                self._respond_bytes(handler, 200, upload.data, upload.content_type)
                return
        self._respond(handler, 404, {"ok": False, "error_code": 404, "description": "Not Found"})

    def _read_body(self, handler: _Handler) -> bytes:
        if "chunked" in handler.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            total = 0
            while True:
                size = int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while handler.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                total += size
                if total > _MAX_BODY:
                    raise ApiError(413, "Request Entity Too Large")
                chunks.append(handler.rfile.read(size))
                handler.rfile.readline()
            return b"".join(chunks)
        length = int(handler.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            handler.close_connection = True
            raise ApiError(413, "Request Entity Too Large")
        return handler.rfile.read(length) if length else b""

    def _serve_api(self, handler: _Handler, token: str, method: str, query: str, body: bytes) -> None:
        if token != self.token:
            code, text = (401, "Unauthorized") if _TOKEN_SHAPE.fullmatch(token) else (404, "Not Found")
            self._fail(handler, method, {}, ApiError(code, text))
            return
        try:
            params = self._parse_params(handler, query, body)
        except ApiError as error:
            self._fail(handler, method, {}, error)
            return
        entry = _METHODS.get(method.lower())
        if entry is None:
            if _is_real_method(method):
                error = ApiError(501, f"Not Implemented: the fake Bot API has no {method} yet")
            else:
                error = ApiError(404, "Not Found")
            self._fail(handler, method, params, error)
            return
        name, func = entry

        fault = self._take_fault(name, params)
        if fault is not None:
            if fault.kind == "delay":
                time.sleep(fault.seconds)
            elif fault.kind == "hold":
                assert fault.hold is not None
                if not fault.hold.effect_first:
                    fault.hold._wait(lambda: self._closed)
            elif fault.kind == "drop":
                with self._cond:
                    self.failed_calls.append(FailedCall(name, params, None, "connection dropped"))
                handler.close_connection = True
                with contextlib.suppress(OSError):
                    handler.connection.shutdown(socket.SHUT_RDWR)
                return
            else:
                assert fault.error is not None
                self._fail(handler, name, params, fault.error)
                return

        try:
            with self._cond:
                result = func(self, params)
                if name == "getUpdates":
                    self.get_updates_count += 1
                else:
                    self.calls.append(Call(name, params))
                    self._results[id(params)] = result
        except _Superseded as error:
            # A poll the client abandoned (PTB cancels it on stop) ends unseen, as on Telegram.
            if _client_gone(handler.connection):
                handler.close_connection = True
                return
            self._fail(handler, name, params, error)
            return
        except ApiError as error:
            self._fail(handler, name, params, error)
            return
        except Exception:  # a bug in the fake itself: answer like Telegram's 500, keep the trace
            with self._cond:
                self.internal_errors.append(traceback.format_exc())
            self._fail(handler, name, params, ApiError(500, "Internal Server Error"))
            return
        if fault is not None and fault.hold is not None and fault.hold.effect_first:
            fault.hold._wait(lambda: self._closed)
        self._respond(handler, 200, {"ok": True, "result": result})

    def _fail(self, handler: _Handler, method: str, params: dict, error: ApiError) -> None:
        with self._cond:
            self.failed_calls.append(FailedCall(method, params, error.error_code, error.description))
        self._respond(handler, error.error_code, error.to_json())

    def _take_fault(self, method: str, params: dict) -> _Fault | None:
        with self._cond:
            for fault in self._faults:
                if fault.matches(method, params):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    @staticmethod
    def _respond(handler: _Handler, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        FakeBotApi._respond_bytes(handler, status, data, "application/json")

    @staticmethod
    def _respond_bytes(handler: _Handler, status: int, data: bytes, content_type: str) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            handler.close_connection = True

    def _parse_params(self, handler: _Handler, query: str, body: bytes) -> dict:
        raw: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        files: dict[str, UploadedFile] = {}
        content_type = handler.headers.get_content_type()
        if body and content_type == "application/json":
            try:
                parsed = json.loads(body)
            except ValueError:
                raise bad_request("can't parse JSON encoded request") from None
            if not isinstance(parsed, dict):
                raise bad_request("request body must be a JSON object")
            raw.update(parsed)
        elif body and content_type == "multipart/form-data":
            header = f"Content-Type: {handler.headers['Content-Type']}\r\n\r\n".encode()
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                payload = part.get_payload(decode=True) or b""
                filename = part.get_filename()
                if filename is not None:
                    files[name] = UploadedFile(name, filename, part.get_content_type(), payload)
                else:
                    raw[name] = payload.decode("utf-8")
        elif body:
            raw.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        params = {key: _coerce(key, value) for key, value in raw.items()}
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                attached = files.pop(value[len("attach://") :], None)
                if attached is None:
                    raise bad_request(f"file {value} not found in the request")
                params[key] = attached
        params.update(files)
        return params

    # ------------------------------------------------------------------ state keeping

    def _remember_chat(self, chat: dict) -> dict:
        known = self._chats.setdefault(chat["id"], {})
        fields = ("id", "type", "title", "username", "first_name", "last_name", "is_forum")
        known.update({k: v for k, v in chat.items() if k in fields})
        if chat.get("username"):
            self._usernames[chat["username"].lower()] = chat["id"]
        return known

    def _remember_user(self, user: dict, chat_id: int | None = None) -> None:
        self._users[user["id"]] = dict(user)
        if chat_id is not None:
            self._chat_users.setdefault(chat_id, set()).add(user["id"])

    def _remember_message(self, msg: dict) -> None:
        chat = self._remember_chat(msg["chat"])
        if "from" in msg:
            self._remember_user(msg["from"], chat["id"])
        if isinstance(msg.get("reply_to_message"), dict):
            self._remember_message(msg["reply_to_message"])
        key = (chat["id"], msg["message_id"])
        stored = _copied(msg)
        stored.pop("reply_to_message", None)
        if key in self._messages and "edit_date" in msg:
            self._messages[key].update(stored)
        else:
            self._messages.setdefault(key, stored)
        for member in msg.get("new_chat_members", []):
            self._remember_user(member, chat["id"])
            if member["id"] == self.bot_id:
                self._removed.pop(chat["id"], None)
        left = msg.get("left_chat_member")
        if left and left["id"] == self.bot_id:
            self._removed[chat["id"]] = f"Forbidden: bot was kicked from the {chat['type']} chat"

    def _register_update(self, kind: str, payload: dict) -> None:
        if kind in _MESSAGE_UPDATES:
            self._remember_message(payload)
        elif kind == "callback_query":
            self._remember_user(payload["from"])
            if isinstance(payload.get("message"), dict) and "date" in payload["message"]:
                self._remember_message(payload["message"])
        elif kind in ("inline_query", "chosen_inline_result", "poll_answer"):
            who = payload.get("from") or payload.get("user")
            if who:
                self._remember_user(who)
        elif kind in ("my_chat_member", "chat_member"):
            chat = self._remember_chat(payload["chat"])
            self._remember_user(payload["from"], chat["id"])
            member = payload["new_chat_member"]
            self._remember_user(member["user"], chat["id"])
            status = member["status"]
            self._member_status[(chat["id"], member["user"]["id"])] = status
            if kind == "my_chat_member":
                self._bot_membership_changed(chat, status)

    def _bot_membership_changed(self, chat: dict, status: str) -> None:
        cid = chat["id"]
        if chat["type"] == "private":
            if status == "kicked":
                self._blocked[cid] = "Forbidden: bot was blocked by the user"
            else:
                self._blocked.pop(cid, None)
        elif status == "kicked":
            self._removed[cid] = f"Forbidden: bot was kicked from the {chat['type']} chat"
        elif status == "left":
            self._removed[cid] = f"Forbidden: bot is not a member of the {chat['type']} chat"
        else:
            self._removed.pop(cid, None)

    def _is_admin(self, chat_id: int, user_id: int) -> bool:
        return self._member_status.get((chat_id, user_id)) in ("creator", "administrator")

    def _delivers(self, kind: str, payload: dict) -> bool:
        if kind not in self._allowed_updates:
            return False
        if kind in ("message", "edited_message") and self.privacy_mode:
            chat = payload["chat"]
            if chat["type"] in ("group", "supergroup") and not self._is_admin(chat["id"], self.bot_id):
                return self._addressed_to_bot(payload)
        return True

    def _addressed_to_bot(self, msg: dict) -> bool:
        """What a bot in privacy mode sees in a group (BotFather: '/' commands and mentions,
        plus replies to the bot and service messages)."""
        if any(key in msg for key in _SERVICE_MESSAGE_FIELDS):
            return True
        reply = msg.get("reply_to_message") or {}
        if reply.get("from", {}).get("id") == self.bot_id:
            return True
        text = msg.get("text") or msg.get("caption") or ""
        if text.startswith("/"):
            target = text.split()[0].partition("@")[2]
            return not target or target.lower() == self.username.lower()
        return f"@{self.username.lower()}" in text.lower()

    def _chat_param(self, params: dict, key: str = "chat_id") -> dict:
        value = params.get(key)
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        if isinstance(value, str):
            chat_id = self._usernames.get(value.lstrip("@").lower()) if value.startswith("@") else None
            if chat_id is None:
                raise bad_request("chat not found")
            return self._chats[chat_id]
        if isinstance(value, bool) or not isinstance(value, int) or value == 0:
            raise bad_request("chat not found")
        chat = self._chats.get(value)
        if chat is None:
            if self.strict_chats:
                raise bad_request("chat not found")
            if value > 0:
                chat = U.private_chat(value, (self._users.get(value) or {}).get("first_name"))
            else:
                chat = U.group_chat(value)
            chat = self._remember_chat(chat)
        return chat

    def _writable_chat(self, params: dict) -> dict:
        chat = self._chat_param(params)
        cid = chat["id"]
        if cid in self._blocked:
            raise ApiError(403, self._blocked[cid])
        if cid in self._removed:
            raise ApiError(403, self._removed[cid])
        return chat

    def _check_flood(self, chat: dict) -> None:
        if not self.flood_limits:
            return
        now = time.monotonic()
        limits = [(None, FloodLimit.MESSAGES_PER_SECOND, 1.0)]
        if chat["type"] in ("group", "supergroup"):
            limits.append((chat["id"], FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP, 60.0))
        for key, count, window in limits:
            stamps = self._flood.setdefault(key, deque())
            while stamps and now - stamps[0] >= window:
                stamps.popleft()
            if len(stamps) >= count:
                retry = max(1, int(window - (now - stamps[0])) + 1)
                raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
        for key, _, _ in limits:
            self._flood[key].append(now)

    def _bot_from(self) -> dict:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    def _reply_target(self, chat: dict, params: dict) -> dict | None:
        reply = params.get("reply_parameters")
        if reply is None and params.get("reply_to_message_id") is not None:
            reply = {"message_id": params["reply_to_message_id"]}
        if reply is None:
            return None
        if not isinstance(reply, dict) or not isinstance(reply.get("message_id"), int):
            raise bad_request("can't parse reply parameters JSON object")
        target_chat = chat
        if reply.get("chat_id") is not None:
            target_chat = self._chat_param(reply)
        target = self._messages.get((target_chat["id"], reply["message_id"]))
        if target is None:
            if reply.get("allow_sending_without_reply") or params.get("allow_sending_without_reply"):
                return None
            raise bad_request("message to be replied not found")
        quote = reply.get("quote")
        if quote and quote not in (target.get("text") or target.get("caption") or ""):
            raise bad_request("QUOTE_TEXT_INVALID")
        return _copied(target)

    def _new_message(
        self, chat: dict, content: dict, params: dict, *, markup: dict | None, reply: dict | None
    ) -> dict:
        self._check_flood(chat)
        msg: dict[str, Any] = {
            "message_id": U.next_message_id(),
            "from": self._bot_from(),
            "chat": _copied(chat),
            "date": U.now(),
        }
        if reply is not None:
            msg["reply_to_message"] = reply
        msg.update(content)
        if params.get("protect_content"):
            msg["has_protected_content"] = True
        if markup is not None:
            msg["reply_markup"] = markup
        stored = _copied(msg)
        stored.pop("reply_to_message", None)
        self._messages[(chat["id"], msg["message_id"])] = stored
        return msg

    def _text_content(self, formatted: FormattedText, key: str = "text") -> dict:
        content: dict[str, Any] = {key: formatted.text}
        if formatted.entities:
            content["entities" if key == "text" else f"{key}_entities"] = formatted.entities
        return content

    def _bot_message(self, chat: dict, params: dict, *, action: str = "edit") -> dict:
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise bad_request("message identifier is not specified")
        msg = self._messages.get((chat["id"], message_id))
        if msg is None:
            raise bad_request(f"message to {action} not found")
        if msg.get("from", {}).get("id") != self.bot_id:
            raise bad_request("message can't be edited")
        return msg

    @staticmethod
    def _apply_optional(msg: dict, key: str, value: Any) -> None:
        if value:
            msg[key] = value
        else:
            msg.pop(key, None)

    def _expire_poll(self, poll: dict) -> None:
        close_date = poll.get("close_date")
        if close_date is not None and self.clock() >= close_date:
            poll["is_closed"] = True

    @staticmethod
    def _scope_key(scope: Any) -> str:
        return json.dumps(scope or {"type": "default"}, sort_keys=True)

    def _store_file(self, upload: UploadedFile, kind: str, extension: str) -> dict:
        number = next(self._file_numbers)
        file_id = f"{kind}-{number}-{secrets.token_hex(6)}"
        info = {"file_id": file_id, "file_unique_id": f"u{kind}{number}", "file_size": len(upload.data)}
        path = f"{kind}s/file_{number}.{extension}"
        self._files[file_id] = {"upload": upload, "info": info, "path": path}
        self._file_paths[path] = file_id
        self.uploads.append(upload)
        return info

    def _existing_file(self, value: Any, what: str) -> tuple[dict, UploadedFile] | None:
        """A file_id of an earlier upload, or an http(s) URL (taken on trust: no fetching)."""
        if isinstance(value, str) and value in self._files:
            stored = self._files[value]
            return dict(stored["info"]), stored["upload"]
        if isinstance(value, str) and re.match(r"https?://[^\s/]+\.[^\s]+", value):
            upload = UploadedFile(what, value.rsplit("/", 1)[-1] or what, "application/octet-stream", b"")
            return self._store_file(upload, what, "bin"), upload
        return None

    def _caption(self, params: dict) -> dict:
        if params.get("caption") in (None, ""):
            return {}
        formatted = check_text(
            params["caption"], params.get("parse_mode"), params.get("caption_entities"),
            max_length=MAX_CAPTION_LENGTH, too_long="message caption is too long",
            allow_empty=True, strict=self.strict_html,
        )  # fmt: skip
        return self._text_content(formatted, "caption") if formatted.text else {}


def _coerce(key: str, value: Any) -> Any:
    """Turn a form field (always a string) into the type the Bot API reads it as."""
    if not isinstance(value, str):
        return value
    if key in _JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            what = "reply keyboard markup" if key == "reply_markup" else key
            raise bad_request(f"can't parse {what} JSON object") from None
    if key in _CHAT_ID_FIELDS:
        return int(value) if _INT.fullmatch(value) else value
    if key in _INT_FIELDS:
        try:
            return int(value) if _INT.fullmatch(value.strip()) else int(float(value))
        except ValueError:
            raise bad_request(f"invalid {key} specified") from None
    if key in _BOOL_FIELDS:
        return value.strip().lower() in ("true", "1")
    return value


def _short(params: dict) -> str:
    plain = {k: v for k, v in params.items() if not isinstance(v, UploadedFile)}
    text = json.dumps(plain, ensure_ascii=False, default=str)
    return text if len(text) <= 160 else text[:157] + "..."


def _image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF, JPEG or WebP image, None if it is none of those."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        if data[12:16] == b"VP8X" and len(data) >= 30:
            return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
        if data[12:16] == b"VP8 " and len(data) >= 30:
            width = int.from_bytes(data[26:28], "little") & 0x3FFF
            return width, int.from_bytes(data[28:30], "little") & 0x3FFF
        if data[12:16] == b"VP8L" and len(data) >= 25:
            bits = int.from_bytes(data[21:25], "little")
            return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        return None
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            length = int.from_bytes(data[i + 2 : i + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return int.from_bytes(data[i + 7 : i + 9], "big"), int.from_bytes(data[i + 5 : i + 7], "big")
            i += 2 + length
    return None


# ---------------------------------------------------------------------- the methods


@_method("getMe")
def _get_me(api: FakeBotApi, params: dict) -> dict:
    return {
        **api._bot_from(),
        "can_join_groups": True,
        "can_read_all_group_messages": not api.privacy_mode,
        "supports_inline_queries": True,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@_method("logOut")
def _log_out(api: FakeBotApi, params: dict) -> bool:
    return True


@_method("close")
def _close(api: FakeBotApi, params: dict) -> bool:
    return True


@_method("getUpdates")
def _get_updates(api: FakeBotApi, params: dict) -> list[dict]:
    if api._webhook is not None:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    # A newer getUpdates ends the one still waiting, as on Telegram.
    api._poll_generation += 1
    generation = api._poll_generation
    api._cond.notify_all()

    allowed = params.get("allowed_updates")
    if allowed is not None:
        if not isinstance(allowed, list):
            raise bad_request("can't parse allowed_updates JSON object")
        api._allowed_updates = frozenset(allowed) if allowed else DEFAULT_ALLOWED_UPDATES
    offset = params.get("offset")
    if offset is not None and offset != 0:
        if offset < 0:
            api._queue = api._queue[offset:]
        else:
            api._queue = [u for u in api._queue if u["update_id"] >= offset]
    limit = params.get("limit") or 100
    limit = min(max(limit, 1), 100)
    timeout = max(params.get("timeout") or 0, 0)
    deadline = time.monotonic() + min(timeout, api.max_poll_wait)
    while True:
        if api._poll_generation != generation:
            raise _Superseded()
        if api._closed:
            return []
        if api._queue:
            return _copied(api._queue[:limit])
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return []
        api._cond.wait(remaining)


@_method("setWebhook")
def _set_webhook(api: FakeBotApi, params: dict) -> bool:
    url = params.get("url") or ""
    if not url:
        api._webhook = None
        return True
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if (parts.port or 443) not in SUPPORTED_WEBHOOK_PORTS:
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
    if params.get("drop_pending_updates"):
        api._queue.clear()
    if params.get("allowed_updates") is not None:
        api._allowed_updates = frozenset(params["allowed_updates"]) or DEFAULT_ALLOWED_UPDATES
    api._webhook = {"url": url, "max_connections": params.get("max_connections", 40)}
    api._cond.notify_all()
    return True


@_method("deleteWebhook")
def _delete_webhook(api: FakeBotApi, params: dict) -> bool:
    api._webhook = None
    if params.get("drop_pending_updates"):
        api._queue.clear()
    return True


@_method("getWebhookInfo")
def _get_webhook_info(api: FakeBotApi, params: dict) -> dict:
    info: dict[str, Any] = {
        "url": (api._webhook or {}).get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(api._queue),
    }
    if api._webhook:
        info["max_connections"] = api._webhook["max_connections"]
        info["allowed_updates"] = sorted(api._allowed_updates)
    return info


def _commands_key(api: FakeBotApi, params: dict) -> tuple[str, str]:
    scope = params.get("scope")
    if scope is not None:
        if not isinstance(scope, dict) or scope.get("type") not in _SCOPE_TYPES:
            raise bad_request("can't parse BotCommandScope JSON object")
        if scope["type"] in ("chat", "chat_administrators", "chat_member"):
            chat = api._chat_param(scope)
            scope = {**scope, "chat_id": chat["id"]}
            if scope["type"] == "chat_member" and not isinstance(scope.get("user_id"), int):
                raise bad_request("user not found")
    return api._scope_key(scope), _language_code(params)


def _language_code(params: dict) -> str:
    """Menus and profiles per language take a two-letter ISO 639-1 code ("zh", never "zh-hant"), or none."""
    language = params.get("language_code") or ""
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise bad_request("invalid language code specified")
    return language


@_method("setMyCommands")
def _set_my_commands(api: FakeBotApi, params: dict) -> bool:
    commands = validate_commands(params.get("commands"))
    key = _commands_key(api, params)
    if commands:
        api._commands[key] = commands
    else:
        api._commands.pop(key, None)
    return True


@_method("getMyCommands")
def _get_my_commands(api: FakeBotApi, params: dict) -> list[dict]:
    return _copied(api._commands.get(_commands_key(api, params), []))


@_method("deleteMyCommands")
def _delete_my_commands(api: FakeBotApi, params: dict) -> bool:
    api._commands.pop(_commands_key(api, params), None)
    return True


def _bot_text_setter(field: str, limit: int) -> Callable[[FakeBotApi, dict], bool]:
    def setter(api: FakeBotApi, params: dict) -> bool:
        value = params.get(field) or ""
        language = _language_code(params)
        if len(value) > limit:
            raise bad_request(f"bot {field.replace('_', ' ')} is too long")
        if value:
            api._texts[(field, language)] = value
        else:
            api._texts.pop((field, language), None)
        return True

    return setter


def _bot_text_getter(field: str, default: Callable[[FakeBotApi], str]) -> Callable[[FakeBotApi, dict], dict]:
    def getter(api: FakeBotApi, params: dict) -> dict:
        language = _language_code(params)
        value = api._texts.get((field, language), api._texts.get((field, ""), default(api)))
        return {field: value}

    return getter


_method("setMyDescription")(_bot_text_setter("description", BotDescriptionLimit.MAX_DESCRIPTION_LENGTH))
_method("setMyShortDescription")(
    _bot_text_setter("short_description", BotDescriptionLimit.MAX_SHORT_DESCRIPTION_LENGTH)
)
_method("setMyName")(_bot_text_setter("name", BotNameLimit.MAX_NAME_LENGTH))
_method("getMyDescription")(_bot_text_getter("description", lambda api: ""))
_method("getMyShortDescription")(_bot_text_getter("short_description", lambda api: ""))
_method("getMyName")(_bot_text_getter("name", lambda api: api.first_name))


@_method("setChatMenuButton")
def _set_chat_menu_button(api: FakeBotApi, params: dict) -> bool:
    button = params.get("menu_button") or {"type": "default"}
    if not isinstance(button, dict) or button.get("type") not in ("default", "commands", "web_app"):
        raise bad_request("can't parse menu button JSON object")
    chat_id = api._chat_param(params)["id"] if params.get("chat_id") is not None else None
    api._menu_buttons[chat_id] = button
    return True


@_method("getChatMenuButton")
def _get_chat_menu_button(api: FakeBotApi, params: dict) -> dict:
    chat_id = api._chat_param(params)["id"] if params.get("chat_id") is not None else None
    return _copied(api._menu_buttons.get(chat_id) or api._menu_buttons.get(None) or {"type": "default"})


@_method("sendMessage")
def _send_message(api: FakeBotApi, params: dict) -> dict:
    chat = api._writable_chat(params)
    formatted = check_text(
        params.get("text"), params.get("parse_mode"), params.get("entities"), strict=api.strict_html
    )
    markup = validate_reply_markup(params.get("reply_markup"), chat_type=chat["type"])
    reply = api._reply_target(chat, params)
    content = api._text_content(formatted)
    preview = params.get("link_preview_options")
    if preview is not None:
        if not isinstance(preview, dict):
            raise bad_request("can't parse link preview options JSON object")
        content["link_preview_options"] = preview
    return api._new_message(chat, content, params, markup=markup, reply=reply)


@_method("editMessageText")
def _edit_message_text(api: FakeBotApi, params: dict) -> dict | bool:
    formatted_args = (params.get("text"), params.get("parse_mode"), params.get("entities"))
    if params.get("inline_message_id"):
        check_text(*formatted_args, strict=api.strict_html)
        validate_reply_markup(params.get("reply_markup"), inline_only=True)
        return True
    chat = api._writable_chat(params)
    msg = api._bot_message(chat, params)
    if "text" not in msg:
        raise bad_request("there is no text in the message to edit")
    formatted = check_text(*formatted_args, strict=api.strict_html)
    markup = validate_reply_markup(params.get("reply_markup"), chat_type=chat["type"], inline_only=True)
    if (
        formatted.text == msg["text"]
        and formatted.entities == msg.get("entities", [])
        and markup == msg.get("reply_markup")
    ):
        raise bad_request(
            "message is not modified: specified new message content and reply markup are exactly "
            "the same as a current content and reply markup of the message"
        )
    msg["text"] = formatted.text
    api._apply_optional(msg, "entities", formatted.entities)
    api._apply_optional(msg, "reply_markup", markup)
    msg["edit_date"] = U.now()
    return _copied(msg)


@_method("editMessageCaption")
def _edit_message_caption(api: FakeBotApi, params: dict) -> dict | bool:
    if params.get("inline_message_id"):
        api._caption(params)
        return True
    chat = api._writable_chat(params)
    msg = api._bot_message(chat, params)
    if not any(key in msg for key in ("photo", "document", "video", "audio", "animation", "voice")):
        raise bad_request("there is no caption in the message to edit")
    content = api._caption(params)
    markup = validate_reply_markup(params.get("reply_markup"), chat_type=chat["type"], inline_only=True)
    if (
        content.get("caption") == msg.get("caption")
        and content.get("caption_entities") == msg.get("caption_entities")
        and markup == msg.get("reply_markup")
    ):
        raise bad_request(
            "message is not modified: specified new message content and reply markup are exactly "
            "the same as a current content and reply markup of the message"
        )
    api._apply_optional(msg, "caption", content.get("caption"))
    api._apply_optional(msg, "caption_entities", content.get("caption_entities"))
    api._apply_optional(msg, "reply_markup", markup)
    msg["edit_date"] = U.now()
    return _copied(msg)


@_method("editMessageReplyMarkup")
def _edit_message_reply_markup(api: FakeBotApi, params: dict) -> dict | bool:
    if params.get("inline_message_id"):
        validate_reply_markup(params.get("reply_markup"), inline_only=True)
        return True
    chat = api._writable_chat(params)
    msg = api._bot_message(chat, params)
    markup = validate_reply_markup(params.get("reply_markup"), chat_type=chat["type"], inline_only=True)
    if markup == msg.get("reply_markup"):
        raise bad_request(
            "message is not modified: specified new message content and reply markup are exactly "
            "the same as a current content and reply markup of the message"
        )
    api._apply_optional(msg, "reply_markup", markup)
    msg["edit_date"] = U.now()
    return _copied(msg)


@_method("deleteMessage")
def _delete_message(api: FakeBotApi, params: dict) -> bool:
    chat = api._writable_chat(params)
    message_id = params.get("message_id")
    msg = api._messages.get((chat["id"], message_id)) if isinstance(message_id, int) else None
    if msg is None:
        raise bad_request("message to delete not found")
    from_bot = msg.get("from", {}).get("id") == api.bot_id
    if not from_bot and chat["type"] != "private" and not api._is_admin(chat["id"], api.bot_id):
        raise bad_request("message can't be deleted")
    del api._messages[(chat["id"], message_id)]
    api.deleted.append((chat["id"], message_id))
    return True


@_method("answerCallbackQuery")
def _answer_callback_query(api: FakeBotApi, params: dict) -> bool:
    query = api._callback_queries.get(str(params.get("callback_query_id", "")))
    if (
        query is None
        or query["answer"] is not None
        or time.monotonic() - query["at"] > CALLBACK_ANSWER_WINDOW
    ):
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = params.get("text")
    if text is not None and len(text) > MAX_CALLBACK_ANSWER_TEXT:
        raise bad_request("MESSAGE_TOO_LONG")
    url = params.get("url")
    if url and not re.match(rf"https://t\.me/{re.escape(api.username)}\?start=", url, re.IGNORECASE):
        raise bad_request("URL_INVALID")  # only t.me/<bot>?start=... (and game) URLs are allowed
    query["answer"] = params
    return True


@_method("answerInlineQuery")
def _answer_inline_query(api: FakeBotApi, params: dict) -> bool:
    query = api._inline_queries.get(str(params.get("inline_query_id", "")))
    if query is None or query["answer"] is not None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    validate_inline_results(
        params.get("results"), next_offset=params.get("next_offset"), button=params.get("button"),
        strict=api.strict_html,
    )  # fmt: skip
    query["answer"] = params
    return True


@_method("sendPoll")
def _send_poll(api: FakeBotApi, params: dict) -> dict:
    chat = api._writable_chat(params)
    info = validate_poll(params, chat_type=chat["type"], strict=api.strict_html)
    markup = validate_reply_markup(params.get("reply_markup"), chat_type=chat["type"])
    reply = api._reply_target(chat, params)
    poll_id = str(next(api._poll_ids))
    poll: dict[str, Any] = {
        "id": poll_id,
        "question": info["question"].text,
        "options": [],
        "total_voter_count": 0,
        "is_closed": info["is_closed"],
        "is_anonymous": info["is_anonymous"],
        "type": info["type"],
        "allows_multiple_answers": info["allows_multiple_answers"],
        "allows_revoting": info["allows_revoting"],
        "members_only": False,
    }
    if info["question"].entities:
        poll["question_entities"] = info["question"].entities
    for index, option in enumerate(info["options"]):
        entry: dict[str, Any] = {
            "text": option.text,
            "voter_count": 0,
            "persistent_id": U.option_persistent_id(poll_id, index),
        }
        if option.entities:
            entry["text_entities"] = option.entities
        poll["options"].append(entry)
    if "correct_option_ids" in info:
        poll["correct_option_ids"] = info["correct_option_ids"]
    for key in ("explanation", "description"):
        if key in info:
            poll[key] = info[key].text
            if info[key].entities:
                poll[f"{key}_entities"] = info[key].entities
    if "open_period" in info:
        poll["open_period"] = info["open_period"]
        poll["close_date"] = int(api.clock()) + info["open_period"]
    elif "close_date" in info:
        poll["close_date"] = info["close_date"]
    msg = api._new_message(chat, {"poll": poll}, params, markup=markup, reply=reply)
    api._polls[poll_id] = {"chat_id": chat["id"], "message_id": msg["message_id"], "votes": {}}
    return msg


@_method("stopPoll")
def _stop_poll(api: FakeBotApi, params: dict) -> dict:
    chat = api._writable_chat(params)
    message_id = params.get("message_id")
    msg = api._messages.get((chat["id"], message_id)) if isinstance(message_id, int) else None
    if msg is None or "poll" not in msg:
        raise bad_request("message with poll to stop not found")
    if msg.get("from", {}).get("id") != api.bot_id:
        raise bad_request("poll can't be stopped")
    poll = msg["poll"]
    api._expire_poll(poll)
    if poll["is_closed"]:
        raise bad_request("poll has already been closed")
    markup = validate_reply_markup(params.get("reply_markup"), chat_type=chat["type"], inline_only=True)
    api._apply_optional(msg, "reply_markup", markup)
    poll["is_closed"] = True
    return _copied(poll)


def _photo_sizes(api: FakeBotApi, value: Any) -> list[dict]:
    if isinstance(value, UploadedFile):
        if not value.data:
            raise bad_request("file must be non-empty")
        if len(value.data) > FileSizeLimit.PHOTOSIZE_UPLOAD:
            raise bad_request("PHOTO_SAVE_FILE_INVALID")
        size = _image_size(value.data)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        width, height = size
        too_big = width + height > 10_000 or max(width, height) > 20 * min(width, height)
        if width <= 0 or height <= 0 or too_big:
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        info = api._store_file(value, "photo", "jpg")
    else:
        existing = api._existing_file(value, "photo")
        if existing is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        info = existing[0]
        width, height = 800, 600
    scale = min(1.0, 1280 / max(width, height))
    thumb = min(1.0, 90 / max(width, height))
    return [
        {**info, "file_id": info["file_id"] + "-s", "file_unique_id": info["file_unique_id"] + "s",
         "width": max(1, round(width * thumb)), "height": max(1, round(height * thumb))},
        {**info, "width": max(1, round(width * scale)), "height": max(1, round(height * scale))},
    ]  # fmt: skip


@_method("sendPhoto")
def _send_photo(api: FakeBotApi, params: dict) -> dict:
    chat = api._writable_chat(params)
    if params.get("photo") in (None, ""):
        raise bad_request("there is no photo in the request")
    caption = api._caption(params)
    markup = validate_reply_markup(params.get("reply_markup"), chat_type=chat["type"])
    reply = api._reply_target(chat, params)
    content: dict[str, Any] = {"photo": _photo_sizes(api, params["photo"]), **caption}
    if params.get("has_spoiler"):
        content["has_media_spoiler"] = True
    if params.get("show_caption_above_media"):
        content["show_caption_above_media"] = True
    return api._new_message(chat, content, params, markup=markup, reply=reply)


@_method("sendDocument")
def _send_document(api: FakeBotApi, params: dict) -> dict:
    chat = api._writable_chat(params)
    value = params.get("document")
    if value in (None, ""):
        raise bad_request("there is no document in the request")
    caption = api._caption(params)
    markup = validate_reply_markup(params.get("reply_markup"), chat_type=chat["type"])
    reply = api._reply_target(chat, params)
    if isinstance(value, UploadedFile):
        if not value.data:
            raise bad_request("file must be non-empty")
        if len(value.data) > FileSizeLimit.FILESIZE_UPLOAD:
            raise ApiError(413, "Request Entity Too Large")
        extension = value.filename.rsplit(".", 1)[-1] if "." in value.filename else "bin"
        document = {**api._store_file(value, "document", extension), "file_name": value.filename,
                    "mime_type": value.content_type}  # fmt: skip
    else:
        existing = api._existing_file(value, "document")
        if existing is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        info, upload = existing
        document = {**info, "file_name": upload.filename, "mime_type": upload.content_type}
    return api._new_message(chat, {"document": document, **caption}, params, markup=markup, reply=reply)


@_method("getFile")
def _get_file(api: FakeBotApi, params: dict) -> dict:
    stored = api._files.get(str(params.get("file_id", "")).removesuffix("-s"))
    if stored is None:
        raise bad_request("wrong file_id or the file is temporarily unavailable")
    return {**stored["info"], "file_path": stored["path"]}


@_method("sendChatAction")
def _send_chat_action(api: FakeBotApi, params: dict) -> bool:
    api._writable_chat(params)
    if params.get("action") not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


@_method("getChat")
def _get_chat(api: FakeBotApi, params: dict) -> dict:
    chat = api._chat_param(params)
    info = _copied(chat)
    if chat["type"] == "private":
        user = api._users.get(chat["id"], {})
        for key in ("first_name", "last_name", "username"):
            if user.get(key):
                info[key] = user[key]
    info.update(
        accent_color_id=0,
        max_reaction_count=11,
        accepted_gift_types={
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    )
    return info


def _member(api: FakeBotApi, chat: dict, user_id: int) -> dict:
    cid = chat["id"]
    if user_id == api.bot_id:
        user = api._bot_from()
    else:
        user = api._users.get(user_id) or U.user(user_id)
    if chat["type"] == "private":
        if user_id not in (cid, api.bot_id):
            raise bad_request("user not found")
        return U.chat_member_status(user, "member")
    status = api._member_status.get((cid, user_id))
    if status is None:
        if user_id == api.bot_id:
            status = "left" if cid in api._removed else "member"
        else:
            status = "member" if user_id in api._chat_users.get(cid, set()) else "left"
    return U.chat_member_status(user, status)


@_method("getChatMember")
def _get_chat_member(api: FakeBotApi, params: dict) -> dict:
    chat = api._chat_param(params)
    user_id = params.get("user_id")
    if not isinstance(user_id, int):
        raise bad_request("user not found")
    return _member(api, chat, user_id)


@_method("getChatAdministrators")
def _get_chat_administrators(api: FakeBotApi, params: dict) -> list[dict]:
    chat = api._chat_param(params)
    if chat["type"] == "private":
        raise bad_request("there are no administrators in the private chat")
    ranked = sorted(
        ((uid, status) for (cid, uid), status in api._member_status.items() if cid == chat["id"]),
        key=lambda item: item[1] != "creator",
    )
    return [_member(api, chat, uid) for uid, status in ranked if status in ("creator", "administrator")]


@_method("getChatMemberCount")
def _get_chat_member_count(api: FakeBotApi, params: dict) -> int:
    chat = api._chat_param(params)
    if chat["type"] == "private":
        return 2
    members = set(api._chat_users.get(chat["id"], set())) | {api.bot_id}
    for (cid, uid), status in api._member_status.items():
        if cid == chat["id"] and status not in ("left", "kicked"):
            members.add(uid)
    return len(members)


@_method("leaveChat")
def _leave_chat(api: FakeBotApi, params: dict) -> bool:
    chat = api._writable_chat(params)
    if chat["type"] == "private":
        raise bad_request("chat member status can't be changed in private chats")
    api._removed[chat["id"]] = f"Forbidden: bot is not a member of the {chat['type']} chat"
    return True


# ---------------------------------------------------------------------- waiting


async def eventually(condition: Callable[[], Any], *, timeout: float = WAIT_TIMEOUT, what: str = "condition") -> None:
    """Wait until ``condition()`` is true (checked every 10 ms); WaitTimeout after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise WaitTimeout(f"timed out after {timeout:g} s waiting for {what}")
        await asyncio.sleep(0.01)


# ---------------------------------------------------------------------- running an Application


@contextlib.asynccontextmanager
async def run_application(
    app: Any,
    *,
    poll_timeout: float = 1,
    allowed_updates: list[str] | None = None,
    drop_pending_updates: bool | None = None,
) -> AsyncIterator[Any]:
    """Run a PTB Application the way ``run_polling`` does, inside the test's event loop.

    initialize → post_init → start_polling → start, and on exit updater.stop → stop →
    post_stop → shutdown → post_shutdown. Errors while polling go to the application's error
    handlers, as run_polling sends them.
    """
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        await app.updater.start_polling(
            poll_interval=0,
            timeout=poll_timeout,
            allowed_updates=allowed_updates,
            drop_pending_updates=drop_pending_updates,
            error_callback=lambda error: app.create_task(app.process_error(update=None, error=error)),
        )
        await app.start()
        try:
            yield app
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
                if app.post_stop:
                    await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


# ---------------------------------------------------------------------- no internet


_LOOPBACK = re.compile(r"^(127\.\d+\.\d+\.\d+|::1|localhost|0:0:0:0:0:0:0:1)$", re.IGNORECASE)


@contextlib.contextmanager
def forbid_network() -> Iterator[None]:
    """Refuse every connection and name lookup that is not loopback while the block runs."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def allowed(address: Any) -> bool:
        if isinstance(address, (str, bytes)):  # AF_UNIX
            return True
        host = address[0] if isinstance(address, tuple) else address
        return bool(_LOOPBACK.match(str(host)))

    def connect(sock: socket.socket, address: Any) -> Any:
        if not allowed(address):
            raise ConnectionRefusedError(f"tests may not reach {address!r}: loopback only")
        return real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> Any:
        if not allowed(address):
            raise ConnectionRefusedError(f"tests may not reach {address!r}: loopback only")
        return real_connect_ex(sock, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _LOOPBACK.match(host.decode() if isinstance(host, bytes) else str(host)):
            raise socket.gaierror(socket.EAI_NONAME, f"tests may not resolve {host!r}: loopback only")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo
    try:
        yield
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]
        socket.getaddrinfo = real_getaddrinfo

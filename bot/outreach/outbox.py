"""The broadcast outbox: one durable row per (broadcast, subscriber), and the paced sender over it.

A broadcast may have one text per language: the English one (the default, for everyone whose language
has no text of its own) and others after a line such as `[es]` (see `split_languages`). It is queued in
one transaction: the texts, and a `pending` row for every subscriber at that moment naming the text
they get — their pinned language (/language), else the language_code Telegram sent when they
subscribed or last wrote, else English. The sender takes one row at a time: it marks the row `sending` in its own committed
transaction, makes the request, and marks the row `sent` (or `failed`, or `pending` again for a
retry) right after. A restart, even after kill -9, carries on from the rows still `pending`.

The crash window. Telegram has no idempotency key, so a sender killed between "marked sending" and
"marked sent" cannot know whether that one message arrived. Such a row is found still `sending`
when the next sender starts; it becomes `unknown` and is NOT sent again: nobody ever gets two
copies, and because the sender works one row at a time, a crash leaves at most one `unknown` row,
which the status report shows. A request that timed out after it was written is treated the same
way. (`hrc-bot broadcast --resend-unknown` chooses at-least-once for those rows instead.)

Only the sender imports Telegram, and only to send through the `telegram.Bot` it is handed.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import sqlite3
import time
import warnings
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html import escape
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

from .. import preferences, strings
from ..preferences import closest
from ..strings import DEFAULT_LANGUAGE as ENGLISH
from ..storage import Database
from . import subscriptions

if TYPE_CHECKING:
    from telegram import Bot

log = logging.getLogger(__name__)

PENDING, SENDING, SENT, FAILED, UNKNOWN = "pending", "sending", "sent", "failed", "unknown"
BLOCKED = "blocked"  # the `error` of a failed row whose user blocked the bot

MESSAGE_LIMIT = 4096

# Pacing: Telegram allows about 30 messages/s to different users; stay well under it. Module-level
# so tests (and `hrc-bot broadcast --rate`) can change it.
RATE_PER_SECOND = 25.0
MAX_ATTEMPTS = 5  # transient errors (5xx, connection failures) before a row is given up
BACKOFF_SECONDS = 2.0  # first retry delay; doubles with each attempt
BACKOFF_MAX_SECONDS = 600.0
PAUSE_SLICE_SECONDS = 0.2  # how often a waiting sender checks whether it should stop

MIGRATION = "outreach-outbox-1"
SCHEMA = [
    """CREATE TABLE broadcasts (
        id INTEGER PRIMARY KEY,
        html TEXT NOT NULL,
        digest TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('draft', 'queued', 'cancelled')),
        created TEXT NOT NULL
    )""",
    "CREATE INDEX broadcasts_digest ON broadcasts(digest)",
    """CREATE TABLE outbox (
        broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'unknown')),
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before REAL NOT NULL DEFAULT 0,
        error TEXT,
        PRIMARY KEY (broadcast_id, user_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX outbox_by_state ON outbox(state, broadcast_id, user_id)",
    "CREATE INDEX outbox_by_user ON outbox(user_id)",
]
LANGUAGES_MIGRATION = "outreach-outbox-2-languages"
LANGUAGES_SCHEMA = [
    # A broadcast's texts other than English (broadcasts.html); an outbox row names the one it sends.
    """CREATE TABLE broadcast_texts (
        broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
        language TEXT NOT NULL,
        html TEXT NOT NULL,
        PRIMARY KEY (broadcast_id, language)
    ) WITHOUT ROWID""",
    "ALTER TABLE outbox ADD COLUMN language TEXT",  # NULL: the English text
]

# A broadcast's texts by language code; "en" is the default and always present.
Texts = Mapping[str, str]
_LANGUAGE_LINE = re.compile(r"^\[([A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?)\]$")


# Retention deletes settled delivery rows; each broadcast keeps their counts.
TOTALS_MIGRATION = "outreach-outbox-2"
TOTALS_SCHEMA = [f"ALTER TABLE broadcasts ADD COLUMN pruned_{state} INTEGER NOT NULL DEFAULT 0"
                 for state in (SENT, FAILED, BLOCKED, UNKNOWN)]


def forget(conn, user_id: int) -> None:  # noqa: ANN001 - a storage.Forgetter
    """/forgetme: every delivery row of the user, whatever its state."""
    conn.execute("DELETE FROM outbox WHERE user_id = ?", (user_id,))


class BroadcastError(ValueError):
    """A broadcast the admin must fix; `key` and `values` make the message in their language."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key, self.values = key, values

    def text(self, language: str | None = None) -> str:
        return strings.text(self.key, language, **self.values)


def split_languages(body: str, languages: Iterable[str]) -> dict[str, str]:
    """One text per language: the text before the first language line is English (the default), and a
    line holding only a code in brackets, such as `[es]`, starts that language's text."""
    languages = list(languages)
    texts: dict[str, list[str]] = {}
    current = ENGLISH
    for line in body.splitlines():
        marker = _LANGUAGE_LINE.match(line.strip())
        if marker is None:
            texts.setdefault(current, []).append(line)
            continue
        language = closest(marker.group(1), languages)
        if language is None:
            raise BroadcastError("broadcast_unknown_language", code=marker.group(1), languages=", ".join(languages))
        if "\n".join(texts.get(language, [])).strip():
            raise BroadcastError("broadcast_language_twice", code=language)
        current = language
    found = {language: "\n".join(lines).strip() for language, lines in texts.items()}
    found = {language: text for language, text in found.items() if text}
    if ENGLISH not in found:
        raise BroadcastError("broadcast_no_default")
    return {ENGLISH: found.pop(ENGLISH), **found}


def prune(conn, cutoff: float) -> int:  # noqa: ANN001 - a storage.Pruner
    """Retention: the delivery rows (user ids) of broadcasts queued before the cutoff, once settled
    (sent, failed or unknown), are deleted; the broadcast keeps how many there were of each."""
    old = "SELECT id FROM broadcasts WHERE state = 'queued' AND created < ?"
    created = _iso(cutoff)

    def settled(where: str) -> str:
        return f"(SELECT COUNT(*) FROM outbox o WHERE o.broadcast_id = broadcasts.id AND {where})"

    conn.execute(
        f"""UPDATE broadcasts SET
                pruned_sent = pruned_sent + {settled("o.state = 'sent'")},
                pruned_failed = pruned_failed + {settled("o.state = 'failed'")},
                pruned_blocked = pruned_blocked + {settled(f"o.state = 'failed' AND o.error = '{BLOCKED}'")},
                pruned_unknown = pruned_unknown + {settled("o.state = 'unknown'")}
            WHERE id IN ({old})""", (created,))
    return conn.execute(
        f"DELETE FROM outbox WHERE state IN ('sent', 'failed', 'unknown') AND broadcast_id IN ({old})",
        (created,)).rowcount


def _iso(timestamp: float) -> str:
    """How broadcasts note when they were queued (sorts like the time it stands for)."""
    return datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def compose_html(body_html: str, language: str = ENGLISH) -> str:
    """The message subscribers get: the body, then a line saying why they get it and how to stop."""
    return f"{body_html.strip()}\n\n{strings.text('broadcast_footer', language)}"


def compose_plain(body: str, language: str = ENGLISH) -> str:
    """A plain-text body (a file from the CLI) as the HTML message subscribers get."""
    return compose_html(escape(body.strip()), language)


def fits(body: str, language: str = ENGLISH) -> bool:
    """Whether a body (its visible text) plus the footer fits in one Telegram message."""
    size = len(body.strip()) + 2 + len(strings.text("broadcast_footer", language))
    return 0 < len(body.strip()) and size <= MESSAGE_LIMIT


def _texts(texts: str | Texts) -> dict[str, str]:
    """A broadcast's texts; a single message is the English one."""
    return {ENGLISH: texts} if isinstance(texts, str) else dict(texts)


def _digest(texts: Texts) -> str:
    # An English-only broadcast keeps the digest of its text alone, as before there were languages.
    data = texts[ENGLISH] if len(texts) == 1 else json.dumps(sorted(texts.items()), ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _recipients(conn: sqlite3.Connection, languages: Iterable[str]) -> list[tuple[int, str | None]]:
    """Every subscriber with the text they get: a language of `languages`, or None for English."""
    rows = conn.execute(
        "SELECT s.user_id, COALESCE(p.language, s.language) AS language"
        " FROM subscriptions s LEFT JOIN user_languages p ON p.user_id = s.user_id ORDER BY s.user_id").fetchall()
    others = [language for language in languages if language != ENGLISH]
    return [(row["user_id"], closest(row["language"], others)) for row in rows]


@dataclass(frozen=True)
class Delivery:
    broadcast_id: int
    user_id: int
    html: str
    attempts: int


@dataclass(frozen=True)
class BroadcastStatus:
    id: int
    created: str
    recipients: int
    pending: int  # pending or being sent right now
    sent: int
    failed: int
    blocked: int  # among the failed: users who blocked the bot (now unsubscribed)
    unknown: int  # a crash or a timeout hid whether it arrived; not resent

    @property
    def done(self) -> bool:
        return self.pending == 0


class Outbox:
    """Durable broadcast state in SQLite; every change is its own committed transaction."""

    def __init__(self, db: Database, clock: Callable[[], float] = time.time):
        self.db = db
        self.clock = clock
        subscriptions.migrate(db)
        preferences.migrate(db)
        db.migrate(MIGRATION, SCHEMA)
        db.migrate(LANGUAGES_MIGRATION, LANGUAGES_SCHEMA)
        db.migrate(TOTALS_MIGRATION, TOTALS_SCHEMA)
        db.on_forget(forget)
        db.on_prune(prune)

    # --- composing and queueing ----------------------------------------------------------------

    def draft(self, texts: str | Texts) -> int:
        """Keep a message (HTML, or HTML per language) for an admin to confirm (the Telegram preview)."""
        texts = _texts(texts)
        with self.db.transaction() as conn:
            broadcast_id = int(conn.execute(
                "INSERT INTO broadcasts(html, digest, state, created) VALUES (?, ?, 'draft', ?)",
                (texts[ENGLISH], _digest(texts), self._now_iso()),
            ).lastrowid)
            conn.executemany("INSERT INTO broadcast_texts(broadcast_id, language, html) VALUES (?, ?, ?)",
                             [(broadcast_id, language, html) for language, html in texts.items() if language != ENGLISH])
        return broadcast_id

    def audience(self, languages: Iterable[str]) -> Counter[str]:
        """How many subscribers would get each of these languages' texts now (English for the rest)."""
        with self.db.transaction() as conn:
            return Counter(language or ENGLISH for _, language in _recipients(conn, languages))

    def queue(self, broadcast_id: int) -> int | None:
        """Turn a draft into a broadcast to every current subscriber, atomically. Returns the number
        of recipients, or None if it is not a draft (already queued or cancelled: a second tap)."""
        with self.db.transaction() as conn:
            changed = conn.execute(
                "UPDATE broadcasts SET state = 'queued', created = ? WHERE id = ? AND state = 'draft'",
                (self._now_iso(), broadcast_id),
            ).rowcount
            if not changed:
                return None
            languages = [r["language"] for r in conn.execute(
                "SELECT language FROM broadcast_texts WHERE broadcast_id = ?", (broadcast_id,))]
            recipients = _recipients(conn, languages)
            conn.executemany("INSERT INTO outbox(broadcast_id, user_id, language) VALUES (?, ?, ?)",
                             [(broadcast_id, user_id, language) for user_id, language in recipients])
            return len(recipients)

    def enqueue(self, texts: str | Texts) -> tuple[int, int]:
        """Queue a message straight away (the CLI): (broadcast id, recipients)."""
        broadcast_id = self.draft(texts)
        return broadcast_id, self.queue(broadcast_id) or 0

    def cancel(self, broadcast_id: int) -> bool:
        return self.db.execute(
            "UPDATE broadcasts SET state = 'cancelled' WHERE id = ? AND state = 'draft'", (broadcast_id,)) == 1

    def find_queued(self, texts: str | Texts) -> int | None:
        """The newest queued broadcast of exactly this message, so re-running a command resumes it."""
        texts = _texts(texts)
        rows = self.db.query(
            "SELECT id FROM broadcasts WHERE digest = ? AND html = ? AND state = 'queued' ORDER BY id DESC LIMIT 1",
            (_digest(texts), texts[ENGLISH]),
        )
        return int(rows[0]["id"]) if rows else None

    # --- the sender's side ------------------------------------------------------------------

    def recover(self) -> int:
        """At start-up: rows a dead sender left `sending` may have arrived; they become `unknown`."""
        changed = self.db.execute(
            "UPDATE outbox SET state = 'unknown', error = 'interrupted while sending' WHERE state = 'sending'")
        if changed:
            log.warning("%d delivery(ies) were interrupted mid-request; marked unknown, not resent", changed)
        return changed

    def claim_next(self) -> Delivery | None:
        """The next due row, marked `sending` (committed) before anything is sent."""
        with self.db.transaction() as conn:
            row = conn.execute(
                """SELECT o.broadcast_id, o.user_id, o.attempts, COALESCE(t.html, b.html) AS html
                   FROM outbox o JOIN broadcasts b ON b.id = o.broadcast_id
                   LEFT JOIN broadcast_texts t ON t.broadcast_id = o.broadcast_id AND t.language = o.language
                   WHERE o.state = 'pending' AND o.not_before <= ?
                   ORDER BY o.broadcast_id, o.user_id LIMIT 1""",
                (self.clock(),),
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                "UPDATE outbox SET state = 'sending' WHERE broadcast_id = ? AND user_id = ?",
                (row["broadcast_id"], row["user_id"]),
            )
        return Delivery(row["broadcast_id"], row["user_id"], row["html"], row["attempts"])

    def seconds_until_due(self) -> float | None:
        """0 if a row is due now, the wait for the next retry, or None when nothing is pending."""
        rows = self.db.query("SELECT MIN(not_before) FROM outbox WHERE state = 'pending'")
        if rows[0][0] is None:
            return None
        return max(0.0, float(rows[0][0]) - self.clock())

    def pending_count(self) -> int:
        return int(self.db.query("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')")[0][0])

    def mark_sent(self, d: Delivery) -> None:
        self._set(d, SENT, None, d.attempts + 1)

    def mark_failed(self, d: Delivery, error: str) -> None:
        self._set(d, FAILED, error[:200], d.attempts + 1)

    def mark_unknown(self, d: Delivery, error: str) -> None:
        self._set(d, UNKNOWN, error[:200], d.attempts + 1)

    def mark_blocked(self, d: Delivery) -> None:
        """The user blocked the bot: this row and any other pending one fail, and the user is
        unsubscribed, all in one transaction."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET state = 'failed', error = ?, attempts = attempts + 1 "
                "WHERE user_id = ? AND (state = 'pending' OR broadcast_id = ?)",
                (BLOCKED, d.user_id, d.broadcast_id),
            )
            subscriptions.remove(conn, d.user_id)

    def retry_later(self, d: Delivery, delay: float, error: str, *, count_attempt: bool = True) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET state = 'pending', not_before = ?, error = ?, attempts = ? "
                "WHERE broadcast_id = ? AND user_id = ?",
                (self.clock() + delay, error[:200], d.attempts + (1 if count_attempt else 0),
                 d.broadcast_id, d.user_id),
            )

    def _set(self, d: Delivery, state: str, error: str | None, attempts: int) -> None:
        self.db.execute(
            "UPDATE outbox SET state = ?, error = ?, attempts = ? WHERE broadcast_id = ? AND user_id = ?",
            (state, error, attempts, d.broadcast_id, d.user_id),
        )

    # --- users -----------------------------------------------------------------------------

    def drop_pending(self, user_id: int) -> int:
        """/unsubscribe: messages not yet sent to the user are not sent any more."""
        return self.db.execute("DELETE FROM outbox WHERE user_id = ? AND state = 'pending'", (user_id,))

    def resend_unknown(self) -> int:
        """Choose at-least-once for rows whose delivery is unknown: they are sent again."""
        return self.db.execute(
            "UPDATE outbox SET state = 'pending', not_before = 0 WHERE state = 'unknown'")

    # --- reporting -----------------------------------------------------------------------------

    def status(self, broadcast_id: int | None = None, limit: int = 5) -> list[BroadcastStatus]:
        """Counts per queued broadcast, newest first."""
        where, params = ("AND b.id = ?", (broadcast_id, limit)) if broadcast_id is not None else ("", (limit,))
        rows = self.db.query(
            f"""SELECT b.id, b.created,
                   COUNT(o.user_id) + b.pruned_sent + b.pruned_failed + b.pruned_unknown AS recipients,
                   TOTAL(o.state IN ('pending', 'sending')) AS pending,
                   TOTAL(o.state = 'sent') + b.pruned_sent AS sent,
                   TOTAL(o.state = 'failed') + b.pruned_failed AS failed,
                   TOTAL(o.state = 'failed' AND o.error = '{BLOCKED}') + b.pruned_blocked AS blocked,
                   TOTAL(o.state = 'unknown') + b.pruned_unknown AS unknown
                FROM broadcasts b LEFT JOIN outbox o ON o.broadcast_id = b.id
                WHERE b.state = 'queued' {where}
                GROUP BY b.id ORDER BY b.id DESC LIMIT ?""",
            params,
        )
        return [
            BroadcastStatus(int(r["id"]), r["created"], int(r["recipients"]), int(r["pending"]), int(r["sent"]),
                            int(r["failed"]), int(r["blocked"]), int(r["unknown"]))
            for r in rows
        ]

    def _now_iso(self) -> str:
        return _iso(self.clock())


def render_status(rows: list[BroadcastStatus], language: str | None = None) -> str:
    """Sent/failed/pending per broadcast, as /broadcast status and `hrc-bot broadcast` print it."""
    if not rows:
        return strings.text("broadcast_status_none", language)
    lines = [strings.text("broadcast_status_header", language)]
    lines += [strings.text("broadcast_status_line", language, id=s.id, created=s.created, recipients=s.recipients,
                           sent=s.sent, failed=s.failed, blocked=s.blocked, pending=s.pending, unknown=s.unknown)
              for s in rows]
    if any(s.unknown for s in rows):
        lines += ["", strings.text("broadcast_status_unknown_note", language)]
    return "\n".join(lines)


# --- sending --------------------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    unknown: int = 0
    retries: int = 0
    flood_waits: int = 0


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _retry_after(exc: Exception) -> float:
    from telegram.warnings import PTBDeprecationWarning

    # PTB 22 warns that `retry_after` becomes a timedelta; we accept both, so the warning is noise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        return max(_seconds(exc.retry_after), 0.0)  # type: ignore[attr-defined]


def _maybe_delivered(exc: Exception) -> bool:
    """A read timeout: the request was written and Telegram may have acted on it."""
    import httpx

    return isinstance(exc.__cause__, httpx.ReadTimeout)


class OutboxSender:
    """Delivers the outbox one row at a time, paced, until nothing is pending or `keep_going` says stop.

    429: waits `retry_after` (the whole sender: flood control is per bot) and retries the row.
    403: the user blocked the bot: the row fails and the user is unsubscribed.
    400: the message was rejected: the row fails (retrying would not help).
    5xx and connection failures: retried with exponential backoff, up to MAX_ATTEMPTS.
    """

    def __init__(self, outbox: Outbox, bot: "Bot", *, rate: float | None = None, max_attempts: int | None = None,
                 backoff: float | None = None, keep_going: Callable[[], bool] = lambda: True,
                 on_progress: Callable[[SendReport], None] | None = None):
        self.outbox = outbox
        self.bot = bot
        self.interval = 1.0 / (rate or RATE_PER_SECOND)
        self.max_attempts = max_attempts or MAX_ATTEMPTS
        self.backoff = BACKOFF_SECONDS if backoff is None else backoff
        self.keep_going = keep_going
        self.on_progress = on_progress
        self.report = SendReport()
        self._next_slot = 0.0

    async def run(self) -> SendReport:
        loop = asyncio.get_running_loop()
        while self.keep_going():
            if not await self._pause(self._next_slot - loop.time()):
                break
            delivery = self.outbox.claim_next()
            if delivery is None:
                wait = self.outbox.seconds_until_due()
                if wait is None:
                    break  # everything delivered or given up
                if not await self._pause(min(wait, 5.0)):
                    break
                continue
            self._next_slot = loop.time() + self.interval
            await self._deliver(delivery)
            if self.on_progress is not None:
                self.on_progress(self.report)
        r = self.report
        log.info("broadcast sender stopped: %d sent, %d failed (%d blocked), %d unknown, %d retries, %d flood waits",
                 r.sent, r.failed, r.blocked, r.unknown, r.retries, r.flood_waits)
        return r

    async def _deliver(self, d: Delivery) -> None:
        from telegram import LinkPreviewOptions
        from telegram.constants import ParseMode
        from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter

        try:
            await self.bot.send_message(chat_id=d.user_id, text=d.html, parse_mode=ParseMode.HTML,
                                        link_preview_options=LinkPreviewOptions(is_disabled=True))
        except RetryAfter as exc:
            delay = _retry_after(exc)
            self.report.flood_waits += 1
            log.warning("Telegram flood control: waiting %.1f s before sending again", delay)
            self.outbox.retry_later(d, delay, "flood control", count_attempt=False)
            self._next_slot = asyncio.get_running_loop().time() + delay
        except Forbidden:
            self.report.failed += 1
            self.report.blocked += 1
            self.outbox.mark_blocked(d)
        except InvalidToken:
            self.outbox.retry_later(d, 0, "invalid token", count_attempt=False)
            raise
        except (BadRequest, ChatMigrated) as exc:  # BadRequest is a NetworkError in PTB: caught first
            self.report.failed += 1
            log.warning("Telegram rejected a broadcast message: %s", exc.message)
            self.outbox.mark_failed(d, f"rejected: {exc.message}")
        except NetworkError as exc:
            if _maybe_delivered(exc):
                self.report.unknown += 1
                self.outbox.mark_unknown(d, "timed out after the request was sent")
            else:
                self._transient(d, type(exc).__name__)
        except Exception as exc:  # noqa: BLE001 - one bad row must not stop a broadcast
            log.exception("unexpected error while sending a broadcast message")
            self._transient(d, type(exc).__name__)
        else:
            self.report.sent += 1
            self.outbox.mark_sent(d)

    def _transient(self, d: Delivery, error: str) -> None:
        attempt = d.attempts + 1
        if attempt >= self.max_attempts:
            self.report.failed += 1
            self.outbox.mark_failed(d, f"gave up after {attempt} attempts: {error}")
            return
        self.report.retries += 1
        delay = min(self.backoff * 2 ** (attempt - 1), BACKOFF_MAX_SECONDS)
        self.outbox.retry_later(d, delay, error)

    async def _pause(self, seconds: float) -> bool:
        """Sleep in short slices; False as soon as the sender should stop."""
        loop = asyncio.get_running_loop()
        end = loop.time() + max(seconds, 0.0)
        while True:
            if not self.keep_going():
                return False
            left = end - loop.time()
            if left <= 0:
                return True
            await asyncio.sleep(min(left, PAUSE_SLICE_SECONDS))

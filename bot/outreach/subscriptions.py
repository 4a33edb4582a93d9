"""Explicit opt-in to broadcasts: one row per subscriber, holding the Telegram user id and the
language_code Telegram sent when they subscribed or last wrote (which text of a broadcast they get)."""

from __future__ import annotations

import sqlite3

from ..storage import Database

MIGRATION = "outreach-subscriptions-1"
SCHEMA = [
    # Private chats have the user's id as chat id, so the user id is all a delivery needs.
    "CREATE TABLE subscriptions (user_id INTEGER PRIMARY KEY) WITHOUT ROWID",
]
LANGUAGE_MIGRATION = "outreach-subscriptions-2-language"
LANGUAGE_SCHEMA = ["ALTER TABLE subscriptions ADD COLUMN language TEXT"]
SEEN_MEMORY = 4_096  # users whose language_code is known to be stored; forgotten all at once beyond this (the
# price of forgetting is one cheap UPDATE for each such user's next message; remembering every user cost
# some 100 bytes each, kept for good: the soak's memory grew with its users)


def migrate(db: Database) -> None:
    db.migrate(MIGRATION, SCHEMA)
    db.migrate(LANGUAGE_MIGRATION, LANGUAGE_SCHEMA)


def remove(conn: sqlite3.Connection, user_id: int) -> None:
    """Drop a subscription inside a caller's transaction (a blocked bot, /forgetme)."""
    conn.execute("DELETE FROM subscriptions WHERE user_id = ?", (user_id,))


class Subscriptions:
    """Who asked for updates, and in which language Telegram says they use it."""

    def __init__(self, db: Database):
        self.db = db
        migrate(db)
        db.on_forget(remove)
        self._seen: dict[int, str | None] = {}

    def subscribe(self, user_id: int, language: str | None = None) -> bool:
        """True if the user was not subscribed before (the language is updated either way)."""
        with self.db.transaction() as conn:
            new = conn.execute("INSERT OR IGNORE INTO subscriptions(user_id, language) VALUES (?, ?)",
                               (user_id, language)).rowcount == 1
            if not new and language:
                conn.execute("UPDATE subscriptions SET language = ? WHERE user_id = ?", (language, user_id))
        self._seen[user_id] = language
        return new

    def seen(self, user_id: int, language: str | None) -> None:
        """A user wrote with this language_code: a subscriber's stored one follows it. Written only when it
        changed, so an ordinary message costs no write."""
        if not language or self._seen.get(user_id) == language:
            return
        if len(self._seen) >= SEEN_MEMORY:
            self._seen.clear()
        self.db.execute("UPDATE subscriptions SET language = ? WHERE user_id = ? AND language IS NOT ?",
                        (language, user_id, language))
        self._seen[user_id] = language

    def unsubscribe(self, user_id: int) -> bool:
        """True if the user was subscribed."""
        return self.db.execute("DELETE FROM subscriptions WHERE user_id = ?", (user_id,)) == 1

    def is_subscribed(self, user_id: int) -> bool:
        return bool(self.db.query("SELECT 1 FROM subscriptions WHERE user_id = ?", (user_id,)))

    def count(self) -> int:
        return int(self.db.query("SELECT COUNT(*) FROM subscriptions")[0][0])

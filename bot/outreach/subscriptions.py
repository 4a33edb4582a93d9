"""Explicit opt-in to broadcasts: one row per subscriber, holding nothing but the Telegram user id."""

from __future__ import annotations

import sqlite3

from ..storage import Database

MIGRATION = "outreach-subscriptions-1"
SCHEMA = [
    # Private chats have the user's id as chat id, so the user id is all a delivery needs.
    "CREATE TABLE subscriptions (user_id INTEGER PRIMARY KEY) WITHOUT ROWID",
]


def remove(conn: sqlite3.Connection, user_id: int) -> None:
    """Drop a subscription inside a caller's transaction (a blocked bot, /forgetme)."""
    conn.execute("DELETE FROM subscriptions WHERE user_id = ?", (user_id,))


class Subscriptions:
    """Who asked for updates."""

    def __init__(self, db: Database):
        self.db = db
        db.migrate(MIGRATION, SCHEMA)
        db.on_forget(remove)

    def subscribe(self, user_id: int) -> bool:
        """True if the user was not subscribed before."""
        return self.db.execute("INSERT OR IGNORE INTO subscriptions(user_id) VALUES (?)", (user_id,)) == 1

    def unsubscribe(self, user_id: int) -> bool:
        """True if the user was subscribed."""
        return self.db.execute("DELETE FROM subscriptions WHERE user_id = ?", (user_id,)) == 1

    def is_subscribed(self, user_id: int) -> bool:
        return bool(self.db.query("SELECT 1 FROM subscriptions WHERE user_id = ?", (user_id,)))

    def count(self) -> int:
        return int(self.db.query("SELECT COUNT(*) FROM subscriptions")[0][0])

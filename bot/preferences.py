"""Each user's pinned language (`/language`), in SQLite. No row means automatic: the question's own
language, then Telegram's language_code, then English. `/forgetme` removes the row."""

from __future__ import annotations

import sqlite3
from typing import Iterable

from .storage import Database

MIGRATION = "preferences-1"
SCHEMA = ["CREATE TABLE user_languages (user_id INTEGER PRIMARY KEY, language TEXT NOT NULL) WITHOUT ROWID"]

# Codes Telegram sends for Traditional Chinese (and a bare "zh", whose only Chinese here is Traditional).
_ALIASES = {"zh-tw": "zh-hant", "zh-hk": "zh-hant", "zh-mo": "zh-hant", "zh": "zh-hant"}


def closest(code: str | None, languages: Iterable[str]) -> str | None:
    """The one of `languages` a code means as Telegram or a person writes it (es-MX -> es, zh-TW -> zh-Hant)."""
    if not code:
        return None
    wanted = code.replace("_", "-").lower()
    by_lower = {language.lower(): language for language in languages}
    for candidate in (wanted, _ALIASES.get(wanted, ""), wanted.split("-")[0]):
        if candidate in by_lower:
            return by_lower[candidate]
    return None


def forget(conn: sqlite3.Connection, user_id: int) -> None:
    conn.execute("DELETE FROM user_languages WHERE user_id = ?", (user_id,))


class Preferences:
    def __init__(self, db: Database):
        self.db = db
        migrate(db)
        db.on_forget(forget)

    def language(self, user_id: int) -> str | None:
        """The language the user pinned, or None (automatic)."""
        rows = self.db.query("SELECT language FROM user_languages WHERE user_id = ?", (user_id,))
        return rows[0]["language"] if rows else None

    def pin(self, user_id: int, language: str | None) -> None:
        """Answer this user in `language`; None goes back to automatic."""
        if language is None:
            self.db.execute("DELETE FROM user_languages WHERE user_id = ?", (user_id,))
        else:
            self.db.execute("INSERT INTO user_languages(user_id, language) VALUES (?, ?)"
                            " ON CONFLICT(user_id) DO UPDATE SET language = excluded.language", (user_id, language))


def migrate(db: Database) -> None:
    """The table, for modules that read it without a Preferences of their own (the broadcast outbox)."""
    db.migrate(MIGRATION, SCHEMA)

"""Each user's pinned language (`/language`), in SQLite. No row means automatic: the question's own
language, then Telegram's language_code, then English. `/forgetme` removes the row.

Every question asks for the asker's pin, and almost nobody has one: the answers (pin or none) of the
users seen lately are kept in memory, so a question costs no query. Only this process writes the
table (/language, /forgetme), and both go through here, so what is kept stays true."""

from __future__ import annotations

import sqlite3
from typing import Iterable

from .storage import Database

MIGRATION = "preferences-1"
SCHEMA = ["CREATE TABLE user_languages (user_id INTEGER PRIMARY KEY, language TEXT NOT NULL) WITHOUT ROWID"]

# Codes Telegram sends for Traditional Chinese (and a bare "zh", whose only Chinese here is Traditional).
_ALIASES = {"zh-tw": "zh-hant", "zh-hk": "zh-hant", "zh-mo": "zh-hant", "zh": "zh-hant"}
MEMORY = 4_096  # users whose pin (or its absence) is kept; forgotten all at once beyond this, like
# Subscriptions' language codes: the price is one query for each such user's next question


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
        self._known: dict[int, str | None] = {}  # user id -> pinned language or None, as stored
        db.on_forget(forget)
        db.on_forget(self._unknow)

    def language(self, user_id: int) -> str | None:
        """The language the user pinned, or None (automatic)."""
        if user_id in self._known:
            return self._known[user_id]
        rows = self.db.query("SELECT language FROM user_languages WHERE user_id = ?", (user_id,))
        language = rows[0]["language"] if rows else None
        self._remember(user_id, language)
        return language

    def pin(self, user_id: int, language: str | None) -> None:
        """Answer this user in `language`; None goes back to automatic."""
        self._known.pop(user_id, None)  # whatever happens below, the table is asked next time
        if language is None:
            self.db.execute("DELETE FROM user_languages WHERE user_id = ?", (user_id,))
        else:
            self.db.execute("INSERT INTO user_languages(user_id, language) VALUES (?, ?)"
                            " ON CONFLICT(user_id) DO UPDATE SET language = excluded.language", (user_id, language))
        self._remember(user_id, language)

    def _remember(self, user_id: int, language: str | None) -> None:
        if len(self._known) >= MEMORY:
            self._known.clear()
        self._known[user_id] = language

    def _unknow(self, conn: sqlite3.Connection, user_id: int) -> None:
        """/forgetme (inside its transaction): the row goes, and so does what is kept of it."""
        self._known.pop(user_id, None)


def migrate(db: Database) -> None:
    """The table, for modules that read it without a Preferences of their own (the broadcast outbox)."""
    db.migrate(MIGRATION, SCHEMA)

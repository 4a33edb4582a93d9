"""SQLite storage core: one file under HRC_DATA_DIR, WAL, every write in its own transaction.

Each feature (quizzes, subscriptions, broadcasts, statistics) keeps its tables in its own module and
registers them here with `Database.migrate`; anything tied to a user registers a forgetter, so
`/forgetme` reaches every table without this module knowing them, and anything kept only for a
while registers a pruner, which the daily retention job runs (HRC_RETENTION_DAYS).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence

Forgetter = Callable[[sqlite3.Connection, int], None]
# Deletes what is older than a cutoff (seconds since the epoch); returns the rows it deleted.
Pruner = Callable[[sqlite3.Connection, float], int]


class Database:
    """A thread-safe wrapper over one SQLite connection in autocommit mode."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL with WAL: a committed transaction survives the process being killed (kill -9, OOM),
        # which is what quizzes and the outbox promise; only a power cut may lose the last few.
        # FULL would fsync on every answer and halve the bot's throughput.
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)")
        self._forgetters: list[Forgetter] = []
        self._pruners: list[Pruner] = []

    def migrate(self, name: str, statements: Sequence[str]) -> None:
        """Apply a named set of DDL statements once."""
        with self.transaction() as conn:
            done = conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone()
            if done:
                return
            for statement in statements:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations(name) VALUES (?)", (name,))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT (or ROLLBACK on error), serialised across threads."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def query(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

    def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        """One statement in its own transaction; returns the rows changed."""
        with self.transaction() as conn:
            return conn.execute(sql, params).rowcount

    def on_forget(self, forgetter: Forgetter) -> None:
        self._forgetters.append(forgetter)

    def forget_user(self, user_id: int) -> None:
        """Delete everything tied to a user, across every feature, in one transaction."""
        with self.transaction() as conn:
            for forgetter in self._forgetters:
                forgetter(conn, user_id)

    def on_prune(self, pruner: Pruner) -> None:
        self._pruners.append(pruner)

    def prune(self, cutoff: float) -> int:
        """Delete what every feature keeps only until `cutoff` (epoch seconds), in one transaction."""
        with self.transaction() as conn:
            return sum(pruner(conn, cutoff) for pruner in self._pruners)

    def close(self) -> None:
        with self._lock:
            self.conn.close()


def backup(source: Path, target: Path) -> None:
    """A consistent copy of a database another process may be writing to, as one self-contained file.

    SQLite's online backup API copies every page in one step inside one read transaction: a
    snapshot as of one moment, taken without stopping the bot (under WAL, readers never block the
    writer). The copy is written beside the target and renamed over it once checked, so a target
    path never holds half a backup.
    """
    if not source.is_file():
        raise FileNotFoundError(f"no database at {source}")
    if target.exists() and target.resolve() == source.resolve():
        raise ValueError(f"{target} is the live database itself")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(source, timeout=30)) as live, closing(sqlite3.connect(partial)) as copy:
            live.backup(copy)
            # No WAL beside the copy: restoring it is copying one file. The bot turns WAL on again.
            copy.execute("PRAGMA journal_mode=DELETE")
            problem = copy.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise sqlite3.DatabaseError(f"the copy failed its check: {problem}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)

"""Configuration from the environment, read once and validated; secrets are never printed."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_RETENTION_DAYS = 365
RETENTION_DAYS_RANGE = (1, 3650)
TOKEN_PATTERN = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{30,100}$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable, never its secret value."""


def default_data_dir() -> Path:
    """A per-user data folder (XDG on Linux), used when HRC_DATA_DIR is not set."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "hrc-bot"


def parse_admin_ids(raw: str) -> frozenset[int]:
    ids = set()
    for part in re.split(r"[,\s]+", raw.strip()):
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise ConfigError(f"HRC_ADMIN_IDS must be Telegram user ids separated by commas, got {part!r}")
        ids.add(int(part))
    return frozenset(ids)


def parse_retention_days(raw: str) -> int:
    """HRC_RETENTION_DAYS: whole days, within RETENTION_DAYS_RANGE; empty means the default."""
    raw = raw.strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    low, high = RETENTION_DAYS_RANGE
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ConfigError(f"HRC_RETENTION_DAYS must be a whole number of days from {low} to {high}, got {raw!r}")
    return int(raw)


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)
    api_base_url: str = DEFAULT_API_BASE_URL
    data_dir: Path = field(default_factory=default_data_dir)
    content_dir: Path | None = None
    admin_ids: frozenset[int] = frozenset()
    # Unanswered questions, finished quiz answers and delivered broadcast rows are deleted after this.
    retention_days: int = DEFAULT_RETENTION_DAYS

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        content = env.get("HRC_CONTENT_DIR")
        return cls(
            token=(env.get("TELEGRAM_BOT_TOKEN") or "").strip() or None,
            api_base_url=(env.get("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL).strip(),
            data_dir=Path(env["HRC_DATA_DIR"]).expanduser() if env.get("HRC_DATA_DIR") else default_data_dir(),
            content_dir=Path(content).expanduser() if content else None,
            admin_ids=parse_admin_ids(env.get("HRC_ADMIN_IDS", "")),
            retention_days=parse_retention_days(env.get("HRC_RETENTION_DAYS", "")),
        )

    def require_token(self) -> str:
        """The bot token, or a ConfigError that says what is wrong without echoing it."""
        if not self.token:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token")
        if not TOKEN_PATTERN.match(self.token):
            raise ConfigError("TELEGRAM_BOT_TOKEN is malformed: expected '<digits>:<35 letters, digits, - or _>' from @BotFather")
        return self.token

    @property
    def api_file_url(self) -> str:
        """Where files are downloaded: '/file/bot' beside the Bot API's '/bot'."""
        base = self.api_base_url.rstrip("/")
        return base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file"

    @property
    def database_path(self) -> Path:
        return self.data_dir / "hrc-bot.sqlite3"

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admin_ids

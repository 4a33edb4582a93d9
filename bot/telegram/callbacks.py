"""Callback data for inline buttons: versioned, short, and refused politely when stale or forged.

Format: `<version>|<action>|<arg>|<arg>…`, at most 64 bytes (Telegram's limit). Bumping VERSION
retires every button already sent: pressing one then says "this button has expired".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VERSION = "1"
MAX_BYTES = 64
_ARG = re.compile(r"^[A-Za-z0-9_.:-]{0,40}$")


@dataclass(frozen=True)
class Callback:
    action: str
    args: tuple[str, ...]


def encode(action: str, *args: object) -> str:
    """Callback data for a button; raises ValueError rather than send something Telegram rejects."""
    parts = [VERSION, action, *map(str, args)]
    if not all(_ARG.match(p) for p in parts[1:]):
        raise ValueError(f"callback parts must match {_ARG.pattern}: {parts!r}")
    data = "|".join(parts)
    if not 1 <= len(data.encode("utf-8")) <= MAX_BYTES:
        raise ValueError(f"callback data is over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    """The action and arguments of current, well-formed data; None for anything else."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    parts = data.split("|")
    if len(parts) < 2 or parts[0] != VERSION or not all(_ARG.match(p) for p in parts[1:]) or not parts[1]:
        return None
    return Callback(parts[1], tuple(parts[2:]))


def pattern(action: str) -> re.Pattern[str]:
    """A CallbackQueryHandler pattern for one action of the current version."""
    return re.compile(rf"^{VERSION}\|{re.escape(action)}(\||$)")

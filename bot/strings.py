"""The interface's words, loaded from bot/locales/<language>.yaml (answers are content, not here)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LOCALES = Path(__file__).resolve().parent / "locales"
DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=8)
def _table(language: str) -> dict[str, str]:
    path = LOCALES / f"{language}.yaml"
    if not path.is_file():
        return {} if language != DEFAULT_LANGUAGE else _missing(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): " ".join(str(v).split()) if "\n" not in str(v).strip() else str(v).strip() for k, v in data.items()}


def _missing(path: Path) -> dict[str, str]:
    raise FileNotFoundError(f"{path}: the default interface strings are missing")


def text(key: str, language: str | None = None, **values: object) -> str:
    """The interface string `key` in the user's language (falling back to English), filled in."""
    table = _table((language or DEFAULT_LANGUAGE).split("-")[0].lower())
    template = table.get(key) or _table(DEFAULT_LANGUAGE)[key]
    return template.format(**values) if values else template

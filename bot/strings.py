"""The interface's words, loaded from bot/locales/<language>.yaml (answers are content, not here)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .yamlfile import load_plain

LOCALES = Path(__file__).resolve().parent / "locales"
DEFAULT_LANGUAGE = "en"


def locale_file(language: str) -> Path | None:
    """bot/locales/<code>.yaml for a code as Telegram or a person writes it (es, es-MX, zh-hant, zh-TW)."""
    wanted = language.replace("_", "-").lower()
    files = {path.stem.lower(): path for path in LOCALES.glob("*.yaml")}
    for candidate in (wanted, {"zh-tw": "zh-hant", "zh-hk": "zh-hant", "zh-mo": "zh-hant"}.get(wanted, ""),
                      wanted.split("-")[0]):
        if candidate in files:
            return files[candidate]
    return None


def available() -> list[str]:
    """Every language the interface speaks, English first."""
    codes = sorted(path.stem for path in LOCALES.glob("*.yaml") if path.stem != DEFAULT_LANGUAGE)
    return [DEFAULT_LANGUAGE, *codes]


@lru_cache(maxsize=32)
def _table(language: str) -> dict[str, str]:
    path = locale_file(language)
    if path is None:
        if language == DEFAULT_LANGUAGE:
            raise FileNotFoundError(f"{LOCALES / 'en.yaml'}: the default interface strings are missing")
        return {}
    data = load_plain(path.read_text(encoding="utf-8")) or {}
    return {str(k): " ".join(str(v).split()) if "\n" not in str(v).strip() else str(v).strip() for k, v in data.items()}


def has(key: str, language: str) -> bool:
    return bool(_table(language).get(key))


def text(key: str, language: str | None = None, **values: object) -> str:
    """The interface string `key` in the user's language (falling back to English), filled in."""
    table = _table(language or DEFAULT_LANGUAGE)
    template = table.get(key) or _table(DEFAULT_LANGUAGE)[key]
    return template.format(**values) if values else template


def join(items: Sequence[str], language: str) -> str:
    """'a, b and c' as the language writes it."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    separator = text("list_separator", language)
    if separator.isascii():  # "," reads ", " (the table trims spaces); "、" stands alone
        separator += " "
    return text("list_and", language, rest=separator.join(items[:-1]), last=items[-1])


def month_name(month: int, language: str) -> str:
    names = [m.strip() for m in text("month_names", language).split(",")]
    return names[month - 1] if 1 <= month <= len(names) else str(month)

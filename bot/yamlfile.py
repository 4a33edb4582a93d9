"""YAML loading that remembers where every mapping came from, so content errors can say `file:line`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class Located(dict):
    """A mapping from a YAML file that knows the file and 1-based line it starts on."""

    file: str = "?"
    line: int = 0

    def where(self, key: str | None = None) -> str:
        line = self.key_lines.get(key, self.line) if key else self.line
        return f"{self.file}:{line}"

    key_lines: dict[str, int]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, pointing at the file and line to fix."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ContentError(Exception):
    """Raised when content cannot be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# libyaml's parser when PyYAML was built with it (several times faster); the same marks either way.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_plain(text: str) -> Any:
    """YAML without line marks (interface strings, evaluation sets): libyaml's speed, the safe loader's rules."""
    return yaml.load(text, Loader=_BASE_LOADER)  # noqa: S506 - CSafeLoader or SafeLoader, never the unsafe one


def _loader_for(display_name: str) -> type:
    class LocatingLoader(_BASE_LOADER):  # type: ignore[misc,valid-type]
        pass

    def construct_mapping(loader, node: yaml.MappingNode) -> Located:  # type: ignore[no-untyped-def]
        loader.flatten_mapping(node)
        mapping = Located()
        mapping.file = display_name
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in mapping:
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
                )
            mapping[key] = loader.construct_object(value_node, deep=True)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping

    LocatingLoader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping
    )
    return LocatingLoader


def display_path(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def load_yaml(path: Path, root: Path) -> Any:
    """Parse a YAML file; a syntax error becomes a ContentError with file:line."""
    name = display_path(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([Problem(f"{name}:1", f"cannot read file: {exc}")]) from exc
    try:
        return yaml.load(text, Loader=_loader_for(name))  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(filter(None, [exc.context, exc.problem]))
        raise ContentError([Problem(f"{name}:{line}", f"invalid YAML: {what}")]) from exc
    except yaml.YAMLError as exc:
        raise ContentError([Problem(f"{name}:1", f"invalid YAML: {exc}")]) from exc

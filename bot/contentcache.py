"""A validated copy of the content, kept between runs so that start-up does not parse 1.6 MB of YAML in
nine languages each time.

The copy is keyed by the bytes of every content file and of the code that reads them: change either and
the content is read and validated afresh (and broken content still stops start-up with `file:line`).
It lives in HRC_CACHE_DIR, else $XDG_CACHE_HOME/hrc-bot, else ~/.cache/hrc-bot; where that cannot be
written (a read-only image), the bot simply reads the content every time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

log = logging.getLogger(__name__)

CONTENT_FOLDERS = ("knowledge", "intents", "quiz")
# The modules whose code decides what a loaded Content holds.
LOADER_MODULES = ("content.py", "lexicon.py", "facts.py", "geography.py", "translations.py", "yamlfile.py", "text.py")
KEEP = 4  # copies kept (a few content folders side by side: tests, campaigns)

T = TypeVar("T")


def cache_dir() -> Path:
    configured = os.environ.get("HRC_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hrc-bot"


def fingerprint(root: Path) -> str:
    """A digest of every content file (path and bytes) and of the loading code."""
    digest = hashlib.sha256(str(root).encode())
    code = Path(__file__).resolve().parent
    for name in LOADER_MODULES:
        digest.update(name.encode() + b"\0" + (code / name).read_bytes())
    for folder in CONTENT_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:32]


def cached(root: Path, load: Callable[[], T]) -> T:
    """`load()`'s result for this content folder: from the cache when the files are unchanged."""
    try:
        key = fingerprint(root)
    except OSError:
        return load()
    folder = cache_dir()
    path = folder / f"content-{key}.pickle"
    try:
        with path.open("rb") as file:
            return pickle.load(file)  # noqa: S301 - our own file, keyed by what it was made from
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = load()  # raises ContentError on broken content: nothing is cached then
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, path)
        for old in sorted(folder.glob("content-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.debug("content cache not written (%s)", type(exc).__name__)
    return value

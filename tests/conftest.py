"""Engine-level fixtures shared by the answering, place, content and CLI tests.

Telegram fixtures live with the tests that use them (tests/fakebot), not here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from bot.engine import Engine

REPO_ROOT = Path(__file__).resolve().parent.parent
CONTENT_FOLDERS = ("knowledge", "intents", "quiz")

# The validated-content cache (bot/contentcache.py) of a test run stays in the run, and every run starts
# cold, so no test depends on what an earlier run left behind. Set before any test loads content; child
# processes inherit it.
os.environ["HRC_CACHE_DIR"] = tempfile.mkdtemp(prefix="hrc-test-cache-")

# The same generated examples every run, and no example database carried between runs: a property test
# that passes today passes tomorrow (a failure found while writing one is added as an explicit example).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.load_profile("repeatable")


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine on the shipped content, loaded once for the whole run (it is read-only)."""
    return Engine.load()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped content folders, laid out like the repo, free to break."""
    root = tmp_path / "content"
    for folder in CONTENT_FOLDERS:
        shutil.copytree(REPO_ROOT / folder, root / folder)
    return root

"""Regenerate knowledge/confusables.txt: real English words that typo tolerance must not bend.

Place names and the content's own words are matched with one or two typos allowed ("utrech" ->
Utrecht, "rigths" -> rights), which would also bend real words into them ("child" -> Chile, "lives"
-> gives). This lists the dictionary words within that distance of a name or a content word, so the
finder and the spelling correction leave them alone. Run it after editing places, the gazetteer or
many intents, on a machine with a word list (Debian: wamerican).

    python tools/make_confusables.py [/usr/share/dict/words]
"""

from __future__ import annotations

import sys
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import process  # noqa: E402
from rapidfuzz.distance import OSA  # noqa: E402

from bot.content import load_content  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.matcher import typo_budget  # noqa: E402
from bot.places import PlaceFinder, _typo_budget  # noqa: E402
from bot.text import normalize  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(words_file: str = "/usr/share/dict/words") -> None:
    content = load_content(ROOT)
    finder = PlaceFinder(content)
    names = {key for key, _alias in finder._fuzzy} | {" ".join(tokens) for tokens in finder._exact}
    raw = Path(words_file).read_text(encoding="utf-8", errors="ignore").split()
    # Capitalised entries count too ("Victorian" must not become Victoria); the names we match
    # themselves are taken out below.
    words = {normalize(w) for w in raw if "'" not in w}
    words = {w for w in words if w.isalpha() and len(w) >= 4 and w not in names}
    near_names = {
        w for w in words
        if len(w) >= 5 and any(
            w[0] == n[0] and abs(len(w) - len(n)) <= _typo_budget(len(w))
            and OSA.distance(w, n) <= min(_typo_budget(len(w)), _typo_budget(len(n)))
            for n in names
        )
    }
    vocabulary = sorted(Engine(content).vocabulary.words)
    known = set(vocabulary)
    near_content = {
        w for w in words - known
        if process.extractOne(w, vocabulary, scorer=OSA.distance, score_cutoff=typo_budget(w))
    }
    close = sorted(near_names | near_content)
    header = "# Real English words near a place name or a content word: never bent by typo tolerance (tools/make_confusables.py).\n"
    (ROOT / "knowledge" / "confusables.txt").write_text(header + "\n".join(close) + "\n", encoding="utf-8")
    print(f"{len(close)} confusable words written")


if __name__ == "__main__":
    main(*sys.argv[1:])

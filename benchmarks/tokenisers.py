"""How to cut Korean, Japanese and Chinese into words: the candidates the languages issue names, measured.

For each language, its evaluation set (tests/eval/i18n) is answered with the bot as shipped — the
lexicon's dictionary words, then pairs of characters for the rest (bot/analysis.py) — and with the
language's model in its place: kiwipiepy (Korean), fugashi with unidic-lite (Japanese), jieba (Chinese),
whose tokens are then matched as words. Each run is a fresh interpreter, so the time to load and the
resident memory the tokeniser adds are its own. The three tokenisers are optional (`pip install ".[bench]"`).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from . import REPO_ROOT
from .report import Section, table

LANGUAGES = {"ko": "kiwipiepy", "ja": "fugashi + unidic-lite", "zh-Hant": "jieba"}

_TOKENISERS = {
    "ko": """
from kiwipiepy import Kiwi
_kiwi = Kiwi()
def tokenise(text):
    return [t.form for t in _kiwi.tokenize(text)]
""",
    "ja": """
import fugashi
_tagger = fugashi.Tagger()
def tokenise(text):
    return [w.surface for w in _tagger(text)]
""",
    "zh-Hant": """
import jieba
jieba.setLogLevel(60)
def tokenise(text):
    return [t for t in jieba.cut(text) if t.strip()]
""",
}

_RUN = """
import json, sys, time
from pathlib import Path
def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024
language, use_model = sys.argv[1], sys.argv[2] == "model"
from bot.engine import Engine
from bot.evaluate import evaluate, load_cases
engine = Engine.load()
engine.models.get("en")
before, started = rss(), time.perf_counter()
if use_model:
    try:
{build}
    except ImportError as exc:
        print(json.dumps({{"missing": str(exc)}})); raise SystemExit
    from bot import analysis
    original_segment = analysis.Analyzer.segment
    def segment(self, normalized):
        if self.language != language:
            return original_segment(self, normalized)
        return [t for chunk in normalized.split() for t in (tokenise(chunk) if analysis.is_unspaced(chunk) else [chunk])]
    analysis.Analyzer.segment = segment
    analysis.Analyzer.stems = lambda self, words: [w if analysis.is_unspaced(w) else self.stem(w) for w in words
                                                  if w in analysis.PLACEHOLDER_TOKENS or self.stem(w) not in self.dropped_stems]
model = engine.models[language]
loaded = time.perf_counter()
after = rss()
cases = load_cases(Path("tests/eval/i18n") / f"{{language}}.yaml")
t0 = time.perf_counter()
report = evaluate(engine, cases, places=False)
per = (time.perf_counter() - t0) / len(cases)
print(json.dumps({{"accuracy": report.accuracy, "rejection": report.rejection, "load_s": loaded - started,
                  "rss_mib": after - before, "per_question_ms": 1000 * per}}))
"""


def measure(language: str, use_model: bool) -> dict:
    build = _TOKENISERS[language] if use_model else "pass"
    code = _RUN.format(build="\n".join("        " + line for line in build.strip().splitlines()))
    process = subprocess.run([sys.executable, "-c", code, language, "model" if use_model else "bot"],
                             capture_output=True, text=True, cwd=REPO_ROOT, timeout=900)
    if process.returncode != 0:
        return {"error": (process.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(process.stdout.strip().splitlines()[-1])


def run(quick: bool = False) -> Section:
    started = time.perf_counter()
    rows = []
    for language, name in LANGUAGES.items():
        for use_model, label in ((False, "dictionary words + character pairs (shipped)"), (True, name)):
            result = measure(language, use_model)
            if "missing" in result or "error" in result:
                rows.append([language, label, "not installed" if "missing" in result else result["error"][:40], "", "", "", ""])
                continue
            rows.append([language, label, f"{result['accuracy']:.1%}", f"{result['rejection']:.1%}",
                         f"{result['load_s']:.2f}", f"{result['rss_mib']:.0f}", f"{result['per_question_ms']:.2f}"])
    section = Section("Korean, Japanese and Chinese tokenising")
    section.lines += [
        "Each language's evaluation set answered with its model built on the shipped segmenter or on the "
        "language's morphological tokeniser (load time and memory: building that language's model, "
        "tokeniser included, in a fresh interpreter).",
        "",
        *table(["language", "segmenter", "in scope", "out of scope rejected", "model load s", "+RSS MiB",
                "ms/question"], rows),
        "",
        "- The content (synonyms, stop words, examples) was written for the shipped segmenter; a tokeniser "
        "that cuts words differently would want its lexicon adapted, so its figures are a lower bound on "
        "what it could reach — but its load time and memory are what they are.",
    ]
    section.seconds = time.perf_counter() - started
    return section


if __name__ == "__main__":
    print("\n".join(run("--quick" in sys.argv).lines))

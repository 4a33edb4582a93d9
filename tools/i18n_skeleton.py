"""Start or complete a language's knowledge file, knowledge/i18n/<code>.yaml, for translators to fill.

Country and region names come from the Unicode CLDR (through Babel, a development tool only: the bot never
imports it), so the 200 countries need review, not typing. Everything else is listed with its English
text as a comment and left empty. Entries already in the file are kept as they are: run it again after the
English content grows, then `hrc-bot check` says what is still missing.

    pip install babel && python tools/i18n_skeleton.py es [fr pt …]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
CLDR_LOCALE = {"zh-Hant": "zh_Hant_TW"}
# Countries whose gazetteer name is not CLDR's English name.
COUNTRY_CODES = {
    "Republic of the Congo": "CG", "Democratic Republic of the Congo": "CD", "Côte d'Ivoire": "CI",
    "São Tomé and Príncipe": "ST", "Myanmar": "MM", "Hong Kong": "HK", "Macau": "MO",
    "Saint Kitts and Nevis": "KN", "Saint Vincent and the Grenadines": "VC",
}
# The bot's regional groupings (knowledge/regions.yaml) that CLDR names, by UN M49 code.
REGION_CODES = {
    "Africa": "002", "Asia": "142", "Europe": "150", "Latin America": "419", "North America": "021",
    "Oceania": "009", "Americas": "019", "West Africa": "011", "East Africa": "014", "Central Africa": "017",
    "North Africa": "015", "Southern Africa": "018", "Caribbean": "029", "Central America": "013",
    "South America": "005", "Central Asia": "143", "East Asia": "030", "Southeast Asia": "035",
    "South Asia": "034", "Western Asia": "145", "Eastern Europe": "151", "Northern Europe": "154",
    "Southern Europe": "039", "Western Europe": "155", "Australia and New Zealand": "053", "Melanesia": "054",
    "Micronesia": "057", "Polynesia": "061", "European Union": "EU", "Sub-Saharan Africa": "202",
}


def _load(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _names(value: object) -> str:
    return "[" + ", ".join(_q(v) for v in value) + "]" if isinstance(value, list) else _q(str(value or ""))


def english_quotes() -> list[str]:
    """Every quote cited anywhere (intents, quiz, facts), in file order, once."""
    quotes: list[str] = []

    def add(citation: object) -> None:
        if isinstance(citation, dict) and citation.get("quote") and citation["quote"] not in quotes:
            quotes.append(str(citation["quote"]))

    for path in sorted((ROOT / "intents").glob("*.yaml")):
        for intent in _load(path) or []:
            if isinstance(intent, dict):
                for citation in intent.get("citations") or []:
                    add(citation)
    for path in sorted((ROOT / "quiz").glob("*.yaml")):
        for question in _load(path) or []:
            add(question.get("citation"))
    facts = _load(ROOT / "knowledge" / "facts.yaml") or {}
    for fact in facts.get("facts", []):
        add(fact.get("citation"))
    for key in ("duties", "services"):
        add((facts.get(key) or {}).get("citation"))
    return quotes


def build(code: str) -> str:
    target = ROOT / "knowledge" / "i18n" / f"{code}.yaml"
    old = _load(target) or {}
    locale = Locale.parse(CLDR_LOCALE.get(code, code.replace("-", "_")))
    english = Locale("en").territories
    by_english = {name.lower(): c for c, name in english.items()}
    places = _load(ROOT / "knowledge" / "places.yaml") or []
    gazetteer = _load(ROOT / "knowledge" / "gazetteer.yaml") or {}
    facts = _load(ROOT / "knowledge" / "facts.yaml") or {}
    regions = (_load(ROOT / "knowledge" / "regions.yaml") or {}).get("regions", [])

    out = [f"# {locale.english_name}: names and translations of the knowledge files (docs/CONTENT.md, Languages).",
           f"# Started by tools/i18n_skeleton.py; country and region names from the Unicode CLDR, to review.",
           f"language: {code}", ""]

    out += ["# The places the source names: the first name is shown in answers, the others are what people type.",
            "places:"]
    for place in places:
        current = (old.get("places") or {}).get(place["name"])
        out.append(f"  {_q(place['name'])}: {_names(current or [])}")

    listed_countries = {p["country"] for p in places}
    out += ["", "# Countries. For the countries of the source's 23 places (marked *), the first name is a faithful",
            "# translation of how the source writes it (\"Republic of Korea\", \"Taiwan Province of China\"), and the",
            "# usual names follow as aliases; for every other country, the usual name.", "countries:"]
    names = [c["name"] for c in gazetteer.get("countries", [])]
    names += sorted(listed_countries - set(names))
    for name in names:
        current = (old.get("countries") or {}).get(name)
        if not current:
            code_ = COUNTRY_CODES.get(name) or by_english.get(name.lower()) or next(
                (by_english[a.lower()] for c in gazetteer.get("countries", []) if c["name"] == name
                 for a in c.get("aliases", []) if a.lower() in by_english), None)
            current = [locale.territories[code_]] if code_ and code_ in locale.territories else []
        mark = "  # *" if name in listed_countries else ""
        out.append(f"  {_q(name)}: {_names(current)}{mark}")

    out += ["", "# Regional groupings (knowledge/regions.yaml).", "regions:"]
    region_names = [r["name"] for r in regions] or list(REGION_CODES)
    for name in region_names:
        current = (old.get("regions") or {}).get(name)
        if not current:
            code_ = REGION_CODES.get(name)
            current = [locale.territories[code_]] if code_ and code_ in locale.territories else []
        out.append(f"  {_q(name)}: {_names(current)}")

    out += ["", "# Places the source does not name, where this language writes them differently (others may be left out).",
            "unlisted:"]
    for place in gazetteer.get("places", []):
        current = (old.get("unlisted") or {}).get(place["name"])
        if current:
            out.append(f"  {_q(place['name'])}: {_names(current)}")
    out.append("  # \"Vienna\": [\"Viena\"]")

    out += ["", "# Notes shown apart from the material's words: places.yaml `note` and gazetteer `near.relation`.",
            "notes:"]
    for place in places:
        if place.get("note"):
            current = (old.get("notes") or {}).get(place["name"], "")
            out += [f"  # {place['note']}", f"  {_q(place['name'])}: {_q(current)}"]
    for place in gazetteer.get("places", []):
        near = place.get("near")
        if near:
            current = (old.get("notes") or {}).get(place["name"], "")
            out += [f"  # {near['relation']}", f"  {_q(place['name'])}: {_q(current)}"]

    out += ["", "# Actors of knowledge/facts.yaml: the name shown, then what people type.", "actors:"]
    for actor in facts.get("actors", []):
        current = (old.get("actors") or {}).get(actor["id"]) or []
        out += [f"  # {actor['name']}", f"  {actor['id']}: {_names(current)}"]

    out += ["", "# What knowledge/facts.yaml says the source does not give, sentence by sentence.", "facts:"]
    for fact in facts.get("facts", []):
        unsaid = fact.get("unsaid") or {}
        if not unsaid:
            continue
        out.append(f"  {fact['id']}:")
        for key, sentence in unsaid.items():
            current = ((old.get("facts") or {}).get(fact["id"]) or {}).get(key, "")
            out += [f"    # {sentence}", f"    {key}: {_q(current)}"]

    out += ["", "# A faithful translation of every quote the content cites (the quote itself stays verbatim in",
            "# English; this is shown beside it, marked as a translation). Nothing added, nothing dropped.",
            "quotes:"]
    known = {q.get("quote"): q.get("translation", "") for q in old.get("quotes") or [] if isinstance(q, dict)}
    for quote in english_quotes():
        out += [f"  - quote: {_q(quote)}", f"    translation: {_q(known.get(quote, ''))}"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
    return str(target.relative_to(ROOT))


if __name__ == "__main__":
    for language in sys.argv[1:] or ["es", "fr", "pt", "de", "id", "ko", "ja", "zh-Hant"]:
        print(build(language))

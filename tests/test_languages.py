"""Residents write in their own language and are answered in it: the engine tells the language from the
question (or, when the question is too short to tell, from the asker's phone), answers in it, and quotes
the source verbatim in English with a translation beside it. A ninth language is content only: files in
the content folder, no code.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from bot.checks import check_content
from bot.engine import Answer, Engine

CONTENT_FOLDERS = ("knowledge", "intents", "quiz")


def assert_quotes_verbatim_and_translated(engine: Engine, answer: Answer) -> None:
    assert answer.citations, answer.question
    for c in answer.citations:
        paragraph = engine.content.sources[c.source].paragraphs[c.paragraph - 1]
        assert c.quote and c.quote in paragraph, (answer.question, c.quote)
        if answer.language == "en":
            assert c.translation is None, (answer.question, c.translation)
        else:
            assert c.translation and c.translation.strip(), (answer.question, answer.language, c.quote)


# --- each language answered in itself ----------------------------------------------------------------

QUESTIONS = [
    ("es", "¿Qué es exactamente una ciudad de derechos humanos?", "what_is_hrc"),
    ("fr", "Qu'est-ce qu'une ville des droits humains, au juste ?", "what_is_hrc"),
    ("pt", "O que é uma cidade dos direitos humanos?", "what_is_hrc"),
    ("de", "Was genau ist eine Menschenrechtsstadt?", "what_is_hrc"),
    ("id", "Apa itu kota hak asasi manusia?", "what_is_hrc"),
    ("ko", "인권도시가 뭔가요?", "what_is_hrc"),
    ("ja", "人権都市って何ですか？", "what_is_hrc"),
    ("zh-Hant", "什麼是人權城市？", "what_is_hrc"),
    ("es", "¿Quién lanzó la idea de las ciudades de derechos humanos?", "origin"),
    ("fr", "Qui a lancé le concept, et quand ?", "origin"),
    ("pt", "Quem criou o conceito de cidade dos direitos humanos?", "origin"),
    ("de", "Wer hat das Konzept ins Leben gerufen?", "origin"),
    ("id", "Siapa yang pertama kali meluncurkan konsep ini?", "origin"),
    ("ko", "인권도시 개념은 누가 처음 만들었나요?", "origin"),
    ("ja", "人権都市の考えは誰が始めたのですか？", "origin"),
    ("zh-Hant", "人權城市的概念是誰提出的？", "origin"),
]


@pytest.mark.parametrize(("language", "question", "intent"), QUESTIONS)
def test_a_question_in_each_language_is_answered_in_that_language_quoting_the_source_with_a_translation(
        engine, language, question, intent):
    answer = engine.ask(question)

    assert engine.language_of(question) == language
    assert answer.language == language
    assert answer.matched and answer.intent.id == intent, (question, answer.outcome)
    assert answer.text == answer.text.strip() and answer.text != engine.intents[intent].answer
    assert_quotes_verbatim_and_translated(engine, answer)
    assert all(c.translation != c.quote for c in answer.citations), "a sentence of the source, translated"
    if intent == "origin":
        assert "1997" in answer.text


def test_the_same_question_in_english_quotes_the_same_sentences_untranslated(engine):
    english = engine.ask("What is a human rights city?")
    spanish = engine.ask(QUESTIONS[0][1])

    assert english.language == "en" and english.intent.id == spanish.intent.id
    assert [c.quote for c in english.citations] == [c.quote for c in spanish.citations]
    assert_quotes_verbatim_and_translated(engine, english)


@pytest.mark.parametrize(("question", "name"), [
    ("광주는 인권도시인가요?", "Gwangju"),
    ("광주가 인권도시 맞아요?", "Gwangju"),
    ("광주도 인권도시야?", "Gwangju"),
    ("그라츠는 목록에 있나요?", "Graz"),
    ("바르셀로나도 인권도시예요?", "Barcelona"),
])
def test_a_korean_place_name_with_a_particle_is_still_found(engine, question, name):
    answer = engine.ask(question)
    place = next(p for p in engine.content.places if p.name == name)

    assert answer.language == "ko"
    assert answer.intent.id == "place_listed" and answer.verdict == "yes"
    assert answer.city is not None and answer.city.name == name and answer.city.listed
    assert [c.quote for c in answer.citations] == [place.label]
    assert place.display("ko") in answer.citations[0].translation
    assert place.display("ko") in answer.text


@pytest.mark.parametrize(("question", "name"), [
    ("what about 가오슝", "Kaohsiung"),
    ("is 堺市 one of them?", "Sakai"),
    ("광주 is on the list, right?", "Gwangju"),
])
def test_an_english_question_naming_a_place_in_another_script_is_answered_in_english(engine, question, name):
    answer = engine.ask(question)

    # The name says nothing of the asker's language; the rest is English or too short to tell.
    assert engine.language_of(question) in ("en", None)
    assert answer.language == "en"
    assert answer.city is not None and answer.city.name == name and answer.city.listed
    assert_quotes_verbatim_and_translated(engine, answer)


@pytest.mark.parametrize("question", ["Is Barcelona in Yemen?", "Is Utrecht in Afghanistan?", "Is Graz in Nauru?"])
def test_a_short_english_question_about_a_place_and_a_country_is_answered_in_english(engine, question):
    # With the names taken out only "is in" is left: too little to tell, so the asker's language (here
    # none given: English) answers, not whatever two words happen to look like.
    assert engine.ask(question).language == "en"
    assert engine.ask(question, fallback="es").language == "es"


# --- too little text to tell ---------------------------------------------------------------------------

@pytest.mark.parametrize(("fallback", "expected"), [
    ("de", "de"), ("ko", "ko"), ("ja", "ja"), ("es-MX", "es"), ("zh-TW", "zh-Hant"), ("pt_BR", "pt"),
    (None, "en"), ("xx", "en"),
])
def test_a_question_too_short_to_tell_follows_the_askers_language(engine, fallback, expected):
    answer = engine.ask("Graz?", fallback=fallback)

    assert engine.language_of("Graz?") is None
    assert answer.language == expected
    assert answer.city is not None and answer.city.name == "Graz" and answer.verdict == "yes"
    assert_quotes_verbatim_and_translated(engine, answer)


@pytest.mark.parametrize(("question", "fallback", "expected"), [
    ("¿Qué es una ciudad de derechos humanos?", "ko", "es"),
    ("what is a human rights city", "fr", "en"),
    ("人権都市って何ですか？", "de", "ja"),
])
def test_a_questions_own_language_wins_over_the_askers_setting(engine, question, fallback, expected):
    assert engine.ask(question, fallback=fallback).language == expected


@pytest.mark.parametrize(("forced", "expected"), [("fr", "fr"), ("pt-BR", "pt"), ("zh-hant", "zh-Hant"), ("xx", "en")])
def test_a_language_asked_for_explicitly_is_used(engine, forced, expected):
    answer = engine.ask("what is a human rights city", language=forced)

    assert answer.language == expected
    assert answer.intent.id == "what_is_hrc"


@pytest.mark.parametrize(("question", "expected"), [
    *[(q, lang) for lang, q, _ in QUESTIONS],
    ("What is a Human Rights City?", "en"),
    ("Graz?", None),
    ("Bogotá?", None),
    ("光州?", None),
    ("ok", None),
    ("", None),
    # Kanji only, but the katakana middle dot between them is Japanese (normalising drops it).
    ("尊重・保護・充足", "ja"),
    ("尊重、保護、實現", "zh-Hant"),
])
def test_language_of_tells_the_language_from_the_text_alone_or_says_it_cannot(engine, question, expected):
    assert engine.language_of(question) == expected


def test_the_engine_speaks_english_and_the_eight_languages_of_the_content(engine):
    assert engine.languages == ["en", "de", "es", "fr", "id", "ja", "ko", "pt", "zh-Hant"]


# --- a new language is content only --------------------------------------------------------------------

ITALIAN_LEXICON = """\
# Italian: how questions are read. The keys are the English lexicon's (knowledge/lexicon/en.yaml).
language: it
name: Italiano
stemmer: italian
segmentation: words
stopwords: [il, lo, la, i, gli, le, un, una, uno, di, del, della, dei, delle, a, al, da, in, nel, su, per, con,
  e, o, ma, è, sono, ha, hanno, mi, ti, ci, si]
synonyms:
  citta dei diritti umani: [citta dei diritti dell uomo, citta per i diritti umani]
  lanciato: [lanciata, lanciare, inventato, creato, fondato, iniziato, cominciato]
generic_words: [citta, diritti, umani]
membership_words: [citta, diritti, umani]
filler_words: []
topic_words: [citta, diritti, umani]
topic_intent: what_is_hrc
claims:
  question_words: [che, cosa, che cosa, cos, chi, quando, dove, perche, come, quale, quali, quanti]
  negation: [non]
  negation_exceptions: []
  confirming_openers: []
  tags: [vero, giusto, "no"]
  only: [solo]
  all: [tutti, tutte]
  first: [primo, prima]
  annual: [ogni anno, annuale]
  other_frequencies: []
  locative: [in, a]
  named: [lista, elenco]
  other_services: []
  superlatives: {biggest: [], smallest: [], oldest: [], newest: [], best: [], most important: []}
  actions: {launch: [lanciato, lanciata, lanciare], develop: [], meet: [], adopt: [], produce: []}
  duty_signs: {respect: [], protect: [], fulfil: []}
  services: {education: [istruzione], housing: [alloggi], health: [salute], environment: [ambiente],
    law and order: [ordine pubblico]}
  numbers: {due: 2, tre: 3, quattro: 4}
  months: {}
"""

ITALIAN_BASICS = """\
# Italiano: two intents of intents/basics.yaml, enough to show a new language is content only.
- id: what_is_hrc
  title: Che cos'è una Città dei diritti umani?
  examples:
    - "cosa sono le città dei diritti umani"
    - "cosa vuol dire città dei diritti umani"
    - "definizione di città dei diritti umani"
    - "mi spieghi cos'è una città dei diritti umani?"
    - "che significa essere una città dei diritti umani"
  answer: >-
    Il materiale non definisce il termine in una sola frase. Dice che il concetto di Città dei diritti umani
    è stato lanciato nel 1997 dal People’s Movement for Human Rights Education, a partire dall'idea che tutti
    gli abitanti di una città debbano imparare e comprendere il quadro dei diritti umani per lo sviluppo
    sostenibile della loro comunità locale, e che il World Human Rights City Forum lo ha poi sviluppato in un
    concetto normativo. Diverse città nel mondo si sono dichiarate ufficialmente «città dei diritti umani».

- id: origin
  title: Chi ha lanciato l'idea, e quando?
  examples:
    - "chi ha lanciato il concetto"
    - "quando è nato il concetto di città dei diritti umani"
    - "chi ha inventato le città dei diritti umani"
    - "in che anno è stato lanciato il concetto"
    - "da dove viene l'idea delle città dei diritti umani"
  answer: >-
    Il concetto di Città dei diritti umani è stato lanciato nel 1997 dal People’s Movement for Human Rights
    Education.
"""

# The quotes the two intents cite, each with its Italian translation (knowledge/i18n/it.yaml `quotes`).
ITALIAN_QUOTES = {
    "The concept of a Human Rights City was launched in 1997 by the People's Movement for Human Rights Education "
    "deriving from the idea that all inhabitants of a city should learn and understand the human rights framework "
    "for sustainable development of their local community":
        "Il concetto di Città dei diritti umani è stato lanciato nel 1997 dal People’s Movement for Human Rights "
        "Education, a partire dall'idea che tutti gli abitanti di una città debbano imparare e comprendere il "
        "quadro dei diritti umani per lo sviluppo sostenibile della loro comunità locale",
    "The idea was then further developed to become a normative concept by the World Human Rights City Forum":
        "L'idea è stata poi sviluppata fino a diventare un concetto normativo dal World Human Rights City Forum",
    "a number of cities throughout the world have officially declared themselves “human rights cities”":
        "diverse città nel mondo si sono dichiarate ufficialmente «città dei diritti umani»",
    "The concept of a Human Rights City was launched in 1997 by the People's Movement for Human Rights Education":
        "Il concetto di Città dei diritti umani è stato lanciato nel 1997 dal People’s Movement for Human Rights "
        "Education",
}


def italian_names() -> str:
    """knowledge/i18n/<code>.yaml with only the quote translations (names of places etc. left for later)."""
    lines = ["language: it", "quotes:"]
    for quote, translation in ITALIAN_QUOTES.items():
        lines += [f"  - quote: {json.dumps(quote, ensure_ascii=False)}",
                  f"    translation: {json.dumps(translation, ensure_ascii=False)}"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def italian(engine, tmp_path_factory) -> tuple[Path, Engine]:
    """The shipped content plus Italian files, loaded once: (content folder, engine)."""
    root = tmp_path_factory.mktemp("with-italian")
    for folder in CONTENT_FOLDERS:
        shutil.copytree(engine.content.root / folder, root / folder)
    (root / "knowledge" / "lexicon" / "it.yaml").write_text(ITALIAN_LEXICON, encoding="utf-8")
    (root / "intents" / "it").mkdir()
    (root / "intents" / "it" / "basics.yaml").write_text(ITALIAN_BASICS, encoding="utf-8")
    (root / "knowledge" / "i18n" / "it.yaml").write_text(italian_names(), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HRC_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        return root, Engine.load(root)


@pytest.mark.parametrize(("question", "intent"), [
    ("che cos'è una città dei diritti umani?", "what_is_hrc"),
    ("chi ha lanciato il concetto e quando?", "origin"),
])
def test_a_new_language_is_content_only_an_italian_question_gets_an_italian_answer(italian, question, intent):
    _, engine = italian

    answer = engine.ask(question)

    assert "it" in engine.languages
    assert engine.language_of(question) == "it"
    assert answer.language == "it"
    assert answer.matched and answer.intent.id == intent, (answer.outcome, answer.intent)
    assert answer.text == " ".join(engine.intents[intent].text("it").answer.split())
    assert_quotes_verbatim_and_translated(engine, answer)
    for citation in answer.citations:  # the translations given in knowledge/i18n/it.yaml
        assert citation.translation in ITALIAN_QUOTES.values(), citation


def test_a_new_language_checks_premises_with_its_own_words(italian):
    _, engine = italian

    answer = engine.ask("il concetto è stato lanciato nel 2001, vero?")

    assert answer.language == "it" and answer.intent.id == "origin"
    assert answer.verdict == "no"
    assert "1997" in answer.text


def test_adding_a_language_leaves_the_others_as_they_were(italian, engine):
    _, with_italian = italian

    for language, question, intent in QUESTIONS:
        before, after = engine.ask(question), with_italian.ask(question)
        assert (after.language, after.intent.id) == (before.language, before.intent.id) == (language, intent)
        assert after.text == before.text


@pytest.mark.xfail(strict=True, reason=(
    "observed: outcome 'fallback' — an intent with no Italian text yet is not in the Italian model at all, so "
    "'Graz?' from an Italian phone is not answered (bot/translations.py says the bot answers in English there)"))
def test_a_new_language_without_an_intents_text_still_gets_that_answer(italian):
    _, engine = italian

    answer = engine.ask("Graz?", fallback="it")

    assert answer.matched and answer.intent.id == "place_listed"
    assert answer.city is not None and answer.city.name == "Graz"


def test_check_lists_what_the_partial_language_lacks_with_file_and_line(italian):
    root, engine = italian

    content, problems = check_content(root)

    assert content is not None, "a partial language loads; only `hrc-bot check` complains"
    assert problems, "two intents of forty are not a finished language"
    where = re.compile(r"^[\w./-]+\.yaml:\d+$")
    assert all(where.match(p.where) for p in problems), [p for p in problems if not where.match(p.where)]
    italian_files = ("intents/it/", "quiz/it/", "knowledge/i18n/it.yaml", "bot/locales/it.yaml")
    assert all(p.where.startswith(italian_files) for p in problems), "the shipped languages have nothing missing"
    said = {str(p) for p in problems}

    # Intents not translated yet, each pointed at the file it belongs in.
    assert "intents/it/duties.yaml:1: intent 'three_duties' has no it text" in said
    assert "intents/it/places.yaml:1: intent 'place_listed' has no it text" in said
    # Too few examples, at the line of the intent in the Italian file.
    line = ITALIAN_BASICS.splitlines().index("- id: what_is_hrc") + 1
    examples = len(engine.intents["what_is_hrc"].texts["it"].examples)
    assert f"intents/it/basics.yaml:{line}: intent 'what_is_hrc' has {examples} it examples, 25 at least" in said
    # Topics, quiz, names, interface strings.
    assert "intents/it/topics.yaml:1: topic 'basics' has no it title" in said
    assert any(p.where == "quiz/it/questions.yaml:1" and "has no it text" in p.message for p in problems)
    assert any(p.where == "knowledge/i18n/it.yaml:1" and p.message.startswith("places: 'Graz'") for p in problems)
    assert any(p.where == "bot/locales/it.yaml:1" and "missing file" in p.message for p in problems)
    # A cited quote without a translation is listed; the ones given are not.
    protect = engine.intents["duty_protect"].citations[0].quote
    assert f"knowledge/i18n/it.yaml:1: quotes: no it translation of {protect[:60]!r}" in said
    for quote, translation in ITALIAN_QUOTES.items():
        assert content.translate_quote(quote, "it") == translation


@pytest.mark.parametrize("question, phone, expected", [
    # The material's titles are English whatever the asker speaks: the words around them tell the language,
    # and a title alone tells nothing (the phone's language decides).
    ("World Human Rights City Forum", "fr", "fr"),
    ("Final Report on Role of Local Government in the Promotion and Protection of Human Rights itu dibuat siapa?", "id", "id"),
    ("What is the World Human Rights City Forum?", "de", "en"),
    # An English term inside a Chinese question does not make it English; English words around a Chinese
    # term do.
    ("human rights city 即係乜嘢意思", "en", "zh-Hant"),
    ("duty to protect 係咩", "zh-Hant", "zh-Hant"),
    ("what does 人權城市 mean", "en", "en"),
])
def test_a_title_or_term_in_another_language_does_not_choose_the_reply_language(engine, question, phone, expected):
    assert engine.ask(question, fallback=phone).language == expected


def test_a_long_english_message_opening_with_a_korean_greeting_is_answered_in_english(engine):
    message = ("안녕하세요! English is my second language, sorry. I am a university student in Kwangju. "
               "Is our city in the list of human rights cities?")

    assert engine.ask(message, fallback="en").language == "en"
    # …while a Korean question with a few English words in it stays Korean.
    assert engine.ask("광주 human rights city 맞아?", fallback="en").language == "ko"


@pytest.mark.parametrize(("language", "question"), [
    ("de", "Hallo, ist meine Stadt eine Menschenrechtsstadt?"),
    ("en", "Hello, is my city a human rights city?"),
    ("es", "Hola, ¿mi ciudad es una ciudad de derechos humanos?"),
])
def test_a_greeting_before_a_question_on_the_topic_gives_way_to_the_question(engine, language, question):
    # The question alone is on the topic and answered as surely with the greeting before it: the asker
    # gets the place answer (which asks for the place's name), not a hello.
    answer = engine.ask(question, language=language)

    assert answer.language == language
    assert answer.intent.id == "place_listed"

"""Never a Yes to a false premise: what a question takes for granted is checked against the source.

A resident who asks "the concept was launched in 2001, right?" is told "No", first, with the year the
source gives; a true premise is confirmed "Yes"; what the material is silent about is "not said" — never a
"No" the source does not give (its list of places says "among others"). What the bot adds from outside the
material (its regional groupings, which Graz it is) is a note, apart from the answer. All of it holds in
every language the bot speaks, with the source quoted verbatim in English and translated.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import strings
from bot.engine import Answer, Engine
from bot.text import fold

LANGUAGES = ["en", "es", "fr", "pt", "de", "id", "ko", "ja", "zh-Hant"]
DUTIES_PARAGRAPH = 4
PLACES_PARAGRAPH = 6


# --- what every answer to a premise must satisfy ---------------------------------------------------


def assert_citations_verbatim(engine: Engine, answer: Answer) -> None:
    assert answer.citations, (answer.question, "a checked premise cites the source")
    for c in answer.citations:
        paragraph = engine.content.sources[c.source].paragraphs[c.paragraph - 1]
        assert c.quote and c.quote in paragraph, (answer.question, c.paragraph, c.quote)


def assert_cited(engine: Engine, answer: Answer) -> None:
    """Quoted verbatim from the paragraph named; in another language, each quote carries a translation."""
    assert_citations_verbatim(engine, answer)
    if answer.language != "en":
        untranslated = [c.quote for c in answer.citations if not c.translation]
        assert untranslated == [], (answer.question, answer.language)


def lead(verdict: str, language: str) -> str:
    """How an answer in `language` opens with its verdict ("No —", "No:", "いいえ —"), from the locale."""
    return strings.text(f"verdict_{verdict}", language, text="").strip()


def assert_leads_with(answer: Answer, verdict: str) -> None:
    assert answer.verdict == verdict, (answer.question, answer.verdict, answer.outcome, answer.text[:120])
    assert answer.text.startswith(lead(verdict, answer.language)), (answer.question, answer.text[:80])


def assert_leads_with_no_verdict_word(answer: Answer) -> None:
    """"Not said" is said in words, not as a Yes or a No."""
    for verdict in ("yes", "no"):
        assert not answer.text.startswith(lead(verdict, answer.language)), (answer.question, answer.text[:80])


def _flat(text: str) -> str:
    return fold(text).replace("'", "").replace("’", "")


def says(text: str, phrase: str) -> bool:
    """The phrase is in the text, case, accents and apostrophes aside."""
    return _flat(phrase) in _flat(text)


def says_any(text: str, phrases) -> bool:
    return any(says(text, p) for p in phrases)


def country_names(engine: Engine, country: str, language: str) -> list[str]:
    """How the content writes a country in a language (its shown name first), and in English."""
    known = engine.finder.countries[country]
    return [*known.names.get(language, ()), country]


def actor_names(engine: Engine, actor: str, language: str) -> list[str]:
    known = engine.content.facts.actors[actor]
    return [*known.names.get(language, ()), known.name.removeprefix("the ")]


def number_words(engine: Engine, value: int, language: str) -> list[str]:
    """The language's own words for a count ("three", "drei", "세 가지"), and the digit."""
    words = [w for w, v in engine.content.lexicons[language].claims.numbers.items() if v == value]
    return [*words, str(value)]


def duty_quote(engine: Engine, duty: str) -> str:
    (citation,) = engine.intents[f"duty_{duty}"].citations
    return citation.quote


def matches_template(text: str, key: str, language: str) -> bool:
    """The text is the locale string `key` with its placeholders filled by anything."""
    template = strings.text(key, language)
    pattern = ".+".join(re.escape(part) for part in re.split(r"\{\w+\}", template))
    return re.fullmatch(pattern, text) is not None


# --- a false year, a false actor, a place in the wrong country: "No", and the source's fact ----------

FALSE_YEARS = [
    ("en", "The concept was launched in 2001, right?", "2001"),
    ("es", "¿El concepto se lanzó en 2001, verdad?", "2001"),
    ("fr", "Le concept a été lancé en 2003, c'est bien ça ?", "2003"),
    ("pt", "O conceito foi lançado em 2005, certo?", "2005"),
    ("de", "Das Konzept wurde 2001 ins Leben gerufen, oder?", "2001"),
    ("id", "Konsep ini diluncurkan tahun 2001, kan?", "2001"),
    ("ko", "인권도시 개념은 2001년에 시작됐죠?", "2001"),
    ("ja", "人権都市の考え方は2001年に始まったんですよね？", "2001"),
    ("zh-Hant", "人權城市的概念是2001年提出的，對吧？", "2001"),
]


@pytest.mark.parametrize(("language", "question", "claimed"), FALSE_YEARS)
def test_a_false_year_for_the_launch_is_answered_no_with_1997(engine, language, question, claimed):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.intent is not None and answer.intent.id == "origin", (question, answer.outcome)
    assert_leads_with(answer, "no")
    assert "1997" in answer.text
    assert any("1997" in c.quote for c in answer.citations)
    assert_cited(engine, answer)


FALSE_ACTORS = [
    ("en", "UNESCO came up with human rights cities, didn't it?"),
    ("es", "¿Fue la UNESCO la que lanzó el concepto de ciudad de derechos humanos?"),
    ("fr", "C'est l'UNESCO qui a lancé le concept de ville des droits humains, non ?"),
    ("pt", "Foi a UNESCO que lançou o conceito de cidade dos direitos humanos, né?"),
    ("de", "Die UNESCO hat das Konzept der Menschenrechtsstadt erfunden, oder?"),
    ("id", "UNESCO yang meluncurkan konsep kota hak asasi manusia, kan?"),
    ("ko", "인권도시 개념은 유네스코가 처음 만들었죠?"),
    ("ja", "人権都市の概念はユネスコが提唱したんですよね？"),
    ("zh-Hant", "人權城市的概念是聯合國教科文組織提出的嗎？"),
]


@pytest.mark.parametrize(("language", "question"), FALSE_ACTORS)
def test_crediting_the_concept_to_someone_else_is_answered_no_with_the_peoples_movement(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.intent is not None and answer.intent.id == "origin", (question, answer.outcome)
    assert_leads_with(answer, "no")
    assert says_any(answer.text, actor_names(engine, "pdhre", language)), answer.text
    assert any("People’s Movement for Human Rights Education" in c.quote for c in answer.citations)
    assert_cited(engine, answer)


WRONG_COUNTRIES = [
    ("en", "Graz in Australia is on the list?", "Graz"),
    ("es", "¿Graz, en Australia, está en la lista?", "Graz"),
    ("fr", "Saint-Denis, c'est en Belgique, non ?", "Saint-Denis"),
    ("pt", "Porto Alegre fica em Portugal, né?", "Porto Alegre"),
    ("de", "Graz in Australien ist auf der Liste, oder?", "Graz"),
    ("id", "Bandung ada di Malaysia, kan?", "Bandung"),
    ("ko", "그라츠는 호주에 있는 도시 맞죠?", "Graz"),
    ("ja", "堺市は中国にあるんですよね？", "Sakai"),
    ("zh-Hant", "格拉茨在澳洲，對嗎？", "Graz"),
]


@pytest.mark.parametrize(("language", "question", "name"), WRONG_COUNTRIES)
def test_a_place_put_in_the_wrong_country_is_answered_no_with_its_own_country(engine, language, question, name):
    answer = engine.ask(question)
    place = next(p for p in engine.content.places if p.name == name)

    assert answer.language == language
    assert answer.intent is not None and answer.intent.id == "place_listed", (question, answer.outcome)
    assert answer.city is not None and answer.city.name == name and answer.city.listed
    assert_leads_with(answer, "no")
    assert says_any(answer.text, country_names(engine, place.country, language)), answer.text
    assert [(c.paragraph, c.quote) for c in answer.citations] == [(PLACES_PARAGRAPH, place.label)]
    assert_cited(engine, answer)


def test_which_graz_it_is_comes_as_a_note_apart_from_what_the_material_says(engine):
    answer = engine.ask("Graz in Australia is on the list?")

    assert answer.notes, "the bot's own word on which Graz it is"
    for note in answer.notes:
        assert note not in answer.text
        assert note not in " ".join(engine.content.sources["hrc-intro"].paragraphs)
    label = strings.text("note_label", "en")
    assert all(f"{label}: {note}" in answer.as_dict()["answer"] for note in answer.notes)


# --- true premises are confirmed, in every language -----------------------------------------------

TRUE_YEARS = [
    ("en", "The concept was launched in 1997, right?"),
    ("es", "¿Es verdad que el concepto se lanzó en 1997?"),
    ("fr", "Le concept a été lancé en 1997, c'est ça ?"),
    ("pt", "O conceito foi lançado em 1997, não é?"),
    ("de", "Das Konzept wurde 1997 ins Leben gerufen, stimmt's?"),
    ("id", "Konsep ini diluncurkan pada tahun 1997, benar kan?"),
    ("ko", "인권도시 개념은 1997년에 시작된 거 맞죠?"),
    ("ja", "人権都市という概念は1997年に始まったんですよね？"),
    ("zh-Hant", "人權城市的概念是1997年提出的，對嗎？"),
]

TRUE_PLACES = [
    ("en", "Graz is in Austria, right?", "Graz"),
    ("es", "Bogotá está en Colombia, ¿verdad?", "Bogota"),
    ("fr", "Saint-Denis, c'est bien en France ?", "Saint-Denis"),
    ("pt", "Porto Alegre fica no Brasil, né?", "Porto Alegre"),
    ("de", "Utrecht liegt in den Niederlanden, oder?", "Utrecht"),
    ("id", "Bandung itu di Indonesia, kan?", "Bandung"),
    ("ko", "광주는 한국에 있는 도시죠?", "Gwangju"),
    ("ja", "堺市は日本の都市ですよね？", "Sakai"),
    ("zh-Hant", "蒙特婁在加拿大，對吧？", "Montreal"),
]


@pytest.mark.parametrize(("language", "question"), TRUE_YEARS)
def test_the_true_year_is_confirmed_yes(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.intent is not None and answer.intent.id == "origin"
    assert_leads_with(answer, "yes")
    assert "1997" in answer.text
    assert_cited(engine, answer)


@pytest.mark.parametrize(("language", "question", "name"), TRUE_PLACES)
def test_a_listed_place_in_its_own_country_is_confirmed_yes(engine, language, question, name):
    answer = engine.ask(question)
    place = next(p for p in engine.content.places if p.name == name)

    assert answer.language == language
    assert answer.city is not None and answer.city.name == name and answer.city.listed
    assert_leads_with(answer, "yes")
    assert [c.quote for c in answer.citations] == [place.label]
    assert_cited(engine, answer)


# --- the list, the count of duties, one duty for another ---------------------------------------------

COMPLETE_LIST = [
    ("en", "The list in the text is complete, isn't it?"),
    ("en", "That's the full list of human rights cities, right?"),
    ("es", "¿La lista de ciudades de derechos humanos está completa?"),
    ("fr", "La liste des villes est complète, non ?"),
    ("pt", "A lista de cidades está completa, né?"),
    ("de", "Die Liste der Städte ist vollständig, oder?"),
    ("id", "Daftar kota HAM itu sudah lengkap, kan?"),
    ("ja", "人権都市のリストはこれで全部ですよね？"),
    ("zh-Hant", "人權城市的名單是完整的吧？"),
    pytest.param("ko", "인권도시 목록은 완전한 거죠?", marks=pytest.mark.xfail(strict=True, reason=(
        "observed: places_count, verdict None — the answer explains “등” but does not lead with 아니요"))),
    ("en", "The list names every human rights city there is, right?"),
    pytest.param("en", "So those 23 are all the human rights cities in the world?", marks=pytest.mark.xfail(
        strict=True, reason="observed: places_list, verdict not_said ('doesn't give a total number'), not 'no'")),
]


@pytest.mark.parametrize(("language", "question"), COMPLETE_LIST)
def test_saying_the_list_is_complete_is_answered_no_because_it_says_among_others(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert_leads_with(answer, "no")
    assert any("among others" in c.quote for c in answer.citations), [c.quote for c in answer.citations]
    if language == "en":
        assert "not complete" in answer.text
    assert_cited(engine, answer)


DUTY_COUNTS = [
    ("en", "Local government has four duties, right?"),
    ("de", "Kommunen haben vier Menschenrechtspflichten, oder?"),
    ("id", "Pemerintah daerah punya empat kewajiban, kan?"),
    ("ko", "지방정부의 의무는 네 가지죠?"),
    ("zh-Hant", "地方政府有四項義務，對吧？"),
]


@pytest.mark.parametrize(("language", "question"), DUTY_COUNTS)
def test_four_duties_is_answered_no_there_are_three(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.intent is not None and answer.intent.id == "three_duties"
    assert_leads_with(answer, "no")
    assert says_any(answer.text, number_words(engine, 3, language)), answer.text
    assert all(c.paragraph == DUTIES_PARAGRAPH for c in answer.citations)
    assert_cited(engine, answer)


SWAPPED_DUTIES = [
    ("en", "The duty to respect is about stopping third parties from violating people's rights, right?", "respect", "protect"),
    ("en", "The duty to protect means taking positive action to make rights possible, correct?", "protect", "fulfil"),
    ("en", "The duty to fulfil means officials just don't violate rights themselves, right?", "fulfil", "respect"),
    ("es", "El deber de proteger significa que el gobierno toma medidas positivas para facilitar los derechos, ¿verdad?",
     "protect", "fulfil"),
    ("fr", "Le devoir de respecter, c'est empêcher des tiers de violer les droits, non ?", "respect", "protect"),
    ("pt", "O dever de respeitar é impedir que terceiros violem os direitos, né?", "respect", "protect"),
    ("de", "Die Pflicht zu achten bedeutet, dass die Stadt Dritte davon abhält, Rechte zu verletzen, oder?",
     "respect", "protect"),
    # The asked duty's own words beside another duty's meaning ("local officials", "no violen") do not
    # make the other meaning true.
    ("en", "The duty to respect means local officials must make sure third parties do not violate rights, right?",
     "respect", "protect"),
    ("es", "el deber de respetar es sobre que terceros no violen los derechos, ¿no?", "respect", "protect"),
]


@pytest.mark.parametrize(("language", "question", "asked", "described"), SWAPPED_DUTIES)
def test_a_duty_given_another_dutys_meaning_is_answered_no_with_both_meanings(engine, language, question, asked,
                                                                            described):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.intent is not None and answer.intent.id == f"duty_{asked}", (question, answer.outcome)
    assert_leads_with(answer, "no")
    quotes = [c.quote for c in answer.citations]
    assert duty_quote(engine, asked) in quotes and duty_quote(engine, described) in quotes
    assert_cited(engine, answer)


# --- negations and tags: what the question asserts, not the words it uses ----------------------------

NEGATED = [
    ("en", "Copenhagen isn't one, right?"),
    ("en", "Copenhagen is not a human rights city, is it?"),
    ("es", "Copenhague no es una ciudad de derechos humanos, ¿verdad?"),
    ("fr", "Copenhague n'en fait pas partie, si ?"),
    ("ko", "코펜하겐은 인권도시가 아니죠?"),
]


@pytest.mark.parametrize(("language", "question"), NEGATED)
def test_saying_a_listed_place_is_not_one_is_answered_no_it_is_one(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.city is not None and answer.city.name == "Copenhagen" and answer.city.listed
    assert_leads_with(answer, "no")
    assert [c.quote for c in answer.citations] == ["Copenhagen (Denmark)"]
    assert_cited(engine, answer)


TAG_IN_THE_MIDDLE = [
    ("es", "hay cuatro deberes verdad? respetar, proteger, cumplir y promover"),
    ("es", "son cuatro obligaciones no? respetar, proteger, garantizar y difundir"),
    ("en", "there are four duties right? respect, protect, fulfil and promote"),
    ("de", "Es gibt vier Pflichten, oder? Achten, schützen, gewährleisten und fördern."),
]


@pytest.mark.parametrize(("language", "question"), TAG_IN_THE_MIDDLE)
def test_a_tag_in_the_middle_of_a_wrong_count_does_not_make_it_a_yes(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.verdict != "yes"
    assert_leads_with(answer, "no")
    assert says_any(answer.text, number_words(engine, 3, language)), answer.text
    assert_cited(engine, answer)


NOT_THREE_BUT_FOUR = [
    ("en", "the duties are not 3 but 4, right?"),
    ("en", "it's not three duties but four, isn't it?"),
    ("es", "los deberes no son 3 sino 4, ¿verdad?"),
]


@pytest.mark.parametrize(("language", "question"), NOT_THREE_BUT_FOUR)
def test_not_three_but_four_is_never_confirmed(engine, language, question):
    # The "not" belongs to the true value, the claim is the false one: never a "yes".
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.verdict != "yes", answer.text


DENIED_DETAIL_OF_AN_EVENT = [
    # The "not" is said of the place or the year, which are wrong; who did it is only the subject.
    ("en", "The Forum does not meet in Busan, does it?", "Gwangju"),
    ("en", "PDHRE didn't launch the concept in 2003, right?", "1997"),
    ("es", "El Foro no se reúne en Busan, ¿verdad?", "Gwangju"),
    ("fr", "Le Forum ne se réunit pas à Busan, n'est-ce pas ?", "Gwangju"),
]


@pytest.mark.parametrize(("language", "question", "right"), DENIED_DETAIL_OF_AN_EVENT)
def test_denying_a_wrong_detail_of_an_event_is_confirmed_yes_with_the_right_one(engine, language, question, right):
    answer = engine.ask(question)

    assert answer.language == language
    assert_leads_with(answer, "yes")
    assert right in answer.text
    assert_cited(engine, answer)


@pytest.mark.parametrize(("language", "question"), NOT_THREE_BUT_FOUR)
def test_not_three_but_four_is_corrected_to_three(engine, language, question):
    answer = engine.ask(question)

    assert_leads_with(answer, "no")
    assert says_any(answer.text, number_words(engine, 3, language)), answer.text
    assert any(c.paragraph == DUTIES_PARAGRAPH for c in answer.citations)
    assert_cited(engine, answer)


# --- denying what the source states ------------------------------------------------------------------

CLOSE = "Local authorities are close to citizens’ everyday needs"
CONNECTION = "a clear and strong connection between human rights and local government"


DENIALS = [
    ("en", "local authorities are far removed from citizens' everyday needs, right?", CLOSE),
    ("en", "There is no real connection between human rights and local government, right?", CONNECTION),
    ("fr", "Les autorités locales sont loin des besoins quotidiens des citoyens, non ?", CLOSE),
    ("de", "Die Kommunen sind doch weit weg von den Bedürfnissen der Bürger, oder?", CLOSE),
    ("es", "Las autoridades locales están lejos de las necesidades diarias de la gente, ¿no?", CLOSE),
    ("pt", "As autoridades locais estão longe das necessidades do dia a dia dos cidadãos, né?", CLOSE),
    ("id", "Pemerintah daerah itu jauh dari kebutuhan sehari-hari warga, kan?", CLOSE),
    ("ko", "지방정부는 시민들의 일상적인 필요와는 거리가 멀죠?", CLOSE),
    ("ja", "地方自治体は市民の日々のニーズから遠い存在ですよね？", CLOSE),
    ("zh-Hant", "地方政府離市民的日常需求很遠，對吧？", CLOSE),
]


@pytest.mark.parametrize(("language", "question", "stated"), DENIALS)
def test_denying_what_the_source_states_is_answered_no_in_its_own_words(engine, language, question, stated):
    # (each language's lexicon lists its own denials: claims.denials)
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.intent is not None and answer.intent.id == "local_government", (question, answer.outcome)
    assert_leads_with(answer, "no")
    assert any(stated in c.quote for c in answer.citations), [c.quote for c in answer.citations]
    if language == "en":
        assert "close to citizens" in answer.text
    assert_citations_verbatim(engine, answer)


@pytest.mark.parametrize(("language", "question"), [(language, question) for language, question, _ in DENIALS[2:]])
def test_a_corrected_denial_in_another_language_translates_every_quote(engine, language, question):
    assert_cited(engine, engine.ask(question))


# --- putting forward what the source states ----------------------------------------------------------

DECLARED = "officially declared themselves “human rights cities”"

AFFIRMATIONS = [
    ("en", "So basically a human rights city is one that has officially declared itself one?"),
    ("es", "¿Una ciudad de derechos humanos es simplemente una ciudad que se declaró así oficialmente?"),
    ("fr", "Une ville des droits humains, c'est une ville qui s'est officiellement déclarée comme telle, non ?"),
    ("pt", "Cidade dos direitos humanos é uma cidade que se declarou oficialmente assim, né?"),
    ("de", "Eine Menschenrechtsstadt ist also eine Stadt, die sich offiziell dazu erklärt hat?"),
    ("id", "Kota HAM itu kota yang secara resmi menyatakan diri sebagai kota HAM, kan?"),
    ("ko", "인권도시는 공식적으로 인권도시라고 선언한 도시 맞죠?"),
    ("ja", "人権都市って、公式に人権都市だと宣言した都市のことですよね？"),
    ("zh-Hant", "人權城市就是正式宣告自己為人權城市的城市，對吧？"),
]


@pytest.mark.parametrize(("language", "question"), AFFIRMATIONS)
def test_a_definition_in_the_sources_own_terms_is_confirmed_with_its_quote(engine, language, question):
    # (each language's lexicon lists how it says it: claims.affirmations; the statement is in facts.yaml)
    answer = engine.ask(question)

    assert answer.language == language
    assert_leads_with(answer, "yes")
    assert any(DECLARED in c.quote for c in answer.citations), [c.quote for c in answer.citations]
    assert_cited(engine, answer)


@pytest.mark.parametrize("question", [
    "No city has ever declared itself a human rights city, right?",
    "Human rights cities never officially declared themselves, did they?",
])
def test_denying_that_cities_declared_themselves_is_answered_no(engine, question):
    answer = engine.ask(question)

    assert_leads_with(answer, "no")
    assert any(DECLARED in c.quote for c in answer.citations)


@pytest.mark.parametrize(("language", "question"), [
    ("en", "Did Bandung declare itself a human rights city in 2030?"),
    ("en", "Graz has been a human rights city since 2001, right?"),
    ("es", "¿Bogotá se declaró ciudad de derechos humanos en 2019?"),
    ("de", "Ist Graz seit März 2001 eine Menschenrechtsstadt?"),
])
def test_a_date_put_to_a_listed_place_is_not_said_never_yes(engine, language, question):
    # The list has no dates: the place being on it confirms nothing about when.
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.city is not None
    assert answer.verdict == "not_said", (answer.verdict, answer.text[:120])
    assert_leads_with_no_verdict_word(answer)
    assert strings.text("finding_place_date_unsaid", language) in answer.text


# --- more said of a place than being on the list ----------------------------------------------------

SAYS_MORE = [
    ("en", "Human rights cities in Asia ban the death penalty, right?"),
    ("en", "Graz gets money from the EU for being a human rights city, right?"),
    ("en", "Is Graz a safe city for tourists?"),
    ("en", "Does Graz provide good housing?"),
    ("fr", "Les villes des droits humains en Afrique sont plus pauvres, non ?"),
    ("ko", "광주는 공짜 대중교통이 있는 인권도시죠?"),
    ("ja", "堺市は治安がいい人権都市ですよね？"),
]


@pytest.mark.parametrize(("language", "question"), SAYS_MORE)
def test_what_is_said_of_a_place_beyond_the_list_is_not_said_never_yes(engine, language, question):
    # The list confirms that a place is named, and nothing else said of it.
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.verdict == "not_said", (answer.verdict, answer.intent and answer.intent.id, answer.text[:120])
    assert answer.text.startswith(strings.text("finding_unsaid", language))


@pytest.mark.parametrize(("language", "question"), [
    ("es", "¿Las ciudades de derechos humanos en Europa reciben más dinero, verdad?"),
    ("de", "Graz bekommt Geld von der EU, weil es eine Menschenrechtsstadt ist, oder?"),
    ("pt", "Bogotá tem transporte público de graça, né?"),
])
def test_what_is_said_of_a_place_beyond_the_list_is_never_confirmed(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.verdict != "yes"
    assert_leads_with_no_verdict_word(answer)


@pytest.mark.parametrize(("language", "question"), [
    ("en", "my cousin lives in gwangju, is it really a human rights city"),
    ("en", "Isn't Graz a human rights city?"),
    ("en", "Is Graz officially recognised as a human rights city?"),
    ("en", "hr cities in asia? there are some, right?"),
    ("fr", "Barcelone est une ville des droits de l'homme ?"),
    ("ko", "몬트리올 인권도시 선언한 도시인가요"),
])
def test_the_askers_story_and_the_ways_of_asking_are_not_more_said_of_the_place(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert_leads_with(answer, "yes")


# --- who did it, where, and "none" -------------------------------------------------------------------

@pytest.mark.parametrize(("question", "fact"), [
    ("the peoples movement for human rights education wrote the 2015 UN report right", "Advisory Committee"),
    ("The UN Security Council produced the report on local government in August 2015, correct?",
     "Advisory Committee"),
    ("The forum's yearly meeting is in Gwangju, China.", "Republic of Korea"),
    ("There are no human rights cities listed in Oceania, correct?", "Victoria"),
])
def test_another_doer_another_country_or_none_is_corrected(engine, question, fact):
    # "the UN report" names the report; the one said to have written it is the other actor.
    answer = engine.ask(question)

    assert_leads_with(answer, "no")
    assert fact in answer.text


@pytest.mark.parametrize("question", [
    "So Argentina is a human rights city?",
    "rosario declared itself a human rights city back in 1997, the same year the idea was launched?",
])
def test_a_country_put_as_a_city_and_a_date_put_to_a_declaration_are_not_said(engine, question):
    answer = engine.ask(question)

    assert answer.verdict == "not_said", (answer.verdict, answer.text[:120])
    assert_leads_with_no_verdict_word(answer)


def test_the_un_credited_with_its_committees_report_is_still_right(engine):
    assert_leads_with(engine.ask("Did the UN write the report?"), "yes")


# --- what the material does not say is "not said", never "no" ----------------------------------------

HOMONYMS = [
    ("en", "Victoria in British Columbia is a human rights city, correct?"),
    ("fr", "Victoria au Canada est une ville des droits humains, non ?"),
]


@pytest.mark.parametrize(("language", "question"), HOMONYMS)
def test_another_place_of_the_same_name_is_not_said_never_no(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.verdict == "not_said", (answer.verdict, answer.text)
    assert_leads_with_no_verdict_word(answer)
    assert answer.city is not None and answer.city.name == "Victoria" and answer.city.listed
    assert [c.quote for c in answer.citations] == ["Victoria (Australia)"]
    assert answer.notes, "which Victoria the material means is the bot's note"
    assert_cited(engine, answer)


UNLISTED = [
    ("en", "Is Vienna a human rights city?", "Vienna"),
    ("es", "¿Viena es una ciudad de derechos humanos?", "Vienna"),
    ("de", "Ist Wien eine Menschenrechtsstadt?", "Vienna"),
]


@pytest.mark.parametrize(("language", "question", "name"), UNLISTED)
def test_a_place_the_list_does_not_name_is_not_said_because_the_list_is_not_complete(engine, language, question, name):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.verdict == "not_said"
    assert_leads_with_no_verdict_word(answer)
    assert answer.city is not None and answer.city.name == name and answer.city.listed is False
    assert any("a number of cities throughout the world" in c.quote for c in answer.citations)
    if language == "en":
        assert "not complete" in answer.text
        assert f"does not mean {name} is not one" in answer.text
    assert_cited(engine, answer)


STORIES = [
    ("en", "I was born in Bandung but now I study in the Netherlands. Is Bandung really on that list?", "Bandung"),
    ("en", "I grew up in Thies but I live in Lyon now. Is Thies actually one of the human rights cities?", "Thies"),
    ("de", "Meine Oma kommt aus Graz, ich wohne aber in Berlin. Steht Graz wirklich auf der Liste?", "Graz"),
]


@pytest.mark.parametrize(("language", "question", "name"), STORIES)
def test_the_askers_own_story_is_not_a_claim_about_the_place(engine, language, question, name):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.city is not None and answer.city.name == name and answer.city.listed
    assert_leads_with(answer, "yes")
    assert_cited(engine, answer)


@pytest.mark.parametrize("question", [
    "Concept 1997, Declaration 2011, UN report 2015, right?",
    "So the concept is from 1997, the Gwangju Declaration from 2011 and the UN report from 2015?",
])
def test_several_dated_facts_in_one_question_are_each_confirmed(engine, question):
    answer = engine.ask(question)

    assert_leads_with(answer, "yes")
    for year in ("1997", "2011", "2015"):
        assert year in answer.text, year
    quoted = " ".join(c.quote for c in answer.citations)
    assert "1997" in quoted and "2011" in quoted
    assert_cited(engine, answer)


def test_several_dated_facts_with_one_wrong_year_are_never_confirmed(engine):
    assert engine.ask("Concept 1997, Declaration 2011, UN report 2016, right?").verdict != "yes"


@pytest.mark.xfail(strict=True, reason="observed: fallback, verdict not_said ('doesn't cover that'), not 'no' with 2015")
def test_several_dated_facts_with_one_wrong_year_are_corrected(engine):
    answer = engine.ask("Concept 1997, Declaration 2011, UN report 2016, right?")

    assert_leads_with(answer, "no")
    assert "2015" in answer.text


# --- the bot's own groupings are notes ---------------------------------------------------------------

GROUPINGS = [
    ("en", "Is Graz in Europe?", "yes", "Europe"),
    ("en", "Graz is in Asia, isn't it?", "no", "Asia"),
    ("es", "¿Graz está en Europa, verdad?", "yes", "Europe"),
    ("de", "Graz liegt in Europa, oder?", "yes", "Europe"),
    ("ja", "グラーツはヨーロッパにありますよね？", "yes", "Europe"),
    ("zh-Hant", "格拉茲在亞洲，對吧？", "no", "Asia"),
]


@pytest.mark.parametrize(("language", "question", "verdict", "region"), GROUPINGS)
def test_a_regional_grouping_is_the_bots_own_and_shown_as_a_note(engine, language, question, verdict, region):
    answer = engine.ask(question)
    source = " ".join(engine.content.sources["hrc-intro"].paragraphs)

    assert answer.language == language
    assert_leads_with(answer, verdict)
    assert region not in source, "the material groups nothing by region"
    assert answer.notes
    grouping = [n for n in answer.notes if matches_template(n, "note_grouping", language)
                or matches_template(n, "note_grouping_common", language)]
    assert grouping, answer.notes
    assert all(note not in answer.text for note in answer.notes)
    assert [c.quote for c in answer.citations] == ["Graz (Austria)"]
    assert_cited(engine, answer)


# --- a claim about something the material does not cover ---------------------------------------------

UNCOVERED = [
    ("en", "Human rights cities get extra money from the European Union, correct?"),
    ("en", "Every human rights city has its own human rights ombudsman, right?"),
    ("es", "Las ciudades de derechos humanos reciben dinero de la Unión Europea cada año, ¿verdad?"),
    ("pt", "As cidades dos direitos humanos recebem dinheiro do governo federal todo ano, né?"),
    ("ko", "인권도시는 매년 정부 보조금을 받죠?"),
]


@pytest.mark.parametrize(("language", "question"), UNCOVERED)
def test_a_claim_the_material_does_not_cover_falls_back_as_not_said(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.outcome == "fallback" and not answer.matched
    assert answer.verdict == "not_said"
    assert_leads_with_no_verdict_word(answer)
    assert answer.citations == []


# "Every year" matches the Forum's annual meeting; the question is not about the Forum, so the Forum's
# annual meeting must not confirm it.
ANNUAL_SUBSIDY = [
    ("pt", "As cidades dos direitos humanos recebem dinheiro do governo federal todo ano, né?"),
    ("ko", "인권도시는 매년 정부 보조금을 받죠?"),
    ("en", "Human rights cities receive a subsidy from the national government every year, right?"),
    ("fr", "Les villes des droits humains reçoivent chaque année une subvention de l'État, n'est-ce pas ?"),
    ("de", "Menschenrechtsstädte bekommen jedes Jahr Geld vom Staat, oder?"),
    ("ja", "人権都市は毎年国から補助金をもらえるんですよね？"),
    ("zh-Hant", "人權城市每年都會拿到政府補助，對吧？"),
]


@pytest.mark.parametrize(("language", "question"), ANNUAL_SUBSIDY)
def test_every_year_in_an_uncovered_claim_does_not_confirm_it(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.verdict != "yes", (answer.intent.id if answer.intent else answer.outcome, answer.text[:100])


# --- a place and a country that is not its own: never a Yes -----------------------------------------

TEMPLATES = ["Is {place} in {country}?", "{place} is in {country}, right?"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(data=st.data())
def test_a_listed_place_said_to_be_in_another_country_never_gets_a_yes(engine, data):
    place = data.draw(st.sampled_from(engine.content.places), label="place")
    others = sorted(name for name in engine.finder.countries if name != place.country)
    country = data.draw(st.sampled_from(others), label="country")
    question = data.draw(st.sampled_from(TEMPLATES), label="template").format(place=place.name, country=country)

    answer = engine.ask(question)

    assert answer.verdict != "yes", (question, answer.text[:120])
    assert answer.verdict in ("no", "not_said"), (question, answer.verdict)
    if answer.verdict == "no":  # the place's own country, named in the answer's language
        assert says_any(answer.text, country_names(engine, place.country, answer.language)), (question, answer.text[:120])
    assert_citations_verbatim(engine, answer)


# --- a denial that belongs to no statement of the answer chosen ---------------------------------------

@pytest.mark.parametrize(("language", "question"), [
    ("en", "The duty to protect has nothing to do with companies, right?"),
    ("ja", "1997年に始まった考えで、自治体は人権と関係ないですよね？"),
])
def test_a_denial_beside_another_topic_is_never_confirmed(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.verdict == "no", (answer.verdict, answer.text[:120])
    assert_citations_verbatim(engine, answer)


def test_where_the_asker_lives_is_not_where_the_concept_was_launched(engine):
    answer = engine.ask("I live in Rosario, who launched the idea?")

    assert answer.intent is not None and answer.intent.id == "origin"
    assert answer.verdict is None and "1997" in answer.text


# --- who hosts, who did it, what the report is: claims the source settles in its own words ------------

@pytest.mark.parametrize("question", [
    "Barcelona hosts the annual World Human Rights City Forum, right?",
    "did Seoul host the human rights city forum?",
    "which year did busan host the world human rights city forum",  # a premise inside a wh-question
])
def test_a_place_said_to_host_the_forum_is_answered_no_with_gwangju(engine, question):
    answer = engine.ask(question)

    assert answer.intent is not None and answer.intent.id == "forum", (question, answer.outcome)
    assert_leads_with(answer, "no")
    assert "Gwangju" in answer.text.split(".")[0], answer.text[:120]
    assert_citations_verbatim(engine, answer)


def test_gwangju_hosting_the_forum_every_year_is_confirmed(engine):
    answer = engine.ask("Gwangju hosts the forum every year, right?")

    assert_leads_with(answer, "yes")


@pytest.mark.parametrize("question", [
    "eleanor roosevelt launched the human rights city concept in 1997 right",
    "Did Amnesty International launch the concept?",
    "The concept was launched by Jane Jacobs, wasn't it?",
])
def test_crediting_the_launch_to_someone_the_material_never_names_is_answered_no(engine, question):
    answer = engine.ask(question)

    assert answer.intent is not None and answer.intent.id == "origin", (question, answer.outcome)
    assert_leads_with(answer, "no")
    assert "People’s Movement for Human Rights Education" in answer.text.split(".")[0]


@pytest.mark.parametrize(("question", "intent"), [
    ("The People's Movement was founded by Shulamith Koenig, right?", "pdhre"),
    ("was the gwangju declaration adopted by Park Won-soon in 2011", "gwangju_declaration"),
])
def test_who_did_what_the_material_does_not_credit_is_not_said(engine, question, intent):
    answer = engine.ask(question)

    assert answer.intent is not None and answer.intent.id == intent, (question, answer.outcome)
    assert answer.verdict == "not_said", (question, answer.verdict, answer.text[:120])
    assert_leads_with_no_verdict_word(answer)


def test_launched_originally_in_1997_is_still_confirmed(engine):
    # One lower-case word before the action is an adverb, not someone credited with it.
    assert_leads_with(engine.ask("Was the concept originally launched in 1997?"), "yes")


FORUM = "holds an annual meeting in the city of Gwangju"
REPORT = "Final Report on Role of Local Government"


@pytest.mark.parametrize(("question", "intent", "stated"), [
    ("the forum rotates between human rights cities each year", "forum", FORUM),
    ("The Forum moves to a different host city every year, right?", "forum", FORUM),
    ("I read the 2015 report was about the role of national governments in human rights", "un_report", REPORT),
    ("the report was only a draft, not a final report", "un_report", REPORT),
    ("local authorities hardly ever deal with human rights issues right", "local_government", "everyday basis"),
    ("The page says the concept was never developed any further after 1997", "forum", "normative concept"),
    ("the initiative cuts local communities off from the global human rights movement", "global_movement",
     "connect local communities"),
    ("The text says international human rights law weakens the local claims of a human rights city",
     "international_law", "reinforce local claims"),
])
def test_saying_the_opposite_of_what_the_source_states_is_answered_no_with_its_words(engine, question, intent, stated):
    answer = engine.ask(question)

    assert answer.intent is not None and answer.intent.id == intent, (question, answer.outcome)
    assert_leads_with(answer, "no")
    assert any(stated in c.quote for c in answer.citations), [c.quote for c in answer.citations]


def test_not_only_national_governments_denies_nothing(engine):
    answer = engine.ask("Why would municipal authorities, and not only national governments, matter for human rights?")

    assert answer.verdict != "no", answer.text[:120]


def test_a_listed_place_said_to_have_dropped_the_label_is_answered_no(engine):
    answer = engine.ask("My friend says Bogota dropped the human rights city label.")

    assert_leads_with(answer, "no")
    assert "Colombia" in answer.text


def test_comparing_how_long_two_places_have_been_one_is_not_said(engine):
    answer = engine.ask("Porto Alegre has been a human rights city longer than Bogota, hasn't it?")

    assert answer.verdict == "not_said", (answer.verdict, answer.text[:120])
    assert_leads_with_no_verdict_word(answer)


@pytest.mark.parametrize(("question", "verdict"), [
    ("so there are exactly three duties, not four?", "yes"),
    ("there are four duties, not three?", "no"),
    ("The concept was launched in 1997, not 2001, right?", "yes"),
    ("The concept was launched in 2001, not 1997, right?", "no"),
])
def test_a_value_after_a_contrasting_not_is_the_one_denied(engine, question, verdict):
    assert_leads_with(engine.ask(question), verdict)


@pytest.mark.parametrize(("question", "verdict"), [
    ("Utrecht hasn't stopped being a human rights city, has it?", "yes"),
    ("Graz never gave up the title, right?", "yes"),
    ("Utrecht stopped being a human rights city, right?", "no"),
])
def test_denying_that_a_listed_place_stopped_being_one_is_confirmed(engine, question, verdict):
    answer = engine.ask(question)

    assert_leads_with(answer, verdict)
    assert answer.city is not None and answer.city.listed


def test_prevent_alone_explains_the_duty_to_protect_and_is_no_fourth_duty(engine):
    answer = engine.ask("the duty to protect means the city must prevent third parties from violating rights, right?")

    assert answer.intent is not None and answer.intent.id == "duty_protect"
    assert_leads_with(answer, "yes")


def test_prevent_listed_with_the_duties_is_one_too_many_and_shown_back_alone(engine):
    answer = engine.ask("the three duties are respect, protect and prevent?")

    assert_leads_with(answer, "no")
    assert "“prevent”" in answer.text


def test_some_of_the_duties_said_to_be_the_only_ones_is_answered_no_three(engine):
    answer = engine.ask("the duties are only respect and protect, right?")

    assert answer.intent is not None and answer.intent.id == "three_duties"
    assert_leads_with(answer, "no")
    assert "three duties" in answer.text


def test_one_duty_said_to_be_only_about_something_is_no_count(engine):
    answer = engine.ask("is the duty to respect only about officials?")

    assert answer.verdict != "no", answer.text[:120]


@pytest.mark.parametrize(("question", "verdict", "fact"), [
    ("Montreal is in Canada and Mexico City is in Mexico, right?", "yes", None),
    ("Montreal and Mexico City are in Canada, right?", "no", "Mexico City under Mexico"),
    ("Thies and Kati are in Mali, right?", "no", "Thies under Senegal"),
    ("Korogocho and Mogale are both in Kenya", "no", "Mogale under South Africa"),
])
def test_a_country_is_said_of_the_places_before_it(engine, question, verdict, fact):
    answer = engine.ask(question)

    assert_leads_with(answer, verdict)
    if fact:
        assert fact in answer.text, answer.text[:160]


def test_a_small_town_in_the_wrong_country_is_still_corrected(engine):
    answer = engine.ask("my friend says Kati is a small town in senegal, is she right")

    assert_leads_with(answer, "no")
    assert "Kati under Mali" in answer.text


@pytest.mark.parametrize(("question", "verdict"), [
    ("the concept was launched in the 1990s, right?", "yes"),
    ("i think the idea was launched in the early 2000s", "no"),
    ("the gwangju declaration was adopted in the 2010s?", "yes"),
    ("the human rights city concept was launched in the 21st century by the People's Movement, yes?", "no"),
    ("the gwangju declaration was adopted in the 21st century?", "yes"),
    ("인권도시 개념은 21세기에 시작됐죠?", "no"),
])
def test_a_decade_or_century_is_checked_as_a_span_of_years(engine, question, verdict):
    # "the 1990s" read as 1990 was a wrong "No — 1997, not 1990".
    answer = engine.ask(question)

    assert_leads_with(answer, verdict)
    assert "1997" in answer.text or "2011" in answer.text


@pytest.mark.parametrize(("language", "question", "claimed"), [
    ("en", "The text lists only two public facilities: education and housing, right?", "two"),
    ("es", "los servicios que enumera son solo tres, ¿verdad?", "tres"),
    ("ja", "自治体が決める公共施設は3つだけだよね？", "3"),
])
def test_a_wrong_count_of_the_services_listed_is_answered_no_with_the_five(engine, language, question, claimed):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.intent is not None and answer.intent.id == "public_services", (question, answer.outcome)
    assert_leads_with(answer, "no")
    assert claimed in answer.text.split("\n")[0]
    assert_cited(engine, answer)


def test_five_is_confirmed_of_the_list_only(engine):
    # The source lists five "such as": five is what it lists, not how many things local authorities decide on.
    assert_leads_with(engine.ask("the text lists five public facilities, right?"), "yes")
    assert engine.ask("local authorities decide on five kinds of public facilities, right?").verdict is None


@pytest.mark.parametrize("question, language, country", [
    ("Was the human rights city concept created by the United States?", "en", "United States"),
    ("The Forum holds its yearly meeting in North Korea?", "en", "North Korea"),
    ("人権都市のコンセプトってアメリカが作ったの？", "ja", "アメリカ合衆国"),
])
def test_a_country_put_forward_as_who_did_it_or_where_is_named_in_the_correction(engine, question, language, country):
    answer = engine.ask(question, language=language)

    assert answer.verdict == "no"
    first_line = answer.text.splitlines()[0]
    assert country in first_line
    assert "Country(" not in answer.text and "name=" not in answer.text


@pytest.mark.parametrize("question", [
    "Human rights cities were invented in Europe, right?",
    "The human rights city concept was first launched in Asia, right?",
])
def test_where_the_concept_was_launched_the_material_does_not_say(engine, question):
    answer = engine.ask(question)

    assert answer.verdict == "not_said"
    assert answer.text.startswith("The material doesn't say where the concept was launched.")


@pytest.mark.parametrize("question", [
    "Thousands of delegates attend the forum each year, don't they?",
    "The forum meets yearly in Gwangju and the UN pays for it?",
    "The 2015 report was presented to the UN General Assembly, wasn't it?",
    "Was the 2015 report presented at the Forum in Gwangju?",
])
def test_an_event_said_to_be_more_than_the_material_says_is_never_confirmed(engine, question):
    # The year or the place may be right; what else is said of the event is not in the material.
    answer = engine.ask(question)

    assert answer.verdict == "not_said", (answer.verdict, answer.text[:120])


@pytest.mark.parametrize("question, verdict, fact", [
    ("Wasn't the Gwangju Declaration adopted in 1997, at the same time the concept was launched?", "no", "2011"),
    ("the concept was launched in 1997 and the declaration was adopted in 2011, right?", "yes", "2011"),
    ("The idea was launched in 2011 and the declaration adopted in 1997?", "no", "1997"),
])
def test_each_year_is_checked_against_the_action_named_nearest_to_it(engine, question, verdict, fact):
    answer = engine.ask(question)

    assert answer.verdict == verdict, (answer.verdict, answer.text[:160])
    assert fact in answer.text.splitlines()[0]


def test_a_place_said_to_be_the_first_is_not_said_whatever_else_is_right(engine):
    answer = engine.ask("launched in 1997, and Rosario was the first city to sign up, yes?")

    assert answer.verdict == "not_said"
    # …while "who first came up with it" asks who launched the concept, and ranks nothing.
    assert engine.ask("who first came up with the idea?").verdict is None


# Kinds of claim, each with the verdict the source gives it.
CLAIMS_OF_EACH_KIND = [
    # A tag said of a person asks for confirmation like "isn't it?": the claim stands and is corrected.
    pytest.param("Korogocho is in Tanzania, isn't she right?", "no", id="tag of a person"),
    pytest.param("my teacher says Bihac is in Serbia, doesn't she?", "no", id="tag of a person, reported"),
    pytest.param("Graz is in Australia, don't you think?", "no", id="tag asking agreement"),
    # Normalising turns "2011-07-17" into three numbers; the month is still read, whichever order.
    pytest.param("gwangju declaration signed 2011-07-17", "no", id="ISO date, wrong month"),
    pytest.param("the declaration was adopted on 17/05/2011, right?", "yes", id="day/month/year"),
    pytest.param("the declaration was adopted on 5/17/2011, right?", "yes", id="month/day/year"),
    pytest.param("the declaration was adopted on 17.06.2011, right?", "no", id="dotted date, wrong month"),
    # A place said to have become one is checked like one said to be one.
    pytest.param("Kenya has been declared a human rights city, correct?", "not_said", id="country declared"),
    pytest.param("Utrecht became a human rights city in 2011, same year as the Gwangju Declaration?", "not_said",
                 id="place's date"),
    pytest.param("Graz has been declared a human rights city, right?", "yes", id="place declared"),
    # With several duties named, each meaning belongs to the duty named before it.
    pytest.param("The duty to respect is about third parties and the duty to protect means officials must not "
                 "violate rights themselves, right?", "no", id="duties' meanings swapped"),
    pytest.param("the duty to respect means officials don't violate rights themselves and the duty to protect is "
                 "about third parties, correct?", "yes", id="duties' meanings right"),
    # When an organisation was founded, the material doesn't say; never a "No" with the concept's year.
    pytest.param("The People's Movement for Human Rights Education was founded in 1993", "not_said", id="PDHRE founded"),
    pytest.param("the world human rights city forum was founded in 2011", "not_said", id="Forum founded"),
    pytest.param("PDHRE launched it in 2001, right?", "no", id="launched it, wrong year"),
    pytest.param("was it the People's Movement for Human Rights Education that launched it", "yes",
                 id="who launched it"),
    # An event's name holds a place: another place there is corrected; the right one (or its country) only
    # names the event.
    pytest.param("it was called the Seoul Declaration, adopted in 2011, right?", "no", id="name with another place"),
    pytest.param("what's the exact date of the Korean declaration?", None, id="name with the place's country"),
    pytest.param("when was the Gwangju Declaration adopted?", None, id="name with its place"),
    # Two regions or countries compared by the places the material names in each (6 in Europe, 5 in Africa).
    pytest.param("there are more places listed in Africa than in Europe, aren't there?", "no", id="more, wrongly"),
    pytest.param("the list names more places in Europe than in Africa", "yes", id="more, rightly"),
    pytest.param("Latin America has fewer places on the list than Asia?", "yes", id="fewer, rightly"),
    pytest.param("the US has more places on the list than Canada", "no", id="more, but as many"),
    # A "not" in a sentence of its own denies no number of another sentence; in the number's sentence it does.
    pytest.param("the duties in the text are two: respect and fulfil. protect isn't one of them", "no",
                 id="negation apart from the number"),
    pytest.param("The concept was launched in 1997. Graz isn't a human rights city, right?", "no",
                 id="negation apart, of a place"),
    pytest.param("the concept was not launched in 2001, right?", "yes", id="negation of the year"),
    # Each year goes to the event named nearest, by its noun too; as many years as events pair in order.
    pytest.param("so there's a UN report from 2015 and a korean declaration from 2015 as well?", "no",
                 id="second event's year"),
    pytest.param("the report is from 2015 and the declaration from 2011, right?", "yes", id="two events, two years"),
    pytest.param("Concept 1997, Declaration 2011, UN report 2015 - have I got that right?", "yes",
                 id="three years, each its event"),
    # Two events put in order: their dates decide, and so does how many years apart they are said to be.
    pytest.param("the korean declaration came out after the UN report on local government, right?", "no",
                 id="order, wrongly"),
    pytest.param("The Gwangju Declaration was adopted before the UN report, wasn't it?", "yes", id="order, rightly"),
    pytest.param("after the UN report, the Gwangju declaration was adopted?", "no", id="order, the word first"),
    pytest.param("The concept was launched 14 years before the Gwangju Declaration?", "yes", id="order and years apart"),
    pytest.param("The declaration came ten years after the concept was launched?", "no", id="order, wrong years apart"),
    pytest.param("the forum started after the declaration?", "not_said", id="order of a founding"),
    # A denial denied puts the statement forward.
    pytest.param("the initiative is not just a local project", "yes", id="denial denied"),
    pytest.param("the initiative is just a local project", "no", id="denial"),
    # A year after a word of order bounds the date.
    pytest.param("was the report published before 2020?", "yes", id="before a year"),
    pytest.param("was the concept launched after 2000?", "no", id="after a year"),
    # One service said to be the only one: the source lists five.
    pytest.param("I was told the page says hospitals and clinics are the ONLY public facility linked to human rights",
                 "no", id="the only service"),
    # An organisation's founding, with a tag after it, is still its founding.
    pytest.param("The People's Movement for Human Rights Education was founded in 1993, wasn't it?", "not_said",
                 id="founded, with a tag"),
]


@pytest.mark.parametrize("question, verdict", CLAIMS_OF_EACH_KIND)
def test_each_kind_of_claim_gets_the_verdict_the_source_gives(engine, question, verdict):
    answer = engine.ask(question)

    assert answer.verdict == verdict, (answer.verdict, answer.text[:160])


@pytest.mark.parametrize("question, language, verdict", [
    ("are there twenty three places named?", "en", "yes"),
    ("la page en cite vingt-cinq, c'est ça ?", "fr", "no"),
    ("자료에 이름 나온 곳이 스물세 곳 맞죠?", "ko", "yes"),
])
def test_a_number_written_in_words_is_read_whole(engine, question, language, verdict):
    # "twenty three" is 23, not also 20 and 3 (which made a true count a "No", and added "not 3, not 20").
    answer = engine.ask(question, language=language)

    assert answer.verdict == verdict
    said = set(re.findall(r"\d+", answer.text.splitlines()[0]))
    assert said <= {"23", "25"}, said

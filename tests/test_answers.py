"""What a resident gets when they ask: answers grounded in the material, with exact citations,
honest about what the material does not say, and never inventing a place's status."""

from __future__ import annotations

import re

import pytest

from bot import strings
from bot.engine import Answer, Engine, MatchSettings

SOURCE = "hrc-intro"
PLACES_PARAGRAPH = 6  # "Currently, a number of cities throughout the world ..." (docs/CONTENT.md)

MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>|&[a-z]+;|&#\d+;|\*\*|__|\]\(|^#", re.MULTILINE)
URLISH = re.compile(r"https?:|www\.|\.(com|org|net)\b", re.IGNORECASE)


def paragraph(engine: Engine, number: int, source: str = SOURCE) -> str:
    return engine.content.sources[source].paragraphs[number - 1]


def assert_citations_verbatim(engine: Engine, answer: Answer) -> None:
    for citation in answer.citations:
        text = paragraph(engine, citation.paragraph, citation.source)
        assert citation.quote and citation.quote in text, (answer.question, citation)


def denies_status(text: str, name: str) -> bool:
    """True if the text says the place is not a Human Rights City (the honest hedge does not count)."""
    hedge = f"does not mean {name} is not one"
    rest = text.replace(hedge, "")
    return bool(re.search(r"(is not|isn't|is no|not a) (a )?(human rights city|one\b)", rest, re.IGNORECASE))


def titles(engine: Engine) -> set[str]:
    return {i.title for i in engine.intents.values()}


# --- what it is, where it comes from ---------------------------------------------------------


def test_asking_what_a_human_rights_city_is_gets_the_definition_with_its_sources(engine):
    answer = engine.ask("What is a Human Rights City?")

    assert answer.matched and answer.intent.id == "what_is_hrc"
    assert "officially declared" in answer.text
    assert {c.paragraph for c in answer.citations} == {2, 6}
    assert_citations_verbatim(engine, answer)


@pytest.mark.parametrize(
    "question",
    [
        "whats a humna rights citty",
        "wat r human rigths cities",
        "Could you explain the human rights city concept to me?",
        "human rights city meaning",
        "WHAT IS A HUMAN RIGHTS CITY",
    ],
)
def test_the_definition_is_found_however_the_question_is_typed(engine, question):
    answer = engine.ask(question)

    assert answer.matched, (question, answer.outcome)
    assert answer.intent.id == "what_is_hrc"


@pytest.mark.parametrize("question", ["can you tell me what a human rights city is", "could you tell us what a human rights city is"])
def test_a_polite_request_for_the_definition_gets_the_definition(engine, question):
    answer = engine.ask(question)

    assert answer.matched and answer.intent.id == "what_is_hrc", (answer.outcome, answer.text[:60])


def test_the_origin_answer_says_1997_and_the_peoples_movement_and_cites_paragraph_2(engine):
    answer = engine.ask("who started the human rights cities thing and when")

    assert answer.matched and answer.intent.id == "origin"
    assert "1997" in answer.text
    assert "People’s Movement for Human Rights Education" in answer.text
    assert [c.paragraph for c in answer.citations] == [2]
    assert "launched in 1997" in answer.citations[0].quote
    assert_citations_verbatim(engine, answer)


@pytest.mark.parametrize(
    "question",
    ["who lanched the human rights city concept", "when did the human rights city idea begin", "who started human rights citys"],
)
def test_origin_questions_with_typos_and_synonyms_reach_the_origin(engine, question):
    answer = engine.ask(question)

    assert answer.matched and answer.intent.id == "origin", (question, answer.outcome)
    assert "1997" in answer.text


def test_every_answer_cites_quotes_found_verbatim_in_the_paragraph_it_names(engine):
    problems = []
    for intent_id, intent in engine.intents.items():
        answer = engine.answer_for(intent_id)
        assert answer is not None
        if intent.kind == "answer" and not answer.citations:
            problems.append(f"{intent_id}: answers from the material but cites nothing")
        for c in answer.citations:
            source = engine.content.sources.get(c.source)
            if source is None or not 1 <= c.paragraph <= len(source.paragraphs):
                problems.append(f"{intent_id}: cites {c.source} ¶{c.paragraph}, which does not exist")
            elif c.quote not in source.paragraphs[c.paragraph - 1]:
                problems.append(f"{intent_id}: {c.quote[:50]!r} is not in {c.source} ¶{c.paragraph}")
    assert problems == []


def test_small_talk_cites_nothing_and_answers_from_the_material_always_cite(engine):
    for intent_id, intent in engine.intents.items():
        answer = engine.answer_for(intent_id)
        if intent.kind == "smalltalk":
            assert answer.citations == [], intent_id
        elif intent.kind == "answer":
            assert answer.citations, intent_id


def test_an_unknown_intent_id_has_no_answer(engine):
    assert engine.answer_for("no_such_intent") is None


# --- the three duties -------------------------------------------------------------------------


def test_the_three_duties_are_respect_protect_and_fulfil(engine):
    answer = engine.ask("what are the 3 duties of local goverment")

    assert answer.matched and answer.intent.id == "three_duties"
    for duty in ("duty to respect", "duty to protect", "duty to fulfil"):
        assert duty in answer.text
    assert {c.paragraph for c in answer.citations} == {4}
    assert_citations_verbatim(engine, answer)
    assert {s.id for s in answer.suggestions} == {"duty_respect", "duty_protect", "duty_fulfil"}


@pytest.mark.parametrize(
    ("question", "intent_id", "says"),
    [
        ("what is the duty to respect", "duty_respect", "shall not violate human rights through their own actions"),
        ("the duty to respct", "duty_respect", "their own actions"),
        ("what is the duty to protect", "duty_protect", "third parties do not violate"),
        ("dutty to protekt", "duty_protect", "third parties"),
        ("what is the duty to fulfil", "duty_fulfil", "positive action"),
        ("duty to fulfill", "duty_fulfil", "positive action"),
    ],
)
def test_each_duty_is_explained_on_its_own_from_paragraph_4(engine, question, intent_id, says):
    answer = engine.ask(question)

    assert answer.matched and answer.intent.id == intent_id, (question, answer.outcome)
    assert says in answer.text
    assert [c.paragraph for c in answer.citations] == [4]
    assert_citations_verbatim(engine, answer)


# --- the Forum and the Declaration -----------------------------------------------------------


def test_the_forum_answer_says_it_meets_every_year_in_gwangju(engine):
    answer = engine.ask("wat is the world human rigths city forum")

    assert answer.matched and answer.intent.id == "forum"
    assert "annual meeting" in answer.text and "Gwangju" in answer.text
    assert_citations_verbatim(engine, answer)
    assert all(c.paragraph == 2 for c in answer.citations)


@pytest.mark.parametrize("question", ["when was the gwangju declaraton adopted", "what happened on 17 may 2011", "gwangju declaration"])
def test_the_gwangju_declaration_answer_gives_its_date(engine, question):
    answer = engine.ask(question)

    assert answer.matched and answer.intent.id == "gwangju_declaration", (question, answer.outcome)
    assert "17 May 2011" in answer.text
    assert any("17 May 2011" in c.quote for c in answer.citations)
    assert_citations_verbatim(engine, answer)


# --- places: listed, unlisted, countries, regions ---------------------------------------------


@pytest.mark.parametrize(
    ("question", "name", "country"),
    [
        ("is barcelona a human rights city", "Barcelona", "Spain"),
        ("Is Bogotá one?", "Bogota", "Colombia"),
        ("what about Thiès", "Thies", "Senegal"),
        ("is utrech a human rights city", "Utrecht", "the Netherlands"),
        ("Is Prince George's County on the list?", "Prince George’s County, Maryland", "United States"),
        ("Bongo Ghana", "Bongo", "Ghana"),
        ("CDMX", "Mexico City", "Mexico"),
        ("광주", "Gwangju", "Republic of Korea"),
        ("Is Kaohsiung mentioned?", "Kaohsiung", "Taiwan Province of China"),
        ("is saint denis one", "Saint-Denis", "France"),
    ],
)
def test_a_listed_place_is_confirmed_with_the_sources_own_words(engine, question, name, country):
    answer = engine.ask(question)

    assert answer.matched and answer.intent.id == "place_listed", (question, answer.outcome)
    assert answer.city is not None and answer.city.as_dict() == {"name": name, "country": country, "listed": True}
    assert answer.text.startswith(f"Yes — {name} ({country})")
    assert any(c.quote == f"{name} ({country})" and c.paragraph == PLACES_PARAGRAPH for c in answer.citations)
    assert_citations_verbatim(engine, answer)


@pytest.mark.parametrize("question", ["광주", "is gwangju a human rights city"])
def test_gwangju_is_confirmed_with_the_list_paragraph_not_the_forum_one(engine, question):
    # "Gwangju (Republic of Korea)" is also in ¶2 (the Forum meets there); only ¶6 says it declared itself.
    answer = engine.ask(question)

    assert answer.city.name == "Gwangju" and answer.city.listed
    assert [c.paragraph for c in answer.citations] == [PLACES_PARAGRAPH], [(c.paragraph, c.quote) for c in answer.citations]


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Is Vienna a human rights city?", "Vienna"),
        ("is seattle one", "Seattle"),
        ("what about Berlin", "Berlin"),
        ("Is Tokyo on the list?", "Tokyo"),
        ("is york one of them", "York"),
        ("Is Kampala a human rights city?", "Kampala"),
    ],
)
def test_an_unlisted_place_is_not_called_a_non_member(engine, question, name):
    answer = engine.ask(question)

    assert answer.matched and answer.intent.id == "place_listed", (question, answer.outcome)
    assert answer.city is not None and answer.city.name == name and answer.city.listed is False
    assert f"doesn't name {name} among the places" in answer.text
    assert "not complete" in answer.text
    assert not denies_status(answer.text, name), answer.text
    assert_citations_verbatim(engine, answer)


@pytest.mark.parametrize(
    ("question", "unlisted", "listed"),
    [
        ("is nairobi a human rights city", "Nairobi", "Korogocho"),
        ("is melbourne on the list", "Melbourne", "Victoria"),
        ("is paris one", "Paris", "Saint-Denis"),
    ],
)
def test_an_unlisted_place_next_to_a_listed_one_points_to_it_without_concluding(engine, question, unlisted, listed):
    answer = engine.ask(question)

    assert answer.city.name == unlisted and answer.city.listed is False
    assert f"It does name {listed}" in answer.text
    assert f"doesn't say whether that makes {unlisted} a Human Rights City" in answer.text
    assert not denies_status(answer.text, unlisted)
    assert any(c.quote.startswith(f"{listed} (") for c in answer.citations)
    assert_citations_verbatim(engine, answer)


def test_asking_about_japan_finds_sakai(engine):
    answer = engine.ask("is there one in japan")

    assert answer.matched and answer.intent.id == "places_in_country"
    assert "Sakai (Japan)" in answer.text
    assert "among others" in answer.text
    assert any(c.quote == "Sakai (Japan)" for c in answer.citations)
    assert_citations_verbatim(engine, answer)


def test_a_country_with_no_named_place_is_told_the_list_is_not_complete(engine):
    answer = engine.ask("any in germany")

    assert answer.matched and answer.intent.id == "places_in_country"
    assert "does not name any place in Germany" in answer.text
    assert "not complete" in answer.text
    assert "does not mean there is no Human Rights City in Germany" in answer.text
    assert_citations_verbatim(engine, answer)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("is there one in south korea", "Gwangju (Republic of Korea)"),
        ("is there one in holland", "Utrecht (the Netherlands)"),
        ("is there one in brasil", "Porto Alegre (Brazil)"),
        ("is there a human rights city in Österreich", "Graz (Austria)"),
        ("is there one in the US", "Prince George’s County, Maryland (United States)"),
    ],
)
def test_a_country_typed_in_another_form_still_finds_its_place(engine, question, expected):
    answer = engine.ask(question)

    assert answer.matched and answer.intent.id == "places_in_country", (question, answer.outcome)
    assert expected in answer.text


@pytest.mark.parametrize(
    ("question", "region", "names"),
    [
        ("any in africa", "Africa", ["Bongo (Ghana)", "Kati (Mali)", "Korogocho (Kenya)", "Mogale (South Africa)", "Thies (Senegal)"]),
        # a sub-region is never widened to its continent: South America is not all of Latin America
        ("are there any in south america", "South America", ["Rosario (Argentina)", "Bogota (Colombia)", "Porto Alegre (Brazil)"]),
        ("any in oceania", "Oceania", ["Victoria (Australia)"]),
        ("what about europe", "Europe", ["Barcelona (Spain)", "Graz (Austria)", "Utrecht (the Netherlands)"]),
    ],
)
def test_a_region_lists_the_places_the_source_names_there(engine, question, region, names):
    answer = engine.ask(question)

    assert answer.matched and answer.intent.id == "places_in_region", (question, answer.outcome)
    assert f"in {region}:" in answer.text  # "one is in Oceania:", "five are in Africa:"
    assert any("grouping by region is mine" in note for note in answer.notes)
    for name in names:
        assert name in answer.text
    assert "among others" in answer.text
    assert_citations_verbatim(engine, answer)


def test_the_full_list_names_all_places_and_says_it_is_not_complete(engine):
    answer = engine.ask("give me the list")

    assert answer.matched and answer.intent.id == "places_list"
    for place in engine.content.places:
        assert place.label in answer.text
    assert f"names {len(engine.content.places)} places" in answer.text
    assert "not complete" in answer.text


# --- out of scope, look-alikes, gaps ---------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "what's the weather like",
        "tell me a joke",
        "police abuse",
        "police abuse in my city",
        "recommend a good restaurant",
        "how do I bake bread",
        "who won the world cup",
    ],
)
def test_out_of_scope_questions_fall_back_with_suggestions(engine, question):
    answer = engine.ask(question)

    assert not answer.matched, (question, answer.intent.id if answer.intent else None)
    assert answer.as_dict()["intent"] is None
    assert answer.suggestions and {s.title for s in answer.suggestions} <= titles(engine)
    assert answer.text


def test_a_place_in_an_out_of_scope_question_is_recognised_but_not_answered(engine):
    answer = engine.ask("what is the weather in Graz")

    assert not answer.matched
    assert answer.city is not None and answer.city.name == "Graz" and answer.city.listed
    assert answer.text == strings.text("place_with_fallback", name="Graz")
    assert answer.suggestions


@pytest.mark.parametrize(
    ("question", "gap"),
    [
        ("what is a human rights violation", "gap_human_rights_general"),
        ("what is the UDHR", "gap_udhr"),
        ("what is a sanctuary city", "gap_sanctuary"),
        ("what is the right to the city", "gap_right_to_city"),
        ("what is R2P", "gap_r2p"),
    ],
)
def test_look_alike_concepts_are_not_answered_as_the_definition(engine, question, gap):
    answer = engine.ask(question)

    assert not answer.matched
    assert answer.as_dict()["intent"] is None
    assert answer.outcome == "gap" and answer.intent.id == gap
    assert answer.text != engine.intents["what_is_hrc"].answer
    assert answer.suggestions
    assert_citations_verbatim(engine, answer)


@pytest.mark.parametrize(
    ("question", "gap", "honest"),
    [
        ("how does a city become one", "gap_how_to_become", "does not explain how a city becomes"),
        ("who certifies human rights cities", "gap_who_certifies", "does not say who decides"),
        ("when is the next forum", "gap_forum_dates", None),
        ("which was the first human rights city", "gap_first_city", None),
    ],
)
def test_questions_the_material_does_not_answer_are_told_so_honestly(engine, question, gap, honest):
    answer = engine.ask(question)

    assert not answer.matched
    assert answer.outcome == "gap" and answer.intent.id == gap, (question, answer.outcome)
    assert re.search(r"does not|doesn[’']t", answer.text)
    if honest:
        assert honest in answer.text
    assert answer.suggestions and {s.title for s in answer.suggestions} <= titles(engine)
    assert_citations_verbatim(engine, answer)


# --- did you mean ----------------------------------------------------------------------------


def test_a_close_call_between_intents_offers_choices_instead_of_a_guess():
    # With a margin this wide, any runner-up is "close": the did-you-mean path itself is tested,
    # not which questions the tuned margin happens to find close today.
    wide = Engine.load(settings=MatchSettings(threshold=0.3, margin=1.0))
    answer = wide.ask("what must local officials do about third parties")

    assert answer.outcome == "ambiguous" and not answer.matched
    assert answer.text == strings.text("did_you_mean")
    assert "What is the duty to protect?" in [s.title for s in answer.suggestions]
    assert len(answer.suggestions) >= 2
    assert answer.as_dict()["intent"] is None


def test_a_close_call_lists_the_candidates_as_did_you_mean(engine):
    # With a wide margin every runner-up is a close call: the mechanism shows its candidates.
    wide = Engine(engine.content, MatchSettings(threshold=0.5, margin=1.0))
    question = "obligations of local government towards individuals"
    answer = wide.ask(question)

    assert answer.outcome == "ambiguous"
    assert answer.text == strings.text("did_you_mean")
    ids = [s.id for s in answer.suggestions]
    assert "duty_protect" in ids and 2 <= len(ids) <= 3
    assert all(engine.intents[i].kind != "gap" for i in ids)


# --- every answer is plain text, with nothing invented --------------------------------------

SAMPLE_QUESTIONS = [
    "what is a human rights city",
    "is vienna one",
    "is nairobi a human rights city",
    "any in germany",
    "is there one in japan",
    "any in africa",
    "how many human rights cities are there",
    "where can i download the report",
    "what is the UN report",
    "tell me a joke",
    "<script>alert(1)</script> is Vienna one",
    "what is the weather in Graz",
    "declaration",
    "",
    "hello",
]


def test_no_answer_contains_markup_links_or_unfilled_placeholders(engine):
    answers = [engine.answer_for(i) for i in engine.intents] + [engine.ask(q) for q in SAMPLE_QUESTIONS]
    for answer in answers:
        text = answer.text
        assert text and text == text.strip(), answer.question
        assert not MARKUP.search(text), (answer.question, text)
        assert "http" not in text.lower() and not URLISH.search(text), (answer.question, text)
        assert not re.search(r"\{\w*\}", text), (answer.question, text)
        assert "\n" not in text, answer.question


def test_every_listed_place_answer_is_plain_text_and_cites_the_list(engine):
    for place in engine.content.places:
        answer = engine.ask(f"is {place.name} a human rights city")
        assert not MARKUP.search(answer.text) and "http" not in answer.text
        assert not re.search(r"\{\w*\}", answer.text)
        assert [(c.paragraph, c.quote) for c in answer.citations] == [(PLACES_PARAGRAPH, place.label)], place.name
        assert_citations_verbatim(engine, answer)


def test_the_report_answer_does_not_invent_a_download_link(engine):
    answer = engine.ask("where can i download the report")

    assert answer.matched and answer.intent.id == "report_where"
    assert "http" not in answer.text and not URLISH.search(answer.text)
    assert_citations_verbatim(engine, answer)


# --- several candidates (inline mode) --------------------------------------------------------


def test_search_puts_the_answer_first_then_other_distinct_answers(engine):
    results = engine.search("what is a human rights city", limit=4)

    assert results and results[0].intent.id == "what_is_hrc"
    ids = [r.intent.id for r in results]
    assert len(ids) == len(set(ids)) and len(ids) <= 4
    assert all(r.outcome in ("answer", "gap") for r in results)
    for result in results:
        assert_citations_verbatim(engine, result)


def test_search_for_nonsense_offers_nothing_matched(engine):
    assert all(r.outcome in ("answer", "gap") for r in engine.search("qwzx vbnm"))


# --- long messages with context ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("Our youth group meets on Thursdays and we were arguing about our town's new slogan last week. "
         "Can you tell me who launched the human rights city idea and in which year?", "origin"),
        ("I run the library's reading corner and a visitor asked me something I could not answer. "
         "What are the three duties local government has towards human rights?", "three_duties"),
        ("Sorry to bother you, my English is not so good and I am new here in this country. "
         "What is a human rights city?", "what_is_hrc"),
    ],
)
def test_a_question_wrapped_in_context_is_still_answered(engine, message, intent):
    answer = engine.ask(message)

    assert answer.matched and answer.intent.id == intent, (answer.outcome, answer.intent)


def test_a_place_named_in_one_sentence_is_what_the_next_sentence_asks_about(engine):
    answer = engine.ask("My neighbours moved here from Senegal a few years ago and we talk about it a lot. Is there one there?")

    assert answer.matched and answer.intent.id == "places_in_country"
    assert "Thies (Senegal)" in answer.text


@pytest.mark.parametrize("question, language, region_word", [
    ("besides Kaohsiung, which other cities in Asia are listed?", "en", "Asia"),
    ("除了高雄以外，亞洲還有列哪些城市啊？", "zh-Hant", "亞洲"),
    ("aparte de Gwangju, que otras ciudades de Asia aparecen?", "es", "Asia"),
])
def test_a_place_set_aside_leaves_the_question_about_its_region(engine, question, language, region_word):
    answer = engine.ask(question, language=language)

    assert answer.intent is not None and answer.intent.id == "places_in_region"
    assert region_word in answer.text
    for other in ("Gwangju", "Nagpur", "Sakai", "Bandung") if language == "en" else ():
        assert other in answer.text


def test_a_year_said_after_the_question_belongs_to_it(engine):
    answer = engine.ask("and that's also the year PDHRE launched the idea? 2011 I mean")

    assert answer.verdict == "no" and "1997" in answer.text.splitlines()[0]

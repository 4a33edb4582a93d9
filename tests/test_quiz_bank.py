"""The quiz bank: every question fits a Telegram quiz poll, cites the source, and has one right answer."""

import csv
import io
import json
import random
from dataclasses import replace

import pytest

from bot import strings
from bot.cli import main as cli_main
from bot.content import Citation, load_content
from bot.quiz import export
from bot.quiz.bank import (
    Bank,
    check_item,
    check_limits,
    generated_items,
    place_label,
    poll_explanation,
    real_unnamed_places,
    utf16_len,
    validate_bank,
)
from bot.text import fold


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def bank(content):
    return Bank.build(content)


def source_text(content) -> str:
    return fold(" ".join(p for s in content.sources.values() for p in s.paragraphs))


# --- the bank as shipped ----------------------------------------------------------------------

def test_shipped_bank_has_no_problems(content):
    assert validate_bank(content) == []


def test_every_curated_question_and_every_generated_one_is_in_the_bank(content, bank):
    assert len(content.quiz) == 41
    assert all(q.id in bank.items for q in content.quiz)
    generated = generated_items(content)
    assert len(generated) == 2 * len(content.places) + 1
    assert all(item.id in bank.items for item in generated)


def test_every_question_fits_a_telegram_quiz_poll(content, bank):
    for item in bank.items.values():
        assert 1 <= utf16_len(item.question) <= 300, item.id
        assert 2 <= len(item.options) <= 12, item.id
        assert all(1 <= utf16_len(o) <= 100 for o in item.options), item.id
        assert len({fold(o) for o in item.options}) == len(item.options), item.id
        assert 0 <= item.correct < len(item.options), item.id
        shown = poll_explanation(item, content)
        assert utf16_len(shown) <= 200 and shown.count("\n") <= 2, item.id


def test_every_explanation_cites_its_paragraph(content, bank):
    for item in bank.items.values():
        shown = poll_explanation(item, content)
        assert f"¶{item.citation.paragraph}" in shown, item.id
        paragraph = content.sources[item.citation.source].paragraphs[item.citation.paragraph - 1]
        assert fold(item.citation.quote) in fold(paragraph), item.id


def test_country_questions_answer_with_the_country_the_source_writes(content, bank):
    text = source_text(content)
    for place in content.places:
        item = next(i for i in bank.items.values() if i.id.startswith("place_country_") and place.name in i.question)
        assert item.answer == place.country
        assert fold(place.label) in text
        others = [o for o in item.options if o != place.country]
        assert len(others) == 3
        # distractors are real countries of other listed places, never this place's country
        assert all(o in {p.country for p in content.places} for o in others)


def test_country_distractors_skip_countries_where_a_namesake_exists(bank):
    victoria = bank.items["place_country_victoria"]
    assert "Canada" not in victoria.options  # Victoria, British Columbia would make it arguable
    rosario = bank.items["place_country_rosario"]
    assert "Mexico" not in rosario.options


def test_named_questions_offer_real_places_the_source_does_not_name(content, bank):
    text = source_text(content)
    real = {f"{u.name} ({u.country})" for u in content.unlisted}
    for item in (i for i in bank.items.values() if i.id.startswith("place_named_")):
        assert fold(item.answer) in text
        for option in item.options:
            if option != item.answer:
                assert option in real, option
                assert fold(option.rsplit(" (", 1)[0]) not in text, option


def test_the_count_question_counts_the_places_named(content, bank):
    item = bank.items["places_count"]
    assert item.answer == str(len(content.places)) == "23"
    assert "among others" in item.citation.quote


def test_the_list_question_cites_the_list_not_an_earlier_mention(bank):
    # "Gwangju (Republic of Korea)" appears in ¶2 as the Forum's city; the list is ¶6
    assert bank.items["place_named_gwangju"].citation.paragraph == 6


# --- validation catches what Telegram or the source would refuse -------------------------------

def test_validation_refuses_what_telegram_refuses(content, bank):
    item = bank.items["origin_year"]
    assert check_item(item, content) == []
    assert any("option" in p for p in check_item(replace(item, options=("1997", "x" * 101, "2011")), content))
    assert any("unique" in p for p in check_item(replace(item, options=("1997", "1997 ", "2011")), content))
    assert any("options" in p for p in check_item(replace(item, options=("1997",), correct=0), content))
    assert any("characters" in p for p in check_item(replace(item, question="?" * 301), content))
    assert any("explanation" in p for p in check_item(replace(item, explanation="e" * 199), content))
    assert any("line feeds" in p for p in check_item(replace(item, explanation="a\nb\nc"), content))
    assert any("correct" in p for p in check_item(replace(item, correct=5), content))


def test_validation_refuses_what_the_source_does_not_say(content, bank):
    item = bank.items["origin_year"]
    invented = replace(item, citation=Citation("hrc-intro", 2, "launched in 1998"))
    assert any("verbatim" in p for p in check_item(invented, content))
    misquoted = replace(item, explanation='It was "launched in the year 1997" by a movement.')
    assert any("does not contain" in p for p in check_item(misquoted, content))
    graz = bank.items["place_country_graz"]
    wrong_answer = replace(graz, options=("Australia", *graz.options[1:]))
    assert check_item(wrong_answer, content)
    named = bank.items["place_named_graz"]
    listed_distractor = replace(named, options=(*named.options[:3], "Utrecht (the Netherlands)"))
    assert any("named in the source" in p for p in check_item(listed_distractor, content))
    wrong_count = replace(bank.items["places_count"], options=("24", "15", "30"))
    assert check_item(wrong_count, content)


# --- drawing a quiz ---------------------------------------------------------------------------

def test_the_same_seed_draws_the_same_quiz(bank):
    first = bank.draw(1234, None, 10)
    again = bank.draw(1234, None, 10)
    assert [(i.id, i.options, i.correct) for i in first] == [(i.id, i.options, i.correct) for i in again]


def test_a_replay_reshuffles_questions_and_options_but_keeps_answers(bank):
    first = bank.draw(1, None, 10)
    ids = [i.id for i in first]
    replay = bank.draw(2, None, 10, item_ids=ids)
    assert sorted(i.id for i in replay) == sorted(ids)
    assert [i.id for i in replay] != ids or [i.options for i in replay] != [i.options for i in first]
    for item in replay:
        assert item.answer == bank.items[item.id].answer


def test_shuffling_moves_the_correct_option_around(bank):
    positions = {bank.draw(seed, "duties", 8)[0].correct for seed in range(40)}
    assert len(positions) > 1  # the curated files always list the right answer first


def test_a_topic_quiz_stays_in_its_topic_and_a_mixed_one_spreads(bank):
    assert {i.topic for i in bank.draw(5, "gwangju", 5)} == {"gwangju"}
    mixed = bank.draw(5, None, 7)
    assert len({i.topic for i in mixed}) == 7


def test_questions_that_give_each_other_away_are_not_in_one_quiz(bank):
    for seed in range(30):
        items = bank.draw(seed, "places", 10)
        families = [f for i in items for f in i.families]
        assert len(families) == len(set(families)), seed


def test_asking_for_more_questions_than_exist_gives_all_of_them(bank):
    assert len(bank.draw(3, "global", 30)) == len(bank.in_topic("global"))


def test_topics_are_found_the_way_a_teacher_types_them(bank):
    assert bank.find_topic("duties") == "duties"
    assert bank.find_topic("DUT") == "duties"
    assert bank.find_topic("un") == "un_report"
    assert bank.find_topic("Gwangju") == "gwangju"
    assert bank.find_topic("cooking") is None


# --- printable export -------------------------------------------------------------------------

def test_markdown_export_has_questions_then_an_answer_key_with_citations(content, bank):
    quiz = export.build(bank, topic="duties", n=4, seed=9)
    text = export.to_markdown(quiz, bank)
    questions, key = text.split("## Answer key")
    assert questions.count("   - A. ") == 4
    for number, item in enumerate(quiz.items, start=1):
        letter = "ABCD"[item.correct]
        assert f"{number}. **{letter}** – {item.answer}." in key
        assert f"“{item.citation.quote}” (What is a Human Rights City?, ¶{item.citation.paragraph})" in key
    assert "seed 9" in text


def test_csv_and_json_exports_carry_the_same_answer_key(bank):
    quiz = export.build(bank, topic=None, n=6, seed=3)
    rows = list(csv.DictReader(io.StringIO(export.to_csv(quiz, bank))))
    document = json.loads(export.to_json(quiz, bank))
    assert len(rows) == len(document["questions"]) == 6
    for row, q, item in zip(rows, document["questions"], quiz.items):
        assert row["answer"] == q["answer"] == item.answer
        assert row[f"option_{row['answer_letter'].lower()}"] == item.answer
        assert q["options"][q["answer_index"]] == item.answer
        assert row["quote"] == q["citation"]["quote"] == item.citation.quote
        assert int(row["paragraph"]) == q["citation"]["paragraph"]


def test_cli_quiz_export(capsys):
    assert cli_main(["quiz", "export", "--n", "5", "--format", "md", "--seed", "11"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Quiz: All topics (5 questions)")
    assert "## Answer key" in out and out.count("Source: “") == 5
    assert cli_main(["quiz", "export", "--topic", "cooking"]) == 2
    assert "no quiz topic" in capsys.readouterr().err
    assert cli_main(["quiz", "export", "--topic", "duties", "--n", "3", "--format", "json", "--seed", "1"]) == 0
    assert {q["topic"] for q in json.loads(capsys.readouterr().out)["questions"]} == {"duties"}


def test_generated_questions_are_stable_across_loads(content):
    again = load_content()
    assert [(i.id, i.options) for i in generated_items(content)] == [(i.id, i.options) for i in generated_items(again)]
    random.seed(0)  # the bank never relies on the global random state
    assert [(i.id, i.options) for i in generated_items(again)] == [(i.id, i.options) for i in generated_items(content)]


# --- places reported elsewhere as human rights cities (issue 9) --------------------------------------

def test_which_place_is_named_never_offers_a_place_reported_elsewhere_as_a_human_rights_city(content, bank):
    reported = {u.name for u in content.unlisted if u.reported_hrc}
    assert {"Vienna", "Seoul", "York"} <= reported
    assert not reported & {place.name for place, _ in real_unnamed_places(content)}
    named = [i for i in bank.items.values() if i.id.startswith("place_named_")]
    assert len(named) == len(content.places)
    for item in named:
        offered = {option.rsplit(" (", 1)[0] for option in item.options if option != item.answer}
        assert not offered & reported, (item.id, offered & reported)
    graz = bank.items["place_named_graz"]
    vienna = replace(graz, options=(*graz.options[:3], "Vienna (Austria)"))
    assert any("reported elsewhere" in p for p in check_item(vienna, content))


# --- every language --------------------------------------------------------------------------------

def test_every_language_has_every_question_within_telegrams_limits(content, bank):
    for language in content.languages[1:]:
        translated = bank.translated[language]
        generated = {i.id for i in generated_items(content)}
        assert generated <= set(translated), f"{language}: every generated question"
        for item in translated.values():
            english = bank.items[item.id]
            assert item.language == language and item.correct == english.correct, (language, item.id)
            assert len(item.options) == len(english.options)
            assert check_limits(item, content) == [], (language, item.id)
            shown = poll_explanation(item, content)
            assert utf16_len(shown) <= 200 and shown.count("\n") <= 2 and f"¶{item.citation.paragraph}" in shown


def test_generated_questions_use_the_languages_words_and_names(content, bank):
    graz = bank.translated["de"]["place_country_graz"]
    austria = content.country_named("Austria")
    assert graz.question == strings.text("quiz_gen_country_question", "de", name="Graz")
    assert graz.answer == austria.display("de") and graz.answer != "Austria"
    named = bank.translated["ja"]["place_named_graz"]
    graz_place = next(p for p in content.places if p.name == "Graz")
    assert named.answer == strings.text("place_label", "ja", name=graz_place.display("ja"), country=austria.display("ja"))
    english = bank.items["place_named_graz"]
    assert [o.rsplit(" (", 1)[0] for o in english.options[1:]] == [
        next(u for u in content.unlisted if place_label(content, u, "ja") == option).name
        for option in named.options[1:]], "the same distractors, in the same order"


def test_a_quiz_draws_the_same_questions_in_the_same_order_in_every_language(bank):
    english = bank.draw(77, None, 10)
    for language in ("fr", "ko", "zh-Hant"):
        other = bank.draw(77, None, 10, language=language)
        assert [(i.id, i.correct) for i in other] == [(i.id, i.correct) for i in english]
        assert all(i.language == language for i in other)
        assert {i.question for i in other}.isdisjoint(i.question for i in english)


def test_a_teacher_may_name_the_topic_in_their_own_language(content, bank):
    word = content.topics["duties"].title_in("es").split()[-1]
    assert bank.find_topic(word) == "duties"


def test_an_over_long_translation_is_reported_with_its_file_and_line(content_copy):
    path = content_copy / "quiz" / "fr" / "questions.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, start=1) if line.startswith("- id: origin_year"))
    assert lines[number].lstrip().startswith("question:")
    # 151 characters, but 302 UTF-16 code units: what Telegram counts.
    lines[number] = '  question: "' + "🏙" * 151 + '"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [str(p) for p in validate_bank(load_content(content_copy))]
    assert problems == [f"quiz/fr/questions.yaml:{number}: quiz question 'origin_year' (fr): "
                        "question is 302 characters, the limit is 300"]
    bank = Bank.build(load_content(content_copy))
    assert bank.localized(bank.items["origin_year"], "fr").language == "en", "asked in English rather than refused"


def test_cli_quiz_export_in_a_language(capsys, bank):
    assert cli_main(["quiz", "export", "--lang", "es", "--n", "4", "--seed", "5", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    drawn = bank.draw(5, None, 4, language="es")
    assert document["language"] == "es"
    assert [q["question"] for q in document["questions"]] == [i.question for i in drawn]
    assert [q["answer"] for q in document["questions"]] == [i.answer for i in drawn]
    for q in document["questions"]:
        assert q["citation"]["quote"] == bank.items[q["id"]].citation.quote, "the source's own words"
        assert q["citation"]["translation"] == bank.content.translate_quote(q["citation"]["quote"], "es")
    assert cli_main(["quiz", "export", "--lang", "ko", "--n", "3", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(strings.text("quiz_export_title", "ko", title=strings.text("quiz_all_topics", "ko"), count=3))
    assert strings.text("quiz_export_answer_key", "ko") in out
    assert cli_main(["quiz", "export", "--lang", "xx"]) == 2
    assert "no language 'xx'" in capsys.readouterr().err

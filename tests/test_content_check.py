"""`hrc-bot check` and content loading: the shipped content passes; a broken copy is refused with
`file:line: what is wrong`, and the bot never starts half loaded."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.checks import check_content
from bot.content import load_content
from bot.engine import Engine
from bot.yamlfile import ContentError, Problem

PROBLEM_LINE = re.compile(r"^[^\s:]+(/[^\s:]+)*\.(yaml|md|txt):\d+: \S.*$")
ORIGIN_QUOTE = "The concept of a Human Rights City was launched in 1997 by the People's Movement for Human Rights Education"


def edit(root: Path, relative: str, old: str, new: str, first: bool = False) -> int:
    """Replace one exact line of a content file (or the first of several, with `first`); returns its
    1-based line number."""
    path = root / relative
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, line in enumerate(lines) if line == old]
    assert len(hits) == 1 or (first and hits), f"{relative}: expected exactly one line {old!r}, found {len(hits)}"
    lines[hits[0]] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return hits[0] + 1


def line_of(root: Path, relative: str, text: str) -> int:
    lines = (root / relative).read_text(encoding="utf-8").split("\n")
    hits = [i + 1 for i, line in enumerate(lines) if line == text]
    assert len(hits) == 1, (relative, text, hits)
    return hits[0]


def english_quiz(problems: list[str]) -> list[str]:
    """The problems of the English quiz (an edit there also leaves every translation out of step)."""
    return [p for p in problems if p.startswith("quiz/questions.yaml:")]


def problems_of(root: Path) -> list[str]:
    _content, problems = check_content(root)
    return [str(p) for p in problems]


def hrc_bot(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "HRC_CONTENT_DIR"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=60, env=full_env, cwd=cwd
    )


# --- the shipped content ---------------------------------------------------------------------


def test_the_shipped_content_passes_every_check():
    content, problems = check_content()

    assert problems == []
    assert content is not None and content.intents and content.places and content.quiz


def test_hrc_bot_check_passes_on_the_shipped_content():
    result = hrc_bot("check")

    assert result.returncode == 0, result.stdout + result.stderr
    assert re.match(r"^ok: 1 source\(s\), \d+ intents, \d+ examples, 23 places, \d+ quiz questions$", result.stdout.strip())


def test_an_untouched_copy_passes_too(content_copy):
    assert problems_of(content_copy) == []


# --- breaking a copy, one way at a time ------------------------------------------------------


def test_invalid_yaml_is_reported_at_its_line(content_copy):
    line = edit(content_copy, "intents/basics.yaml", "  title: Who launched the idea, and when?", "  title: Who launched: the idea, and when?")

    problems = problems_of(content_copy)

    # The wording is the YAML library's (libyaml says "…allowed in this context"); the place is ours.
    assert problems[0].startswith(f"intents/basics.yaml:{line}: invalid YAML: mapping values are not allowed")


def test_a_tab_in_the_places_file_is_reported_at_its_line(content_copy):
    # Only the first place's region line (Rosario) is indented with a tab.
    path = content_copy / "knowledge" / "places.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("\n  region: Latin America\n") + 1
    line = text[:at].count("\n") + 1
    path.write_text(text[:at] + "\t" + text[at + 2 :], encoding="utf-8")

    problems = problems_of(content_copy)

    assert any(p.startswith(f"knowledge/places.yaml:{line}: invalid YAML:") and ("'\\t'" in p or "tab" in p) for p in problems), problems


def test_a_misquoted_citation_is_reported_at_its_quote(content_copy):
    bad = ORIGIN_QUOTE.replace("1997", "1998")
    line = edit(content_copy, "intents/basics.yaml", f'      quote: "{ORIGIN_QUOTE}"', f'      quote: "{bad}"', first=True)

    problems = problems_of(content_copy)

    assert problems == [f"intents/basics.yaml:{line}: quote not found verbatim in source 'hrc-intro': {bad[:60]!r}"]


def test_typographic_quotes_in_a_citation_still_match_the_source(content_copy):
    # The source writes People’s; the intent may write People's or People’s: both are the same quote.
    edit(content_copy, "intents/basics.yaml", f'      quote: "{ORIGIN_QUOTE}"', f'      quote: "{ORIGIN_QUOTE.replace(chr(39), "’")}"',
         first=True)

    assert problems_of(content_copy) == []


def test_a_duplicate_intent_id_is_reported_with_both_places(content_copy):
    first = line_of(content_copy, "intents/basics.yaml", "- id: origin")
    second = edit(content_copy, "intents/basics.yaml", "- id: founding_idea", "- id: origin")

    problems = problems_of(content_copy)

    assert f"intents/basics.yaml:{second}: duplicate intent id 'origin' (first at intents/basics.yaml:{first})" in problems


def test_an_unknown_related_intent_is_reported_at_its_line(content_copy):
    line = edit(content_copy, "intents/basics.yaml", "  related: [founding_idea, pdhre, forum]", "  related: [founding_idea, pdhre, forumm]")

    problems = problems_of(content_copy)

    assert problems == [f"intents/basics.yaml:{line}: related intent 'forumm' does not exist"]


def test_words_for_a_statement_the_facts_do_not_hold_are_reported_at_their_line(content_copy):
    declared = next(line for line in (content_copy / "knowledge/lexicon/fr.yaml").read_text(encoding="utf-8").split("\n")
                    if line.startswith("    declared: ["))
    line = edit(content_copy, "knowledge/lexicon/fr.yaml", declared, declared.replace("declared:", "declaree:"))

    problems = problems_of(content_copy)

    assert problems == [f"knowledge/lexicon/fr.yaml:{line}: claims.affirmations: 'declaree' is not a statement of "
                        "knowledge/facts.yaml"]


OPTIONS_LINE = '  options: ["1997", "2011", "2015"]'


def _options(n: int) -> str:
    years = ["1997"] + [str(2000 + i) for i in range(n - 1)]
    return "  options: [" + ", ".join(f'"{y}"' for y in years) + "]"


def test_a_quiz_question_with_13_options_is_refused(content_copy):
    line = edit(content_copy, "quiz/questions.yaml", OPTIONS_LINE, _options(13))

    problems = problems_of(content_copy)

    assert english_quiz(problems) == [f"quiz/questions.yaml:{line}: a poll needs 2 to 12 options, this has 13"]


def test_a_quiz_question_with_12_options_is_fine(content_copy):
    edit(content_copy, "quiz/questions.yaml", OPTIONS_LINE, _options(12))

    problems = problems_of(content_copy)

    assert english_quiz(problems) == []
    # Each translation still has the old three options, and is told to follow the English.
    assert problems and all("English has 12 (same order)" in p for p in problems)


EXPLANATION_LINE = "  explanation: The concept of a Human Rights City was launched in 1997 by the People’s Movement for Human Rights Education."


def _explanation(length: int) -> str:
    """An explanation of exactly `length` characters (one YAML line), in words its citation uses."""
    text = ""
    for word in ("The concept of a Human Rights City was launched in 1997 by the People’s Movement for Human "
                 "Rights Education, and " * 4).split():
        if len(text) + 1 + len(word) > length - 1:
            break
        text = f"{text} {word}" if text else word
    text = text.rstrip(",")
    while len(text) + 2 <= length - 1:
        text += " a"
    text += "," * (length - 1 - len(text)) + "."
    assert len(text) == length
    return "  explanation: " + text


def test_a_quiz_explanation_of_201_characters_is_refused(content_copy):
    line = edit(content_copy, "quiz/questions.yaml", EXPLANATION_LINE, _explanation(201))

    problems = problems_of(content_copy)

    assert problems == [f"quiz/questions.yaml:{line}: explanation is 201 characters, the limit is 200"]


def test_a_quiz_explanation_of_200_characters_is_refused_by_check_because_the_poll_adds_its_citation(content_copy):
    # The poll shows "explanation (¶2)" at least, and Telegram's limit of 200 applies to what is shown.
    question_line = line_of(content_copy, "quiz/questions.yaml", "- id: origin_year")
    edit(content_copy, "quiz/questions.yaml", EXPLANATION_LINE, _explanation(200))

    problems = problems_of(content_copy)

    assert problems == [
        f"quiz/questions.yaml:{question_line}: quiz question 'origin_year': explanation with its citation is "
        "205 characters, the limit is 200"
    ]


def test_a_quiz_explanation_that_fits_with_its_citation_is_fine(content_copy):
    edit(content_copy, "quiz/questions.yaml", EXPLANATION_LINE, _explanation(200 - len(" (¶2)")))

    assert problems_of(content_copy) == []


def test_the_same_example_under_two_intents_is_reported(content_copy):
    intent_line = line_of(content_copy, "intents/basics.yaml", "- id: founding_idea")
    edit(
        content_copy, "intents/basics.yaml", '    - "what is the idea behind it"',
        '    - "what is the idea behind it"\n    - "Who started the human rights city idea?"',
    )

    content, problems = check_content(content_copy)

    assert content is not None  # it loads: the bot could run, but the curator is told
    assert [str(p) for p in problems] == [
        f"intents/basics.yaml:{intent_line}: example 'Who started the human rights city idea?' of 'founding_idea' "
        "conflicts with the same example in 'origin'"
    ]


def test_a_place_not_written_as_the_source_writes_it_is_refused(content_copy):
    line = edit(content_copy, "knowledge/places.yaml", "- name: Bogota", "- name: Bogotá City")

    problems = problems_of(content_copy)

    assert f"knowledge/places.yaml:{line}: place 'Bogotá City' is not written this way in any source" in problems


def test_every_problem_reads_file_colon_line_colon_message(content_copy):
    related = edit(content_copy, "intents/basics.yaml", "  related: [founding_idea, pdhre, forum]", "  related: [founding_idea, pdhre, nope]")
    options = edit(content_copy, "quiz/questions.yaml", OPTIONS_LINE, _options(13))
    quote = edit(content_copy, "intents/basics.yaml", f'      quote: "{ORIGIN_QUOTE}"', '      quote: "not in the source at all"', first=True)

    problems = problems_of(content_copy)

    # every problem at once, not just the first (the translations that no longer follow are told too)
    wheres = {p.split(": ")[0] for p in problems}
    assert {f"intents/basics.yaml:{related}", f"quiz/questions.yaml:{options}", f"intents/basics.yaml:{quote}"} <= wheres
    for problem in problems:
        assert PROBLEM_LINE.match(problem), problem


# --- no half-loaded bot ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        ("intents/basics.yaml", "  title: Who launched the idea, and when?", "  title: Who launched: the idea, and when?"),
        ("intents/basics.yaml", f'      quote: "{ORIGIN_QUOTE}"', '      quote: "launched in 1998"'),
        ("intents/basics.yaml", "- id: founding_idea", "- id: origin"),
        ("intents/basics.yaml", "  related: [founding_idea, pdhre, forum]", "  related: [founding_idea, pdhre, forumm]"),
        ("quiz/questions.yaml", OPTIONS_LINE, _options(13)),
    ],
    ids=["yaml", "quote", "duplicate-id", "related", "options"],
)
def test_broken_content_stops_loading_instead_of_half_loading(content_copy, relative, old, new):
    line = edit(content_copy, relative, old, new, first=True)

    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    with pytest.raises(ContentError):
        Engine.load(content_copy)

    problems = caught.value.problems
    assert problems and all(isinstance(p, Problem) for p in problems)
    assert any(p.where == f"{relative}:{line}" for p in problems), [str(p) for p in problems]
    assert str(caught.value).splitlines() == [str(p) for p in problems]


def test_a_folder_without_intents_is_not_content(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path)

    assert caught.value.problems == [Problem(f"{tmp_path.resolve()}:1", "not a content folder (no intents/ inside)")]


# --- the command line on a copy --------------------------------------------------------------


def test_hrc_bot_check_on_a_broken_copy_exits_1_printing_file_line_problem(content_copy):
    line = edit(content_copy, "intents/basics.yaml", "  related: [founding_idea, pdhre, forum]", "  related: [founding_idea, pdhre, forumm]")

    result = hrc_bot("check", "--content-dir", str(content_copy))

    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"intents/basics.yaml:{line}: related intent 'forumm' does not exist"]
    assert result.stderr.strip() == "1 problem(s) found"


def test_hrc_bot_check_reads_the_content_dir_from_the_environment(content_copy):
    line = edit(content_copy, "quiz/questions.yaml", OPTIONS_LINE, _options(13))

    result = hrc_bot("check", env={"HRC_CONTENT_DIR": str(content_copy)})

    assert result.returncode == 1
    assert f"quiz/questions.yaml:{line}: a poll needs 2 to 12 options, this has 13" in result.stdout


def test_hrc_content_dir_makes_ask_answer_from_that_content(content_copy, tmp_path):
    path = content_copy / "intents" / "basics.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    The concept of a Human Rights City was launched in 1997 by the People’s Movement for Human Rights\n    Education.\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "    A campaign's own wording, from its own copy of the content.\n"), encoding="utf-8")

    result = hrc_bot("ask", "--json", "who launched the human rights city idea", env={"HRC_CONTENT_DIR": str(content_copy)}, cwd=tmp_path)
    shipped = hrc_bot("ask", "--json", "who launched the human rights city idea", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["intent"] == "origin"
    assert answer["answer"] == "A campaign's own wording, from its own copy of the content."
    assert json.loads(shipped.stdout)["answer"].startswith("The concept of a Human Rights City was launched in 1997")


def test_ask_on_broken_content_exits_1_with_the_problem_and_no_answer(content_copy):
    line = edit(content_copy, "intents/basics.yaml", "  title: Who launched the idea, and when?", "  title: Who launched: the idea, and when?")

    result = hrc_bot("ask", "--json", "what is a human rights city", env={"HRC_CONTENT_DIR": str(content_copy)})

    assert result.returncode == 1
    assert result.stdout == ""
    assert any(line_.startswith(f"intents/basics.yaml:{line}: invalid YAML: mapping values are not allowed")
               for line_ in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.stderr

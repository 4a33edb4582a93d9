"""The command line: `hrc-bot ask --json` keeps the contract other tools rely on (DESIGN.md), any text
a person can type gets a sensible reply, and the other commands behave at the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
HRC_BOT = Path(sys.executable).with_name("hrc-bot")
FIELDS = ["question", "matched", "intent", "confidence", "city", "answer", "citations", "suggestions", "verdict",
          "language"]
TIMEOUT = 60


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a fresh terminal: no token, no content override, unless a test sets one."""
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "HRC_CONTENT_DIR")}
    env.update(extra)
    return env


def run(args: list[str], stdin: str | None = None, cwd: Path | None = None, env: dict[str, str] | None = None,
        module: bool = True) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "bot", *args] if module else [str(HRC_BOT), *args]
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT,
        cwd=cwd or REPO_ROOT, env=env or clean_env(),
    )


def ask_lines(lines: list[str]) -> list[dict]:
    result = run(["ask", "--json", "-"], stdin="".join(line + "\n" for line in lines))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def assert_contract(answer: dict, engine) -> None:
    """Every field of DESIGN.md's table, with its type and meaning."""
    assert list(answer) == FIELDS
    assert isinstance(answer["question"], str)
    assert isinstance(answer["matched"], bool)
    if answer["matched"]:
        assert isinstance(answer["intent"], str) and answer["intent"] in engine.intents
    else:
        assert answer["intent"] is None
    assert isinstance(answer["confidence"], float) and 0.0 <= answer["confidence"] <= 1.0
    city = answer["city"]
    if city is not None:
        assert list(city) == ["name", "country", "listed"]
        assert isinstance(city["name"], str) and city["name"]
        assert city["country"] is None or isinstance(city["country"], str)
        assert isinstance(city["listed"], bool)
        if city["listed"]:
            assert city["name"] in {p.name for p in engine.content.places}
    assert isinstance(answer["answer"], str) and answer["answer"].strip()
    assert "<" not in answer["answer"] and "http" not in answer["answer"]
    assert isinstance(answer["citations"], list)
    for citation in answer["citations"]:
        # A translation only beside an answer in another language than the source's.
        assert list(citation) == ["source", "paragraph", "quote"] + (["translation"] if answer["language"] != "en" else [])
        source = engine.content.sources[citation["source"]]
        assert isinstance(citation["paragraph"], int) and 1 <= citation["paragraph"] <= len(source.paragraphs)
        assert isinstance(citation["quote"], str) and citation["quote"] in source.paragraphs[citation["paragraph"] - 1]
    assert isinstance(answer["suggestions"], list)
    titles = {i.title_in(answer["language"]) for i in engine.intents.values()}
    assert all(isinstance(s, str) and s in titles for s in answer["suggestions"])
    assert answer["verdict"] in (None, "yes", "no", "not_said")
    assert answer["language"] in engine.languages


def assert_sensible(answer: dict) -> None:
    """A real answer, or a polite fallback that points to what the bot can answer."""
    if answer["matched"]:
        assert answer["intent"]
    else:
        assert answer["suggestions"], answer
    assert len(answer["answer"]) > 20


# --- the JSON contract -----------------------------------------------------------------------


def test_ask_json_prints_one_object_with_every_contract_field(engine):
    result = run(["ask", "--json", "What is a Human Rights City?"])

    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1
    answer = json.loads(result.stdout)
    assert_contract(answer, engine)
    assert answer["question"] == "What is a Human Rights City?"
    assert answer["matched"] is True and answer["intent"] == "what_is_hrc"
    assert answer["city"] is None
    assert {c["paragraph"] for c in answer["citations"]} == {2, 6}
    follow_ups = engine.intents["what_is_hrc"].related[:3]
    assert answer["suggestions"] == [engine.intents[i].title for i in follow_ups]


def test_ask_json_for_an_unlisted_place_gives_city_listed_false(engine):
    answer = json.loads(run(["ask", "--json", "Is", "Vienna", "a", "human", "rights", "city?"]).stdout)

    assert_contract(answer, engine)
    assert answer["question"] == "Is Vienna a human rights city?"  # words of the command line joined
    assert answer["city"] == {"name": "Vienna", "country": "Austria", "listed": False}
    assert "doesn't name Vienna among the places" in answer["answer"] and "not complete" in answer["answer"]
    assert answer["verdict"] == "not_said"  # honest: absent from an incomplete list is not a "no"


def test_ask_json_for_a_listed_place_cites_it_and_for_nonsense_falls_back(engine):
    listed, nonsense = ask_lines(["is utrech a human rights city", "tell me a joke"])

    assert_contract(listed, engine)
    assert listed["city"] == {"name": "Utrecht", "country": "the Netherlands", "listed": True}
    assert any(c["quote"] == "Utrecht (the Netherlands)" for c in listed["citations"])
    assert_contract(nonsense, engine)
    assert nonsense["matched"] is False and nonsense["intent"] is None and nonsense["suggestions"]


def test_ask_json_stdin_answers_every_line_in_order_empty_lines_included(engine):
    lines = ["what is a human rights city", "", "is vienna one", "   ", "any in germany", "tell me a joke"]

    answers = ask_lines(lines)

    assert [a["question"] for a in answers] == lines
    for answer in answers:
        assert_contract(answer, engine)
    assert [a["matched"] for a in answers] == [True, False, True, False, True, False]
    assert answers[1]["answer"] == answers[3]["answer"]  # both blank: "please type a question"


def test_ask_json_stdin_accepts_windows_line_endings(engine):
    result = run(["ask", "--json", "-"], stdin="what is a human rights city\r\nis graz one\r\n")

    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == ["what is a human rights city", "is graz one"]
    assert [a["intent"] for a in answers] == ["what_is_hrc", "place_listed"]


def test_ask_json_stdin_with_no_input_prints_nothing():
    result = run(["ask", "--json", "-"], stdin="")

    assert result.returncode == 0 and result.stdout == ""


def test_ask_without_json_prints_the_answer_and_its_source():
    result = run(["ask", "who launched the human rights city idea"])

    assert result.returncode == 0
    assert "1997" in result.stdout
    assert "Source: “The concept of a Human Rights City was launched in 1997" in result.stdout
    assert "¶2" in result.stdout


# --- malformed input never crashes -----------------------------------------------------------

MALFORMED = {
    "empty": "",
    "spaces": "     ",
    "10000 chars": "a" * 10_000,
    "10000 chars of words": ("is graz a human rights city and what about the weather " * 200)[:10_000],
    "emoji only": "😀😀🎉🏳️‍🌈",
    "control characters": "what\x00 is a\x07 human rights city\x08",
    "terminal escape sequence": "what is a human rights city\x1b[31m",
    "only control characters": "\x00\x01\x02\x1b",
    "bidi and zero-width marks": "\u202ewhat is a \u200bhuman rights\u200f city\u202c",
    "arabic": "ما هي مدينة حقوق الإنسان؟",
    "hebrew": "מהי עיר זכויות אדם?",
    "arabic with a place": "هل برشلونة مدينة حقوق إنسان؟ Barcelona",
    "script tag": "<script>alert('x')</script>",
    "html around a place": "<b>is Graz a human rights city?</b>",
    "sql-ish": "'; DROP TABLE answers; --",
    "lone punctuation": "???!!!...",
    "numbers": "1997 2011 2015",
    "surrogate-free astral": "𝔴𝔥𝔞𝔱 𝔦𝔰 𝔞 𝔥𝔲𝔪𝔞𝔫 𝔯𝔦𝔤𝔥𝔱𝔰 𝔠𝔦𝔱𝔶",
}


@pytest.fixture(scope="module")
def malformed() -> dict[str, dict]:
    """Every malformed line through one `ask --json -` run, by name."""
    names = list(MALFORMED)
    answers = ask_lines([MALFORMED[n] for n in names])
    assert len(answers) == len(names)
    return dict(zip(names, answers))


def test_malformed_lines_never_crash_ask_and_each_gets_a_sensible_reply(engine, malformed):
    for name, answer in malformed.items():
        assert_contract(answer, engine)
        assert answer["question"] == MALFORMED[name], name
        assert_sensible(answer)


@pytest.mark.parametrize("name", ["empty", "spaces", "emoji only", "only control characters", "lone punctuation"])
def test_input_without_words_is_asked_to_type_a_question(malformed, name):
    answer = malformed[name]

    assert answer["matched"] is False
    assert answer["answer"].startswith("Please type a question in words")
    assert "What is a Human Rights City?" in answer["suggestions"]


@pytest.mark.parametrize("name", ["script tag", "arabic", "hebrew", "10000 chars", "sql-ish"])
def test_input_the_bot_cannot_read_falls_back_politely(malformed, name):
    answer = malformed[name]

    assert answer["matched"] is False
    assert answer["answer"].startswith("I can only answer from the material")
    assert "<script>" not in answer["answer"]


@pytest.mark.parametrize("name", ["bidi and zero-width marks", "control characters"])
def test_invisible_and_control_characters_do_not_hide_the_question(malformed, name):
    answer = malformed[name]

    assert answer["matched"] is True and answer["intent"] == "what_is_hrc", answer


def test_html_around_a_question_about_a_place_still_finds_the_place(malformed):
    assert malformed["html around a place"]["city"] == {"name": "Graz", "country": "Austria", "listed": True}


def test_a_place_written_in_latin_letters_inside_arabic_text_is_found(malformed):
    assert malformed["arabic with a place"]["city"] == {"name": "Barcelona", "country": "Spain", "listed": True}


def test_long_input_as_an_argument_is_answered(engine):
    result = run(["ask", "--json", "x" * 10_000])

    assert result.returncode == 0
    answer = json.loads(result.stdout)
    assert_contract(answer, engine)
    assert len(answer["question"]) == 10_000 and answer["matched"] is False


def test_a_question_wrapped_in_html_tags_is_not_answered_about_something_else(engine):
    answer = engine.ask("<p>what is a human rights city?</p>")

    assert not answer.matched or answer.intent.id == "what_is_hrc", answer.intent.id


# --- anywhere, any way it is started ---------------------------------------------------------


def test_hrc_bot_ask_works_from_another_working_directory(tmp_path, engine):
    assert HRC_BOT.is_file()
    result = run(["ask", "--json", "what is a human rights city"], cwd=tmp_path, module=False)

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert_contract(answer, engine)
    assert answer["intent"] == "what_is_hrc" and answer["citations"]


def test_python_dash_m_bot_answers_like_hrc_bot(tmp_path):
    by_module = run(["ask", "--json", "is there one in japan"], cwd=tmp_path)
    by_script = run(["ask", "--json", "is there one in japan"], cwd=tmp_path, module=False)

    assert by_module.returncode == 0 and by_script.returncode == 0
    assert json.loads(by_module.stdout) == json.loads(by_script.stdout)
    assert "Sakai (Japan)" in json.loads(by_module.stdout)["answer"]


# --- chat --------------------------------------------------------------------------------


def test_chat_answers_a_question_with_its_citation_then_quits():
    result = run(["chat"], stdin="who launched the human rights city idea\n\nis vienna one\nquit\nwhat is the duty to respect\n")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Ask me about Human Rights Cities.")
    assert "The concept of a Human Rights City was launched in 1997" in out
    assert "Source: “The concept of a Human Rights City was launched in 1997 by the People’s Movement" in out
    assert "What is a Human Rights City?, ¶2" in out
    assert "The material doesn't name Vienna among the places" in out
    assert "duty to respect means" not in out  # typed after "quit"
    assert out.rstrip().endswith("Goodbye!")


def test_chat_ends_cleanly_at_end_of_input():
    result = run(["chat"], stdin="what is a human rights city\n")

    assert result.returncode == 0
    assert "officially declared" in result.stdout
    assert result.stdout.rstrip().endswith("Goodbye!")
    assert "Traceback" not in result.stderr


# --- eval --------------------------------------------------------------------------------


def test_hrc_bot_eval_prints_the_three_accuracy_lines():
    result = run(["eval", "tests/eval/dev.yaml"])

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "== tests/eval/dev.yaml"
    for label in ("in-scope accuracy", "out-of-scope rejected", "places recognised"):
        line = next(line for line in lines if line.startswith(label))
        assert "%" in line and "/" in line, line


# --- run ---------------------------------------------------------------------------------


def test_run_without_a_token_exits_2_with_one_clear_line(tmp_path):
    result = run(["run"], env=clean_env(HRC_DATA_DIR=str(tmp_path)))

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "hrc-bot: TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token"
    ]


def test_run_with_a_blank_token_is_the_same_as_no_token(tmp_path):
    result = run(["run"], env=clean_env(HRC_DATA_DIR=str(tmp_path), TELEGRAM_BOT_TOKEN="   "))

    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr


@pytest.mark.parametrize(
    "token",
    [
        "my-secret-token-value",
        "123456:short-secret",
        "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!secret",
        "12345678:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123 extra",
    ],
)
def test_run_with_a_malformed_token_exits_2_and_never_prints_it(tmp_path, token):
    result = run(["run"], env=clean_env(HRC_DATA_DIR=str(tmp_path), TELEGRAM_BOT_TOKEN=token))

    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("hrc-bot: TELEGRAM_BOT_TOKEN is malformed")
    for secret in {token, token.split(":")[-1], "secret"}:
        assert secret not in result.stderr and secret not in result.stdout

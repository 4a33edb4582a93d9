"""What the bot survives: any text through the Telegram rendering, and Telegram misbehaving mid-quiz
or mid-conversation (429 storms, 500s, dropped connections)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.engine import Engine
from bot.quiz.bank import utf16_len
from bot.text import strip_control
from bot.telegram import render
from tests.botharness import QuizTime, recorded_answers, running_bot
from tests.fakebot import eventually
from tests.fakebot import updates as U
from tests.fakebot.server import FakeBotApi
from tests.fakebot.validate import validate_html, validate_reply_markup

ENGINE = Engine.load()
GROUP = -1001000000777
TEACHER, STUDENTS = 900, (901, 902, 903)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=1500))
def test_any_text_renders_as_valid_telegram_html_within_limits(text):
    answer = ENGINE.ask(text)
    content = ENGINE.content
    parts = render.split_html(render.answer_blocks(answer, content))  # quotes, translations, notes

    assert parts
    for part in parts:
        assert utf16_len(part) <= render.MESSAGE_LIMIT
        validate_html(part)  # raises what Telegram would answer with a 400
    keyboard = render.answer_keyboard(answer, content)
    if keyboard is not None:
        validate_reply_markup(keyboard.to_dict())


@given(st.lists(st.text(max_size=3000), min_size=1, max_size=6))
@example(["\x00"])
@settings(max_examples=150, deadline=None)
def test_long_plain_text_is_split_into_valid_messages_without_losing_text(paragraphs):
    # (A paragraph of control characters alone is nothing Telegram can show; the bot never sends one:
    # questions are read without them, bot.text.strip_control.)
    blocks = [render.escape(p) for p in paragraphs if strip_control(p).strip()]
    parts = render.split_html(blocks)

    for part in parts:
        assert utf16_len(part) <= render.MESSAGE_LIMIT
        if part.strip():
            validate_html(part)
    # nothing but white space is lost or added at the cuts
    assert "".join("".join(parts).split()) == "".join("".join(blocks).split())


@pytest.fixture
def api():
    with FakeBotApi(privacy_mode=False) as server:
        yield server


async def test_a_429_storm_delays_answers_but_loses_none(api, tmp_path):
    users = range(7000, 7010)
    async with running_bot(api, tmp_path):
        api.fail_next("sendMessage", 429, retry_after=1, count=6)
        for user in users:
            api.push_update(U.private_text(user, "what is the duty to respect"))
        for user in users:
            await api.wait_for("sendMessage", chat_id=user)
    assert sum(f.error_code == 429 for f in api.failed_calls) == 6
    assert all(len(api.texts(user)) == 1 for user in users)


async def test_a_class_quiz_finishes_with_right_scores_through_429s_500s_and_dropped_connections(
    api, tmp_path, monkeypatch
):
    quiz_time = QuizTime(monkeypatch, api)
    async with running_bot(api, tmp_path) as app:
        api.fail_next("sendPoll", 429, retry_after=1, count=2)
        api.fail_next("sendPoll", 500)
        api.push_update(U.command(TEACHER, "/quiz", "duties 3 5", chat=GROUP))
        await api.wait_for("sendMessage", chat_id=GROUP)
        answers = 0
        for number in range(3):
            sent = await api.wait_for("sendPoll", chat_id=GROUP)
            poll = api.result_for(sent)["poll"]
            right = poll["correct_option_ids"][0]
            for student in STUDENTS[: number + 1]:  # 1, then 2, then 3 students answer right
                api.answer_poll(poll["id"], student, [right])
                answers += 1
            await eventually(lambda: recorded_answers(app, GROUP) == answers, what=f"{answers} answers")
            if number == 1:
                api.drop_next("sendPoll")
                api.fail_next("sendMessage", 500)
            quiz_time.time_up(5)
        results = await api.wait_for("sendMessage", predicate=lambda p: "Quiz results" in p["text"], chat_id=GROUP)
        await quiz_time.sweeps_pass()  # none may announce the results a second time
    board = results["text"].split("Question by question")[0]
    assert "User901 – 3/3" in board and "User902 – 2/3" in board and "User903 – 1/3" in board
    assert sum("Quiz results" in t for t in api.texts(GROUP)) == 1
    assert {f.error_code for f in api.failed_calls} >= {429, 500}

"""Quizzes end to end: the real Application against the fake Bot API, students voting in real polls."""

from __future__ import annotations

import logging
import re
import signal
import sqlite3
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

import bot.telegram.quiz as quiz_module
from bot.config import Settings
from bot.telegram.app import build_application
from bot.telegram.services import KEY
from tests.botharness import CapturedLogs, ManualClock, QuizTime, bot_process, recorded_answers
from tests.fakebot import FakeBotApi, eventually, fake_api, updates  # noqa: F401 - fake_api is a fixture
from tests.fakebot.server import run_application

GROUP = -1001000000042
TEACHER, ADMIN, OWNER = 500, 501, 502
ANA, BEN, CLEO = 601, 602, 603


@pytest.fixture
def quiz_time(monkeypatch: pytest.MonkeyPatch, fake_api: FakeBotApi) -> QuizTime:
    """Questions end when the test says so (see QuizTime), never because the machine was slow."""
    return QuizTime(monkeypatch, fake_api)


def make_app(api: FakeBotApi, data_dir: Path):
    return build_application(Settings(token=api.token, api_base_url=api.base_url, data_dir=data_dir), rate_limit=False)


async def start(app) -> None:
    await app.initialize()
    await app.updater.start_polling(poll_interval=0, timeout=1)
    await app.start()


async def crash(app) -> None:
    """Stop fetching and drop every timer, with no shutdown hook at all: what a kill -9 leaves."""
    await app.updater.stop()
    await app.stop()


@asynccontextmanager
async def running(api: FakeBotApi, data_dir: Path):
    async with run_application(make_app(api, data_dir)) as app:
        yield app


def sessions_of(app):
    return app.bot_data[KEY].extras["quiz"].sessions


async def answers_reach(app, count: int, chat_id: int = GROUP) -> None:
    await eventually(lambda: recorded_answers(app, chat_id) == count, what=f"{count} recorded answers")


def poll_of(api: FakeBotApi, params: dict) -> dict:
    return api.result_for(params)["poll"]


def wrong(poll: dict) -> int:
    return (poll["correct_option_ids"][0] + 1) % len(poll["options"])


def right(poll: dict) -> int:
    return poll["correct_option_ids"][0]


# --- a class quiz in a group ---------------------------------------------------------------------

async def test_group_quiz_scores_right_wrong_and_late_answers_then_shows_the_leaderboard(fake_api, tmp_path, quiz_time):
    async with running(fake_api, tmp_path) as app:
        fake_api.push_update(updates.command(TEACHER, "/quiz", "duties 3 5", chat=GROUP))
        intro = await fake_api.wait_for("sendMessage", chat_id=GROUP)
        assert "Class quiz" in intro["text"] and "3 questions" in intro["text"] and "5 seconds" in intro["text"]

        sent = await fake_api.wait_for("sendPoll", chat_id=GROUP)
        assert sent["type"] == "quiz" and sent["is_anonymous"] is False
        assert sent["open_period"] == 5 and "correct_option_id" not in sent
        assert isinstance(sent["correct_option_ids"], list) and len(sent["correct_option_ids"]) == 1
        assert sent["question"].startswith("1/3. ")
        assert re.search(r"Source: What is a Human Rights City\?, ¶\d", sent["explanation"])
        assert len(sent["explanation"]) <= 200
        q1 = poll_of(fake_api, sent)
        fake_api.answer_poll(q1["id"], ANA, [right(q1)])
        fake_api.answer_poll(q1["id"], BEN, [wrong(q1)])
        await answers_reach(app, 2)
        quiz_time.time_up(5)

        q2 = poll_of(fake_api, await fake_api.wait_for("sendPoll", chat_id=GROUP))
        # Cleo's answer to the first poll is delivered after the class moved on: too late to count
        fake_api.push_update(updates.poll_answer(q1["id"], CLEO, [right(q1)]))
        fake_api.push_update(updates.poll_answer(q1["id"], ANA, [right(q1)]))  # a redelivery: counted once
        fake_api.answer_poll(q2["id"], ANA, [right(q2)])
        fake_api.answer_poll(q2["id"], BEN, [right(q2)])
        await answers_reach(app, 4)
        quiz_time.clock.advance(2)  # Cleo takes two seconds longer than Ben
        fake_api.answer_poll(q2["id"], CLEO, [right(q2)])
        await answers_reach(app, 5)
        quiz_time.time_up(5)

        q3 = poll_of(fake_api, await fake_api.wait_for("sendPoll", chat_id=GROUP))
        fake_api.answer_poll(q3["id"], ANA, [right(q3)])
        fake_api.answer_poll(q3["id"], CLEO, [wrong(q3)])
        await answers_reach(app, 7)
        quiz_time.time_up(5)

        results = await fake_api.wait_for("sendMessage", chat_id=GROUP)
        await fake_api.wait_handled(app)  # the late answer and the redelivery were handled too
        assert recorded_answers(app, GROUP) == 7
    text = results["text"]
    assert "Quiz results" in text and "3 of 3 questions asked, 3 taking part" in text
    board = text.split("Question by question")[0]
    assert "🥇 User601 – 3/3" in board
    # Ben and Cleo tie on points; the time they took on their correct answers decides
    assert "🥈 User602 – 1/3" in board and "🥉 User603 – 1/3" in board
    per_question = text.split("Question by question")[1]
    assert "1 of 2 right" in per_question and "3 of 3 right" in per_question and "1 of 2 right, fastest: User601" in per_question
    assert results["reply_markup"]["inline_keyboard"][0][0]["callback_data"].startswith("1|qz|again|")
    assert sum("Quiz results" in t for t in fake_api.texts(GROUP)) == 1  # announced once
    assert not fake_api.failed_calls


async def test_a_class_quiz_posts_its_first_question_once_even_when_the_sweep_gets_there_first(fake_api, tmp_path,
                                                                                                quiz_time):
    # The introduction is slow to go out; meanwhile the sweep finds the new quiz's first question unposted
    # and posts it. When /quiz comes back, the question is out: it is not posted a second time.
    intro = fake_api.hold_next("sendMessage", chat_id=GROUP)
    async with running(fake_api, tmp_path):
        fake_api.push_update(updates.command(TEACHER, "/quiz", "basics 3 30", chat=GROUP))
        await intro.wait_reached()
        first = await fake_api.wait_for("sendPoll", chat_id=GROUP)
        await quiz_time.sweeps_pass(2)  # (the sweep recorded the poll it posted)
        intro.release()
        await fake_api.wait_for("sendMessage", chat_id=GROUP)
        await quiz_time.sweeps_pass(2)

        assert fake_api.count("sendPoll", chat_id=GROUP) == 1
        assert poll_of(fake_api, first)["question"].startswith("1/3. ")


async def test_a_class_quiz_moves_on_by_its_own_timer_when_nobody_answers(fake_api, tmp_path, monkeypatch):
    # The real clock, and a sweep too slow to help: only each question's own timer moves the quiz on.
    monkeypatch.setattr(quiz_module, "TIME_SCALE", 0.1)
    monkeypatch.setattr(quiz_module, "GRACE_SECONDS", 0.1)
    monkeypatch.setattr(quiz_module, "SWEEP_SECONDS", 3600)
    async with running(fake_api, tmp_path):
        fake_api.push_update(updates.command(TEACHER, "/quiz", "basics 2 5", chat=GROUP))
        await fake_api.wait_for("sendMessage", chat_id=GROUP)
        first = await fake_api.wait_for("sendPoll", chat_id=GROUP)
        second = await fake_api.wait_for("sendPoll", chat_id=GROUP)
        results = await fake_api.wait_for("sendMessage", chat_id=GROUP)
    assert first["question"].startswith("1/2. ") and second["question"].startswith("2/2. ")
    assert "2 of 2 questions asked, 0 taking part" in results["text"]


async def test_a_timer_that_fires_before_the_quiz_clock_says_time_is_up_does_not_move_on(
        fake_api, tmp_path, quiz_time, monkeypatch):
    # Timers only wake the bot up: the quiz clock decides (a wall-clock jump, a slow machine).
    monkeypatch.setattr(quiz_module, "TIME_SCALE", 0.01)
    monkeypatch.setattr(quiz_module, "GRACE_SECONDS", 0.05)
    fired = 0
    real_question_over = quiz_module.question_over

    async def counted(context) -> None:
        nonlocal fired
        await real_question_over(context)
        fired += 1

    monkeypatch.setattr(quiz_module, "question_over", counted)
    async with running(fake_api, tmp_path) as app:
        fake_api.push_update(updates.command(TEACHER, "/quiz", "basics 2 5", chat=GROUP))
        await fake_api.wait_for("sendPoll", chat_id=GROUP)
        await eventually(lambda: fired >= 3, what="the question's timer to fire three times")
        await fake_api.wait_handled(app)
        assert fake_api.count("sendPoll", chat_id=GROUP) == 1
        quiz_time.clock.advance(1)
        second = await fake_api.wait_for("sendPoll", chat_id=GROUP)
    assert second["question"].startswith("2/2. ")


async def test_student_names_are_escaped_in_the_leaderboard(fake_api, tmp_path, quiz_time):
    async with running(fake_api, tmp_path) as app:
        fake_api.push_update(updates.command(TEACHER, "/quiz", "gwangju 1 5", chat=GROUP))
        await fake_api.wait_for("sendMessage", chat_id=GROUP)
        poll = poll_of(fake_api, await fake_api.wait_for("sendPoll", chat_id=GROUP))
        fake_api.push_update(updates.poll_answer(poll["id"], ANA, [right(poll)], first_name="<b>Ana</b> & Co"))
        await answers_reach(app, 1)
        quiz_time.time_up(5)
        results = await fake_api.wait_for("sendMessage", chat_id=GROUP)
    assert "&lt;b&gt;Ana&lt;/b&gt; &amp; Co – 1/1" in results["text"]
    assert not fake_api.failed_calls


async def test_only_the_starter_or_an_admin_may_stop_a_class_quiz_or_start_another(fake_api, tmp_path, quiz_time):
    fake_api.set_admins(GROUP, creator=OWNER, admins=[ADMIN])
    async with running(fake_api, tmp_path) as app:
        fake_api.push_update(updates.command(TEACHER, "/quiz", "basics 5 60", chat=GROUP))
        await fake_api.wait_for("sendMessage", chat_id=GROUP)
        first = await fake_api.wait_for("sendPoll", chat_id=GROUP)

        fake_api.push_update(updates.command(ANA, "/quiz", "stop", chat=GROUP))
        refusal = await fake_api.wait_for("sendMessage", chat_id=GROUP)
        assert refusal["text"].startswith("Sorry, only whoever started this quiz or a chat admin can stop it")
        fake_api.push_update(updates.command(ANA, "/quiz", chat=GROUP))
        refusal = await fake_api.wait_for("sendMessage", chat_id=GROUP)
        assert "already running" in refusal["text"]
        assert sessions_of(app).store.running_in(GROUP) is not None

        fake_api.push_update(updates.command(TEACHER, "/quiz", "stop", chat=GROUP))
        stopped = await fake_api.wait_for("stopPoll", chat_id=GROUP)
        assert stopped["message_id"] == fake_api.result_for(first)["message_id"]
        results = await fake_api.wait_for("sendMessage", chat_id=GROUP)
        assert "(stopped early)" in results["text"] and "1 of 5 questions asked" in results["text"]
        assert sessions_of(app).store.running_in(GROUP) is None

        # Ana may start one now that none runs; a chat admin may stop it
        fake_api.push_update(updates.command(ANA, "/quiz", "places 2 30", chat=GROUP))
        await fake_api.wait_for("sendMessage", chat_id=GROUP)
        await fake_api.wait_for("sendPoll", chat_id=GROUP)
        fake_api.push_update(updates.command(ADMIN, "/quiz", "stop", chat=GROUP))
        await fake_api.wait_for("stopPoll", chat_id=GROUP)
        assert "Quiz results" in (await fake_api.wait_for("sendMessage", chat_id=GROUP))["text"]

        # the owner starting over a running quiz closes it (with its results) and starts anew
        fake_api.push_update(updates.command(BEN, "/quiz", "local 2 30", chat=GROUP))
        await fake_api.wait_for("sendMessage", chat_id=GROUP)
        await fake_api.wait_for("sendPoll", chat_id=GROUP)
        fake_api.push_update(updates.command(OWNER, "/quiz", "duties 2 30", chat=GROUP))
        assert "Quiz results" in (await fake_api.wait_for("sendMessage", chat_id=GROUP))["text"]
        assert "The three duties" in (await fake_api.wait_for("sendMessage", chat_id=GROUP))["text"]
        assert sessions_of(app).store.running_in(GROUP).started_by == OWNER
        await quiz_time.sweeps_pass()  # none may announce the stopped quizzes again
    assert sum("Quiz results" in t for t in fake_api.texts(GROUP)) == 3
    assert not fake_api.failed_calls


async def test_quiz_arguments_are_checked_before_anything_starts(fake_api, tmp_path):
    async with running(fake_api, tmp_path) as app:
        for args, expected in [("cooking", "no quiz topic called “cooking”"), ("basics 5 3", "5 to 600 seconds"),
                               ("basics 99", "1 to 30 questions"), ("help", "/quiz stop")]:
            fake_api.push_update(updates.command(TEACHER, "/quiz", args, chat=GROUP))
            assert expected in (await fake_api.wait_for("sendMessage", chat_id=GROUP))["text"]
        fake_api.push_update(updates.command(TEACHER, "/quiz", "stop", chat=GROUP))
        assert "No quiz is running" in (await fake_api.wait_for("sendMessage", chat_id=GROUP))["text"]
        assert sessions_of(app).store.latest_in(GROUP) is None
    assert not fake_api.sent("sendPoll")


# --- durability ----------------------------------------------------------------------------------

async def test_a_crash_mid_quiz_loses_no_answer_and_counts_none_twice(fake_api, tmp_path, quiz_time):
    first = make_app(fake_api, tmp_path)
    await start(first)
    fake_api.push_update(updates.command(TEACHER, "/quiz", "global 3 5", chat=GROUP))
    await fake_api.wait_for("sendMessage", chat_id=GROUP)
    q1 = poll_of(fake_api, await fake_api.wait_for("sendPoll", chat_id=GROUP))
    fake_api.answer_poll(q1["id"], ANA, [right(q1)])
    fake_api.answer_poll(q1["id"], BEN, [wrong(q1)])
    await answers_reach(first, 2)
    await crash(first)

    # while the bot is down: Cleo votes (Telegram keeps it), and Ana's vote is delivered again
    fake_api.answer_poll(q1["id"], CLEO, [right(q1)])
    fake_api.push_update(updates.poll_answer(q1["id"], ANA, [right(q1)]))
    quiz_time.time_up(5)  # the first question's time runs out with nobody watching

    async with running(fake_api, tmp_path) as second:
        q2 = poll_of(fake_api, await fake_api.wait_for("sendPoll", chat_id=GROUP))
        assert q2["question"].startswith("2/3. ")
        await answers_reach(second, 3)
        for student in (ANA, BEN, CLEO):
            fake_api.answer_poll(q2["id"], student, [right(q2)])
        await answers_reach(second, 6)
        quiz_time.time_up(5)
        q3 = poll_of(fake_api, await fake_api.wait_for("sendPoll", chat_id=GROUP))
        fake_api.answer_poll(q3["id"], BEN, [right(q3)])
        await answers_reach(second, 7)
        quiz_time.time_up(5)
        results = await fake_api.wait_for("sendMessage", chat_id=GROUP)
        await fake_api.wait_handled(second)  # Ana's redelivered vote included
        run = sessions_of(second).store.latest_in(GROUP)
        answers = sessions_of(second).store.answers(run.id)
    await first.shutdown()
    assert len(answers) == 7
    assert len({(a.question_index, a.user_id) for a in answers}) == 7
    assert "User601 – 2/3" in results["text"] and "User602 – 2/3" in results["text"]
    assert "User603 – 2/3" in results["text"]
    assert len(fake_api.sent("sendPoll", chat_id=GROUP)) == 3  # no question asked twice


async def test_a_quiz_whose_last_question_ran_out_during_a_crash_closes_with_its_results(fake_api, tmp_path, quiz_time):
    first = make_app(fake_api, tmp_path)
    await start(first)
    fake_api.push_update(updates.command(TEACHER, "/quiz", "gwangju 1 5", chat=GROUP))
    await fake_api.wait_for("sendMessage", chat_id=GROUP)
    q1 = poll_of(fake_api, await fake_api.wait_for("sendPoll", chat_id=GROUP))
    fake_api.answer_poll(q1["id"], ANA, [right(q1)])
    await answers_reach(first, 1)
    await crash(first)
    quiz_time.time_up(5)
    async with running(fake_api, tmp_path) as second:
        results = await fake_api.wait_for("sendMessage", chat_id=GROUP)
        assert sessions_of(second).store.running_in(GROUP) is None
    await first.shutdown()
    assert "🥇 User601 – 1/1" in results["text"]


# --- practice in a private chat --------------------------------------------------------------------

async def test_private_practice_runs_at_the_students_pace_then_shows_what_to_review(fake_api, tmp_path):
    async with running(fake_api, tmp_path) as app:
        fake_api.push_update(updates.command(ANA, "/quiz", "duties 3"))
        intro = await fake_api.wait_for("sendMessage", chat_id=ANA)
        assert "Practice quiz" in intro["text"]
        questions = []
        for index, correct in enumerate((True, False, True)):
            sent = await fake_api.wait_for("sendPoll", chat_id=ANA)
            assert "open_period" not in sent and sent["is_anonymous"] is False
            poll = poll_of(fake_api, sent)
            questions.append(poll)
            await fake_api.wait_handled(app)
            assert fake_api.count("sendPoll", chat_id=ANA) == index + 1  # it waits for the student
            fake_api.answer_poll(poll["id"], ANA, [right(poll) if correct else wrong(poll)])
        results = await fake_api.wait_for("sendMessage", chat_id=ANA)
        text = results["text"]
        assert text.startswith("<b>Your score: 2/3</b>")
        missed = questions[1]
        assert missed["question"].split(". ", 1)[1] in text.replace("&#x27;", "'")
        assert f"(you chose: {missed['options'][wrong(missed)]['text']})" in text
        assert "<blockquote expandable>" in text and "¶4" in text

        fake_api.push_update(updates.command(ANA, "/score"))
        score = await fake_api.wait_for("sendMessage", chat_id=ANA)
        assert "2 of 3 answers right (67%)" in score["text"] and "The three duties: 2/3" in score["text"]

        fake_api.press_button(ANA, text="🔁 Play again, new order")
        await fake_api.wait_for("answerCallbackQuery")
        assert "Practice quiz" in (await fake_api.wait_for("sendMessage", chat_id=ANA))["text"]
        replay = poll_of(fake_api, await fake_api.wait_for("sendPoll", chat_id=ANA))
        asked = {q["question"].split(". ", 1)[1] for q in questions}
        assert replay["question"].split(". ", 1)[1] in asked
    assert not fake_api.failed_calls


async def test_a_vote_that_arrives_before_the_bot_has_stored_its_poll_still_counts(fake_api, tmp_path):
    # The poll is in the chat and voted on while Telegram's answer to sendPoll (with the poll's id)
    # is still on its way to the bot: the vote must wait for it, not be dropped as unknown.
    logs = CapturedLogs()
    quiz_log = logging.getLogger(quiz_module.__name__)
    quiz_log.addHandler(logs)
    level = quiz_log.level
    quiz_log.setLevel(logging.DEBUG)
    try:
        async with running(fake_api, tmp_path) as app:
            in_flight = fake_api.hold_next("sendPoll", chat_id=ANA, effect_first=True)
            fake_api.push_update(updates.command(ANA, "/quiz", "duties 1"))
            poll = poll_of(fake_api, await fake_api.wait_for("sendPoll", chat_id=ANA))
            fake_api.answer_poll(poll["id"], ANA, [right(poll)])
            await eventually(lambda: "before its poll was stored" in logs.text(), what="the vote to wait")
            assert recorded_answers(app, ANA) == 0
            in_flight.release()
            results = await fake_api.wait_for("sendMessage", lambda p: "Your score" in p["text"], chat_id=ANA)
    finally:
        quiz_log.removeHandler(logs)
        quiz_log.setLevel(level)
    assert results["text"].startswith("<b>Your score: 1/1</b>")
    assert fake_api.count("sendPoll", chat_id=ANA) == 1


async def test_score_before_any_quiz_says_how_to_start(fake_api, tmp_path):
    async with running(fake_api, tmp_path):
        fake_api.push_update(updates.command(BEN, "/score"))
        assert "no quiz answers yet" in (await fake_api.wait_for("sendMessage", chat_id=BEN))["text"]


async def test_the_command_menu_lists_quiz_and_score(fake_api, tmp_path):
    async with running(fake_api, tmp_path):
        await fake_api.wait_for("setMyCommands", lambda p: not p.get("language_code"))
        commands = {c["command"] for c in fake_api.commands()}
    assert {"quiz", "score"} <= commands


# --- a whole class ---------------------------------------------------------------------------------

async def test_thirty_students_finish_ten_questions_and_a_crash_midway_loses_nothing(fake_api, tmp_path, quiz_time):
    students = list(range(7001, 7031))
    expected: dict[int, int] = dict.fromkeys(students, 0)
    total_answers = 0

    async def play_question(app) -> None:
        nonlocal total_answers
        poll = poll_of(fake_api, await fake_api.wait_for("sendPoll", chat_id=GROUP))
        number = int(poll["question"].split("/", 1)[0])
        for s in students:
            if (s + number) % 7 == 0:
                continue  # this student skips this question
            good = (s * number) % 3 != 0
            fake_api.answer_poll(poll["id"], s, [right(poll) if good else wrong(poll)])
            expected[s] += good
            total_answers += 1
        await answers_reach(app, total_answers)

    first = make_app(fake_api, tmp_path)
    await start(first)
    fake_api.push_update(updates.command(TEACHER, "/quiz", "10 5", chat=GROUP))
    await fake_api.wait_for("sendMessage", chat_id=GROUP)
    for number in range(5):
        if number:
            quiz_time.time_up(5)
        await play_question(first)
    await crash(first)  # every answer so far is committed; the rest of the class waits
    async with running(fake_api, tmp_path) as second:
        for _ in range(5):
            quiz_time.time_up(5)
            await play_question(second)
        quiz_time.time_up(5)
        results = await fake_api.wait_for("sendMessage", chat_id=GROUP)
        run = sessions_of(second).store.latest_in(GROUP)
        standings = sessions_of(second).leaderboard(run.id)
    await first.shutdown()

    assert {s.user_id: s.correct for s in standings} == expected
    assert sum(s.answered for s in standings) == total_answers
    text = results["text"]
    assert "10 of 10 questions asked, 30 taking part" in text
    for s in students:
        assert f"User{s} – {expected[s]}/10" in text
    best = max(expected.values())
    assert f"🥇 User{standings[0].user_id} – {best}/10" in text
    assert len(fake_api.sent("sendPoll", chat_id=GROUP)) == 10
    assert not fake_api.failed_calls


# --- a real kill -9 ----------------------------------------------------------------------------------

# The bot process reads the test's ManualClock from a file, and sweeps often so that it notices
# soon after the test moves the clock.
BOT_PROCESS = """
import sys
from pathlib import Path
import bot.telegram.quiz as quiz
clock_file = Path(sys.argv[1])
quiz.CLOCK = lambda: float(clock_file.read_text(encoding="utf-8"))
quiz.SWEEP_SECONDS = quiz.SWEEP_FIRST_SECONDS = 0.05
from bot.cli import main
sys.exit(main(["run"]))
"""


def answers_on_disk(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "hrc-bot.sqlite3") as conn:
        try:
            return conn.execute("SELECT COUNT(*) FROM quiz_answers").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


async def test_kill_9_during_a_class_quiz_loses_no_recorded_answer(fake_api, tmp_path):
    students = list(range(8001, 8013))
    expected = dict.fromkeys(students, 0)
    given = 0
    clock = ManualClock(path=tmp_path / "clock")
    fake_api.clock = clock

    async def play_question() -> None:
        nonlocal given
        poll = poll_of(fake_api, await fake_api.wait_for("sendPoll", chat_id=GROUP))
        number = int(poll["question"].split("/", 1)[0])
        for s in students:
            good = (s + number) % 4 != 0
            fake_api.answer_poll(poll["id"], s, [right(poll) if good else wrong(poll)])
            expected[s] += good
            given += 1
        await eventually(lambda: answers_on_disk(tmp_path) == given, what=f"{given} answers on disk")

    def time_up() -> None:
        clock.advance(10 + quiz_module.GRACE_SECONDS)

    process = bot_process(fake_api, tmp_path, str(clock.path), code=BOT_PROCESS)
    try:
        fake_api.push_update(updates.command(TEACHER, "/quiz", "4 10", chat=GROUP))
        await fake_api.wait_for("sendMessage", chat_id=GROUP)
        await play_question()
        time_up()
        await play_question()
        process.send_signal(signal.SIGKILL)  # mid-quiz: the second question is still open
        process.wait(timeout=60)
        assert answers_on_disk(tmp_path) == given == 2 * len(students)

        process = bot_process(fake_api, tmp_path, str(clock.path), code=BOT_PROCESS)
        for _ in range(2):
            time_up()
            await play_question()
        time_up()
        results = await fake_api.wait_for("sendMessage", chat_id=GROUP)
    finally:
        process.terminate()
        process.wait(timeout=60)
    assert answers_on_disk(tmp_path) == given == 4 * len(students)
    for s in students:
        assert f"User{s} – {expected[s]}/4" in results["text"]
    assert len(fake_api.sent("sendPoll", chat_id=GROUP)) == 4

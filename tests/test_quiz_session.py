"""Quiz runs on a real SQLite file: scoring, timing, leaderboards, restarts, one quiz per chat."""

import itertools

import pytest

from bot.content import load_content
from bot.quiz import store as store_module
from bot.quiz.bank import Bank, poll_explanation
from bot.quiz.session import CLASS, PRACTICE, QuizAlreadyRunning, QuizSessions
from bot.quiz.store import QuizStore
from bot.storage import Database

GROUP = -100555
TEACHER, ANA, BEN, CLEO = 1, 11, 12, 13
GRACE = 1.0


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="module")
def bank():
    return Bank.build(load_content())


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def db(tmp_path):
    database = Database(tmp_path / "quiz.sqlite3")
    yield database
    database.close()


@pytest.fixture
def sessions(db, bank, clock):
    return QuizSessions(QuizStore(db), bank, clock)


_polls = itertools.count(1)


def post(sessions, run, window=20.0):
    """The Telegram layer's part: the current question went out as a poll."""
    run = sessions.store.get(run.id)
    question = sessions.current(run)
    return sessions.sent(run, question, poll_id=f"poll{next(_polls)}", message_id=next(_polls),
                         window=window if run.mode == CLASS else None)


def answer(sessions, question, user, option, online_since=0.0):
    return sessions.record(poll_id=question.poll_id, user_id=user, name=f"Student {user}", option_ids=[option],
                           grace=GRACE, online_since=online_since)


def wrong(question):
    return (question.correct + 1) % len(question.options)


# --- practice -------------------------------------------------------------------------------

def test_practice_run_scores_and_lists_what_to_review(sessions):
    run = sessions.start(chat_id=ANA, mode=PRACTICE, user_id=ANA, topic="duties", n=3, seed=5)
    assert run.mode == PRACTICE and run.size == 3 and run.open_period is None
    picks = []
    for index in range(3):
        question = post(sessions, run)
        assert question.closes_at is None  # self-paced: nothing is ever late
        option = question.correct if index != 1 else wrong(question)
        picks.append((question, option))
        assert answer(sessions, question, ANA, option).recorded
        if index < 2:
            assert sessions.advance(run, index).index == index + 1
    assert sessions.is_last(run, 2) and sessions.finish(run, "completed")
    assert sessions.score(run.id, ANA) == (2, 3)
    review = sessions.review(run.id, ANA)
    assert [r.question.index for r in review] == [1]
    missed, chose = picks[1]
    assert review[0].chosen == missed.options[chose]
    assert review[0].question.quote and review[0].question.paragraph == 4


def test_an_answer_after_the_quiz_finished_is_not_scored(sessions):
    run = sessions.start(chat_id=ANA, mode=PRACTICE, user_id=ANA, n=2, seed=1)
    question = post(sessions, run)
    assert sessions.finish(run, "stopped")
    assert answer(sessions, question, ANA, question.correct).status == "closed"
    assert sessions.score(run.id, ANA) == (0, 1)


# --- class ----------------------------------------------------------------------------------

def test_class_quiz_first_answer_counts_and_late_ones_do_not(sessions, clock):
    run = sessions.start(chat_id=GROUP, mode=CLASS, user_id=TEACHER, n=2, open_period=20, seed=2)
    q1 = post(sessions, run, window=20)
    assert q1.closes_at == clock.now + 20
    clock.tick(3)
    assert answer(sessions, q1, ANA, q1.correct).recorded
    assert answer(sessions, q1, ANA, wrong(q1)).status == "duplicate"  # a changed vote or a redelivery
    clock.tick(17.5)  # past the window but within the grace: still on its way, counts
    assert answer(sessions, q1, BEN, wrong(q1)).recorded
    clock.tick(1)  # past the grace: late
    assert answer(sessions, q1, CLEO, q1.correct).status == "late"
    board = sessions.leaderboard(run.id)
    assert [(s.name, s.correct, s.answered) for s in board] == [("Student 11", 1, 1), ("Student 12", 0, 1)]


def test_answers_that_waited_out_a_restart_still_count(sessions, clock):
    run = sessions.start(chat_id=GROUP, mode=CLASS, user_id=TEACHER, n=2, open_period=20, seed=2)
    q1 = post(sessions, run, window=20)
    clock.tick(300)  # the bot was down; Telegram kept the vote, given while the poll was open
    assert answer(sessions, q1, ANA, q1.correct, online_since=clock.now - 5).recorded


def test_leaderboard_breaks_ties_by_time_on_correct_answers(sessions, clock):
    run = sessions.start(chat_id=GROUP, mode=CLASS, user_id=TEACHER, n=3, open_period=30, seed=8)
    timings = {ANA: (2, 9, 4), BEN: (5, 1, 1), CLEO: (1, 1, 1)}
    for index in range(3):
        question = post(sessions, run, window=30)
        start = clock.now
        for user, delays in sorted(timings.items(), key=lambda kv: kv[1][index]):
            clock.now = start + delays[index]
            right = not (user == CLEO and index > 0)
            answer(sessions, question, user, question.correct if right else wrong(question))
        clock.now = start + 31.5
        if index < 2:
            sessions.advance(run, index)
    board = sessions.leaderboard(run.id)
    assert [(s.rank, s.user_id, s.correct) for s in board] == [(1, BEN, 3), (2, ANA, 3), (3, CLEO, 1)]
    assert board[0].seconds == pytest.approx(7) and board[1].seconds == pytest.approx(15)
    results = sessions.results(run.id)
    assert [(r.answered, r.correct) for r in results] == [(3, 3), (3, 2), (3, 2)]
    assert [r.fastest for r in results] == ["Student 13", "Student 12", "Student 12"]


def test_equal_scores_and_times_share_a_rank(sessions):
    run = sessions.start(chat_id=GROUP, mode=CLASS, user_id=TEACHER, n=1, open_period=10, seed=3)
    question = post(sessions, run, window=10)
    for user in (ANA, BEN):
        answer(sessions, question, user, question.correct)
    assert [s.rank for s in sessions.leaderboard(run.id)] == [1, 1]


def test_one_quiz_per_chat(sessions):
    run = sessions.start(chat_id=GROUP, mode=CLASS, user_id=TEACHER, n=2, open_period=10, seed=1)
    with pytest.raises(QuizAlreadyRunning):
        sessions.start(chat_id=GROUP, mode=CLASS, user_id=ANA, n=2, open_period=10)
    other = sessions.start(chat_id=GROUP - 1, mode=CLASS, user_id=ANA, n=2, open_period=10)
    assert other.id != run.id
    assert sessions.finish(run, "stopped")
    assert sessions.start(chat_id=GROUP, mode=CLASS, user_id=ANA, n=2, open_period=10).running


def test_only_one_caller_moves_a_question_on_or_announces_results(sessions):
    run = sessions.start(chat_id=GROUP, mode=CLASS, user_id=TEACHER, n=2, open_period=10, seed=1)
    post(sessions, run)
    assert sessions.advance(run, 0) is not None
    assert sessions.advance(run, 0) is None  # the timer and the sweep both fire: one wins
    assert sessions.advance(run, 1) is None  # no question after the last
    assert sessions.finish(run, "completed") is True
    assert sessions.finish(run, "completed") is False


def test_only_the_starter_or_an_admin_controls_a_run(sessions):
    run = sessions.start(chat_id=GROUP, mode=CLASS, user_id=TEACHER, n=1, open_period=10)
    assert sessions.may_control(run, TEACHER, is_chat_admin=False)
    assert sessions.may_control(run, ANA, is_chat_admin=True)
    assert not sessions.may_control(run, ANA, is_chat_admin=False)


# --- durability -----------------------------------------------------------------------------

def test_a_restart_finds_the_run_its_questions_and_every_answer(tmp_path, bank, clock):
    path = tmp_path / "restart.sqlite3"
    first = QuizSessions(QuizStore(Database(path)), bank, clock)  # never closed: as after a kill -9
    run = first.start(chat_id=GROUP, mode=CLASS, user_id=TEACHER, n=4, open_period=20, seed=77)
    asked = post(first, run)
    for user in (ANA, BEN, CLEO):
        assert answer(first, asked, user, asked.correct).recorded

    second = QuizSessions(QuizStore(Database(path)), bank, clock)
    [resumed] = second.store.running()
    assert resumed.id == run.id and resumed.current_index == 0
    assert [q.item_id for q in second.store.questions(run.id)] == [q.item_id for q in first.store.questions(run.id)]
    assert [q.options for q in second.store.questions(run.id)] == [q.options for q in first.store.questions(run.id)]
    assert answer(second, asked, ANA, asked.correct).status == "duplicate"  # redelivered after the restart
    assert [s.correct for s in second.leaderboard(run.id)] == [1, 1, 1]


def test_the_same_seed_reproduces_the_same_quiz(sessions):
    a = sessions.start(chat_id=ANA, mode=PRACTICE, user_id=ANA, n=5, seed=99)
    sessions.finish(a, "stopped")
    b = sessions.start(chat_id=ANA, mode=PRACTICE, user_id=ANA, n=5, seed=99)
    assert [(q.item_id, q.options) for q in sessions.store.questions(a.id)] == \
           [(q.item_id, q.options) for q in sessions.store.questions(b.id)]


def test_replay_asks_the_same_questions_in_a_new_order(sessions):
    first = sessions.start(chat_id=ANA, mode=PRACTICE, user_id=ANA, n=8, seed=4)
    sessions.finish(first, "completed")
    again = sessions.replay(first.id, chat_id=ANA, mode=PRACTICE, user_id=ANA)
    before = [(q.item_id, q.options) for q in sessions.store.questions(first.id)]
    after = [(q.item_id, q.options) for q in sessions.store.questions(again.id)]
    assert sorted(i for i, _ in before) == sorted(i for i, _ in after)
    assert before != after


def test_forgetting_a_user_removes_their_answers_and_practice(sessions, db):
    practice = sessions.start(chat_id=ANA, mode=PRACTICE, user_id=ANA, n=1, seed=1)
    question = post(sessions, practice)
    answer(sessions, question, ANA, question.correct)
    run = sessions.start(chat_id=GROUP, mode=CLASS, user_id=ANA, n=1, open_period=10, seed=1)
    question = post(sessions, run)
    answer(sessions, question, ANA, question.correct)
    answer(sessions, question, BEN, question.correct)
    db.forget_user(ANA)
    assert sessions.totals(ANA).answered == 0
    assert sessions.store.get(practice.id) is None
    assert sessions.store.get(run.id).started_by == 0
    assert [s.user_id for s in sessions.leaderboard(run.id)] == [BEN]


def test_totals_add_up_over_quizzes_by_topic(sessions):
    for seed in (1, 2):
        run = sessions.start(chat_id=BEN, mode=PRACTICE, user_id=BEN, topic="duties", n=2, seed=seed)
        for index in range(2):
            question = post(sessions, run)
            answer(sessions, question, BEN, question.correct if index == 0 else wrong(question))
            sessions.advance(run, index)
        sessions.finish(run, "completed")
    totals = sessions.totals(BEN)
    assert (totals.quizzes, totals.answered, totals.correct) == (2, 4, 2)
    assert totals.topics == [("duties", 4, 2)]


def test_a_retracted_vote_or_a_foreign_poll_is_ignored(sessions):
    run = sessions.start(chat_id=GROUP, mode=CLASS, user_id=TEACHER, n=1, open_period=10)
    question = post(sessions, run)
    assert sessions.record(poll_id=question.poll_id, user_id=ANA, name="A", option_ids=[], grace=1,
                           online_since=0).status == "retracted"
    assert sessions.record(poll_id="someone-elses", user_id=ANA, name="A", option_ids=[0], grace=1,
                           online_since=0).status == "unknown"
    assert sessions.leaderboard(run.id) == []


def test_the_schema_is_created_once(db, bank):
    QuizStore(db)
    QuizStore(db)  # a second start-up on the same file
    assert db.query("SELECT COUNT(*) AS n FROM schema_migrations WHERE name = 'quiz_v1'")[0]["n"] == 1


def test_a_run_keeps_its_language_across_a_restart_and_old_databases_gain_the_column(tmp_path, bank):
    path = tmp_path / "old.sqlite3"
    old = Database(path)  # a database from before languages, with a quiz under way
    old.migrate(store_module.MIGRATION, store_module.SCHEMA)
    old.execute("INSERT INTO quiz_runs(chat_id, mode, started_by, seed, size, created_at)"
                " VALUES (?, 'class', ?, 1, 3, 0)", (GROUP, TEACHER))
    old.close()
    db = Database(path)
    sessions = QuizSessions(QuizStore(db), bank, Clock())
    assert sessions.store.running_in(GROUP).language == "en"
    run = sessions.start(chat_id=ANA, mode=PRACTICE, user_id=ANA, topic="duties", n=3, seed=4, language="fr")
    db.close()
    restarted = QuizStore(Database(path))
    run = restarted.get(run.id)
    assert run.language == "fr"
    french = bank.draw(4, "duties", 3, language="fr")
    assert [q.question for q in restarted.questions(run.id)] == [i.question for i in french]
    assert [q.explanation for q in restarted.questions(run.id)] == [poll_explanation(i, bank.content) for i in french]

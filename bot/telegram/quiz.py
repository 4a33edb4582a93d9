"""Quizzes in Telegram: self-paced practice in private chats, timed class quizzes in groups.

Questions go out as native quiz polls whose explanation cites the source. Answers arrive as
`poll_answer` updates and are scored by `bot.quiz.session`, one SQLite transaction each. A class
quiz moves on with the JobQueue; a sweep job (also the first thing that runs after a restart)
picks up any running quiz from the database, so a quiz continues — or closes with its results —
whatever happened to the process.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass, field
from html import escape
from typing import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Poll, Update, User
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    JobQueue,
    PollAnswerHandler,
)

from .. import strings
from ..content import POLL_QUESTION_MAX, Citation
from ..preferences import closest
from ..quiz.bank import Bank, utf16_len
from ..quiz.session import (
    CLASS,
    DEFAULT_OPEN_PERIOD,
    MAX_QUESTIONS,
    OPEN_PERIOD_RANGE,
    PRACTICE,
    AnswerOutcome,
    QuizAlreadyRunning,
    QuizSessions,
)
from ..quiz.store import AskedQuestion, QuizRun, QuizStore
from . import callbacks, render
from .languages import user_language
from .services import Services, services

log = logging.getLogger(__name__)

COMMANDS = [("quiz", "cmd_quiz"), ("score", "cmd_score")]
EXTRAS_KEY = "quiz"

# Seconds after a question's open period before the next one goes out: answers sent in the last
# moment are still on their way.
GRACE_SECONDS = 1.5
# An answer delivered this long after its poll closed is late and not scored. Telegram takes no
# vote on a closed poll, so in production this only guards against clock trouble; it is generous
# so that a busy moment (a whole class answering at the bell) never costs anyone a point.
LATE_SECONDS = 30.0
# Test hook: the bot waits open_period * TIME_SCALE seconds per question. Polls always carry the
# real open_period (Telegram's minimum is 5 s); only the bot's own timer is scaled.
TIME_SCALE = 1.0
# The clock questions open, close and are scored by. Timers only wake the bot up: whether a
# question is over, or an answer late, is always read from this clock, so a test can move it by
# hand instead of racing real seconds.
CLOCK: Callable[[], float] = time.time
# The sweep resumes quizzes after a restart and catches any question whose timer was lost.
SWEEP_SECONDS = 10.0
SWEEP_FIRST_SECONDS = 1.0  # the backlog of answers queued while the bot was down arrives first
LEADERBOARD_LINES = 50
QUESTION_PREVIEW = 90  # characters of a question shown in the per-question results
MEDALS = ("🥇", "🥈", "🥉")
STOP_WORDS = ("stop", "end", "cancel")
LANGUAGE_ARGUMENT = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")  # /quiz es …, /quiz zh-Hant …


@dataclass
class QuizFeature:
    sessions: QuizSessions
    online_since: float
    # What this process is posting right now (a question, a run's results): the sweep leaves it be.
    busy: set[tuple[object, ...]] = field(default_factory=set)
    # Notified whenever a question's poll has been posted and stored (see poll_answer).
    posted: asyncio.Condition = field(default_factory=asyncio.Condition)

    def posting(self) -> bool:
        return any(key[0] == "ask" for key in self.busy)


def setup(svc: Services) -> None:
    store = QuizStore(svc.db)
    bank = Bank.build(svc.engine.content)
    svc.extras[EXTRAS_KEY] = QuizFeature(QuizSessions(store, bank, clock=CLOCK), online_since=CLOCK())


def feature(context: ContextTypes.DEFAULT_TYPE) -> QuizFeature:
    return services(context).extras[EXTRAS_KEY]


# --- rendering ----------------------------------------------------------------------------------

def _name(user: User | None) -> str:
    return (user.full_name if user else "") or "?"


def _topic_title(bank: Bank, topic: str | None, language: str) -> str:
    if topic in bank.content.topics:
        return bank.content.topics[topic].title_in(language)
    return strings.text("quiz_all_topics", language)


def _short(text: str, limit: int = QUESTION_PREVIEW) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _again_keyboard(run: QuizRun) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(
        strings.text("quiz_button_again", run.language), callback_data=callbacks.encode("qz", "again", run.id))]])


def class_results_html(sessions: QuizSessions, run: QuizRun) -> list[str]:
    """The leaderboard and the question-by-question results, as HTML blocks, in the run's language."""
    language = run.language
    standings = sessions.leaderboard(run.id)
    results = sessions.results(run.id)
    asked = len(results)
    header = strings.text("quiz_results_header", language, asked=asked, total=run.size, players=len(standings))
    if run.finish_reason == "stopped":
        header += " " + strings.text("quiz_results_stopped_note", language)
    lines = [header]
    if not standings:
        lines.append(strings.text("quiz_results_nobody", language))
    for standing in standings[:LEADERBOARD_LINES]:
        medal = MEDALS[standing.rank - 1] if standing.rank <= len(MEDALS) and standing.correct else f"{standing.rank}."
        lines.append(strings.text("quiz_leaderboard_line", language, medal=medal, name=escape(standing.name),
                                  correct=standing.correct, asked=asked, seconds=f"{standing.seconds:.1f}"))
    if len(standings) > LEADERBOARD_LINES:
        lines.append(strings.text("quiz_results_more", language, count=len(standings) - LEADERBOARD_LINES))
    blocks = ["\n".join(lines)]
    if results:
        per_question = [strings.text("quiz_questions_header", language)]
        for result in results:
            fastest = (strings.text("quiz_question_fastest", language, name=escape(result.fastest)) if result.fastest
                       else "")
            per_question.append(strings.text(
                "quiz_question_line", language, number=result.question.index + 1,
                question=escape(_short(result.question.question)), answer=escape(result.question.answer),
                correct=result.correct, answered=result.answered, fastest=fastest))
        blocks.append("\n".join(per_question))
    blocks.append(strings.text("quiz_results_footer", language))
    return blocks


def practice_results_html(sessions: QuizSessions, run: QuizRun, user_id: int) -> list[str]:
    """The student's score, then each question to review with the passage that answers it (and its translation)."""
    language = run.language
    correct, asked = sessions.score(run.id, user_id)
    blocks = [strings.text("quiz_practice_score", language, correct=correct, asked=asked)]
    review = sessions.review(run.id, user_id)
    if not review:
        blocks[0] += "\n" + strings.text("quiz_practice_perfect", language)
        return blocks
    blocks[0] += "\n" + strings.text("quiz_review_header", language)
    content = sessions.bank.content
    for item in review:
        chosen = (strings.text("quiz_review_chosen", language, chosen=escape(item.chosen)) if item.chosen
                  else strings.text("quiz_review_unanswered", language))
        q = item.question
        line = strings.text("quiz_review_line", language, question=escape(q.question), answer=escape(q.answer),
                            chosen=chosen).rstrip()
        if q.source in content.sources:
            citation = Citation(q.source, q.paragraph, q.quote, content.translate_quote(q.quote, language))
            line += "\n" + render.citation_html(citation, content, language)
        blocks.append(line)
    return blocks


def poll_question_text(question: AskedQuestion, run: QuizRun) -> str:
    numbered = strings.text("quiz_poll_question", run.language, number=question.index + 1, total=run.size,
                            question=question.question)
    return numbered if utf16_len(numbered) <= POLL_QUESTION_MAX else question.question


# --- sending ------------------------------------------------------------------------------------

async def send_html(bot: ExtBot, chat_id: int, blocks: list[str], keyboard: InlineKeyboardMarkup | None = None) -> None:
    parts = render.split_html(blocks)
    for index, part in enumerate(parts):
        await bot.send_message(chat_id, part, parse_mode=ParseMode.HTML,
                               reply_markup=keyboard if index == len(parts) - 1 else None)


def _window(run: QuizRun) -> float | None:
    return (run.open_period or DEFAULT_OPEN_PERIOD) * TIME_SCALE if run.mode == CLASS else None


def _job_name(run: QuizRun, index: int) -> str:
    return f"quiz:{run.id}:{index}"


def _schedule(job_queue: JobQueue | None, run: QuizRun, index: int, delay: float) -> None:
    if job_queue is None or job_queue.get_jobs_by_name(_job_name(run, index)):
        return
    job_queue.run_once(question_over, when=max(0.0, delay), data=(run.id, index), name=_job_name(run, index))


async def send_question(bot: ExtBot, job_queue: JobQueue | None, quiz: QuizFeature, run: QuizRun,
                        question: AskedQuestion) -> None:
    """Post one question as a quiz poll and remember the poll; a class question gets its timer."""
    key = ("ask", run.id, question.index)
    if key in quiz.busy:
        return  # already on its way (the sweep met a question its timer is posting)
    posted = quiz.sessions.store.question(run.id, question.index)
    if posted is not None and posted.sent_at is not None:
        # Already out: the sweep can post a new run's first question while /quiz is still sending its
        # introduction, and finish before /quiz comes back to post it (a second poll of question 1).
        return
    quiz.busy.add(key)
    try:
        await _send_question(bot, job_queue, quiz.sessions, run, question)
    finally:
        quiz.busy.discard(key)
        async with quiz.posted:
            quiz.posted.notify_all()


async def _send_question(bot: ExtBot, job_queue: JobQueue | None, sessions: QuizSessions, run: QuizRun,
                         question: AskedQuestion) -> None:
    timed = run.mode == CLASS
    try:
        message = await bot.send_poll(
            run.chat_id, poll_question_text(question, run), list(question.options),
            type=Poll.QUIZ, is_anonymous=False, correct_option_ids=[question.correct],
            explanation=question.explanation, explanation_parse_mode=None,
            open_period=(run.open_period or DEFAULT_OPEN_PERIOD) if timed else None,
        )
    except (BadRequest, Forbidden) as exc:
        # The chat is gone or refuses us: no retry will help. Close the quiz with what it has.
        log.warning("quiz %s: cannot post question %s (%s); closing it", run.id, question.index + 1, type(exc).__name__)
        if sessions.finish(run, "error"):
            sessions.reported(run)
        return
    except TelegramError as exc:
        log.warning("quiz %s: question %s not posted yet (%s); the sweep retries", run.id, question.index + 1,
                    type(exc).__name__)
        return
    assert message.poll is not None
    sent = sessions.sent(run, question, poll_id=message.poll.id, message_id=message.message_id, window=_window(run))
    if timed and sent.closes_at is not None:
        _schedule(job_queue, run, question.index, sent.closes_at - sessions.clock() + GRACE_SECONDS)


async def finish_and_report(bot: ExtBot, quiz: QuizFeature, run: QuizRun, reason: str, *, stop_poll: bool) -> None:
    """Close a running quiz and announce its results; whoever closes it (and only they) announces."""
    if not quiz.sessions.finish(run, reason):
        return
    key = ("report", run.id)
    quiz.busy.add(key)  # set before any await, so the sweep never announces the same results
    try:
        if stop_poll:
            await stop_current_poll(bot, quiz.sessions, run)
        await report(bot, quiz.sessions, run)
    finally:
        quiz.busy.discard(key)


async def report(bot: ExtBot, sessions: QuizSessions, run: QuizRun) -> None:
    """Send a finished run's results and mark them sent (a failure leaves them to the sweep)."""
    run = sessions.store.get(run.id) or run
    if run.mode == CLASS:
        blocks = class_results_html(sessions, run)
    else:
        blocks = practice_results_html(sessions, run, run.started_by)
    try:
        await send_html(bot, run.chat_id, blocks, _again_keyboard(run))
    except (BadRequest, Forbidden) as exc:
        log.warning("quiz %s: results could not be posted (%s)", run.id, type(exc).__name__)
    except TelegramError as exc:
        log.warning("quiz %s: results not posted yet (%s); the sweep retries", run.id, type(exc).__name__)
        return
    sessions.reported(run)


async def step(bot: ExtBot, job_queue: JobQueue | None, quiz: QuizFeature, run: QuizRun, index: int) -> None:
    """Question `index` is over: post the next one, or close the quiz and announce the results."""
    if quiz.sessions.is_last(run, index):
        await finish_and_report(bot, quiz, run, "completed", stop_poll=False)
        return
    following = quiz.sessions.advance(run, index)
    if following is not None:
        await send_question(bot, job_queue, quiz, run, following)


async def stop_current_poll(bot: ExtBot, sessions: QuizSessions, run: QuizRun) -> None:
    question = sessions.current(run)
    if question is None or question.message_id is None:
        return
    try:
        await bot.stop_poll(run.chat_id, question.message_id)
    except TelegramError:
        pass  # already closed by its open period, or deleted: either way no more votes


# --- jobs ---------------------------------------------------------------------------------------

async def question_over(context: ContextTypes.DEFAULT_TYPE) -> None:
    """A question's timer: move on if its time (by CLOCK) is over, else wait for the rest."""
    quiz_id, index = context.job.data  # type: ignore[union-attr, misc]
    quiz = feature(context)
    run = quiz.sessions.store.get(quiz_id)
    if run is None or not run.running or run.current_index != index:
        return
    question = quiz.sessions.current(run)
    remaining = quiz.sessions.due(question, GRACE_SECONDS) if question is not None else None
    if remaining:
        _schedule(context.job_queue, run, index, remaining)
        return
    await step(context.bot, context.job_queue, quiz, run, index)


async def sweep(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Resume what the database says is under way: unsent questions, overdue ones, unannounced results."""
    quiz = feature(context)
    sessions = quiz.sessions
    for run in sessions.store.unreported():
        key = ("report", run.id)
        if key not in quiz.busy:
            quiz.busy.add(key)
            try:
                await report(context.bot, sessions, run)
            finally:
                quiz.busy.discard(key)
    for run in sessions.store.running():
        question = sessions.current(run)
        if question is None:
            continue
        if question.sent_at is None:
            await send_question(context.bot, context.job_queue, quiz, run, question)
            continue
        if run.mode != CLASS:
            continue  # practice waits for the student
        remaining = sessions.due(question, GRACE_SECONDS)
        if remaining == 0:
            await step(context.bot, context.job_queue, quiz, run, question.index)
        elif remaining is not None:
            _schedule(context.job_queue, run, question.index, remaining)


# --- commands -----------------------------------------------------------------------------------

@dataclass
class QuizRequest:
    stop: bool = False
    topic: str | None = None
    n: int | None = None
    seconds: int | None = None
    language: str | None = None
    problem: str | None = None


def parse_quiz_args(args: list[str], bank: Bank, languages: list[str], language: str) -> QuizRequest:
    """`/quiz [language] [topic] [n] [seconds]` or `/quiz stop`: a language code anywhere, the topic in any
    order, numbers n then seconds. Problems are told in the language asked for, else in `language`."""
    if args and args[0].lower() in STOP_WORDS:
        return QuizRequest(stop=True)
    request = QuizRequest()
    numbers = []
    words = []
    for arg in args:
        chosen = closest(arg, languages) if LANGUAGE_ARGUMENT.match(arg) and request.language is None else None
        if chosen:
            request.language = chosen
        else:
            (numbers if arg.isdigit() else words).append(arg)
    language = request.language or language
    usage = strings.text("quiz_usage", language, topics=topic_list(bank), low=OPEN_PERIOD_RANGE[0],
                         high=OPEN_PERIOD_RANGE[1], max=MAX_QUESTIONS)
    if [w.lower() for w in words] == ["help"]:
        request.problem = usage
        return request
    if words:
        topic = bank.find_topic(" ".join(words)) or (bank.find_topic(words[0]) if len(words) == 1 else None)
        if topic is None:
            request.problem = strings.text("quiz_unknown_topic", language, word=escape(" ".join(words)[:40]),
                                           topics=topic_list(bank))
            return request
        request.topic = topic
    if len(numbers) > 2:
        request.problem = usage
        return request
    if numbers:
        request.n = int(numbers[0])
        if not 1 <= request.n <= MAX_QUESTIONS:
            request.problem = strings.text("quiz_bad_count", language, max=MAX_QUESTIONS)
    if len(numbers) == 2:
        request.seconds = int(numbers[1])
        low, high = OPEN_PERIOD_RANGE
        if not low <= request.seconds <= high:
            request.problem = strings.text("quiz_bad_seconds", language, low=low, high=high)
    return request


def topic_list(bank: Bank) -> str:
    return ", ".join(f"<code>{escape(t)}</code>" for t in bank.topics())


async def is_chat_admin(update: Update, context: ContextTypes.DEFAULT_TYPE, user_id: int) -> bool:
    chat = update.effective_chat
    message = update.effective_message
    if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True  # an anonymous group admin speaks as the chat itself
    if services(context).settings.is_admin(user_id):
        return True
    if chat.type == ChatType.PRIVATE:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user_id)
    except TelegramError:
        return False
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def cmd_quiz(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or user is None or message is None or chat.type == ChatType.CHANNEL:
        return
    quiz = feature(context)
    language = user_language(context, user)
    request = parse_quiz_args(list(context.args or []), quiz.sessions.bank, services(context).engine.languages,
                              language)
    language = request.language or language
    if request.problem:
        await message.reply_text(request.problem, parse_mode=ParseMode.HTML)
        return
    running = quiz.sessions.store.running_in(chat.id)
    if request.stop:
        if running is None:
            await message.reply_text(strings.text("quiz_nothing_to_stop", language))
        elif running.mode == PRACTICE or quiz.sessions.may_control(running, user.id, await is_chat_admin(update, context, user.id)):
            await finish_and_report(context.bot, quiz, running, "stopped", stop_poll=True)
        else:
            await message.reply_text(strings.text("quiz_stop_refusal", language), do_quote=True)
        return
    if running is not None:
        if running.mode == CLASS and not quiz.sessions.may_control(running, user.id, await is_chat_admin(update, context, user.id)):
            await message.reply_text(strings.text("quiz_running_refusal", language), do_quote=True)
            return
        await finish_and_report(context.bot, quiz, running, "stopped", stop_poll=True)
    await start_quiz(update, context, topic=request.topic, n=request.n, seconds=request.seconds, language=language)


async def start_quiz(update: Update, context: ContextTypes.DEFAULT_TYPE, *, topic: str | None, n: int | None,
                     seconds: int | None, language: str, replay_of: int | None = None) -> None:
    """A run in `language` (the language of whoever starts it, or asked for); a replay keeps its run's."""
    chat, user = update.effective_chat, update.effective_user
    sessions = feature(context).sessions
    mode = PRACTICE if chat.type == ChatType.PRIVATE else CLASS
    open_period = seconds or DEFAULT_OPEN_PERIOD
    try:
        if replay_of is not None:
            run = sessions.replay(replay_of, chat_id=chat.id, mode=mode, user_id=user.id, open_period=seconds)
        else:
            run = sessions.start(chat_id=chat.id, mode=mode, user_id=user.id, topic=topic, n=n, open_period=open_period,
                                 language=language)
    except QuizAlreadyRunning:
        await context.bot.send_message(chat.id, strings.text("quiz_running_refusal", language))
        return
    except LookupError:
        await context.bot.send_message(chat.id, strings.text("quiz_no_questions", language))
        return
    title = escape(_topic_title(sessions.bank, run.topic, run.language))
    if mode == CLASS:
        intro = strings.text("quiz_intro_class", run.language, count=run.size, topic=title, seconds=run.open_period,
                             name=escape(_name(user)))
    else:
        intro = strings.text("quiz_intro_practice", run.language, count=run.size, topic=title)
    await context.bot.send_message(chat.id, intro, parse_mode=ParseMode.HTML)
    first = sessions.current(run)
    if first is not None:
        await send_question(context.bot, context.job_queue, feature(context), run, first)


async def again_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Play again': the same questions in a new order, with the same rights as /quiz."""
    query = update.callback_query
    data = callbacks.decode(query.data)
    sessions = feature(context).sessions
    previous = None
    if data and len(data.args) == 2 and data.args[0] == "again" and data.args[1].isdigit():
        previous = sessions.store.get(int(data.args[1]))
    chat = update.effective_chat
    language = previous.language if previous is not None else user_language(context, query.from_user)
    if previous is None or chat is None or previous.chat_id != chat.id:
        await query.answer(strings.text("button_expired", language))
        return
    running = sessions.store.running_in(chat.id)
    if running is not None and running.mode == CLASS and not sessions.may_control(
            running, query.from_user.id, await is_chat_admin(update, context, query.from_user.id)):
        await query.answer(strings.text("quiz_running_refusal", language), show_alert=True)
        return
    await query.answer()
    if running is not None:
        await finish_and_report(context.bot, feature(context), running, "stopped", stop_poll=True)
    await start_quiz(update, context, topic=previous.topic, n=previous.size, seconds=previous.open_period,
                     language=previous.language, replay_of=previous.id)


async def cmd_score(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    sessions = feature(context).sessions
    language = user_language(context, user)
    totals = sessions.totals(user.id)
    if totals.answered == 0:
        await message.reply_text(strings.text("quiz_score_none", language),
                                 do_quote=update.effective_chat.type != ChatType.PRIVATE)
        return
    lines = [strings.text("quiz_score", language, name=escape(_name(user)), correct=totals.correct,
                          answered=totals.answered, percent=round(100 * totals.correct / totals.answered),
                          quizzes=totals.quizzes)]
    order = list(sessions.bank.content.topics)
    for topic, answered, correct in sorted(totals.topics, key=lambda t: order.index(t[0]) if t[0] in order else len(order)):
        lines.append(strings.text("quiz_score_topic", language, topic=escape(_topic_title(sessions.bank, topic, language)),
                                  correct=correct, answered=answered))
    weakest = min(totals.topics, key=lambda t: (t[2] / t[1], -t[1]))
    if weakest[2] < weakest[1]:
        lines.append(strings.text("quiz_score_weakest", language,
                                  topic=escape(_topic_title(sessions.bank, weakest[0], language)),
                                  topic_id=escape(weakest[0])))
    await message.reply_text("\n".join(lines), parse_mode=ParseMode.HTML,
                             do_quote=update.effective_chat.type != ChatType.PRIVATE)


# --- answers ------------------------------------------------------------------------------------

async def poll_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    answer = update.poll_answer
    if answer is None or answer.user is None:
        return  # a vote on behalf of a chat (voter_chat): not a student
    quiz = feature(context)

    def record() -> AnswerOutcome:
        return quiz.sessions.record(poll_id=answer.poll_id, user_id=answer.user.id, name=_name(answer.user),
                                    option_ids=list(answer.option_ids), grace=LATE_SECONDS,
                                    online_since=quiz.online_since)

    outcome = record()
    if outcome.status == "unknown" and quiz.posting():
        # A vote can arrive before this process has stored the poll it is for: Telegram shows the
        # poll to the chat while its id is still on its way back to us in sendPoll's answer. Wait
        # for the polls being posted to be stored, then try again.
        log.debug("a quiz vote came before its poll was stored; waiting for the poll")
        async with quiz.posted:
            await quiz.posted.wait_for(lambda: not quiz.posting())
        outcome = record()
    if outcome.status not in ("recorded", "duplicate", "unknown", "retracted"):
        log.info("quiz answer not scored: %s", outcome.status)
    run, question = outcome.run, outcome.question
    if outcome.recorded and run is not None and question is not None and run.mode == PRACTICE:
        await step(context.bot, context.job_queue, quiz, run, question.index)


def register(app: Application) -> None:
    """Quiz commands, poll answers and the 'play again' button; the sweep starts with the app."""
    app.add_handler(CommandHandler("quiz", cmd_quiz))
    app.add_handler(CommandHandler("score", cmd_score))
    app.add_handler(PollAnswerHandler(poll_answer))
    app.add_handler(CallbackQueryHandler(again_button, pattern=callbacks.pattern("qz")))
    if app.job_queue is not None:
        app.job_queue.run_repeating(sweep, interval=SWEEP_SECONDS, first=SWEEP_FIRST_SECONDS, name="quiz-sweep")

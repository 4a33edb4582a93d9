"""A resident talks to the real bot through a fake Telegram: answers, buttons, groups, inline, faults."""

from __future__ import annotations

import logging

import pytest

from bot.engine import Engine, MatchSettings
from bot.telegram import callbacks
from bot.telegram.logs import setup_logging
from tests.botharness import CapturedLogs, ManualClock, flood_guard, running_bot
from tests.fakebot import updates as U
from tests.fakebot.server import FakeBotApi

USER = 4242
GROUP = -100555


@pytest.fixture
def api():
    with FakeBotApi(privacy_mode=False) as server:
        yield server


def buttons(params: dict) -> list[dict]:
    markup = params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


async def test_private_question_gets_answer_with_expandable_citation_and_buttons(api, tmp_path):
    async with running_bot(api, tmp_path):
        api.push_update(U.private_text(USER, "who started the human rights city idea"))
        sent = await api.wait_for("sendMessage", chat_id=USER)
    assert sent["parse_mode"] == "HTML"
    assert "1997" in sent["text"]
    assert "<blockquote expandable>" in sent["text"]
    assert "What is a Human Rights City?, ¶2" in sent["text"]
    labels = buttons(sent)
    assert any(b.get("switch_inline_query") for b in labels), "a Share button"
    follow_ups = [b for b in labels if b.get("callback_data", "").startswith("1|a|")]
    assert 1 <= len(follow_ups) <= 3
    assert all(len(b["callback_data"].encode()) <= 64 for b in labels if "callback_data" in b)
    assert not api.failed_calls


async def test_start_shows_welcome_with_topic_buttons_and_registers_the_command_menu(api, tmp_path):
    async with running_bot(api, tmp_path):
        api.push_update(U.command(USER, "/start"))
        sent = await api.wait_for("sendMessage", chat_id=USER)
        await api.wait_for("setMyCommands", lambda p: not p.get("language_code"))
        menu = [c["command"] for c in api.commands()]
    assert "Human Rights Cities" in sent["text"]
    assert any(b["callback_data"] == callbacks.encode("t", "duties", "en") for b in buttons(sent))
    assert {"start", "help", "topics", "cities", "sources", "language"} <= set(menu)


@pytest.mark.parametrize(
    ("payload", "expect"),
    [("origin", "1997"), ("origin__spring", "1997"), ("duties", "three duties"), ("nonsense_payload", "Ask in your own words")],
)
async def test_deep_link_opens_answer_topic_or_falls_back_to_welcome(api, tmp_path, payload, expect):
    async with running_bot(api, tmp_path):
        api.push_update(U.deep_link_start(USER, payload))
        sent = await api.wait_for("sendMessage", chat_id=USER)
    assert expect.lower() in sent["text"].lower()


async def test_follow_up_button_answers_that_question(api, tmp_path):
    async with running_bot(api, tmp_path):
        api.push_update(U.private_text(USER, "what are the three duties"))
        first = await api.wait_for("sendMessage", chat_id=USER)
        target = next(b for b in buttons(first) if b.get("callback_data") == callbacks.encode("a", "duty_protect", "en"))
        update = api.press_button(USER, data=target["callback_data"])
        second = await api.wait_for("sendMessage", chat_id=USER)
        await api.wait_for("answerCallbackQuery")
    assert "third parties" in second["text"]
    assert api.callback_answer(update["callback_query"]["id"]) is not None


async def test_did_you_mean_offers_one_button_per_candidate_and_pressing_one_answers(api, tmp_path):
    # A huge margin makes every question a close call, so the did-you-mean path is exercised (not for
    # "duty to protect": naming a duty outright answers it).
    engine = Engine.load(settings=MatchSettings(threshold=0.3, margin=1.0))
    async with running_bot(api, tmp_path, engine=engine):
        api.push_update(U.private_text(USER, "local government"))
        sent = await api.wait_for("sendMessage", chat_id=USER)
        candidates = [b for b in buttons(sent) if b.get("callback_data", "").startswith("1|a|")]
        assert len(candidates) >= 2
        assert "which of these" in sent["text"]
        api.press_button(USER, data=candidates[0]["callback_data"])
        answer = await api.wait_for("sendMessage", chat_id=USER)
    assert "<blockquote expandable>" in answer["text"]


@pytest.mark.parametrize("data", ["0|a|origin", "1|a|no_such_intent", "garbage", "1|t|no_topic", "1|a|../../etc"])
async def test_stale_or_forged_button_gets_polite_expiry_notice(api, tmp_path, data):
    async with running_bot(api, tmp_path):
        api.push_update(U.command(USER, "/start"))
        welcome = await api.wait_for("sendMessage", chat_id=USER)
        message = api.message(USER, api.result_for(welcome)["message_id"])
        api.push_update(U.callback(USER, data, message=message))
        answered = await api.wait_for("answerCallbackQuery")
    assert "expired" in answered["text"]
    assert not api.failed_calls


async def test_group_stays_quiet_unless_mentioned_or_replied_to(api, tmp_path):
    async with running_bot(api, tmp_path) as app:
        api.push_update(U.group_text(GROUP, USER, "what is a human rights city"))
        await api.wait_handled(app)
        assert api.count("sendMessage", chat_id=GROUP) == 0
        api.push_update(U.group_text(GROUP, USER, "what is a human rights city", mention=True))
        mentioned = await api.wait_for("sendMessage", chat_id=GROUP)
        api.push_update(U.group_text(GROUP, USER, "and who launched it", reply_to_bot=True))
        replied = await api.wait_for("sendMessage", chat_id=GROUP)
    assert "People’s Movement for Human Rights Education" in mentioned["text"] + replied["text"]
    assert "1997" in replied["text"]


async def test_inline_query_offers_answer_cards_with_citation(api, tmp_path):
    async with running_bot(api, tmp_path):
        update = api.push_update(U.inline_query(USER, "duty to fulfil"))
        answered = await api.wait_for("answerInlineQuery")
        empty = api.push_update(U.inline_query(USER, ""))
        featured = await api.wait_for("answerInlineQuery")
    results = answered["results"]
    assert results and results[0]["id"] == "duty_fulfil"
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML" and "<blockquote expandable>" in content["message_text"]
    assert len(featured["results"]) >= 3
    assert api.inline_answer(update["inline_query"]["id"]) and api.inline_answer(empty["inline_query"]["id"])


async def test_429_is_waited_out_and_500_retried_so_the_answer_still_arrives(api, tmp_path):
    async with running_bot(api, tmp_path):
        api.fail_next("sendMessage", 429, retry_after=1)
        api.push_update(U.private_text(USER, "what is the gwangju declaration"))
        after_429 = await api.wait_for("sendMessage", chat_id=USER)
        api.fail_next("sendMessage", 500)
        api.push_update(U.private_text(USER, "what is the duty to respect"))
        after_500 = await api.wait_for("sendMessage", chat_id=USER)
    assert "17 May 2011" in after_429["text"]
    assert "shall not violate" in after_500["text"]
    assert [f.error_code for f in api.failed_calls] == [429, 500]


async def test_a_second_instance_polling_is_one_log_line_per_409_and_polling_goes_on(api, tmp_path):
    logs = CapturedLogs()
    logging.getLogger().addHandler(logs)
    try:
        async with running_bot(api, tmp_path):
            api.fail_next("getUpdates", 409, count=2)
            api.push_update(U.private_text(USER, "what is the duty to protect"))
            sent = await api.wait_for("sendMessage", chat_id=USER)
    finally:
        logging.getLogger().removeHandler(logs)
    conflicts = [line for line in logs.lines if "polling Telegram failed (Conflict" in line]
    assert len(conflicts) == 2 and all("\n" not in line for line in conflicts), logs.text()
    assert "Traceback" not in logs.text() and "ERROR" not in logs.text()
    assert "third parties" in sent["text"]


async def test_bot_survives_a_dropped_connection_and_keeps_answering(api, tmp_path):
    async with running_bot(api, tmp_path):
        api.drop_next("sendMessage")
        api.push_update(U.private_text(USER, "what is the world human rights city forum"))
        sent = await api.wait_for("sendMessage", chat_id=USER)
    assert "Gwangju" in sent["text"]


@pytest.mark.parametrize(
    "update",
    [
        U.sticker(USER),
        U.photo(USER, caption="is this a human rights city?"),
        U.voice(USER),
    ],
    ids=["sticker", "photo", "voice"],
)
async def test_non_text_in_private_gets_a_short_hint(api, tmp_path, update):
    async with running_bot(api, tmp_path):
        api.push_update(update)
        sent = await api.wait_for("sendMessage", chat_id=USER)
    assert "only read text" in sent["text"]


async def test_edits_channel_posts_and_service_messages_are_ignored_without_errors(api, tmp_path):
    logs = CapturedLogs()
    logging.getLogger().addHandler(logs)
    try:
        async with running_bot(api, tmp_path) as app:
            original = U.private_text(USER, "hello")["message"]
            api.push_update(U.edited_message(original, "what is a human rights city"))
            api.push_update(U.channel_post(-100777, "what is a human rights city"))
            api.push_update(U.new_chat_members(GROUP, [USER]))
            await api.wait_handled(app)
    finally:
        logging.getLogger().removeHandler(logs)
    assert api.count("sendMessage") == 0, "nothing was answered"
    assert "ERROR" not in logs.text()


async def test_flooding_user_is_slowed_while_others_are_answered(api, tmp_path):
    async with running_bot(api, tmp_path) as app:
        # Time stands still for the guard: the 40 messages arrive "at once", however slow the machine.
        flood_guard(app).bucket.clock = ManualClock()
        for _ in range(40):
            api.push_update(U.private_text(USER, "what is a human rights city"))
        api.push_update(U.private_text(USER + 1, "what is the duty to protect"))
        other = await api.wait_for("sendMessage", chat_id=USER + 1)
        await api.wait_handled(app)
    to_flooder = api.texts(USER)
    assert "third parties" in other["text"]
    assert sum("very quickly" in t for t in to_flooder) == 1, "warned once, not at every message"
    assert len(to_flooder) == 8 + 1, "a burst of 8 answered, the rest dropped after one warning"


async def test_token_and_message_text_never_reach_the_log_at_info(api, tmp_path):
    setup_logging(logging.INFO)
    logs = CapturedLogs()
    logs.setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(logs)
    try:
        async with running_bot(api, tmp_path):
            api.fail_next("sendMessage", 500)
            api.push_update(U.private_text(USER, "my private question about graz"))
            await api.wait_for("sendMessage", chat_id=USER)
            api.push_update(U.private_text(USER, "what is a human rights city"))
            await api.wait_for("sendMessage", chat_id=USER)
    finally:
        root.removeHandler(logs)
    text = logs.text()
    assert logs.lines, "something was logged"
    assert api.token not in text
    assert api.token.split(":")[1] not in text
    assert "my private question" not in text


async def test_a_hundred_users_each_get_a_valid_answer_with_no_error_logged(api, tmp_path):
    questions = [
        "what is a human rights city", "who launched the idea", "what is the duty to fulfil",
        "is utrecht a human rights city", "is vienna one", "what happened on 17 may 2011",
        "why does local government matter", "which services are linked to rights",
        "how many cities are named", "what is the weather in graz",
    ]
    logs = CapturedLogs()
    logs.setLevel(logging.WARNING)
    logging.getLogger().addHandler(logs)
    try:
        async with running_bot(api, tmp_path):
            for n in range(100):
                api.push_update(U.private_text(10_000 + n, questions[n % len(questions)]))
            for n in range(100):
                await api.wait_for("sendMessage", chat_id=10_000 + n)
    finally:
        logging.getLogger().removeHandler(logs)
    assert not api.failed_calls, api.failed_calls[:3]
    assert len(api.sent("sendMessage")) == 100
    assert "ERROR" not in logs.text()


async def test_a_failed_command_menu_is_logged_and_the_bot_still_answers(api, tmp_path):
    logs = CapturedLogs()
    logging.getLogger().addHandler(logs)
    try:
        api.fail_next("setMyCommands", 500, count=5)
        async with running_bot(api, tmp_path):
            api.push_update(U.private_text(USER, "what is the duty to fulfil"))
            sent = await api.wait_for("sendMessage", chat_id=USER)
            await api.wait_for("setMyCommands")  # the menus go out in the background; the sixth is accepted
    finally:
        logging.getLogger().removeHandler(logs)
    assert "positive action" in sent["text"]
    assert "could not set the command menu" in logs.text()
    assert api.commands() == []


def test_a_repeated_answer_reuses_its_keyboard_and_it_is_the_one_built_anew(engine):
    from bot.telegram import render

    questions = ["What is a Human Rights City?", "¿Qué es una ciudad de derechos humanos?", "what are the duties",
                 "what is the best pizza topping in naples", "🙂", "Graz?", "human rights", "Was ist eine "
                 "Menschenrechtsstadt?", "is Vienna a human rights city", "how do I join"]
    answers = [engine.ask(q) for q in questions]
    content = engine.content
    first = [render.answer_keyboard(a, content) for a in answers]
    again = [render.answer_keyboard(a, content) for a in answers]
    assert all(k is k2 for k, k2 in zip(first, again))  # built once
    render._Built.content = None  # forget them: built anew, they are the same keyboards
    anew = [render.answer_keyboard(a, content) for a in answers]
    assert [k and k.to_dict() for k in anew] == [k and k.to_dict() for k in first]
    assert render.answer_keyboard(answers[0], content, share=False).to_dict() != first[0].to_dict()

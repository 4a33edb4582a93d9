"""The fake Bot API is honest: PTB talks to it like to Telegram, and it refuses what Telegram refuses."""

import asyncio
import datetime as dtm
import html
import socket
import struct
import time
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram import (
    Bot,
    BotCommand,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    PollAnswerHandler,
    filters,
)

from tests.fakebot import (
    WAIT_TIMEOUT,
    ApiError,
    FakeBotApi,
    fake_api,  # noqa: F401 - pytest fixture
    forbid_network,
    no_internet,  # noqa: F401 - pytest fixture
    run_application,
    updates,
    validate_html,
)
from tests.fakebot.validate import MAX_CAPTION_LENGTH, html_visible_text, validate_deep_link

USER = 4242
GROUP = -1001234567890
QUIZ = {"options": ["a", "b"], "type": "quiz", "correct_option_ids": [0]}


def _bot(api: FakeBotApi, token: str | None = None) -> Bot:
    return Bot(token or api.token, base_url=api.base_url, base_file_url=api.base_file_url)


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff" * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = f"<b>You said:</b> {html.escape(update.message.text)}"
    await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)


# --------------------------------------------------------------------------- the round trip


@pytest.mark.asyncio
async def test_application_polls_the_fake_and_its_reply_arrives(
    fake_api: FakeBotApi, no_internet: None
) -> None:
    app = fake_api.application_builder().build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    async with run_application(app):
        fake_api.push_update(updates.private_text(USER, "is <Lisbon> a human rights city?"))
        reply = await fake_api.wait_for("sendMessage", chat_id=USER)
        assert app.bot.username == "hrc_test_bot"

    assert reply["text"] == "<b>You said:</b> is &lt;Lisbon&gt; a human rights city?"
    sent = fake_api.last_bot_message(USER)
    assert sent["text"] == "You said: is <Lisbon> a human rights city?"
    assert sent["entities"] == [{"offset": 0, "length": 9, "type": "bold"}]
    assert not fake_api.pending_updates, "the bot confirmed the update it handled"
    assert not fake_api.failed_calls


@pytest.mark.asyncio
async def test_group_command_with_bot_username_reaches_the_handler(fake_api: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(f"args={context.args}")

    app = fake_api.application_builder().build()
    app.add_handler(CommandHandler("start", start))
    async with run_application(app):
        fake_api.push_update(updates.command(USER, "/start", "lisbon", chat=GROUP))
        reply = await fake_api.wait_for("sendMessage", chat_id=GROUP)
    assert reply["text"] == "args=['lisbon']"
    assert updates.command(USER, "/start", chat=GROUP)["message"]["text"] == "/start@hrc_test_bot"


def test_privacy_mode_hides_group_chatter_but_not_mentions_or_replies(fake_api: FakeBotApi) -> None:
    assert fake_api.push_update(updates.group_text(GROUP, USER, "just chatting")) is None
    assert fake_api.push_update(updates.group_text(GROUP, USER, "what is a HRC?", mention=True)) is not None
    assert fake_api.push_update(updates.group_text(GROUP, USER, "and Graz?", reply_to_bot=True)) is not None
    assert len(fake_api.undelivered) == 1

    fake_api.set_admins(GROUP, bot_is_admin=True)
    assert fake_api.push_update(updates.group_text(GROUP, USER, "just chatting")) is not None


@pytest.mark.asyncio
async def test_button_press_travels_as_callback_query_and_edit_is_checked(fake_api: FakeBotApi) -> None:
    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more:1")]])
        await update.message.reply_text("Menu", reply_markup=keyboard)

    async def more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer("ok")
        await update.callback_query.edit_message_text("More text")

    app = fake_api.application_builder().build()
    app.add_handler(CommandHandler("menu", menu))
    app.add_handler(CallbackQueryHandler(more))
    async with run_application(app):
        fake_api.push_update(updates.command(USER, "/menu"))
        await fake_api.wait_for("sendMessage")
        pressed = fake_api.press_button(USER, text="More")
        await fake_api.wait_for("answerCallbackQuery")
        await fake_api.wait_for("editMessageText")

    assert fake_api.callback_answer(pressed["callback_query"]["id"])["text"] == "ok"
    edited = fake_api.last_bot_message(USER)
    assert edited["text"] == "More text" and "reply_markup" not in edited and "edit_date" in edited

    async with _bot(fake_api) as bot:
        with pytest.raises(BadRequest, match="not modified"):
            await bot.edit_message_text("More text", chat_id=USER, message_id=edited["message_id"])
        with pytest.raises(BadRequest, match="too old"):
            await bot.answer_callback_query(pressed["callback_query"]["id"])


@pytest.mark.asyncio
async def test_quiz_poll_votes_reach_the_poll_answer_handler(fake_api: FakeBotApi) -> None:
    async def quiz(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await context.bot.send_poll(
            update.effective_chat.id, "Which city was first?", ["Rosario", "Graz", "Gwangju"],
            type="quiz", correct_option_ids=[0], is_anonymous=False,
            explanation="Rosario, <b>1997</b>", explanation_parse_mode=ParseMode.HTML, open_period=60,
        )  # fmt: skip

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        vote = update.poll_answer
        await context.bot.send_message(GROUP, f"{vote.user.first_name} chose {list(vote.option_ids)}")

    app = fake_api.application_builder().build()
    app.add_handler(CommandHandler("quiz", quiz))
    app.add_handler(PollAnswerHandler(answer))
    async with run_application(app):
        fake_api.push_update(updates.command(USER, "/quiz", chat=GROUP))
        sent = await fake_api.wait_for("sendPoll")
        poll_id = fake_api.result_for(sent)["poll"]["id"]
        fake_api.answer_poll(poll_id, USER, [1])
        said = await fake_api.wait_for("sendMessage", chat_id=GROUP)

    assert said["text"] == f"User{USER} chose [1]"
    poll = fake_api.poll(poll_id)
    assert poll["total_voter_count"] == 1 and poll["options"][1]["voter_count"] == 1
    assert poll["explanation"] == "Rosario, 1997" and poll["correct_option_ids"] == [0]
    async with _bot(fake_api) as bot:
        stopped = await bot.stop_poll(GROUP, fake_api.result_for(sent)["message_id"])
        assert stopped.is_closed
        with pytest.raises(BadRequest, match="already been closed"):
            await bot.stop_poll(GROUP, fake_api.result_for(sent)["message_id"])


# --------------------------------------------------------------------------- what Telegram refuses


@pytest.mark.asyncio
async def test_bad_html_is_rejected_with_telegrams_description(fake_api: FakeBotApi) -> None:
    async with _bot(fake_api) as bot:
        with pytest.raises(BadRequest, match="(?i)unsupported start tag"):
            await bot.send_message(USER, "<div>hello</div>", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match="(?i)unsupported start tag"):
            await bot.send_message(USER, "1 < 2", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match="(?i)can't find end tag"):
            await bot.send_message(USER, "<b>open", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match="(?i)message text is empty"):
            await bot.send_message(USER, "<b> </b>", parse_mode=ParseMode.HTML)
    assert fake_api.failed_calls[0].description == (
        "Bad Request: can't parse entities: Unsupported start tag \"div\" at byte offset 0"
    )
    assert not fake_api.sent("sendMessage")


@pytest.mark.asyncio
async def test_message_length_counts_visible_utf16_text(fake_api: FakeBotApi) -> None:
    async with _bot(fake_api) as bot:
        # 4096 visible characters are fine even with markup around them ...
        await bot.send_message(USER, "<b>" + "a" * 4096 + "</b>", parse_mode=ParseMode.HTML)
        # ... but one more is not, and an emoji counts twice (UTF-16).
        with pytest.raises(BadRequest, match="(?i)message is too long"):
            await bot.send_message(USER, "a" * 4097)
        with pytest.raises(BadRequest, match="(?i)message is too long"):
            await bot.send_message(USER, "a" * 4095 + "😀")
    assert fake_api.failed_calls[-1].description == "Bad Request: message is too long"


@pytest.mark.asyncio
async def test_callback_data_over_64_bytes_is_rejected(fake_api: FakeBotApi) -> None:
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="é" * 32)]])  # 64 bytes
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data="x" * 65)]])
    async with _bot(fake_api) as bot:
        await bot.send_message(USER, "fits", reply_markup=ok)
        with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
            await bot.send_message(USER, "too long", reply_markup=too_long)
        with pytest.raises(BadRequest, match="(?i)text buttons are unallowed"):
            no_action = InlineKeyboardMarkup([[InlineKeyboardButton("x")]])
            await bot.send_message(USER, "no action", reply_markup=no_action)
    assert fake_api.failed_calls[0].description == "Bad Request: BUTTON_DATA_INVALID"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"options": ["a", "b"], "type": "quiz"}, "correct_option_ids"),
        ({"options": ["a", "b"], "type": "quiz", "correct_option_ids": [2]}, "out of range"),
        ({"options": ["a", "b"], "type": "quiz", "correct_option_ids": [0, 1]}, "exactly one"),
        ({"options": ["a", "a"], "type": "quiz", "correct_option_ids": [0]}, "poll_option_duplicate"),
        ({"options": [str(i) for i in range(13)]}, "more than 12"),
        ({"options": ["x" * 101, "b"]}, "options length"),
        ({"options": ["a", "b"], "question": "q" * 301}, "question length"),
        ({**QUIZ, "explanation": "e" * 201}, "200"),
        ({**QUIZ, "explanation": "1\n2\n3\n4"}, "line feeds"),
        ({**QUIZ, "explanation": "<b>1\n2</b>\n3"}, None),
        ({"options": ["a", "b"], "open_period": 4}, "open_period"),
    ],
)
async def test_bad_polls_are_rejected(fake_api: FakeBotApi, kwargs: dict, reason: str | None) -> None:
    kwargs = {"question": "Which city?", **kwargs}
    async with _bot(fake_api) as bot:
        if reason is None:  # the control case: two line feeds after parsing are fine
            await bot.send_poll(GROUP, **kwargs, explanation_parse_mode=ParseMode.HTML)
            return
        with pytest.raises(BadRequest):
            await bot.send_poll(GROUP, **kwargs)
    assert reason in fake_api.failed_calls[-1].description.lower()


@pytest.mark.asyncio
async def test_inline_answers_are_checked(fake_api: FakeBotApi) -> None:
    def article(i: int, text: str = "Rosario") -> InlineQueryResultArticle:
        content = InputTextMessageContent(text, parse_mode=ParseMode.HTML)
        return InlineQueryResultArticle(str(i), f"City {i}", content)

    pushed = [fake_api.push_update(updates.inline_query(USER, "ros")) for _ in range(4)]
    queries = [update["inline_query"]["id"] for update in pushed]
    async with _bot(fake_api) as bot:
        with pytest.raises(BadRequest, match="(?i)results_too_much"):
            await bot.answer_inline_query(queries[0], [article(i) for i in range(51)])
        with pytest.raises(BadRequest, match="(?i)result_id_duplicate"):
            await bot.answer_inline_query(queries[1], [article(1), article(1)])
        with pytest.raises(BadRequest, match="(?i)can't parse entities"):
            await bot.answer_inline_query(queries[2], [article(1, "<p>x</p>")])
        await bot.answer_inline_query(queries[3], [article(i) for i in range(50)])
        with pytest.raises(BadRequest, match="(?i)query id is invalid"):
            await bot.answer_inline_query(queries[3], [article(1)])
    assert len(fake_api.inline_answer(queries[3])["results"]) == 50


@pytest.mark.asyncio
async def test_commands_are_validated_and_kept_per_scope(fake_api: FakeBotApi) -> None:
    async with _bot(fake_api) as bot:
        with pytest.raises(BadRequest):
            await bot.set_my_commands([BotCommand("Start", "Begin")])
        with pytest.raises(BadRequest):
            await bot.set_my_commands([BotCommand("start", "")])
        await bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("quiz", "Class quiz")])
        assert [c.command for c in await bot.get_my_commands()] == ["start", "quiz"]
        assert await bot.get_my_commands(language_code="es") == ()
        await bot.delete_my_commands()
        assert await bot.get_my_commands() == ()


@pytest.mark.asyncio
async def test_menus_and_profiles_per_language_take_two_letter_codes_and_telegrams_limits(fake_api: FakeBotApi) -> None:
    async with _bot(fake_api) as bot:
        await bot.set_my_commands([BotCommand("start", "Empezar")], language_code="es")
        await bot.set_my_description("Descripción", language_code="es")
        await bot.set_my_short_description("Corta", language_code="es")
        for call in (lambda: bot.set_my_commands([BotCommand("start", "開始")], language_code="zh-hant"),
                     lambda: bot.set_my_description("說明", language_code="zh-hant"),
                     lambda: bot.set_my_short_description("x", language_code="ES"),
                     lambda: bot.set_my_description("x" * 513),
                     lambda: bot.set_my_short_description("x" * 121, language_code="de"),
                     lambda: bot.set_my_commands([BotCommand("start", "x" * 257)], language_code="de")):
            with pytest.raises(BadRequest):
                await call()
        assert (await bot.get_my_description("es")).description == "Descripción"
        assert (await bot.get_my_description("de")).description == "", "no fallback was set"
    assert [c["description"] for c in fake_api.commands(language_code="es")] == ["Empezar"]
    assert fake_api.profile("short_description", "es") == "Corta"
    assert fake_api.profile("description", "zh") is None and fake_api.profile("short_description", "de") is None


@pytest.mark.asyncio
async def test_markup_edits_deletes_and_webhook_follow_telegram_rules(fake_api: FakeBotApi) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Site", url="https://example.org")]])
    async with _bot(fake_api) as bot:
        sent = await bot.send_message(
            GROUP, "*Graz* 2001\\!", parse_mode=ParseMode.MARKDOWN_V2, reply_markup=keyboard
        )
        assert sent.text == "Graz 2001!" and sent.reply_markup == keyboard
        with pytest.raises(BadRequest, match="(?i)not modified"):
            await bot.edit_message_reply_markup(GROUP, sent.message_id, reply_markup=keyboard)
        with pytest.raises(BadRequest, match="(?i)reserved"):
            await bot.send_message(GROUP, "Graz 2001!", parse_mode=ParseMode.MARKDOWN_V2)
        with pytest.raises(BadRequest, match="(?i)wrong http url"):
            bad = InlineKeyboardMarkup([[InlineKeyboardButton("x", url="not a url")]])
            await bot.send_message(GROUP, "x", reply_markup=bad)
        await bot.send_message(USER, "Pick", reply_markup=ReplyKeyboardMarkup([["Yes", "No"]]))
        await bot.send_message(USER, "Why?", reply_markup=ForceReply(input_field_placeholder="Because"))
        with pytest.raises(BadRequest, match="(?i)message to be replied not found"):
            await bot.send_message(USER, "re", reply_to_message_id=10**9)
        assert await bot.delete_message(GROUP, sent.message_id)
        with pytest.raises(BadRequest, match="(?i)message to delete not found"):
            await bot.delete_message(GROUP, sent.message_id)
        with pytest.raises(BadRequest, match="(?i)wrong parameter action"):
            await bot.send_chat_action(USER, "dancing")
        await bot.set_webhook("https://example.org/hook")
        with pytest.raises(Conflict):
            await bot.get_updates(timeout=0)
        await bot.delete_webhook()
        assert await bot.leave_chat(GROUP)
        with pytest.raises(Forbidden, match="not a member of the supergroup chat"):
            await bot.send_message(GROUP, "still here?")
    assert fake_api.deleted == [(GROUP, sent.message_id)]


# --------------------------------------------------------------------------- errors PTB must see


@pytest.mark.asyncio
async def test_429_reaches_ptb_as_retry_after(fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    fake_api.fail_next("sendMessage", 429, retry_after=3)
    async with _bot(fake_api) as bot:
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(USER, "hello")
        assert caught.value.retry_after == dtm.timedelta(seconds=3)
        await bot.send_message(USER, "hello again")  # the fault was for one call only
    assert fake_api.failed_calls[-1].error_code == 429
    assert fake_api.texts(USER) == ["hello again"]


@pytest.mark.asyncio
async def test_wrong_token_is_unauthorized(fake_api: FakeBotApi) -> None:
    with pytest.raises(InvalidToken, match="rejected by the server"):
        async with _bot(fake_api, token="123456:" + "A" * 35):
            pass
    with pytest.raises(InvalidToken, match="rejected by the server"):
        async with _bot(fake_api, token="not-a-token"):
            pass
    assert [(c.error_code, c.description) for c in fake_api.failed_calls] == [
        (401, "Unauthorized"),
        (404, "Not Found"),
    ]


@pytest.mark.asyncio
async def test_blocked_user_500_dropped_and_unknown_method(fake_api: FakeBotApi) -> None:
    fake_api.block_user(USER)
    async with _bot(fake_api) as bot:
        with pytest.raises(Forbidden, match="blocked by the user"):
            await bot.send_message(USER, "hi")
        await bot.send_message(USER + 1, "others still get messages")
        fake_api.unblock_user(USER)
        fake_api.fail_next("sendMessage", 500)
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot.send_message(USER, "hi")
        fake_api.drop_next("sendMessage")
        with pytest.raises(NetworkError):
            await bot.send_message(USER, "hi")
        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("noSuchMethod")
        fake_api.delay_next("sendMessage", 0.2)
        started = time.monotonic()
        await bot.send_message(USER, "hi")
        assert time.monotonic() - started >= 0.2
    assert [c.error_code for c in fake_api.failed_calls] == [403, 500, None, 404]


@pytest.mark.asyncio
async def test_a_held_request_waits_until_released_and_others_pass_meanwhile(fake_api: FakeBotApi) -> None:
    async with _bot(fake_api) as bot:
        held = fake_api.hold_next("sendMessage", chat_id=USER)
        waiting = asyncio.create_task(bot.send_message(USER, "held"))
        await held.wait_reached()
        await bot.send_message(USER + 1, "not held")
        assert fake_api.count("sendMessage") == 1 and not waiting.done()
        held.release()
        await waiting
    assert fake_api.texts() == ["not held", "held"]


@pytest.mark.asyncio
async def test_offline_refuses_and_cuts_connections_then_serves_on_the_same_port(fake_api: FakeBotApi) -> None:
    fake_api.push_update(updates.private_text(USER, "sent while Telegram was away"))
    port = fake_api.port
    async with _bot(fake_api) as bot:
        await bot.send_message(USER, "before")  # a pooled keep-alive connection is open now
        fake_api.take_offline()
        with pytest.raises(NetworkError):
            await bot.send_message(USER, "during")
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=WAIT_TIMEOUT).close()
        fake_api.bring_online()
        assert fake_api.port == port
        await bot.send_message(USER, "after")
        got = await bot.get_updates(timeout=0)
    assert fake_api.texts() == ["before", "after"]
    assert [u.message.text for u in got] == ["sent while Telegram was away"]


@pytest.mark.asyncio
async def test_polls_close_by_the_fakes_clock(fake_api: FakeBotApi) -> None:
    now = [1_700_000_000.0]
    fake_api.clock = lambda: now[0]
    async with _bot(fake_api) as bot:
        message = await bot.send_poll(GROUP, "Which city was first?", ["Rosario", "Graz"], open_period=30)
    poll_id = message.poll.id
    now[0] += 29
    fake_api.answer_poll(poll_id, USER, [0])
    now[0] += 1
    assert fake_api.poll(poll_id)["is_closed"]
    with pytest.raises(ValueError, match="closed"):
        fake_api.answer_poll(poll_id, USER + 1, [1])


@pytest.mark.asyncio
async def test_wait_handled_returns_once_every_update_was_handled(fake_api: FakeBotApi) -> None:
    handled = []

    async def slow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await asyncio.sleep(0.05)  # a handler that takes a while (stands for real work)
        handled.append(update.message.text)

    app = fake_api.application_builder().concurrent_updates(8).build()
    app.add_handler(MessageHandler(filters.TEXT, slow))
    async with run_application(app):
        for n in range(20):
            fake_api.push_update(updates.private_text(USER, str(n)))
        await fake_api.wait_handled(app)
        assert sorted(handled, key=int) == [str(n) for n in range(20)]


@pytest.mark.asyncio
async def test_kicked_bot_cannot_write_to_the_group(fake_api: FakeBotApi) -> None:
    fake_api.push_update(updates.my_chat_member(GROUP, USER, old_status="member", new_status="kicked"))
    async with _bot(fake_api) as bot:
        with pytest.raises(Forbidden, match="kicked from the supergroup chat"):
            await bot.send_message(GROUP, "hello?")


# --------------------------------------------------------------------------- files, chats, updates


@pytest.mark.asyncio
async def test_uploaded_photo_is_recorded_and_downloadable(fake_api: FakeBotApi) -> None:
    png = _png(40, 20)
    async with _bot(fake_api) as bot:
        message = await bot.send_photo(
            USER, png, caption="<i>QR</i>", parse_mode=ParseMode.HTML, filename="qr.png"
        )
        assert message.photo[-1].width == 40 and message.caption == "QR"
        assert await (await bot.get_file(message.photo[-1].file_id)).download_as_bytearray() == png
        with pytest.raises(BadRequest, match="(?i)image_process_failed"):
            await bot.send_photo(USER, b"not an image", filename="x.png")
        with pytest.raises(BadRequest, match="(?i)caption is too long"):
            await bot.send_photo(USER, png, caption="c" * (MAX_CAPTION_LENGTH + 1))
        document = await bot.send_document(USER, b"a,b\n1,2\n", filename="cities.csv")
        assert document.document.file_name == "cities.csv"
    assert fake_api.uploads[0].data == png
    assert fake_api.sent("sendPhoto")[0]["photo"].data == png


@pytest.mark.asyncio
async def test_scripted_admins_and_members(fake_api: FakeBotApi) -> None:
    fake_api.push_update(updates.group_text(GROUP, USER, "hi", mention=True))
    fake_api.set_admins(GROUP, creator=1, admins=[2])
    async with _bot(fake_api) as bot:
        admins = await bot.get_chat_administrators(GROUP)
        assert [(a.user.id, a.status) for a in admins] == [(1, "creator"), (2, "administrator")]
        assert (await bot.get_chat_member(GROUP, USER)).status == "member"
        assert (await bot.get_chat_member(GROUP, 999)).status == "left"
        chat = await bot.get_chat(GROUP)
        assert chat.type == "supergroup"
        with pytest.raises(BadRequest, match="(?i)no administrators in the private chat"):
            await bot.get_chat_administrators(USER)


@pytest.mark.asyncio
async def test_get_updates_honours_offset_and_allowed_updates(fake_api: FakeBotApi) -> None:
    first = fake_api.push_update(updates.private_text(USER, "one"))
    fake_api.push_update(updates.private_text(USER, "two"))
    async with _bot(fake_api) as bot:
        got = await bot.get_updates(timeout=0)
        assert [u.message.text for u in got] == ["one", "two"]
        got = await bot.get_updates(offset=first["update_id"] + 1, timeout=0)
        assert [u.message.text for u in got] == ["two"]
        assert [u.message.text for u in await bot.get_updates(timeout=0)] == ["two"]
        await bot.get_updates(offset=got[-1].update_id + 1, timeout=0, allowed_updates=["message"])
        assert fake_api.push_update(updates.inline_query(USER, "x")) is None
        fake_api.max_poll_wait = 0.2
        started = time.monotonic()
        assert await bot.get_updates(timeout=5) == ()
        assert 0.2 <= time.monotonic() - started < 5, "long polling waits, but capped"


def test_every_builder_makes_an_update_ptb_can_parse() -> None:
    chat = updates.private_chat(USER)
    bot_message = {"message_id": 7, "from": updates.bot_user(), "chat": chat, "date": 1, "text": "hi"}
    built = [
        updates.private_text(USER, "hello"),
        updates.command(USER, "/start", "abc"),
        updates.deep_link_start(USER, "city-rosario_1"),
        updates.group_text(GROUP, USER, "hi", reply_to_bot=True, mention=True),
        updates.callback(USER, "more:1", message=bot_message),
        updates.inline_query(USER, "graz"),
        updates.poll_answer("5000", USER, [0, 2]),
        updates.edited_message(updates.private_text(USER, "helo"), "hello"),
        updates.sticker(USER),
        updates.photo(USER, caption="poster"),
        updates.voice(USER),
        updates.channel_post(-1009876543210, "news"),
        updates.new_chat_members(GROUP, [updates.BOT_ID], from_user_id=USER),
        updates.my_chat_member(GROUP, USER, new_status="administrator"),
        updates.my_chat_member(USER, USER, old_status="member", new_status="kicked"),
    ]
    for number, data in enumerate(built, start=1):
        update = Update.de_json({"update_id": number, **data}, None)
        assert update.effective_user is not None or update.channel_post is not None
    mention = updates.group_text(GROUP, USER, "hi", mention=True)["message"]
    assert mention["text"] == "@hrc_test_bot hi" and mention["entities"][0]["type"] == "mention"
    assert updates.private_text(USER, "x")["message"]["from"]["language_code"] == "en"
    with pytest.raises(ApiError):
        updates.deep_link_start(USER, "no spaces allowed")


def test_no_internet_guard_allows_loopback_only(fake_api: FakeBotApi) -> None:
    with forbid_network():
        with pytest.raises(OSError):
            socket.create_connection(("192.0.2.1", 443), timeout=1)
        with socket.create_connection(("127.0.0.1", fake_api.port), timeout=1):
            pass


# --------------------------------------------------------------------------- the validator itself


@pytest.mark.parametrize(
    "text",
    [
        "<b>bold</b> <strong>strong</strong> <i>i</i> <em>em</em> <u>u</u> <ins>ins</ins>",
        "<s>s</s> <strike>strike</strike> <del>del</del> <tg-spoiler>spoiler</tg-spoiler>",
        '<span class="tg-spoiler">spoiler</span> <a href="https://example.org/?a=1&amp;b=2">link</a>',
        '<code>x = 1</code> <pre><code class="language-python">print("hi")</code></pre>',
        "<blockquote>quoted</blockquote>",
        "<blockquote expandable>a long <b>source</b> quote</blockquote>",
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji> &lt;&gt;&amp;&quot;&#39;&#x1F600;',
        "Graz &amp; Rosario — “human rights city” ’s",
    ],
)
def test_validator_accepts_telegram_html(text: str) -> None:
    validate_html(text)


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("<div>x</div>", "Unsupported start tag \"div\" at byte offset 0"),
        ("<p>x</p>", "Unsupported start tag \"p\""),
        ("<br>", "Unsupported start tag \"br\""),
        ("<b>x</i>", "Unmatched end tag"),
        ("<b><i>x</b></i>", "Unmatched end tag"),
        ("<b>x", "Can't find end tag corresponding to start tag \"b\""),
        ("x</b>", "Unexpected end tag"),
        ("1 < 2", "Unsupported start tag"),
        ("2 > 1", 'Unescaped ">"'),
        ("Graz & Rosario", 'Unescaped "&"'),
        ("<span>x</span>", 'must have class "tg-spoiler"'),
        ("<b></b>", "message text is empty"),
        ("a" * 4097, "message is too long"),
    ],
)
def test_validator_rejects_what_telegram_rejects(text: str, description: str) -> None:
    with pytest.raises(ApiError) as caught:
        validate_html(text)
    assert caught.value.error_code == 400
    assert description in caught.value.description


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200))
def test_escaped_text_is_always_valid_html_and_shows_unchanged(text: str) -> None:
    escaped = html.escape(text)
    shown = html_visible_text(escaped)
    assert shown == text.strip(" \t\r\n\v\f\0")
    if shown:
        validate_html(escaped, max_length=None)


def test_deep_links_are_checked() -> None:
    link = "https://t.me/hrc_test_bot?start=city-rosario"
    assert validate_deep_link(link, "hrc_test_bot") == "city-rosario"
    with pytest.raises(ApiError):
        validate_deep_link("https://t.me/hrc_test_bot?start=" + "x" * 65, "hrc_test_bot")
    with pytest.raises(ApiError):
        validate_deep_link("https://t.me/hrc_test_bot?start=São", "hrc_test_bot")

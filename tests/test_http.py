"""The bot's HTTP client (bot/telegram/http.py): one request per connection at a time, a bounded pool,
and parameters as one JSON body, against the fake Bot API and a server that only records."""

from __future__ import annotations

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import TimedOut

from bot.telegram.http import TelegramRequest, json_body
from tests.fakebot import eventually
from tests.fakebot import updates as U
from tests.fakebot.server import FakeBotApi

CHAT = 4242


@pytest.fixture
def api():
    with FakeBotApi(privacy_mode=False) as server:
        server.push_update(U.private_text(CHAT, "hello"))  # the chat exists, as after a user wrote
        yield server
    assert not server.internal_errors


def bot_for(api: FakeBotApi, request: TelegramRequest) -> Bot:
    return Bot(api.token, base_url=api.base_url, request=request)


async def test_concurrent_sends_share_the_pool_one_request_per_connection(api):
    api.delay_next("sendMessage", 0.3, count=6)
    request = TelegramRequest(3)
    async with bot_for(api, request) as bot:
        sends = [asyncio.create_task(bot.send_message(CHAT, f"message {n}")) for n in range(6)]
        most = 0
        while not all(s.done() for s in sends):
            most = max(most, api.open_connections)
            await asyncio.sleep(0.01)
        sent = [s.result() for s in sends]
    assert sorted(m.text for m in sent) == [f"message {n}" for n in range(6)]
    assert 1 <= most <= 3  # never more connections than the pool holds
    assert not api.failed_calls
    await eventually(lambda: api.open_connections == 0, what="the connections closed at shutdown")


async def first_send_held(api: FakeBotApi, bot: Bot):  # type: ignore[no-untyped-def]
    """A "first" message sent and held at the fake: it keeps its connection until the hold is released."""
    hold = api.hold_next("sendMessage")
    first = asyncio.create_task(bot.send_message(CHAT, "first"))
    await hold.wait_reached()
    return hold, first


async def test_a_full_pool_times_out_like_ptbs_and_recovers(api):
    request = TelegramRequest(1, pool_timeout=0.2)
    async with bot_for(api, request) as bot:
        hold, first = await first_send_held(api, bot)
        with pytest.raises(TimedOut, match="Pool timeout"):
            await bot.send_message(CHAT, "second")  # the only connection is busy
        hold.release()
        assert (await first).text == "first"
        assert (await bot.send_message(CHAT, "third")).text == "third"  # the connection came back
    assert api.texts(CHAT) == ["first", "third"]


async def test_a_waiting_request_gets_the_next_free_connection(api):
    request = TelegramRequest(1, pool_timeout=5.0)
    async with bot_for(api, request) as bot:
        hold, first = await first_send_held(api, bot)
        second = asyncio.create_task(bot.send_message(CHAT, "second"))
        await eventually(lambda: len(request._waiting) == 1, what="the second request waiting for the connection")
        assert not second.done() and api.count("sendMessage") == 0  # waiting, not sent beside the first
        hold.release()
        await asyncio.gather(first, second)
    assert api.texts(CHAT) == ["first", "second"]


async def test_timeouts_are_the_requests_unless_a_call_sets_its_own(api):
    async with bot_for(api, TelegramRequest(2, read_timeout=0.2)) as bot:
        api.delay_next("sendMessage", 0.6)
        with pytest.raises(TimedOut):
            await bot.send_message(CHAT, "too slow for the default")
        api.delay_next("sendMessage", 0.6)
        assert (await bot.send_message(CHAT, "given longer", read_timeout=3)).text == "given longer"


async def test_uploads_still_go_as_multipart_form_data(api):
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
    async with bot_for(api, TelegramRequest(2)) as bot:
        await bot.send_photo(CHAT, InputFile(png, filename="dot.png"), caption="a dot")
    assert api.sent("sendPhoto")[0]["photo"].data == png
    assert api.sent("sendPhoto")[0]["caption"] == "a dot"


class Recorder(BaseHTTPRequestHandler):
    """Answers every call with ok and notes its content type and body."""

    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str, bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.seen.append((self.path.rsplit("/", 1)[-1], self.headers.get("Content-Type", ""), body))
        if self.path.endswith("/getMe"):
            result: object = {"id": 1, "is_bot": True, "first_name": "Bot", "username": "a_bot"}
        else:
            result = {"message_id": 1, "date": 0, "chat": {"id": CHAT, "type": "private"}, "text": "x"}
        data = json.dumps({"ok": True, "result": result}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


async def test_parameters_go_as_one_json_object_with_their_own_types():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Recorder.seen = []
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/bot"
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Weiter →", callback_data="a:x")]])
        async with Bot("1:" + "a" * 35, base_url=url, request=TelegramRequest(2)) as bot:
            await bot.send_message(CHAT, "Menschenrechte <b>für alle</b> – 人权", parse_mode="HTML",
                                   reply_markup=keyboard, disable_notification=True)
    finally:
        server.shutdown()
        server.server_close()
    method, content_type, body = Recorder.seen[-1]
    assert method == "sendMessage"
    assert content_type == "application/json"
    sent = json.loads(body.decode("utf-8"))
    assert sent["chat_id"] == CHAT and sent["disable_notification"] is True
    assert sent["text"] == "Menschenrechte <b>für alle</b> – 人权"
    assert sent["reply_markup"] == {"inline_keyboard": [[{"text": "Weiter →", "callback_data": "a:x"}]]}


def test_text_that_is_not_valid_unicode_still_encodes():
    body = json_body({"text": "half a pair: \ud83d"})
    assert json.loads(body) == {"text": "half a pair: \ud83d"}
    assert json.loads(json_body({"text": "ok ✓"}).decode("utf-8")) == {"text": "ok ✓"}

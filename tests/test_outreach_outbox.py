"""The outbox and its sender, on a real SQLite file: durable states, pacing, and what each error does."""

from __future__ import annotations

import asyncio
import datetime as dtm
import hashlib
import time

import httpx
import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot import strings
from bot.outreach import outbox as outbox_module
from bot.outreach import subscriptions as subscriptions_module
from bot.outreach.outbox import BroadcastError, Outbox, OutboxSender, compose_plain, fits, render_status, split_languages
from bot.outreach.subscriptions import Subscriptions
from bot.preferences import Preferences
from bot.storage import Database


@pytest.fixture
def db(tmp_path):
    database = Database(tmp_path / "hrc.sqlite3")
    yield database
    database.close()


@pytest.fixture
def stores(db):
    return Subscriptions(db), Outbox(db)


@pytest.fixture(autouse=True)
def _fast(monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta, without warnings
    monkeypatch.setattr(outbox_module, "RATE_PER_SECOND", 1000.0)
    monkeypatch.setattr(outbox_module, "BACKOFF_SECONDS", 0.01)


class ScriptedBot:
    """Stands in for telegram.Bot: raises the scripted errors per chat, records what got through."""

    def __init__(self, script: dict[int, list[Exception]] | None = None):
        self.script = script or {}
        self.delivered: list[int] = []
        self.attempts: list[tuple[int, float]] = []

    async def send_message(self, chat_id: int, text: str, **kwargs: object) -> None:
        self.attempts.append((chat_id, time.monotonic()))
        errors = self.script.get(chat_id)
        if errors:
            raise errors.pop(0)
        assert kwargs["parse_mode"] == "HTML"
        self.delivered.append(chat_id)


def subscribe(subs: Subscriptions, *user_ids: int) -> None:
    for user_id in user_ids:
        subs.subscribe(user_id)


def states(db: Database) -> dict[int, str]:
    return {r["user_id"]: r["state"] for r in db.query("SELECT user_id, state FROM outbox")}


def test_subscribing_twice_keeps_one_row_and_says_so(stores):
    subs, _ = stores
    assert subs.subscribe(7) is True
    assert subs.subscribe(7) is False
    assert subs.count() == 1 and subs.is_subscribed(7)
    assert subs.unsubscribe(7) is True
    assert subs.unsubscribe(7) is False
    assert subs.count() == 0


def test_a_broadcast_goes_to_the_subscribers_at_the_moment_it_is_confirmed(stores, db):
    subs, box = stores
    subscribe(subs, 1, 2)
    draft = box.draft(compose_plain("Hello"))
    subscribe(subs, 3)  # before confirming: included
    assert box.queue(draft) == 3
    subscribe(subs, 4)  # after confirming: not included
    assert sorted(states(db)) == [1, 2, 3]
    assert box.queue(draft) is None, "a second tap must not queue it twice"
    assert box.cancel(draft) is False


def test_a_cancelled_draft_sends_nothing(stores, db):
    subs, box = stores
    subscribe(subs, 1)
    draft = box.draft(compose_plain("Hello"))
    assert box.cancel(draft)
    assert box.queue(draft) is None
    assert states(db) == {}


def test_claiming_commits_sending_before_the_request_and_a_restart_never_resends_it(stores, db):
    subs, box = stores
    subscribe(subs, 1, 2)
    box.enqueue(compose_plain("Hello"))
    claimed = box.claim_next()
    assert claimed is not None and claimed.user_id == 1
    # Another connection (another process) sees the committed state.
    other = Database(db.path)
    assert {r[0]: r[1] for r in other.query("SELECT user_id, state FROM outbox")} == {1: "sending", 2: "pending"}
    other.close()
    # The process dies here. The next one starts:
    assert Outbox(db).recover() == 1
    assert states(db) == {1: "unknown", 2: "pending"}
    nxt = box.claim_next()
    assert nxt is not None and nxt.user_id == 2
    assert box.claim_next() is None


async def test_sender_delivers_each_row_once_and_reports(stores, db):
    subs, box = stores
    subscribe(subs, *range(1, 21))
    broadcast, count = box.enqueue(compose_plain("Hello"))
    bot = ScriptedBot()
    report = await OutboxSender(box, bot).run()
    assert sorted(bot.delivered) == list(range(1, 21))
    assert report.sent == 20 and box.pending_count() == 0
    status = box.status(broadcast)[0]
    assert (status.recipients, status.sent, status.failed, status.pending, status.unknown) == (20, 20, 0, 0, 0)
    assert "20 sent" in render_status([status])


async def test_sender_paces_itself(stores, monkeypatch):
    subs, box = stores
    subscribe(subs, *range(1, 11))
    box.enqueue(compose_plain("Hello"))
    bot = ScriptedBot()
    await OutboxSender(box, bot, rate=50).run()
    times = [t for _, t in bot.attempts]
    assert times[-1] - times[0] >= 9 / 50 * 0.9  # ten messages at 50/s take at least 0.18 s


async def test_flood_control_waits_retry_after_then_retries_without_counting_an_attempt(stores, db):
    subs, box = stores
    subscribe(subs, 1, 2)
    box.enqueue(compose_plain("Hello"))
    bot = ScriptedBot({1: [RetryAfter(dtm.timedelta(seconds=0.4))]})
    report = await OutboxSender(box, bot).run()
    assert sorted(bot.delivered) == [1, 2]
    assert report.flood_waits == 1
    after_429 = bot.attempts[1][1] - bot.attempts[0][1]
    assert after_429 >= 0.38, "the sender must not send anything before retry_after has passed"


async def test_a_user_who_blocked_the_bot_is_unsubscribed_and_not_retried(stores, db):
    subs, box = stores
    subscribe(subs, 1, 2)
    box.enqueue(compose_plain("First"))
    box.enqueue(compose_plain("Second"))
    bot = ScriptedBot({1: [Forbidden("Forbidden: bot was blocked by the user")]})
    report = await OutboxSender(box, bot).run()
    assert bot.delivered == [2, 2]
    assert [chat for chat, _ in bot.attempts].count(1) == 1, "the second broadcast is not tried either"
    assert not subs.is_subscribed(1) and subs.is_subscribed(2)
    assert report.blocked == 1
    assert all(s.blocked == 1 and s.failed == 1 for s in box.status())


async def test_transient_errors_are_retried_with_backoff_then_given_up(stores, db):
    subs, box = stores
    subscribe(subs, 1, 2, 3)
    box.enqueue(compose_plain("Hello"))
    server_error = lambda: NetworkError("Internal Server Error (500)")  # noqa: E731
    bot = ScriptedBot({
        1: [server_error(), server_error()],  # recovers on the third attempt
        2: [server_error() for _ in range(outbox_module.MAX_ATTEMPTS)],  # never does
    })
    report = await OutboxSender(box, bot).run()
    assert sorted(bot.delivered) == [1, 3]
    assert states(db) == {1: "sent", 2: "failed", 3: "sent"}
    assert [chat for chat, _ in bot.attempts].count(2) == outbox_module.MAX_ATTEMPTS
    assert report.retries == 2 + outbox_module.MAX_ATTEMPTS - 1


async def test_a_rejected_message_fails_without_retry(stores, db):
    subs, box = stores
    subscribe(subs, 1)
    box.enqueue(compose_plain("Hello"))
    bot = ScriptedBot({1: [BadRequest("Bad Request: chat not found")]})
    await OutboxSender(box, bot).run()
    assert states(db) == {1: "failed"} and len(bot.attempts) == 1
    assert subs.is_subscribed(1)


async def test_a_timeout_after_the_request_was_written_is_unknown_and_not_resent(stores, db):
    subs, box = stores
    subscribe(subs, 1)
    box.enqueue(compose_plain("Hello"))
    timeout = TimedOut()
    timeout.__cause__ = httpx.ReadTimeout("read timed out")
    refused = NetworkError("httpx.ConnectError: refused")
    refused.__cause__ = httpx.ConnectError("refused")
    bot = ScriptedBot({1: [refused, timeout]})
    report = await OutboxSender(box, bot).run()
    assert states(db) == {1: "unknown"} and report.unknown == 1
    assert len(bot.attempts) == 2, "a refused connection is retried, the ambiguous timeout is not"


async def test_a_stopped_sender_finishes_the_message_in_flight_and_the_next_one_carries_on(stores, db):
    subs, box = stores
    subscribe(subs, *range(1, 11))
    box.enqueue(compose_plain("Hello"))
    first = ScriptedBot()
    await OutboxSender(box, first, keep_going=lambda: len(first.delivered) < 4).run()
    assert first.delivered == [1, 2, 3, 4]
    assert "sending" not in states(db).values()
    second = ScriptedBot()
    await OutboxSender(box, second).run()
    assert second.delivered == [5, 6, 7, 8, 9, 10]


async def test_unsubscribing_drops_messages_not_yet_sent(stores, db):
    subs, box = stores
    subscribe(subs, 1, 2)
    box.enqueue(compose_plain("Hello"))
    subs.unsubscribe(2)
    box.drop_pending(2)
    bot = ScriptedBot()
    await OutboxSender(box, bot).run()
    assert bot.delivered == [1]


def test_forgetting_a_user_removes_subscription_and_every_delivery_row(stores, db):
    subs, box = stores
    subscribe(subs, 1, 2)
    box.enqueue(compose_plain("Hello"))
    db.forget_user(1)
    assert not subs.is_subscribed(1)
    assert sorted(states(db)) == [2]


def test_resend_unknown_chooses_at_least_once(stores, db):
    subs, box = stores
    subscribe(subs, 1)
    box.enqueue(compose_plain("Hello"))
    box.claim_next()
    box.recover()
    assert box.resend_unknown() == 1
    assert states(db) == {1: "pending"}


def test_the_message_carries_a_footer_and_is_escaped():
    html = compose_plain("Meeting <today> & tomorrow")
    assert html.startswith("Meeting &lt;today&gt; &amp; tomorrow\n\n")
    assert "/unsubscribe" in html
    assert fits("x" * 3000) and not fits("x" * 4090) and not fits("   ")


async def test_the_outbox_survives_a_concurrent_second_sender(stores, db):
    """Two senders on one database (the bot and the CLI) never deliver a row twice."""
    subs, box = stores
    subscribe(subs, *range(1, 41))
    box.enqueue(compose_plain("Hello"))
    a, b = ScriptedBot(), ScriptedBot()
    other = Database(db.path)
    await asyncio.gather(OutboxSender(box, a).run(), OutboxSender(Outbox(other), b).run())
    other.close()
    assert sorted(a.delivered + b.delivered) == list(range(1, 41))


# --- one text per language ---------------------------------------------------------------------

LANGUAGES = ["en", "de", "es", "ja", "zh-Hant"]


def test_a_broadcast_text_splits_into_languages_at_bracketed_codes():
    texts = split_languages("Council vote\non Friday\n\n[es]\nVotación el viernes\n[zh-hant]\n星期五投票\n", LANGUAGES)
    assert texts == {"en": "Council vote\non Friday", "es": "Votación el viernes", "zh-Hant": "星期五投票"}
    assert split_languages("[en]\nHello\n[DE]\nHallo", LANGUAGES) == {"en": "Hello", "de": "Hallo"}
    assert split_languages("See [es] below", LANGUAGES) == {"en": "See [es] below"}, "only a line of its own"
    for body, key in [("Hello\n[xx]\nHallo", "broadcast_unknown_language"), ("[es]\nHola", "broadcast_no_default"),
                      ("Hello\n[es]\nHola\n[es]\nOtra vez", "broadcast_language_twice"),
                      ("Hello\n[en]\nAgain", "broadcast_language_twice")]:
        with pytest.raises(BroadcastError) as refused:
            split_languages(body, LANGUAGES)
        assert refused.value.key == key


def test_each_subscriber_gets_the_text_of_their_pinned_language_else_telegrams_else_english(stores, db):
    subs, box = stores
    subs.subscribe(1, "es-MX")  # Telegram's code, regional variant
    subs.subscribe(2, "de")
    subs.subscribe(3, "es")
    Preferences(db).pin(3, "ja")  # pinned beats the phone; there is no Japanese text: English
    subs.subscribe(4, None)
    subs.subscribe(5, "fr")  # no French text: English
    subs.subscribe(6, "en")
    subs.seen(6, "zh-TW")  # wrote later from a phone set to Traditional Chinese
    texts = {"en": compose_plain("Hello"), "es": compose_plain("Hola", "es"), "de": compose_plain("Hallo", "de"),
             "zh-Hant": compose_plain("你好", "zh-Hant")}
    assert box.audience(texts) == {"en": 3, "es": 1, "de": 1, "zh-Hant": 1}
    broadcast, count = box.enqueue(texts)
    assert count == 6
    assert box.find_queued(texts) == broadcast and box.find_queued(compose_plain("Hello")) is None
    bot = ScriptedBot()
    sent: dict[int, str] = {}

    async def send_message(chat_id: int, text: str, **kwargs: object) -> None:
        sent[chat_id] = text

    bot.send_message = send_message  # type: ignore[method-assign]
    asyncio.run(OutboxSender(box, bot).run())
    assert sent == {1: texts["es"], 2: texts["de"], 3: texts["en"], 4: texts["en"], 5: texts["en"], 6: texts["zh-Hant"]}
    assert texts["de"].endswith(strings.text("broadcast_footer", "de"))


def test_languages_come_to_an_existing_database_without_losing_a_subscriber_or_a_queued_broadcast(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = Database(path)  # what the bot left before languages: its tables and one broadcast half sent
    old.migrate(subscriptions_module.MIGRATION, subscriptions_module.SCHEMA)
    old.migrate(outbox_module.MIGRATION, outbox_module.SCHEMA)
    old.execute("INSERT INTO subscriptions(user_id) VALUES (1), (2)")
    html = compose_plain("Before languages")
    old.execute("INSERT INTO broadcasts(html, digest, state, created) VALUES (?, ?, 'queued', 'then')",
                (html, hashlib.sha256(html.encode()).hexdigest()))
    old.execute("INSERT INTO outbox(broadcast_id, user_id) VALUES (1, 1), (1, 2)")
    old.close()
    db = Database(path)
    subs, box = Subscriptions(db), Outbox(db)
    assert subs.count() == 2 and box.pending_count() == 2
    assert box.find_queued(html) == 1, "re-running the same `hrc-bot broadcast --file` resumes it"
    delivery = box.claim_next()
    assert delivery is not None and delivery.html == html
    subs.seen(1, "es")
    assert db.query("SELECT language FROM subscriptions WHERE user_id = 1")[0][0] == "es"
    db.close()

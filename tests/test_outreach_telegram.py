"""Outreach end to end: the real Application against the fake Bot API (subscriptions, broadcasts,
statistics, privacy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import strings
from bot.config import Settings
from bot.engine import Engine
from bot.outreach import outbox as outbox_module
from bot.outreach.outbox import Outbox, compose_plain
from bot.outreach.subscriptions import Subscriptions
from bot.storage import Database
from bot.telegram import callbacks
from bot.telegram.app import build_application
from tests.botharness import rows_mentioning
from tests.fakebot import FakeBotApi, eventually, fake_api, run_application, updates  # noqa: F401 - fake_api is a fixture

ADMIN = 1
USER = 4242
GROUP = -1001234567890


@pytest.fixture(autouse=True)
def _fast(monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    monkeypatch.setattr(outbox_module, "RATE_PER_SECOND", 100.0)
    monkeypatch.setattr(outbox_module, "BACKOFF_SECONDS", 0.05)


def build(api: FakeBotApi, data_dir: Path, engine: Engine):
    settings = Settings(token=api.token, api_base_url=api.base_url, data_dir=data_dir, admin_ids=frozenset({ADMIN}))
    return build_application(settings, engine=engine, rate_limit=False)


async def test_subscribe_and_unsubscribe_by_command_and_button(fake_api, tmp_path, engine):
    app = build(fake_api, tmp_path, engine)
    async with run_application(app):
        fake_api.push_update(updates.command(USER, "subscribe"))
        assert (await fake_api.wait_for("sendMessage", chat_id=USER))["text"] == strings.text("subscribe_done")
        fake_api.push_update(updates.command(USER, "subscribe"))
        assert (await fake_api.wait_for("sendMessage", chat_id=USER))["text"] == strings.text("subscribe_already")
        fake_api.push_update(updates.command(USER, "unsubscribe"))
        assert (await fake_api.wait_for("sendMessage", chat_id=USER))["text"] == strings.text("unsubscribe_done")

        # The "🔔 Updates" button under an answer subscribes too.
        fake_api.push_update(updates.private_text(USER, "What is a Human Rights City?"))
        await fake_api.wait_for("sendMessage", chat_id=USER)
        pressed = fake_api.press_button(USER, text=strings.text("button_subscribe"))
        assert (await fake_api.wait_for("sendMessage", chat_id=USER))["text"] == strings.text("subscribe_done")
        assert fake_api.callback_answer(pressed["callback_query"]["id"])["text"] == strings.text("subscribe_toast")
        assert app.bot_data["services"].extras["outreach"].subscriptions.is_subscribed(USER)

        # In a group: no subscription, a pointer to the private chat.
        fake_api.push_update(updates.command(777, "subscribe", chat=GROUP))
        reply = await fake_api.wait_for("sendMessage", chat_id=GROUP)
        assert reply["text"] == strings.text("private_only", username=updates.BOT_USERNAME)
        assert not app.bot_data["services"].extras["outreach"].subscriptions.is_subscribed(777)
    # The public menu lists the outreach commands, not the admin ones.
    menu = {c["command"] for c in fake_api.commands()}
    assert {"subscribe", "unsubscribe", "privacy", "forgetme"} <= menu
    assert not {"broadcast", "stats"} & menu


async def test_admin_commands_are_refused_to_everyone_else(fake_api, tmp_path, engine):
    app = build(fake_api, tmp_path, engine)
    async with run_application(app):
        for name, args in [("broadcast", "Hello everyone"), ("broadcast", "status"), ("stats", "")]:
            fake_api.push_update(updates.command(USER, name, args))
            assert (await fake_api.wait_for("sendMessage", chat_id=USER))["text"] == strings.text("admin_only")
        # Pressing a forged confirm button does nothing either.
        msg = updates.message(ADMIN, "x", chat=USER)
        fake_api.push_update(updates.callback(USER, callbacks.encode("bc", "go", 1), message=msg))
        refused = await fake_api.wait_for("answerCallbackQuery")
        await fake_api.wait_handled(app)
    assert refused["text"] == strings.text("admin_only")
    assert fake_api.count("sendMessage") == 3, "only the three refusals"
    db = Database(tmp_path / "hrc-bot.sqlite3")
    assert db.query("SELECT COUNT(*) FROM broadcasts")[0][0] == 0
    assert db.query("SELECT COUNT(*) FROM outbox")[0][0] == 0
    db.close()


async def test_privacy_says_what_is_kept_and_forgetme_deletes_every_row_of_the_user(fake_api, tmp_path, engine):
    # The user is subscribed, got one broadcast, and has another one waiting (due far in the future).
    db = Database(tmp_path / "hrc-bot.sqlite3")
    subs, box = Subscriptions(db), Outbox(db)
    subs.subscribe(USER)
    subs.subscribe(USER + 1)
    box.enqueue(compose_plain("Already sent"))
    db.execute("UPDATE outbox SET state = 'sent'")
    box.enqueue(compose_plain("Still waiting"))
    db.execute("UPDATE outbox SET not_before = 1e12 WHERE state = 'pending'")
    db.close()
    assert rows_mentioning(tmp_path / "hrc-bot.sqlite3", USER)

    app = build(fake_api, tmp_path, engine)
    async with run_application(app):
        fake_api.push_update(updates.command(USER, "privacy"))
        privacy = await fake_api.wait_for("sendMessage", chat_id=USER)
        assert privacy["parse_mode"] == "HTML" and "/forgetme" in privacy["text"]

        fake_api.push_update(updates.command(USER, "forgetme"))
        confirm = await fake_api.wait_for("sendMessage", chat_id=USER)
        assert confirm["text"] == strings.text("forgetme_confirm")
        fake_api.press_button(USER, text=strings.text("forgetme_no_button"))
        await fake_api.wait_for("editMessageText", chat_id=USER)
        assert rows_mentioning(tmp_path / "hrc-bot.sqlite3", USER), "No means nothing is deleted"

        fake_api.push_update(updates.command(USER, "forgetme"))
        await fake_api.wait_for("sendMessage", chat_id=USER)
        fake_api.press_button(USER, text=strings.text("forgetme_yes_button"))
        done = await fake_api.wait_for("editMessageText", chat_id=USER)
        assert done["text"] == strings.text("forgetme_done")
    assert rows_mentioning(tmp_path / "hrc-bot.sqlite3", USER) == []
    assert rows_mentioning(tmp_path / "hrc-bot.sqlite3", USER + 1), "other users keep their data"


async def test_questions_are_in_the_database_by_their_replies_and_at_stop(fake_api, tmp_path, engine):
    """Counts are written a turn of the event loop after the questions are answered (together, one
    transaction a turn), so a reader of the file sees each before its reply, and stopping loses none."""
    app = build(fake_api, tmp_path, engine)

    def counted() -> int:
        check = Database(tmp_path / "hrc-bot.sqlite3")
        try:
            return int(check.query("SELECT COALESCE(SUM(count), 0) FROM question_counts")[0][0])
        finally:
            check.close()

    async with run_application(app):
        for user in range(100, 140):
            fake_api.push_update(updates.private_text(user, "What is a Human Rights City?"))
        await fake_api.wait_for_count("sendMessage", 40)
        assert counted() == 40
        fake_api.push_update(updates.private_text(USER, "how do I bake sourdough bread"))
        await fake_api.wait_for("sendMessage", chat_id=USER)
    assert counted() == 41
    db = Database(tmp_path / "hrc-bot.sqlite3")
    assert [tuple(r) for r in db.query("SELECT key, count FROM question_counts ORDER BY key")] == [
        ("_fallback", 1), ("what_is_hrc", 40)]
    assert db.query("SELECT sample FROM unanswered")[0][0] == "how do I bake sourdough bread"
    db.close()


async def test_deep_link_starts_and_questions_are_counted_and_shown_to_admins(fake_api, tmp_path, engine):
    app = build(fake_api, tmp_path, engine)
    async with run_application(app):
        for user, payload in [(11, "duties__spring"), (12, "duties__spring"), (13, "three_duties__autumn"),
                              (14, "duties"), (15, "no_such_thing__spring")]:
            fake_api.push_update(updates.deep_link_start(user, payload))
            await fake_api.wait_for("sendMessage", chat_id=user)
        fake_api.push_update(updates.private_text(16, "What is a Human Rights City?"))
        await fake_api.wait_for("sendMessage", chat_id=16)
        fake_api.push_update(updates.private_text(16, "how do I bake sourdough bread, my number is 0123 456 789"))
        await fake_api.wait_for("sendMessage", chat_id=16)

        fake_api.push_update(updates.command(ADMIN, "stats"))
        report = (await fake_api.wait_for("sendMessage", chat_id=ADMIN))["text"]
    assert report.startswith("<pre>")
    assert "2 question(s): 1 not answered (50% fallback rate)" in report
    db = Database(tmp_path / "hrc-bot.sqlite3")
    starts = {(r[0], r[1]): r[2] for r in db.query("SELECT target, campaign, SUM(count) FROM starts GROUP BY 1, 2")}
    assert starts == {("duties", "spring"): 2, ("three_duties", "autumn"): 1, ("duties", ""): 1, ("_unknown", ""): 1}
    kept = [tuple(r) for r in db.query("SELECT sample, count FROM unanswered")]
    assert kept == [("how do I bake sourdough bread, my number is <number>", 1)]
    db.close()
    assert "duties  [campaign spring]" in report


async def test_broadcast_to_200_subscribers_survives_errors_and_a_restart(fake_api, tmp_path, engine):
    users = list(range(10_001, 10_201))
    blocked = users[5::20]  # 10 users who blocked the bot after subscribing
    reachable = [u for u in users if u not in blocked]
    app = build(fake_api, tmp_path, engine)
    subs = app.bot_data["services"].extras["outreach"].subscriptions
    async with run_application(app):
        for user in users:
            fake_api.push_update(updates.command(user, "subscribe"))
        await fake_api.wait_for_count("sendMessage", len(users))
        assert subs.count() == 200
        for user in blocked:
            fake_api.block_user(user)
        fake_api.fail_next("sendMessage", 429, retry_after=1, chat_id=users[3])
        fake_api.fail_next("sendMessage", 500, count=2, chat_id=users[7])
        fake_api.drop_next("sendMessage", chat_id=users[12])
        fake_api.fail_next("sendMessage", 502, chat_id=users[150])
        fake_api.fail_next("sendMessage", 429, retry_after=1, chat_id=users[170])

        fake_api.push_update(updates.command(ADMIN, "broadcast", "Council vote on <Friday> & more"))
        preview = await fake_api.wait_for("sendMessage", chat_id=ADMIN)
        assert preview["text"].startswith("Council vote on &lt;Friday&gt; &amp; more\n\n")
        confirm = await fake_api.wait_for("sendMessage", chat_id=ADMIN)
        assert confirm["text"] == strings.text("broadcast_confirm", count=200)
        # The delivery to the 100th subscriber is held until the application is stopping: the
        # restart comes in the middle of the broadcast, whatever the machine's speed.
        held = fake_api.hold_next("sendMessage", chat_id=users[99], until=lambda: not app.running)
        fake_api.press_button(ADMIN, text=strings.text("broadcast_send_button"))
        queued = await fake_api.wait_for("editMessageText", chat_id=ADMIN)
        assert "200 subscriber(s)" in queued["text"]
        await held.wait_reached()
    # Restart: a new Application on the same data; it resumes at start-up.
    db_path = tmp_path / "hrc-bot.sqlite3"
    box = Outbox(Database(db_path))
    assert box.pending_count() > 0, "the restart happens in the middle of the broadcast"
    app = build(fake_api, tmp_path, engine)
    async with run_application(app):
        await eventually(lambda: box.pending_count() == 0, what="the rest of the broadcast")
        fake_api.push_update(updates.command(ADMIN, "broadcast", "status"))
        status = await until_text(fake_api, ADMIN, strings.text("broadcast_status_header"))

    subs = Subscriptions(Database(db_path))
    for user in reachable:
        got = [p for p in fake_api.sent("sendMessage", chat_id=user) if p["text"] == preview["text"]]
        assert len(got) == 1, f"user {user} got {len(got)} copies"
    for user in blocked:
        assert not [p for p in fake_api.sent("sendMessage", chat_id=user) if p["text"] == preview["text"]]
        assert not subs.is_subscribed(user)
    assert subs.count() == 190
    assert "to 200: 190 sent, 10 failed (10 had blocked the bot), 0 pending, 0 unknown" in status
    failures = {f.error_code for f in fake_api.failed_calls if f.method == "sendMessage"}
    assert failures == {429, 500, 502, 403, None}, "every injected fault was met"


async def until_text(api: FakeBotApi, chat_id: int, prefix: str) -> str:
    while True:
        text = (await api.wait_for("sendMessage", chat_id=chat_id))["text"]
        if text.startswith(prefix):
            return text


async def test_broadcast_preview_can_be_cancelled_and_a_second_tap_sends_nothing(fake_api, tmp_path, engine):
    app = build(fake_api, tmp_path, engine)
    app.bot_data["services"].extras["outreach"].subscriptions.subscribe(USER)
    async with run_application(app):
        fake_api.push_update(updates.command(ADMIN, "broadcast"))
        usage = (await fake_api.wait_for("sendMessage", chat_id=ADMIN))["text"]
        assert usage == strings.text("broadcast_usage") + "\n\n" + strings.text("broadcast_usage_languages")
        fake_api.push_update(updates.command(ADMIN, "broadcast", "x" * 4080))
        too_long = await fake_api.wait_for("sendMessage", chat_id=ADMIN)
        assert too_long["text"] == strings.text("broadcast_too_long", limit=4096)

        fake_api.push_update(updates.command(ADMIN, "broadcast", "Never mind"))
        await fake_api.wait_for("sendMessage", chat_id=ADMIN)
        confirm = await fake_api.wait_for("sendMessage", chat_id=ADMIN)
        fake_api.press_button(ADMIN, text=strings.text("broadcast_cancel_button"))
        cancelled = await fake_api.wait_for("editMessageText", chat_id=ADMIN)
        assert cancelled["text"] == strings.text("broadcast_cancelled")
        # The old confirm button, pressed later, is stale.
        fake_api.push_update(updates.callback(ADMIN, confirm["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
                                              message=fake_api.last_bot_message(ADMIN)))
        assert (await fake_api.wait_for("editMessageText", chat_id=ADMIN))["text"] == strings.text("broadcast_stale")
        await fake_api.wait_handled(app)
    assert fake_api.count("sendMessage", chat_id=USER) == 0, "nothing reached the subscriber"

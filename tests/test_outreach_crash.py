"""The done-when of the outreach issue: `hrc-bot broadcast` killed with SIGKILL halfway through 200
subscribers, then run again, ends with exactly one copy per reachable subscriber — in their language."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from bot.outreach.outbox import compose_plain
from bot.outreach.subscriptions import Subscriptions
from bot.storage import Database
from tests.fakebot import WAIT_TIMEOUT, FakeBotApi, fake_api  # noqa: F401 - fake_api is a fixture

ROOT = Path(__file__).resolve().parents[1]


def hrc_bot(api: FakeBotApi, data_dir: Path, *args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, **api.env(), "HRC_DATA_DIR": str(data_dir), "PTB_TIMEDELTA": "true",
           "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def test_broadcast_killed_halfway_resumes_with_exactly_one_copy_each(fake_api, tmp_path):
    users = list(range(20_001, 20_201))
    blocked = set(users[3::20])
    db_path = tmp_path / "hrc-bot.sqlite3"
    db = Database(db_path)
    for user in users:
        Subscriptions(db).subscribe(user, "es-MX" if user % 3 == 0 else "en")
    db.close()
    for user in blocked:
        fake_api.block_user(user)
    fake_api.fail_next("sendMessage", 429, retry_after=1, chat_id=users[10])
    fake_api.fail_next("sendMessage", 500, count=2, chat_id=users[20])
    fake_api.fail_next("sendMessage", 500, chat_id=users[150])
    fake_api.drop_next("sendMessage", chat_id=users[160])
    message = tmp_path / "msg.txt"
    english = "Spring campaign: the council votes on the human rights charter on Friday."
    spanish = "Campaña de primavera: el concejo vota la carta de derechos humanos el viernes."
    message.write_text(f"{english}\n\n[es]\n{spanish}\n", encoding="utf-8")
    texts = {"en": compose_plain(english, "en"), "es": compose_plain(spanish, "es")}

    def copies(user: int | None = None) -> int:
        """Copies of the broadcast (of the user's own language's text, for one user)."""
        wanted = set(texts.values()) if user is None else {texts["es" if user % 3 == 0 else "en"]}
        return sum(1 for p in fake_api.sent("sendMessage", chat_id=user) if p["text"] in wanted)

    # First run: SIGKILL halfway, while the request for the 121st subscriber is in flight (the fake
    # holds it unanswered until the process is dead, then lets it through: Telegram got it).
    in_flight = users[120]
    held = fake_api.hold_next("sendMessage", chat_id=in_flight)
    first = hrc_bot(fake_api, tmp_path, "broadcast", "--file", str(message), "--rate", "30")
    held.reached.wait(timeout=WAIT_TIMEOUT)
    assert held.reached.is_set(), f"the sender never got to subscriber {in_flight}: {first.poll()}"
    os.kill(first.pid, signal.SIGKILL)
    first.communicate(timeout=WAIT_TIMEOUT)
    held.release()
    assert first.returncode == -signal.SIGKILL
    halfway = copies()
    db = Database(db_path)
    assert db.query("SELECT state FROM outbox WHERE user_id = ?", (in_flight,))[0][0] == "sending"
    db.close()

    # Second run, the same command: it resumes the queued broadcast instead of starting another.
    second = hrc_bot(fake_api, tmp_path, "broadcast", "--file", str(message), "--rate", "30")
    out, err = second.communicate(timeout=WAIT_TIMEOUT)
    print(f"killed after {halfway} copies; the second run said:\n{out}")  # shown with pytest -s
    assert second.returncode == 0, err
    assert "already queued: resuming it" in out

    db = Database(db_path)
    state = {r["user_id"]: r["state"] for r in db.query("SELECT user_id, state FROM outbox")}
    subscribed = {r[0] for r in db.query("SELECT user_id FROM subscriptions")}
    db.close()
    unknown = {u for u, s in state.items() if s == "unknown"}
    assert unknown == {in_flight}, "one row at a time: a crash leaves one delivery in doubt, not resent"
    for user in users:
        if user in unknown:
            assert copies(user) <= 1, f"user {user} (unknown) got {copies(user)} copies"
        elif user in blocked:
            assert copies(user) == 0 and state[user] == "failed" and user not in subscribed
        else:
            assert copies(user) == 1, f"user {user} got {copies(user)} copies"
            assert state[user] == "sent"
    sent = 190 - len(unknown - blocked)
    failed = 10 - len(unknown & blocked)
    report = f"to 200: {sent} sent, {failed} failed ({failed} had blocked the bot), 0 pending, {len(unknown)} unknown"
    assert report in out, out

    # Third run: the message was delivered; nothing is sent again.
    before = copies()
    third = hrc_bot(fake_api, tmp_path, "broadcast", "--file", str(message))
    out, err = third.communicate(timeout=WAIT_TIMEOUT)
    assert third.returncode == 0, err
    assert "was already delivered" in out and report in out
    assert copies() == before
    assert copies() == sum(copies(user) for user in users), "nobody got another language's text"

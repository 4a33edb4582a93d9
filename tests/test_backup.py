"""`hrc-bot backup` while the bot runs in another process, answering and broadcasting; the copy,
restored into a new data folder, brings back the quiz scores, the subscriptions and the outbox."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot import strings
from bot.storage import Database
from tests.botharness import ADMIN_ID, REPO_ROOT, bot_process, running_bot
from tests.fakebot import WAIT_TIMEOUT, FakeBotApi, eventually, fake_api, updates  # noqa: F401 - fake_api is a fixture

ANA = 601  # plays a practice quiz
SUBSCRIBERS = list(range(9_001, 9_041))
ASKERS = list(range(9_501, 9_601))
NEWS = "The council votes on the human rights charter on Friday."


def hrc_bot_backup(data_dir: Path, target: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HRC_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "bot", "backup", str(target)], env=env, cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=WAIT_TIMEOUT)


def right(poll: dict) -> int:
    return poll["correct_option_ids"][0]


async def test_a_backup_taken_mid_broadcast_restores_scores_subscriptions_and_the_outbox(fake_api, tmp_path):
    live, restored, copy = tmp_path / "live", tmp_path / "restored", tmp_path / "backup.sqlite3"
    live.mkdir()
    holds = []
    bot = bot_process(fake_api, live)
    try:
        # A student's practice quiz: 2 of 3 right.
        fake_api.push_update(updates.command(ANA, "/quiz", "duties 3"))
        for answer in (right, lambda poll: (right(poll) + 1) % len(poll["options"]), right):
            poll = fake_api.result_for(await fake_api.wait_for("sendPoll", chat_id=ANA))["poll"]
            fake_api.answer_poll(poll["id"], ANA, [answer(poll)])
        await fake_api.wait_for("sendMessage", lambda p: "Your score: 2/3" in p["text"], chat_id=ANA)
        # Forty subscribers, and a broadcast to them held at the twentieth delivery.
        for user in SUBSCRIBERS:
            fake_api.push_update(updates.command(user, "/subscribe"))
        await fake_api.wait_for_count("sendMessage", len(SUBSCRIBERS),
                                      lambda p: p["text"] == strings.text("subscribe_done"))
        in_flight = fake_api.hold_next("sendMessage", chat_id=SUBSCRIBERS[19])
        holds.append(in_flight)
        fake_api.push_update(updates.command(ADMIN_ID, "/broadcast", NEWS))
        await fake_api.wait_for("sendMessage", lambda p: "Send it to 40 subscriber(s)?" in p["text"])
        fake_api.press_button(ADMIN_ID, text=strings.text("broadcast_send_button"))
        await in_flight.wait_reached()
        # A hundred questions arrive, one answer is held mid-request, and the backup runs meanwhile.
        answering = fake_api.hold_next("sendMessage", chat_id=ASKERS[0])
        holds.append(answering)
        for user in ASKERS:
            fake_api.push_update(updates.private_text(user, "what is a human rights city"))
        await answering.wait_reached()
        done = hrc_bot_backup(live, copy)
        assert done.returncode == 0, done.stderr
        assert f"{copy}: a copy of" in done.stdout
        # The live bot dies while the delivery is still in flight, then Telegram lets it through.
        bot.send_signal(signal.SIGKILL)
        bot.wait(timeout=WAIT_TIMEOUT)
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait(timeout=WAIT_TIMEOUT)
        for hold in holds:
            hold.release()

    # The copy: one consistent file, taken at one moment of the run.
    assert not Path(f"{copy}-wal").exists()
    with sqlite3.connect(copy) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        states = dict(check.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())
        questions = check.execute("SELECT SUM(count) FROM question_counts WHERE key = 'what_is_hrc'").fetchone()[0]
    assert states == {"sent": 19, "sending": 1, "pending": 20}, "the broadcast, as it stood"
    assert 1 <= questions <= len(ASKERS)

    # Restore into a new data folder and start from it.
    restored.mkdir()
    shutil.copy(copy, restored / "hrc-bot.sqlite3")
    earlier = fake_api.sent("sendMessage", chat_id=SUBSCRIBERS[0])  # "subscribed", then the news
    async with running_bot(fake_api, restored) as app:
        fake_api.push_update(updates.command(ANA, "/score"))
        score = await fake_api.wait_for("sendMessage", lambda p: "answers right" in p["text"], chat_id=ANA)
        fake_api.push_update(updates.command(SUBSCRIBERS[0], "/subscribe"))
        await fake_api.wait_for_count("sendMessage", len(earlier) + 1, chat_id=SUBSCRIBERS[0])
        again = fake_api.sent("sendMessage", chat_id=SUBSCRIBERS[0])[-1]
        # The outbox resumes where the copy stood: the twenty still pending, and nobody twice.
        await eventually(lambda: all(copies(fake_api, user) == 1 for user in SUBSCRIBERS), what="the broadcast")
        fake_api.push_update(updates.command(ADMIN_ID, "/broadcast", "status"))
        status = await fake_api.wait_for("sendMessage", lambda p: p["text"].startswith(
            strings.text("broadcast_status_header")), chat_id=ADMIN_ID)
        await fake_api.wait_handled(app)
    assert "2 of 3 answers right (67%)" in score["text"]
    assert again["text"] == strings.text("subscribe_already")
    assert "to 40: 39 sent, 0 failed (0 had blocked the bot), 0 pending, 1 unknown" in status["text"]


def copies(api: FakeBotApi, user: int) -> int:
    return api.count("sendMessage", lambda p: p["text"].startswith(NEWS), chat_id=user)


def test_backup_refuses_a_missing_database_and_the_live_file_and_names_a_copy_in_a_folder(tmp_path):
    missing = hrc_bot_backup(tmp_path / "nothing-here", tmp_path / "copy.sqlite3")
    assert missing.returncode == 1 and "no database at" in missing.stderr
    assert not (tmp_path / "nothing-here").exists(), "looking for it created nothing"

    Database(tmp_path / "hrc-bot.sqlite3").close()
    itself = hrc_bot_backup(tmp_path, tmp_path / "hrc-bot.sqlite3")
    assert itself.returncode == 1 and "is the live database itself" in itself.stderr

    folder = tmp_path / "backups"
    folder.mkdir()
    dated = hrc_bot_backup(tmp_path, folder)
    assert dated.returncode == 0, dated.stderr
    [made] = folder.iterdir()
    assert made.name.startswith("hrc-bot-") and made.suffix == ".sqlite3"

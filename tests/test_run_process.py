"""`hrc-bot run` as an operator runs it: a real process talking to the fake Bot API on 127.0.0.1."""

from __future__ import annotations

import itertools
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import strings
from bot.telegram import polling
from tests.botharness import bot_process
from tests.fakebot import eventually
from tests.fakebot import updates as U
from tests.fakebot.server import WAIT_TIMEOUT, FakeBotApi
from tests.fakebot.validate import validate_html

QUESTIONS = Path(__file__).parent / "eval" / "holdout.yaml"
# `docker stop` waits this long after SIGTERM before it kills: the bot must be gone by then.
DOCKER_STOP_GRACE = 10


def start_bot(api: FakeBotApi, data_dir: Path, **env: str) -> subprocess.Popen:
    environment = {**os.environ, **api.env(), "HRC_DATA_DIR": str(data_dir), **env}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], env=environment,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def wait_polling(api: FakeBotApi, process: subprocess.Popen, timeout: float = WAIT_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while api.get_updates_count < 2:
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"the bot did not start polling:\n{process.communicate()[0]}")
        time.sleep(0.05)


def stop(process: subprocess.Popen) -> tuple[float, str]:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=WAIT_TIMEOUT)
    return time.monotonic() - started, output


def test_a_hundred_users_ask_a_hundred_different_questions_and_sigterm_stops_it_cleanly(tmp_path):
    import yaml

    questions = [str(item["q"]) for item in yaml.safe_load(QUESTIONS.read_text())["in_scope"]][:100]
    assert len(set(questions)) == 100
    with FakeBotApi() as api:
        process = start_bot(api, tmp_path)
        try:
            wait_polling(api, process)
            for n, question in enumerate(questions):
                api.push_update(U.private_text(20_000 + n, question))
            for n in range(100):
                api.wait_for_sync("sendMessage", chat_id=20_000 + n)
        finally:
            seconds, output = stop(process)
        replies = api.sent("sendMessage")
    assert process.returncode == 0, output
    assert seconds < DOCKER_STOP_GRACE, f"SIGTERM took {seconds:.1f} s"
    assert len(replies) == 100 and not api.failed_calls
    for reply in replies:
        validate_html(reply["text"])
    assert "ERROR" not in output and "Traceback" not in output, output
    assert api.token not in output and api.token.split(":")[1] not in output
    assert not any(q in output for q in questions), "message text must not reach the log at INFO"


@pytest.mark.parametrize(
    ("token", "says"),
    [("", "TELEGRAM_BOT_TOKEN is not set"), ("12345:short", "TELEGRAM_BOT_TOKEN is malformed")],
)
def test_a_missing_or_malformed_token_is_one_clear_line_and_exit_code_2(tmp_path, token, says):
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "HRC_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "bot", "run"], env=env, capture_output=True, text=True, timeout=WAIT_TIMEOUT)

    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and says in lines[0]
    assert "short" not in done.stderr


def test_broken_content_stops_start_up_with_file_and_line(tmp_path, content_copy):
    intents = content_copy / "intents" / "duties.yaml"
    intents.write_text(intents.read_text().replace("quote:", "quote: [broken", 1))
    with FakeBotApi() as api:
        done = subprocess.run(
            [sys.executable, "-m", "bot", "run"],
            env={**os.environ, **api.env(), "HRC_DATA_DIR": str(tmp_path / "data"), "HRC_CONTENT_DIR": str(content_copy)},
            capture_output=True, text=True, timeout=WAIT_TIMEOUT,
        )
        assert api.get_updates_count == 0, "no half-loaded bot ever polls"
    assert done.returncode == 1
    assert "intents/duties.yaml:" in done.stderr and "invalid YAML" in done.stderr


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_webhook_mode_registers_its_url_and_answers_updates_posted_to_it(tmp_path):
    import json
    import urllib.error
    import urllib.request
    from urllib.parse import urlsplit

    port = free_port()
    with FakeBotApi() as api:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--webhook-url", "https://bot.example.org:8443",
             "--listen", "127.0.0.1", "--port", str(port)],
            env={**os.environ, **api.env(), "HRC_DATA_DIR": str(tmp_path)},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        try:
            registered = api.wait_for_sync("setWebhook")
            path = urlsplit(registered["url"]).path
            assert registered["url"].startswith("https://bot.example.org:8443/") and len(path) > 20
            update = {"update_id": 1, **U.private_text(31337, "what is the duty to protect")}
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", data=json.dumps(update).encode(), method="POST",
                headers={"Content-Type": "application/json",
                         "X-Telegram-Bot-Api-Secret-Token": registered["secret_token"]},
            )
            deadline = time.monotonic() + WAIT_TIMEOUT
            while True:  # the webhook server may still be binding its port
                try:
                    with urllib.request.urlopen(request, timeout=WAIT_TIMEOUT) as response:
                        assert response.status == 200
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            forged = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", data=json.dumps({**update, "update_id": 2}).encode(),
                method="POST", headers={"Content-Type": "application/json",
                                        "X-Telegram-Bot-Api-Secret-Token": "not-the-secret"},
            )
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(forged, timeout=WAIT_TIMEOUT)
            reply = api.wait_for_sync("sendMessage", chat_id=31337)
        finally:
            seconds, output = stop(process)
    assert refused.value.code == 403
    assert "third parties" in reply["text"]
    assert len(api.sent("sendMessage")) == 1, "the forged update was not handled"
    assert process.returncode == 0 and seconds < DOCKER_STOP_GRACE, output
    assert api.token not in output


# The real `hrc-bot run`, with the polling back-off shortened (0.25 s doubling to 1 s instead of 1 s
# doubling to 10 s) so that an outage reaches the cap within seconds.
SHORT_BACKOFF_BOT = """
import sys
import bot.telegram.polling as polling
polling.BACKOFF_FIRST_SECONDS, polling.BACKOFF_MAX_SECONDS = 0.25, 1.0
from bot.cli import main
sys.exit(main(["run"]))
"""


def polling_log(data_dir: Path) -> list[str]:
    return (data_dir / "bot.log").read_text(encoding="utf-8").splitlines()


def failed_polls(data_dir: Path) -> list[str]:
    return [line for line in polling_log(data_dir) if "cannot reach Telegram" in line]


async def test_an_unreachable_telegram_is_waited_out_one_log_line_per_try_and_answers_resume(tmp_path):
    with FakeBotApi() as api:
        bot = bot_process(api, tmp_path, code=SHORT_BACKOFF_BOT)
        try:
            api.push_update(U.private_text(20_001, "what is a human rights city"))
            await api.wait_for("sendMessage", chat_id=20_001)
            # The menus and descriptions of the nine languages go out in the background at start-up: let
            # them finish, so that the outage is about polling alone.
            await api.wait_for_count("setMyShortDescription", count=len(strings.available()))
            api.take_offline()
            api.push_update(U.private_text(20_002, "what is the duty to protect"))  # Telegram keeps it
            # 0.25, 0.5, 1, 1 s: four tries, the last two at the cap; any longer outage only repeats it
            await eventually(lambda: len(failed_polls(tmp_path)) >= 4, what="four failed polls")
            api.bring_online()
            back = time.monotonic()
            reply = await api.wait_for("sendMessage", chat_id=20_002)
            answered_after = time.monotonic() - back
            assert bot.poll() is None, "the bot stayed up"
        finally:
            bot.send_signal(signal.SIGTERM)
            bot.wait(timeout=WAIT_TIMEOUT)
    log = polling_log(tmp_path)
    tries = failed_polls(tmp_path)
    waits = [float(re.search(r"trying again in ([\d.]+) s", line)[1]) for line in tries]
    assert waits[:4] == [0.25, 0.5, 1, 1] and max(waits) == 1
    outage = log[log.index(tries[0]):]
    recovered = next(i for i, line in enumerate(outage) if "Telegram is reachable again" in line)
    assert outage[:recovered] == tries, "one line per try, and nothing else, during the outage"
    assert f"after {len(tries)} failed attempt(s)" in outage[recovered]
    assert not any("Traceback" in line or " ERROR " in line for line in log), "\n".join(log)
    assert api.token.split(":")[1] not in "\n".join(log)
    assert "third parties" in reply["text"]
    assert answered_after < polling.BACKOFF_MAX_SECONDS + 29, "the promise: answering within 30 s of Telegram's return"
    assert bot.returncode == 0


async def test_a_bot_started_while_telegram_is_unreachable_waits_for_it_then_answers(tmp_path):
    with FakeBotApi() as api:
        api.take_offline()
        api.push_update(U.private_text(20_003, "who launched the idea"))
        bot = bot_process(api, tmp_path, code=SHORT_BACKOFF_BOT)
        try:
            await eventually(lambda: len(failed_polls(tmp_path)) >= 2, what="two failed tries")
            assert bot.poll() is None, "it waits instead of exiting"
            api.bring_online()
            reply = await api.wait_for("sendMessage", chat_id=20_003)
        finally:
            bot.send_signal(signal.SIGTERM)
            bot.wait(timeout=WAIT_TIMEOUT)
    log = polling_log(tmp_path)
    assert any("Telegram is reachable again" in line for line in log)
    assert not any("Traceback" in line or " ERROR " in line for line in log), "\n".join(log)
    assert "1997" in reply["text"] and bot.returncode == 0


def test_the_production_back_off_never_waits_more_than_ten_seconds_between_tries():
    delays = list(itertools.islice(polling.backoff_delays(), 12))
    assert delays[:5] == [1, 2, 4, 8, 10] and set(delays[4:]) == {10}
    # Telegram back at any moment: the next try is at most 10 s away, then one getUpdates answers.
    assert polling.BACKOFF_MAX_SECONDS <= 10

"""Nothing the bot keeps in memory grows with the number of users it has ever met.

How much memory it takes over 100,000 updates is measured in benchmarks/soak.py, not here.
"""

from __future__ import annotations

import gc

import pytest

import bot.telegram.app as app_module
from bot.config import Settings
from bot.telegram.guard import FORGET_BATCH, TokenBucket
from bot.telegram.services import KEY
from tests.botharness import ManualClock, running_bot, settings_for
from tests.fakebot import FakeBotApi
from tests.fakebot import updates as U
from tests.fakebot.server import eventually, run_application


@pytest.fixture
def api():
    with FakeBotApi(privacy_mode=False) as server:
        yield server


async def test_ptb_keeps_no_note_per_user_or_chat_when_there_is_no_persistence(api, tmp_path):
    async with running_bot(api, tmp_path) as app:
        for user in range(5_000, 5_300):
            api.push_update(U.command(user, "/help"))
        api.push_update(U.group_text(-100_777, 5_000, "what is a human rights city", mention=True))
        await api.wait_handled(app)
        assert api.count("sendMessage") == 301
        assert app.persistence is None
        # PTB (22.8) would hold 300 users and 301 chats here, for good, waiting for a persistence.
        assert len(app._user_ids_to_be_updated_in_persistence) == 0
        assert len(app._chat_ids_to_be_updated_in_persistence) == 0


def test_user_and_chat_data_keep_only_the_most_recently_used(monkeypatch, tmp_path):
    monkeypatch.setattr(app_module, "PER_USER_DATA_CAP", 5)
    # Building the application touches no network: no fake server is needed.
    app = app_module.build_application(Settings(token="123456789:" + "A" * 35, data_dir=tmp_path))
    app.user_data[1]["language"] = "es"
    for user in range(2, 12):
        app.user_data[1]  # noqa: B018 - user 1 keeps coming back
        app.user_data[user]["seen"] = True
    assert len(app.user_data) == 5
    assert app.user_data[1] == {"language": "es"}, "the user in use is kept"
    assert set(app.user_data) == {1, 8, 9, 10, 11}
    for chat in range(-20, 0):
        app.chat_data[chat]  # noqa: B018
    assert len(app.chat_data) == 5
    app.bot_data[KEY].db.close()


def test_the_flood_guard_remembers_only_users_active_in_the_last_seconds():
    clock = ManualClock(start=0.0)
    bucket = TokenBucket(rate=1.0, burst=8.0, clock=clock)
    flooder = 1
    for user in range(100, 20_100):  # 20,000 users, 100 a second, for 200 seconds
        bucket.allow(user)
        if user % 100 == 0:
            allowed = [bucket.allow(flooder)[0] for _ in range(3)]
        clock.advance(0.01)
    # A bucket is full again 8 s after its user's last message: only those seen since are kept.
    assert bucket.tracked <= 8 * 100 + FORGET_BATCH
    assert allowed == [True, False, False], "the flooder, active all along, is still held to the rate"


async def test_a_bot_running_for_good_keeps_its_models_out_of_the_garbage_collectors_way(api, tmp_path, monkeypatch):
    # `hrc-bot run` settles what start-up builds (bot.engine.settle): a full collection would otherwise walk
    # every language model's objects again and again, pausing an answer now and then. Tests, which load
    # engines and drop them, do not.
    monkeypatch.setattr(app_module, "PREPARE_FIRST_SECONDS", 0.0)
    monkeypatch.setattr(app_module, "PREPARE_GAP_SECONDS", 0.0)
    assert gc.get_freeze_count() == 0
    app = app_module.build_application(settings_for(api, tmp_path), rate_limit=False, settle=True)
    try:
        async with run_application(app):
            at_start = gc.get_freeze_count()
            assert at_start > 0
            engine = app.bot_data[KEY].engine
            await eventually(lambda: set(dict.keys(engine.models)) == set(engine.languages),
                             what="every language's model built in the background")
            assert gc.get_freeze_count() > at_start, "and settled once built"
    finally:
        gc.unfreeze()


def test_each_new_word_is_kept_once(engine):
    """A word never seen before is kept only in the engine's own capped caches: PyStemmer (snowballstemmer's C
    build, which it uses when installed) would keep a second copy of every stem in a cache of its own."""
    for code in ("en", "de"):
        analyzer = engine.models[code].analyzer
        assert analyzer.stem.cache_info().maxsize is not None
        assert getattr(analyzer._stemmer, "maxCacheSize", 0) == 0
        assert analyzer.stem("running" if code == "en" else "menschenrechte") in ("run", "menschenrecht")

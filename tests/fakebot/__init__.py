"""A fake Telegram Bot API on 127.0.0.1 for end-to-end tests of the real PTB Application.

Typical use::

    from tests.fakebot import fake_api, run_application, updates  # fake_api: a pytest fixture

    async def test_start_greets(fake_api):
        app = build_application(fake_api.application_builder())  # or monkeypatch fake_api.env()
        async with run_application(app):
            fake_api.push_update(updates.command(42, "/start"))
            reply = await fake_api.wait_for("sendMessage", chat_id=42)
        assert "Human Rights City" in reply["text"]
"""

from collections.abc import Iterator

import pytest

from . import updates, validate
from .server import (
    WAIT_TIMEOUT,
    Call,
    FailedCall,
    FakeBotApi,
    Hold,
    UploadedFile,
    WaitTimeout,
    eventually,
    forbid_network,
    run_application,
)
from .validate import ApiError, validate_html

__all__ = [
    "WAIT_TIMEOUT",
    "ApiError",
    "Call",
    "FailedCall",
    "FakeBotApi",
    "Hold",
    "UploadedFile",
    "WaitTimeout",
    "eventually",
    "fake_api",
    "forbid_network",
    "no_internet",
    "run_application",
    "updates",
    "validate",
    "validate_html",
]

_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture
def no_internet() -> Iterator[None]:
    """Fail any connection or DNS lookup beyond loopback for the duration of the test."""
    with forbid_network():
        yield


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeBotApi]:
    """A fresh FakeBotApi per test, with proxies switched off so loopback stays loopback.

    Fails the test at teardown if the fake itself crashed while serving a request.
    """
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    with FakeBotApi() as api:
        yield api
    assert not api.internal_errors, "the fake Bot API crashed:\n" + "\n".join(api.internal_errors)

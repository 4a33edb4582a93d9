"""The tests' fake Bot API server, with the time at which it accepted each call.

The fake keeps what the bot sent in `FakeBotApi.calls` but not when. Reply latency needs the
moment each reply reached "Telegram", so this subclass swaps `calls` for a list that stamps every
append with `time.perf_counter()`. The fake appends under its lock, in the order it accepted the
calls, after validating them and before answering: the stamp is when Telegram would have the
message. tests/fakebot is left as it is.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from tests.fakebot.server import Call, FakeBotApi


class StampedCalls(list):
    """A list of calls that remembers when each was appended, and how many of each method."""

    def __init__(self) -> None:
        super().__init__()
        self.stamps: list[float] = []
        self.methods: Counter[str] = Counter()

    def append(self, call: Call) -> None:
        self.stamps.append(time.perf_counter())
        self.methods[call.method] += 1
        super().append(call)


class TimedFakeBotApi(FakeBotApi):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.calls = StampedCalls()

    def stamped(self, method: str) -> list[tuple[float, dict]]:
        """(perf_counter time, params) of every accepted call of `method`, oldest first."""
        with self._cond:
            return [(stamp, call.params) for stamp, call in zip(self.calls.stamps, self.calls) if call.method == method]

    def count(self, method: str) -> int:
        """How many calls of `method` were accepted; cheap enough to poll in a loop."""
        return self.calls.methods[method]

"""The Telegram front end: renders engine answers as messages, keyboards, inline results and polls."""

import os

# PTB 22 is moving time periods (retry_after, open_period…) from ints to timedeltas and warns on
# every int read until told to use timedeltas: opt in now, so the code is ready for PTB 23.
os.environ.setdefault("PTB_TIMEDELTA", "true")

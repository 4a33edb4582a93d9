"""Campaign outreach: opt-in subscriptions, the durable broadcast outbox, statistics of what people
ask, and QR posters for deep links.

Everything here is plain Python over `bot.storage.Database`. Only the outbox sender talks to
Telegram, through the `telegram.Bot` it is handed, so the bot and `hrc-bot broadcast` deliver with
the same code (the CLI builds that Bot, and asks getMe for `hrc-bot qr` without --bot-username).
"""

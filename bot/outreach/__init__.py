"""Campaign outreach: opt-in subscriptions, the durable broadcast outbox, statistics of what people
ask, and QR posters for deep links.

Everything here is plain Python over `bot.storage.Database`; only the outbox sender touches
Telegram, through a `telegram.Bot` it is handed, so the bot and the CLI deliver with the same code.
"""

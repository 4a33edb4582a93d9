"""The Telegram front end: renders engine answers as messages, keyboards, inline results and polls."""

"""Quizzes: the question bank, durable quiz runs in SQLite, scoring and exports. No Telegram here.

`bank` builds the questions (curated in quiz/*.yaml, generated from the place list), `store` keeps
runs and answers, `session` is the quiz logic the Telegram layer and the tests drive, and `export`
prints a quiz for classes without phones.
"""

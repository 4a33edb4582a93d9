"""`hrc-bot`: the command line front end over the engine (and the launcher of the Telegram bot)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Callable, Sequence

from . import strings
from .engine import Answer, Engine
from .outreach import cli as outreach_cli
from .yamlfile import ContentError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _engine() -> Engine:
    try:
        return Engine.load()
    except ContentError as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(EXIT_FAIL) from None


def render_text(answer: Answer, engine: Engine) -> str:
    """An answer as the terminal shows it: the answer, its sources (with their translation), the notes
    that do not come from the material, and what else to ask — all in the answer's language."""
    language = answer.language
    lines = [answer.text]
    if answer.outcome in ("ambiguous", "fallback", "empty"):
        lines += [f"  - {s.title_in(language)}" for s in answer.suggestions]
    for citation in answer.citations:
        title = engine.content.sources[citation.source].title
        lines.append(strings.text("chat_sources", language) + ": " + strings.text(
            "citation_line", language, quote=citation.quote, title=title, paragraph=citation.paragraph))
        if citation.translation:
            lines.append(f"  {strings.text('note_translation', language)}: {citation.translation}")
    for note in answer.notes:
        lines.append(f"{strings.text('note_label', language)}: {note}")
    if answer.matched and answer.suggestions:
        lines.append(strings.text("chat_suggestions", language) + ": "
                     + " | ".join(s.title_in(language) for s in answer.suggestions))
    return "\n".join(lines)


def cmd_ask(args: argparse.Namespace) -> int:
    engine = _engine()
    if args.question == ["-"]:
        # One question per line, one JSON object per line, in order; empty lines answered too.
        for line in sys.stdin:
            answer = engine.ask(line.rstrip("\r\n"), language=args.lang)
            print(json.dumps(answer.as_dict(), ensure_ascii=False) if args.json else render_text(answer, engine),
                  flush=True)
        return EXIT_OK
    answer = engine.ask(" ".join(args.question), language=args.lang)
    print(json.dumps(answer.as_dict(), ensure_ascii=False) if args.json else render_text(answer, engine))
    return EXIT_OK


def cmd_chat(args: argparse.Namespace, read: Callable[[str], str] = input) -> int:
    engine = _engine()
    language = getattr(args, "lang", None)
    print(strings.text("chat_welcome", language))
    while True:
        try:
            line = read(strings.text("chat_prompt", language))
        except (EOFError, KeyboardInterrupt):
            print()
            break
        if line.strip().lower() in ("quit", "exit", "/quit", "bye!"):
            break
        if not line.strip():
            continue
        # --lang answers in that language; without it each question is answered in its own language.
        print(render_text(engine.ask(line, language=language), engine))
        print()
    print(strings.text("chat_bye", language))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from .checks import check_content

    root = Path(args.content_dir).resolve() if args.content_dir else None
    content, problems = check_content(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return EXIT_FAIL
    assert content is not None
    examples = sum(len(i.examples) for i in content.intents.values())
    print(f"ok: {len(content.sources)} source(s), {len(content.intents)} intents, {examples} examples, "
          f"{len(content.places)} places, {len(content.quiz)} quiz questions")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import default_eval_files, evaluate, evaluate_premises, is_premise_set, load_cases, load_premises

    engine = _engine()
    files = [Path(f) for f in args.files] or default_eval_files()
    if not files:
        print("no evaluation set given and none found in tests/eval", file=sys.stderr)
        return EXIT_USAGE
    for path in files:
        print(f"== {path}")
        if is_premise_set(path):
            print(evaluate_premises(load_premises(path), engine.ask).render())
        else:
            cases = load_cases(path)
            # Place aliases are checked once, with the English sets; a language set measures its own questions.
            print(evaluate(engine, cases, places=all(c.language == "en" for c in cases)).render())
        print()
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from .config import ConfigError, Settings
    from .telegram.logs import setup_logging

    setup_logging()
    try:
        settings = Settings.from_env()
        settings.require_token()
    except ConfigError as exc:
        print(f"hrc-bot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from .telegram.app import run

    try:
        run(settings, webhook_url=args.webhook_url, listen=args.listen, port=args.port)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


def cmd_health(args: argparse.Namespace) -> int:
    """Exit 0 while the running bot's heartbeat is fresh (Docker HEALTHCHECK)."""
    from .config import Settings
    from .telegram.app import HEARTBEAT_SECONDS, heartbeat_age

    age = heartbeat_age(Settings.from_env().data_dir)
    healthy = age is not None and age < 3 * HEARTBEAT_SECONDS
    print("healthy" if healthy else "unhealthy: no recent heartbeat")
    return EXIT_OK if healthy else EXIT_FAIL


def cmd_backup(args: argparse.Namespace) -> int:
    """A consistent copy of the bot's database, taken while it runs."""
    import sqlite3
    from datetime import datetime, timezone

    from .config import ConfigError, Settings
    from .storage import backup

    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"hrc-bot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    target = Path(args.path).expanduser()
    if target.is_dir():
        target /= f"hrc-bot-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.sqlite3"
    try:
        backup(settings.database_path, target)
    except (OSError, ValueError, sqlite3.Error) as exc:
        print(f"hrc-bot: backup failed: {exc}", file=sys.stderr)
        return EXIT_FAIL
    print(f"{target}: a copy of {settings.database_path} ({target.stat().st_size / 2**20:.1f} MB)")
    return EXIT_OK


def cmd_quiz_export(args: argparse.Namespace) -> int:
    """A printable quiz with answer key and citations, for classes without phones."""
    import secrets

    from .preferences import closest
    from .quiz import export
    from .quiz.bank import Bank

    content = _engine().content
    language = closest(args.lang, content.languages) if args.lang else "en"
    if language is None:
        print(f"hrc-bot: no language {args.lang!r}; languages: {', '.join(content.languages)}", file=sys.stderr)
        return EXIT_USAGE
    bank = Bank.build(content)
    topic = None
    if args.topic:
        topic = bank.find_topic(args.topic)
        if topic is None:
            print(f"hrc-bot: no quiz topic {args.topic!r}; topics: {', '.join(bank.topics())}", file=sys.stderr)
            return EXIT_USAGE
    if not 1 <= args.n <= len(bank.in_topic(topic)):
        print(f"hrc-bot: --n must be 1 to {len(bank.in_topic(topic))} for this topic", file=sys.stderr)
        return EXIT_USAGE
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    quiz = export.build(bank, topic=topic, n=args.n, seed=seed, language=language)
    sys.stdout.write(export.render(quiz, bank, args.format))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hrc-bot", description="Answers questions about Human Rights Cities from its material.")
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="answer one question (or '-' for one per line from stdin)")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON (JSON Lines with '-')")
    ask.add_argument("--lang", help="answer in this language (en, es, fr, pt, de, id, ko, ja, zh-Hant); "
                     "default: the question's own language")
    ask.add_argument("question", nargs="+", help="the question, or '-' to read questions from stdin")
    ask.set_defaults(func=cmd_ask)

    chat = sub.add_parser("chat", help="chat with the bot in the terminal (no Telegram token needed)")
    chat.add_argument("--lang", help="answer in this language (default: each question's own language)")
    chat.set_defaults(func=cmd_chat)

    check = sub.add_parser("check", help="validate all content; prints file:line: problem")
    check.add_argument("--content-dir", help="a content folder laid out like the repo (default: the shipped one)")
    check.set_defaults(func=cmd_check)

    ev = sub.add_parser("eval", help="measure answers on evaluation sets (default: tests/eval/*.yaml)")
    ev.add_argument("files", nargs="*")
    ev.set_defaults(func=cmd_eval)

    run = sub.add_parser("run", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    run.add_argument("--webhook-url", default=os.environ.get("HRC_WEBHOOK_URL"),
                     help="public HTTPS base URL for webhook mode (default: long polling)")
    run.add_argument("--listen", default="0.0.0.0", help="webhook mode: address to listen on")
    run.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8443")), help="webhook mode: port")
    run.set_defaults(func=cmd_run)

    health = sub.add_parser("health", help="exit 0 if the running bot is alive (for container health checks)")
    health.set_defaults(func=cmd_health)

    bk = sub.add_parser("backup", help="write a consistent copy of the database, even while the bot runs")
    bk.add_argument("path", help="the copy's file name (or a folder: a dated name inside it)")
    bk.set_defaults(func=cmd_backup)

    quiz = sub.add_parser("quiz", help="quizzes outside Telegram")
    quiz_sub = quiz.add_subparsers(dest="quiz_command", required=True)
    quiz_export = quiz_sub.add_parser("export", help="print a quiz with answer key and citations (md, csv or json)")
    quiz_export.add_argument("--topic", help="a quiz topic (default: all topics, mixed)")
    quiz_export.add_argument("--n", type=int, default=10, help="number of questions (default 10)")
    quiz_export.add_argument("--format", choices=("md", "csv", "json"), default="md", help="output format (default md)")
    quiz_export.add_argument("--seed", type=int, help="print the same quiz again (the seed is in the printout)")
    quiz_export.add_argument("--lang", help="print it in this language (en, es, fr, pt, de, id, ko, ja, zh-Hant; "
                             "default en); the same seed draws the same questions in every language")
    quiz_export.set_defaults(func=cmd_quiz_export)

    # Campaign tools: links, qr, broadcast, stats, unanswered (bot/outreach/cli.py).
    outreach_cli.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # `hrc-bot ask - | head` closes the pipe early: not an error
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())

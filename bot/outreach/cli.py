"""`hrc-bot links | qr | broadcast | stats | unanswered`: the campaign's tools on the command line.

`broadcast` delivers with the same outbox and sender as the bot, through a plain `telegram.Bot`
(TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL); the other commands need no token and no network.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path

from .. import strings
from ..config import ConfigError, Settings
from ..content import Content, load_content
from ..links import all_payloads, link_for, parse_payload, payload_for
from ..storage import Database
from ..yamlfile import ContentError
from . import outbox as outbox_module
from .outbox import BroadcastError, Outbox, OutboxSender, SendReport, compose_plain, fits, render_status, split_languages
from .stats import Stats, plot_report, render_report, unanswered_csv, unanswered_yaml
from .subscriptions import Subscriptions

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
PROGRESS_EVERY = 50  # deliveries between two progress lines of `hrc-bot broadcast`


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"hrc-bot: {message}", file=sys.stderr)
    return code


def _content() -> Content:
    try:
        return load_content(Settings.from_env().content_dir)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(EXIT_FAIL) from None


def _database() -> Database:
    return Database(Settings.from_env().database_path)


# --- links and posters ---------------------------------------------------------------------------

def cmd_links(args: argparse.Namespace) -> int:
    """Every topic and intent with its deep-link payload (and link, given the bot's username)."""
    content = _content()
    rows = []
    for kind, target, payload in all_payloads(content):
        if args.campaign:
            try:
                payload = payload_for(kind, target, args.campaign, content)
            except ValueError as exc:
                return _fail(str(exc))
        rows.append((kind, target, link_for(args.bot_username, payload) if args.bot_username else payload))
    width = max(len(target) for _, target, _ in rows)
    for kind, target, value in rows:
        print(f"{kind:<6}  {target:<{width}}  {value}")
    return EXIT_OK


async def _bot_username() -> str | None:
    """Ask Telegram (getMe) when a token is configured; the only network use of `hrc-bot qr`."""
    from telegram import Bot

    settings = Settings.from_env()
    if not settings.token:
        return None
    async with Bot(settings.require_token(), base_url=settings.api_base_url) as bot:
        return bot.username


def cmd_qr(args: argparse.Namespace) -> int:
    """A QR code (PNG or SVG) of the deep link to one topic or intent, for posters."""
    content = _content()
    link = parse_payload(args.target, content)
    if link is None:
        return _fail(strings.text("cli_unknown_target", target=args.target))
    try:
        payload = payload_for(link.kind, link.target, args.campaign or link.campaign, content)
    except ValueError as exc:
        return _fail(str(exc))
    username = args.bot_username
    if not username:
        try:
            username = asyncio.run(_bot_username())
        except ConfigError as exc:
            return _fail(str(exc))
    if not username:
        return _fail(strings.text("cli_need_username"))
    from .qr import write_qr

    url = link_for(username, payload)
    try:
        out = write_qr(url, Path(args.out), scale=args.scale)
    except ValueError as exc:
        return _fail(str(exc))
    print(f"{out}: {url}")
    return EXIT_OK


# --- broadcasts ----------------------------------------------------------------------------------

async def _send(settings: Settings, box: Outbox, rate: float | None) -> SendReport:
    from telegram import Bot

    from .. import telegram as _front_end  # noqa: F401 - its import opts PTB into timedeltas, as in the bot

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Ctrl-C or `docker stop`: finish the message in flight, then stop; a re-run carries on.
        loop.add_signal_handler(sig, stop.set)
    done = 0

    def progress(report: SendReport) -> None:
        nonlocal done
        done += 1
        if done % PROGRESS_EVERY == 0:
            print(f"… {report.sent} sent, {report.failed} failed, {box.pending_count()} pending", flush=True)

    token = settings.require_token()
    async with Bot(token, base_url=settings.api_base_url, base_file_url=settings.api_file_url) as bot:
        sender = OutboxSender(box, bot, rate=rate, keep_going=lambda: not stop.is_set(), on_progress=progress)
        return await sender.run()


def cmd_broadcast(args: argparse.Namespace) -> int:
    """Queue a message from a file to every subscriber and deliver it (or resume, or report)."""
    from telegram.error import InvalidToken

    settings = Settings.from_env()
    if not args.status:
        try:
            settings.require_token()
        except ConfigError as exc:
            return _fail(str(exc))
    db = Database(settings.database_path)
    Subscriptions(db)
    box = Outbox(db)
    if args.status:
        print(render_status(box.status()))
        return EXIT_OK
    box.recover()
    if args.resend_unknown:
        print(strings.text("cli_broadcast_resent_unknown", count=box.resend_unknown()))
    shown: int | None = None
    if args.file:
        path = Path(args.file)
        try:
            body = sys.stdin.read() if args.file == "-" else path.read_text(encoding="utf-8")
        except OSError as exc:
            return _fail(f"{path}: {exc.strerror}")
        if not body.strip():
            return _fail(strings.text("cli_broadcast_empty", file=args.file))
        try:
            bodies = split_languages(body, strings.available())
        except BroadcastError as error:
            return _fail(error.text())
        if not all(fits(text, language) for language, text in bodies.items()):
            return _fail(strings.text("broadcast_too_long", limit=outbox_module.MESSAGE_LIMIT))
        html = {language: compose_plain(text, language) for language, text in bodies.items()}
        existing = None if args.again else box.find_queued(html)
        if existing is not None and box.status(existing)[0].done:
            print(strings.text("cli_broadcast_already_done", id=existing))
            print(render_status(box.status(existing)))
            return EXIT_OK
        if existing is not None:
            shown = existing
            print(strings.text("cli_broadcast_resuming", id=existing), flush=True)
        else:
            shown, count = box.enqueue(html)
            print(strings.text("cli_broadcast_queued", id=shown, count=count), flush=True)
    if box.seconds_until_due() is None:
        print(strings.text("cli_broadcast_nothing_pending"))
    else:
        try:
            asyncio.run(_send(settings, box, args.rate))
        except InvalidToken:
            return _fail("Telegram refused the token (TELEGRAM_BOT_TOKEN)", EXIT_FAIL)
    print(render_status(box.status(shown) if shown is not None else box.status()))
    return EXIT_OK if box.pending_count() == 0 else EXIT_FAIL


# --- what people ask ------------------------------------------------------------------------------

def cmd_stats(args: argparse.Namespace) -> int:
    """Questions per day, top intents, fallback rate, deep-link starts, subscribers, quiz plays."""
    try:
        titles = {i.id: i.title for i in load_content(Settings.from_env().content_dir).intents.values()}
    except ContentError:
        titles = {}
    report = Stats(_database()).report(days=args.days, top=args.top, titles=titles)
    print(render_report(report))
    if args.plot:
        try:
            plot_report(report, Path(args.plot))
        except RuntimeError as exc:
            return _fail(str(exc), EXIT_FAIL)
        print(f"\n{args.plot}")
    return EXIT_OK


def cmd_unanswered(args: argparse.Namespace) -> int:
    """Questions the bot could not answer, most frequent first, ready to become intent examples."""
    items = Stats(_database()).unanswered(limit=args.limit)
    sys.stdout.write(unanswered_yaml(items) if args.format == "yaml" else unanswered_csv(items))
    return EXIT_OK


def _rate(value: str) -> float:
    rate = float(value)
    if not 0 < rate <= 30:
        raise argparse.ArgumentTypeError("Telegram allows about 30 messages per second: give 0 < RATE <= 30")
    return rate


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    links = sub.add_parser("links", help="print the deep-link payload of every topic and intent")
    links.add_argument("--bot-username", help="print full t.me links for this bot")
    links.add_argument("--campaign", help="tag every link with a campaign (letters, digits, '-')")
    links.set_defaults(func=cmd_links)

    qr = sub.add_parser("qr", help="write a QR code (PNG or SVG) of one topic's or intent's deep link")
    qr.add_argument("target", help="a topic or intent id as `hrc-bot links` prints it (may end in __campaign)")
    qr.add_argument("--out", required=True, help="poster.png or poster.svg")
    qr.add_argument("--campaign", help="count starts from this poster under a campaign tag")
    qr.add_argument("--bot-username", help="the bot's @username (default: ask Telegram with TELEGRAM_BOT_TOKEN)")
    qr.add_argument("--scale", type=int, default=10, help="pixels per module (default 10)")
    qr.set_defaults(func=cmd_qr)

    bc = sub.add_parser("broadcast", help="send a message to every subscriber (durable; re-run to resume)")
    what = bc.add_mutually_exclusive_group(required=True)
    what.add_argument("--file", help="the message as plain text ('-' for stdin); English first, then optionally "
                      "a line such as [es] before each other language's text (each subscriber gets theirs)")
    what.add_argument("--resume", action="store_true", help="deliver whatever is still pending")
    what.add_argument("--status", action="store_true", help="show sent/failed/pending of recent broadcasts")
    bc.add_argument("--again", action="store_true", help="send a message that was already sent once more")
    bc.add_argument("--resend-unknown", action="store_true",
                    help="also send deliveries whose outcome a crash hid (may give those users a second copy)")
    bc.add_argument("--rate", type=_rate, default=None,
                    help=f"messages per second (default {outbox_module.RATE_PER_SECOND:g})")
    bc.set_defaults(func=cmd_broadcast)

    stats = sub.add_parser("stats", help="what people asked: per day, top intents, fallbacks, deep links")
    stats.add_argument("--days", type=int, default=14, help="how many days back (default 14)")
    stats.add_argument("--top", type=int, default=10, help="how many intents to list (default 10)")
    stats.add_argument("--plot", metavar="OUT.png", help="also draw questions per day and top intents (matplotlib)")
    stats.set_defaults(func=cmd_stats)

    un = sub.add_parser("unanswered", help="export the questions the bot could not answer, most frequent first")
    un.add_argument("--format", choices=("csv", "yaml"), default="csv")
    un.add_argument("--limit", type=int, default=None)
    un.set_defaults(func=cmd_unanswered)

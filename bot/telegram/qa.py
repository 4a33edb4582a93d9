"""Questions and answers in Telegram: commands, private and group questions, buttons, inline mode."""

from __future__ import annotations

import logging
from dataclasses import replace
from html import escape

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from .. import strings
from ..engine import Answer
from ..links import link_for, parse_payload, payload_for
from ..quiz.bank import place_label, utf16_len
from . import callbacks, render
from .delivery import with_retries
from .languages import preferred, user_language
from .services import services

log = logging.getLogger(__name__)

COMMANDS = [("start", "cmd_start"), ("help", "cmd_help"), ("topics", "cmd_topics"),
            ("cities", "cmd_cities"), ("sources", "cmd_sources")]
INLINE_RESULTS = 10  # Telegram allows 50; a handful of good cards reads better
INLINE_CACHE_SECONDS = 300


async def send_answer(message: Message, answer: Answer, context: ContextTypes.DEFAULT_TYPE, *, quote: bool = False) -> None:
    """Reply with an answer: HTML parts within Telegram's limit, the keyboard on the last part."""
    content = services(context).engine.content
    keyboard = render.answer_keyboard(answer, content)
    parts = render.split_html(render.answer_blocks(answer, content))
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await with_retries(lambda: message.reply_text(
            part, parse_mode=ParseMode.HTML, reply_markup=keyboard if last else None,
            do_quote=quote and index == 0,
        ))


async def send_html(message: Message, blocks: list[str], keyboard: InlineKeyboardMarkup | None = None) -> None:
    parts = render.split_html(blocks)
    for index, part in enumerate(parts):
        await with_retries(lambda: message.reply_text(
            part, parse_mode=ParseMode.HTML, reply_markup=keyboard if index == len(parts) - 1 else None))


# --- commands -------------------------------------------------------------------------------

async def start_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    content = svc.engine.content
    language = user_language(context, update.effective_user)
    payload = context.args[0] if context.args else ""
    link = parse_payload(payload, content) if payload else None
    if payload:
        svc.started(payload, link)
    if link is not None and link.kind == "intent":
        answer = svc.engine.answer_for(link.target, language)
        if answer is not None:
            await send_answer(update.effective_message, answer, context)
            return
    if link is not None and link.kind == "topic":
        await update.effective_message.reply_text(
            strings.text("topic_intro", language, title=escape(content.topics[link.target].title_in(language))),
            parse_mode=ParseMode.HTML, reply_markup=render.topic_keyboard(content, link.target, language))
        return
    source = next(iter(content.sources.values()))
    await update.effective_message.reply_text(
        strings.text("welcome", language, source_title=escape(source.title)),
        parse_mode=ParseMode.HTML, reply_markup=render.topics_keyboard(content, language))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    language = user_language(context, update.effective_user)
    text = strings.text("help", language) + "\n" + strings.text("help_language", language)
    if update.effective_chat.type != ChatType.PRIVATE:
        text += "\n\n" + strings.text("help_group_note", language, username=escape(context.bot.username))
    await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)


async def topics_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    content = services(context).engine.content
    language = user_language(context, update.effective_user)
    await update.effective_message.reply_text(
        strings.text("topics_intro", language), reply_markup=render.topics_keyboard(content, language))


async def cities_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The places by continent, as the user's language writes them, with the list they are quoted from."""
    content = services(context).engine.content
    language = user_language(context, update.effective_user)
    blocks = [strings.text("cities_header", language, count=len(content.places))]
    for region in (r for r in content.regions if r.kind == "continent"):
        labels = [place_label(content, p, language) for p in content.places if p.region == region.name]
        if labels:
            blocks.append(f"<b>{escape(region.display(language))}</b>\n" + "\n".join(f"• {escape(n)}" for n in labels))
    listing = content.intents.get("places_list")
    if listing:
        blocks += [render.citation_html(replace(c, translation=content.translate_quote(c.quote, language)), content,
                                        language) for c in listing.citations]
    await send_html(update.effective_message, blocks)


async def sources_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    content = services(context).engine.content
    language = user_language(context, update.effective_user)
    blocks = [strings.text("sources_header", language)]
    for source in content.sources.values():
        origin = ", ".join(filter(None, [source.publisher, source.url]))
        blocks.append(strings.text(
            "source_line", language, title=escape(source.title), paragraphs=len(source.paragraphs),
            origin=strings.text("source_origin", language, origin=escape(origin)) if origin else ""))
    blocks.append(strings.text("sources_footer", language))
    await send_html(update.effective_message, blocks)


# --- questions --------------------------------------------------------------------------------

async def private_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    answer = svc.engine.ask(update.effective_message.text or "", fallback=preferred(context, update.effective_user))
    svc.question_answered(answer)
    await send_answer(update.effective_message, answer, context)


def addressed_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question in a group message meant for the bot (mention or reply), else None."""
    text = message.text or ""
    if message.reply_to_message and message.reply_to_message.from_user and message.reply_to_message.from_user.id == bot_id:
        return text
    mention = f"@{bot_username}".lower()
    for entity, value in message.parse_entities([MessageEntity.MENTION]).items():
        if value.lower() == mention:
            return (text[: entity.offset] + text[entity.offset + entity.length :]).strip()
    return None


async def group_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    text = addressed_text(message, context.bot.username, context.bot.id)
    if text is None:
        return  # not for us: stay quiet in groups
    svc = services(context)
    answer = svc.engine.ask(text, fallback=preferred(context, update.effective_user))
    svc.question_answered(answer)
    await send_answer(message, answer, context, quote=True)


# --- buttons -----------------------------------------------------------------------------------

async def answer_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A follow-up or did-you-mean button: that answer, in the language of the answer it came from."""
    query = update.callback_query
    data = callbacks.decode(query.data)
    answer = None
    if data and data.args:
        language = user_language(context, query.from_user, carried=_carried(data))
        answer = services(context).engine.answer_for(data.args[0], language)
    if answer is None:
        await expired_button(update, context)
        return
    await query.answer()
    services(context).question_answered(answer)
    if query.message is not None:
        await send_answer(query.message, answer, context)


async def topic_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    data = callbacks.decode(query.data)
    content = services(context).engine.content
    topic = content.topics.get(data.args[0]) if data and data.args else None
    if topic is None or topic.hidden:
        await expired_button(update, context)
        return
    language = user_language(context, query.from_user, carried=_carried(data))
    await query.answer()
    if query.message is not None:
        await query.message.reply_text(strings.text("topic_intro", language, title=escape(topic.title_in(language))),
                                       parse_mode=ParseMode.HTML,
                                       reply_markup=render.topic_keyboard(content, topic.id, language))


def _carried(data: callbacks.Callback | None) -> str | None:
    """The language a button carries after its target (buttons sent before languages carry none)."""
    return data.args[1] if data and len(data.args) > 1 else None


async def expired_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any button we no longer understand (old version, forged data, gone intent)."""
    query = update.callback_query
    await query.answer(strings.text("button_expired", user_language(context, query.from_user)), show_alert=False)


# --- inline mode -------------------------------------------------------------------------------

async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer cards in the query's language, else the user's; an empty query shows featured answers."""
    svc = services(context)
    engine = svc.engine
    user = update.inline_query.from_user
    query = (update.inline_query.query or "").strip()
    if query:
        answers = engine.search(query, limit=INLINE_RESULTS, fallback=preferred(context, user))
    else:
        language = user_language(context, user)
        answers = [a for a in (engine.answer_for(i.id, language) for i in engine.featured) if a is not None]
    results = []
    for answer in answers:
        if answer.intent is None:
            continue
        language = answer.language
        html = render.answer_html(answer, engine.content)
        if utf16_len(html) > render.MESSAGE_LIMIT:
            html = render.split_html([escape(answer.text)])[0]
        keyboard = None
        if answer.intent.kind == "answer":
            url = link_for(context.bot.username, payload_for("intent", answer.intent.id))
            keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(strings.text("inline_start_button", language), url=url)]])
        title = answer.intent.title_in(language) if answer.matched or not query else strings.text(
            "inline_no_result_title", language)
        results.append(InlineQueryResultArticle(
            id=answer.intent.id, title=title, description=answer.text[:120],
            input_message_content=InputTextMessageContent(html, parse_mode=ParseMode.HTML),
            reply_markup=keyboard,
        ))
    # Telegram caches results per query text; cards whose language came from the user, not from the
    # query itself, are that user's only.
    personal = not query or engine.language_of(query) is None
    await update.inline_query.answer(results[:INLINE_RESULTS], cache_time=INLINE_CACHE_SECONDS, is_personal=personal)


# --- everything else -----------------------------------------------------------------------------

async def non_text_hint(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(strings.text("non_text_hint", user_language(context, update.effective_user)))


def register(app: Application) -> None:
    """The Q&A surface, in order: commands, then buttons, then free text."""
    app.add_handler(CommandHandler("start", start_command))
    app.add_handler(CommandHandler("help", help_command))
    app.add_handler(CommandHandler("topics", topics_command))
    app.add_handler(CommandHandler("cities", cities_command))
    app.add_handler(CommandHandler("sources", sources_command))
    app.add_handler(CallbackQueryHandler(answer_button, pattern=callbacks.pattern("a")))
    app.add_handler(CallbackQueryHandler(topic_button, pattern=callbacks.pattern("t")))
    app.add_handler(InlineQueryHandler(inline_query))


def register_fallbacks(app: Application) -> None:
    """Last in line: free text becomes a question; anything else gets a hint or is ignored."""
    new_message = filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(new_message & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, private_question))
    app.add_handler(MessageHandler(new_message & filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND, group_question))
    app.add_handler(MessageHandler(new_message & filters.ChatType.PRIVATE & filters.COMMAND, help_command))
    app.add_handler(CallbackQueryHandler(expired_button))
    # Stickers, photos, voice, files… in a private chat: say what works. Service messages and
    # anything in groups or channels: ignore quietly.
    app.add_handler(MessageHandler(
        new_message & filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, non_text_hint))

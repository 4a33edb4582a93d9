"""Which language each user meets the bot in, and `/language` to pin one.

A typed question is answered in its own language (the engine detects it), else in the user's pinned
choice, else in Telegram's language_code, else English. Commands and buttons have no question to read:
they speak the pinned choice, else language_code, else English. A button under an answer carries the
answer's language, so pressing it goes on in that language.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update, User
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from .. import strings
from ..content import ENGLISH
from ..preferences import Preferences, closest
from . import callbacks
from .services import Services, services

COMMANDS = [("language", "cmd_language")]
KEY = "languages"
AUTOMATIC = "auto"
PER_ROW = 2


def setup(svc: Services) -> None:
    svc.extras[KEY] = Preferences(svc.db)


def preferences(context: ContextTypes.DEFAULT_TYPE) -> Preferences:
    return services(context).extras[KEY]


def preferred(context: ContextTypes.DEFAULT_TYPE, user: User | None) -> str | None:
    """What a question's own language falls back to: the pinned choice, else Telegram's language_code."""
    if user is None:
        return None
    return preferences(context).language(user.id) or user.language_code


def user_language(context: ContextTypes.DEFAULT_TYPE, user: User | None, carried: str | None = None) -> str:
    """The language of a reply with no question to read: the one a button carries, else the pinned choice,
    else Telegram's language_code, else English."""
    languages = services(context).engine.languages
    return closest(carried, languages) or closest(preferred(context, user), languages) or ENGLISH


def language_name(language: str) -> str:
    """A language's own name for itself ("Español"), or its code while its interface file lacks one."""
    return strings.text("language_name", language) if strings.has("language_name", language) else language


def language_keyboard(languages: list[str], pinned: str | None, language: str) -> InlineKeyboardMarkup:
    def button(label: str, value: str, chosen: bool) -> InlineKeyboardButton:
        return InlineKeyboardButton(("✓ " if chosen else "") + label, callback_data=callbacks.encode("lang", value))

    named = [button(language_name(code), code, code == pinned) for code in languages]
    rows = [named[i : i + PER_ROW] for i in range(0, len(named), PER_ROW)]
    return InlineKeyboardMarkup([[button(strings.text("language_auto_button", language), AUTOMATIC, pinned is None)],
                                 *rows])


async def language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    pinned = preferences(context).language(user.id) if user else None
    language = user_language(context, user)
    await update.effective_message.reply_text(
        strings.text("language_prompt", language),
        reply_markup=language_keyboard(services(context).engine.languages, pinned, language))


async def language_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    data = callbacks.decode(query.data)
    choice = data.args[0] if data and len(data.args) == 1 else None
    languages = services(context).engine.languages
    if choice != AUTOMATIC and choice not in languages:
        await query.answer(strings.text("button_expired", user_language(context, query.from_user)))
        return
    chosen = None if choice == AUTOMATIC else choice
    preferences(context).pin(query.from_user.id, chosen)
    await query.answer()
    if chosen is None:
        reply = strings.text("language_auto_set", user_language(context, query.from_user))
    else:
        reply = strings.text("language_set", chosen)
    await query.edit_message_text(reply)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("language", language_command))
    app.add_handler(CallbackQueryHandler(language_button, pattern=callbacks.pattern("lang")))

"""Residents in their own language, end to end: the real Application against the fake Bot API, with a
real SQLite file. A question's own language wins, then the pinned /language choice, then Telegram's
language_code; buttons, quizzes, the command menu and broadcasts follow."""

from __future__ import annotations

from html import escape

import pytest

import bot.telegram.quiz as quiz_module
from bot import strings
from bot.outreach import outbox as outbox_module
from bot.preferences import Preferences
from bot.quiz.bank import poll_explanation
from bot.storage import Database
from bot.telegram import callbacks
from bot.telegram.app import telegram_language_code
from bot.telegram.languages import language_name
from tests.botharness import ADMIN_ID, running_bot
from tests.fakebot import updates as U
from tests.fakebot.server import FakeBotApi, eventually

SPANISH, KOREAN, JAPANESE, GERMAN, ENGLISH_USER = 5101, 5102, 5103, 5104, 5105
GROUP = -1001000000077
TEACHER, STUDENTS = 5201, (5202, 5203)


@pytest.fixture
def api():
    with FakeBotApi() as server:
        yield server


@pytest.fixture(autouse=True)
def fast(monkeypatch):
    """Polls still carry a real open_period (>= 5 s); only the bot's own timers run 10x faster."""
    monkeypatch.setattr(quiz_module, "TIME_SCALE", 0.1)
    monkeypatch.setattr(quiz_module, "GRACE_SECONDS", 0.3)
    monkeypatch.setattr(quiz_module, "SWEEP_SECONDS", 0.25)
    monkeypatch.setattr(quiz_module, "SWEEP_FIRST_SECONDS", 0.2)
    monkeypatch.setattr(outbox_module, "RATE_PER_SECOND", 100.0)


def buttons(params: dict) -> list[dict]:
    markup = params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def follow_ups(params: dict) -> list[dict]:
    return [b for b in buttons(params) if b.get("callback_data", "").startswith("1|a|")]


def store_bank(app):
    return app.bot_data["services"].extras["quiz"].sessions.bank


def citation_lines(quote: str, translation: str, language: str) -> str:
    return (f"<i>{strings.text('note_original', language)}:</i> “{escape(quote)}”\n"
            f"<i>{strings.text('note_translation', language)}:</i> {escape(translation)}")


# --- conversations ---------------------------------------------------------------------------------

async def test_spanish_question_gets_a_spanish_answer_with_translated_citation_note_and_spanish_buttons(
        api, tmp_path, engine):
    question = "¿Es Graz una ciudad de derechos humanos?"
    expected = engine.ask(question)
    assert expected.language == "es" and expected.notes, "the material's answer about Graz carries a note"
    async with running_bot(api, tmp_path, engine):
        api.push_update(U.private_text(SPANISH, question, language_code="es"))
        sent = await api.wait_for("sendMessage", chat_id=SPANISH)
        follow_up = follow_ups(sent)[0]
        api.press_button(SPANISH, data=follow_up["callback_data"])  # pressed from a phone set to English
        second = await api.wait_for("sendMessage", chat_id=SPANISH)
    text = sent["text"]
    assert text.startswith(escape(expected.text)) and expected.text.startswith("Sí")
    citation = expected.citations[0]
    assert citation_lines(citation.quote, citation.translation, "es") in text
    note = f"<i>{strings.text('note_label', 'es')}</i>\n{escape(expected.notes[0])}"
    assert note in text and text.index(note) > text.index("</blockquote>"), "the note comes apart, after the quote"
    intent_id, language = follow_up["callback_data"].split("|")[2:]
    assert language == "es" and follow_up["text"] == engine.intents[intent_id].title_in("es")
    share = next(b for b in buttons(sent) if "switch_inline_query" in b)
    assert share["text"] == strings.text("button_share", "es")
    assert share["switch_inline_query"] == expected.intent.title_in("es")
    follow = engine.answer_for(intent_id, "es")
    assert follow.language == "es" and second["text"].startswith(escape(follow.text))
    assert follow.text != engine.answer_for(intent_id, "en").text
    assert not api.failed_calls


async def test_korean_question_from_a_phone_set_to_english_gets_korean(api, tmp_path, engine):
    question = "광주는 인권도시인가요?"
    expected = engine.ask(question, fallback="en")
    assert expected.language == "ko"
    async with running_bot(api, tmp_path, engine):
        api.push_update(U.private_text(KOREAN, question, language_code="en"))
        sent = await api.wait_for("sendMessage", chat_id=KOREAN)
    text = sent["text"]
    assert text.startswith(escape(expected.text)) and expected.text.startswith("네")
    assert citation_lines("Gwangju (Republic of Korea)", expected.citations[0].translation, "ko") in text
    assert f"<i>{strings.text('note_label', 'ko')}</i>" in text
    assert [b["text"] for b in follow_ups(sent)] == [s.title_in("ko") for s in expected.suggestions[:3] if s.kind != "gap"]


async def test_japanese_conversation_stays_in_japanese_through_buttons_and_topics(api, tmp_path, engine):
    question = "人権都市とは何ですか"
    expected = engine.ask(question)
    assert expected.language == "ja" and expected.matched
    async with running_bot(api, tmp_path, engine):
        api.push_update(U.private_text(JAPANESE, question, language_code="ja"))
        sent = await api.wait_for("sendMessage", chat_id=JAPANESE)
        api.press_button(JAPANESE, data=follow_ups(sent)[0]["callback_data"])
        second = await api.wait_for("sendMessage", chat_id=JAPANESE)
        api.push_update(U.command(JAPANESE, "/topics", language_code="ja"))
        topics = await api.wait_for("sendMessage", chat_id=JAPANESE)
        api.press_button(JAPANESE, data=buttons(topics)[0]["callback_data"])
        topic = await api.wait_for("sendMessage", chat_id=JAPANESE)
    assert sent["text"].startswith(escape(expected.text))
    for citation in expected.citations:
        assert citation_lines(citation.quote, citation.translation, "ja") in sent["text"]
    intent_id = follow_ups(sent)[0]["callback_data"].split("|")[2]
    assert second["text"].startswith(escape(engine.answer_for(intent_id, "ja").text))
    assert topics["text"] == strings.text("topics_intro", "ja")
    first_topic = engine.content.visible_topics()[0]
    assert buttons(topics)[0]["text"] == first_topic.title_in("ja")
    assert escape(first_topic.title_in("ja")) in topic["text"]
    assert [b["text"] for b in buttons(topic)] == [
        i.title_in("ja") for i in engine.content.intents_in(first_topic.id) if i.kind == "answer"]


async def test_commands_follow_telegrams_language_code_and_cities_are_named_in_it(api, tmp_path, engine):
    content = engine.content
    async with running_bot(api, tmp_path, engine):
        api.push_update(U.command(GERMAN, "/start", language_code="de-AT"))
        welcome = await api.wait_for("sendMessage", chat_id=GERMAN)
        api.push_update(U.command(GERMAN, "/cities", language_code="de"))
        cities = (await api.wait_for("sendMessage", chat_id=GERMAN))["text"]
        api.push_update(U.sticker(GERMAN, language_code="de"))
        hint = await api.wait_for("sendMessage", chat_id=GERMAN)
    source = next(iter(content.sources.values()))
    assert welcome["text"] == strings.text("welcome", "de", source_title=escape(source.title))
    assert buttons(welcome)[0]["callback_data"].endswith("|de")
    assert hint["text"] == strings.text("non_text_hint", "de")
    europe = next(r for r in content.regions if r.name == "Europe")
    assert f"<b>{escape(europe.display('de'))}</b>" in cities
    graz = next(p for p in content.places if p.name == "Graz")
    austria = content.country_named(graz.country)
    label = strings.text("place_label", "de", name=graz.display("de"), country=austria.display("de"))
    assert f"• {escape(label)}" in cities
    listing = content.intents["places_list"].citations[0]
    assert f"<i>{strings.text('note_translation', 'de')}:</i> {escape(content.translate_quote(listing.quote, 'de'))}" in cities


async def test_inline_cards_speak_the_querys_language_else_the_users(api, tmp_path, engine):
    question = "¿quién lanzó la idea?"
    async with running_bot(api, tmp_path, engine):
        api.push_update(U.inline_query(GERMAN, question, language_code="de"))
        typed = await api.wait_for("answerInlineQuery")
        api.push_update(U.inline_query(GERMAN, "", language_code="de"))
        featured = await api.wait_for("answerInlineQuery")
    first = typed["results"][0]
    expected = engine.search(question, limit=10, fallback="de")[0]
    assert expected.language == "es"
    assert first["title"] == expected.intent.title_in("es")
    assert first["input_message_content"]["message_text"].startswith(escape(expected.text))
    assert first["reply_markup"]["inline_keyboard"][0][0]["text"] == strings.text("inline_start_button", "es")
    assert not typed.get("is_personal"), "the query's own language: the same cards for everyone"
    titles = [r["title"] for r in featured["results"]]
    assert titles == [i.title_in("de") for i in engine.featured][: len(titles)] and titles
    assert featured["is_personal"] is True, "cards in the user's language are theirs only"


async def test_a_group_question_is_answered_in_its_own_language(api, tmp_path, engine):
    async with running_bot(api, tmp_path, engine):
        api.push_update(U.group_text(GROUP, SPANISH, "¿quién lanzó la idea?", mention=True, language_code="en"))
        sent = await api.wait_for("sendMessage", chat_id=GROUP)
    assert sent["text"].startswith(escape(engine.ask("¿quién lanzó la idea?").text))
    assert all(b["callback_data"].endswith("|es") for b in follow_ups(sent))


# --- /language ---------------------------------------------------------------------------------------

async def test_language_pins_a_choice_that_forgetme_removes(api, tmp_path, engine):
    async with running_bot(api, tmp_path, engine):
        api.push_update(U.command(ENGLISH_USER, "/language"))
        prompt = await api.wait_for("sendMessage", chat_id=ENGLISH_USER)
        api.press_button(ENGLISH_USER, data=callbacks.encode("lang", "de"))
        confirmed = await api.wait_for("editMessageText", chat_id=ENGLISH_USER)
        api.push_update(U.command(ENGLISH_USER, "/help"))
        help_de = await api.wait_for("sendMessage", chat_id=ENGLISH_USER)
        api.push_update(U.private_text(ENGLISH_USER, "Graz?"))  # too short to tell its language
        graz = await api.wait_for("sendMessage", chat_id=ENGLISH_USER)
        api.push_update(U.private_text(ENGLISH_USER, "광주는 인권도시인가요?"))  # its own language still wins
        korean = await api.wait_for("sendMessage", chat_id=ENGLISH_USER)
        assert Preferences(Database(tmp_path / "hrc-bot.sqlite3")).language(ENGLISH_USER) == "de"

        api.push_update(U.command(ENGLISH_USER, "/forgetme"))
        confirm = await api.wait_for("sendMessage", chat_id=ENGLISH_USER)
        api.press_button(ENGLISH_USER, text=strings.text("forgetme_yes_button", "de"))
        done = await api.wait_for("editMessageText", chat_id=ENGLISH_USER)
        api.push_update(U.command(ENGLISH_USER, "/help"))
        help_en = await api.wait_for("sendMessage", chat_id=ENGLISH_USER)
    assert prompt["text"] == strings.text("language_prompt", "en")
    labels = [b["text"] for b in buttons(prompt)]
    assert labels[0] == "✓ " + strings.text("language_auto_button", "en")
    assert labels[1:] == [language_name(code) for code in engine.languages]
    assert "Deutsch" in labels and "Español" in labels and "한국어" in labels
    assert confirmed["text"] == strings.text("language_set", "de")
    assert help_de["text"].startswith(strings.text("help", "de"))
    assert strings.text("help_language", "de") in help_de["text"]
    assert graz["text"].startswith(escape(engine.ask("Graz?", fallback="de").text))
    assert graz["text"].startswith("Ja")
    assert korean["text"].startswith(escape(engine.ask("광주는 인권도시인가요?").text))
    assert confirm["text"] == strings.text("forgetme_confirm", "de")
    assert done["text"] == strings.text("forgetme_done", "de")
    assert Preferences(Database(tmp_path / "hrc-bot.sqlite3")).language(ENGLISH_USER) is None
    assert help_en["text"].startswith(strings.text("help", "en"))


async def test_automatic_goes_back_to_telegrams_language(api, tmp_path, engine):
    async with running_bot(api, tmp_path, engine):
        api.push_update(U.command(SPANISH, "/language", language_code="es"))
        prompt = await api.wait_for("sendMessage", chat_id=SPANISH)

        def press(value: str) -> None:
            message = api.last_bot_message(SPANISH)
            api.push_update(U.callback(SPANISH, callbacks.encode("lang", value), message, language_code="es"))

        press("ja")
        pinned = await api.wait_for("editMessageText", chat_id=SPANISH)
        api.push_update(U.command(SPANISH, "/language", language_code="es"))
        again = await api.wait_for("sendMessage", chat_id=SPANISH)
        press("auto")
        automatic = await api.wait_for("editMessageText", chat_id=SPANISH)
        press("xx")
        refused = await api.wait_for("answerCallbackQuery", lambda p: p.get("text"))
    assert prompt["text"] == strings.text("language_prompt", "es")
    assert pinned["text"] == strings.text("language_set", "ja")
    assert again["text"] == strings.text("language_prompt", "ja")
    assert "✓ " + language_name("ja") in [b["text"] for b in buttons(again)]
    assert automatic["text"] == strings.text("language_auto_set", "es")
    assert refused["text"] == strings.text("button_expired", "es")


# --- the command menu and the bot's profile ----------------------------------------------------------

async def test_command_menu_and_descriptions_are_registered_in_every_language(api, tmp_path, engine):
    spoken = [code for code in engine.languages if strings.locale_file(code)]
    codes = {telegram_language_code(code): code for code in spoken}
    english = {field: strings.text(f"bot_{field}", "en") for field in ("description", "short_description")}
    # A language's profile is set where it differs from the default (English), which Telegram shows otherwise.
    wanted = {(field, code): text if text != english[field] else None
              for code, language in codes.items() for field in english
              for text in [strings.text(f"bot_{field}", language)]}

    def registered() -> bool:
        return (all(api.commands(language_code=code) for code in codes)
                and all(api.profile(field) == text for field, text in english.items())
                and all(api.profile(field, code) == text for (field, code), text in wanted.items()))

    async with running_bot(api, tmp_path, engine):
        await eventually(registered, what="every language's menu and profile")
    assert set(codes) >= {"es", "fr", "pt", "de", "id", "ko", "ja"}
    if "zh-Hant" in spoken:
        assert "zh" in codes, "Telegram takes two letters: zh-Hant is registered as zh"
    default = {c["command"]: c["description"] for c in api.commands()}
    assert default["language"] == strings.text("cmd_language", "en")
    for code, language in codes.items():
        menu = {c["command"]: c["description"] for c in api.commands(language_code=code)}
        assert menu.keys() == default.keys()
        assert menu["language"] == strings.text("cmd_language", language)
        assert menu["quiz"] == strings.text("cmd_quiz", language)
    assert wanted[("description", "es")] == strings.text("bot_description", "es") != english["description"]
    assert not api.failed_calls


# --- a class quiz in French ------------------------------------------------------------------------

async def test_class_quiz_started_by_a_french_teacher_runs_in_french(api, tmp_path, engine):
    async with running_bot(api, tmp_path, engine) as app:
        sessions = app.bot_data["services"].extras["quiz"].sessions
        api.push_update(U.command(TEACHER, "/quiz", "3 5", chat=GROUP, language_code="fr"))
        intro = await api.wait_for("sendMessage", chat_id=GROUP)
        polls = []
        for _ in range(3):
            params = await api.wait_for("sendPoll", chat_id=GROUP, timeout=10)
            poll = api.result_for(params)["poll"]
            polls.append((params, poll))
            for student in STUDENTS:
                api.answer_poll(poll["id"], student, [poll["correct_option_ids"][0] if student == STUDENTS[0] else
                                                      (poll["correct_option_ids"][0] + 1) % len(poll["options"])])
        results = await api.wait_for("sendMessage", chat_id=GROUP, timeout=10)
        run = sessions.store.latest_in(GROUP)
        asked = sessions.store.questions(run.id)
    bank = sessions.bank
    assert run.language == "fr"
    assert intro["text"] == strings.text("quiz_intro_class", "fr", count=3, topic=strings.text("quiz_all_topics", "fr"),
                                         seconds=5, name=f"User{TEACHER}")
    for number, (params, poll) in enumerate(polls, start=1):
        french = bank.localized(bank.items[asked[number - 1].item_id], "fr")
        assert french.language == "fr", f"{french.id} has a French text"
        assert params["question"] == strings.text("quiz_poll_question", "fr", number=number, total=3,
                                                  question=french.question)
        assert sorted(o["text"] for o in poll["options"]) == sorted(french.options)
        assert params["explanation"] == poll_explanation(french, bank.content)
        assert poll["options"][params["correct_option_ids"][0]]["text"] == french.answer
    header = strings.text("quiz_results_header", "fr", asked=3, total=3, players=2)
    assert results["text"].startswith(header)
    assert strings.text("quiz_questions_header", "fr") in results["text"]
    assert [b["text"] for b in buttons(results)] == [strings.text("quiz_button_again", "fr")]
    assert not api.failed_calls, "every poll was within Telegram's limits"


async def test_quiz_language_can_be_asked_for_and_practice_follows_the_student(api, tmp_path, engine):
    async with running_bot(api, tmp_path, engine) as app:
        store = app.bot_data["services"].extras["quiz"].sessions.store
        api.push_update(U.command(TEACHER, "/quiz", "duties es 2 5", chat=GROUP))
        intro = await api.wait_for("sendMessage", chat_id=GROUP)
        await api.wait_for("sendPoll", chat_id=GROUP)
        class_run = store.latest_in(GROUP)
        api.push_update(U.command(KOREAN, "/quiz", "1", language_code="ko"))
        practice = await api.wait_for("sendMessage", chat_id=KOREAN)
        await api.wait_for("sendPoll", chat_id=KOREAN)
        practice_run = store.latest_in(KOREAN)
        api.push_update(U.command(TEACHER, "/quiz", "fr cooking", chat=GROUP))
        unknown = await api.wait_for("sendMessage", chat_id=GROUP)
    assert class_run.language == "es" and class_run.topic == "duties"
    topic = escape(engine.content.topics["duties"].title_in("es"))
    assert intro["text"] == strings.text("quiz_intro_class", "es", count=2, topic=topic, seconds=5, name=f"User{TEACHER}")
    assert practice_run.language == "ko"
    assert practice["text"] == strings.text("quiz_intro_practice", "ko", count=1,
                                            topic=escape(strings.text("quiz_all_topics", "ko")))
    assert unknown["text"] == strings.text("quiz_unknown_topic", "fr", word="cooking", topics=quiz_module.topic_list(
        store_bank(app)))


# --- broadcasts ----------------------------------------------------------------------------------

async def test_a_broadcast_in_three_languages_reaches_each_subscriber_in_theirs(api, tmp_path, engine):
    async with running_bot(api, tmp_path, engine):
        for user, code in ((SPANISH, "es-MX"), (GERMAN, "de"), (KOREAN, "ko"), (ENGLISH_USER, "en")):
            api.push_update(U.command(user, "/subscribe", language_code=code))
            done = await api.wait_for("sendMessage", chat_id=user)
            assert done["text"] == strings.text("subscribe_done", code)
        # The Korean subscriber pins English: the pinned choice beats the phone's language.
        api.push_update(U.command(KOREAN, "/language", language_code="ko"))
        await api.wait_for("sendMessage", chat_id=KOREAN)
        api.press_button(KOREAN, data=callbacks.encode("lang", "en"))
        await api.wait_for("editMessageText", chat_id=KOREAN)

        api.push_update(U.command(ADMIN_ID, "/broadcast", "Vote on <Friday>!\n[es]\n¡Votación el viernes!\n[DE]\n"
                                                         "Abstimmung am Freitag!"))
        previews = [await api.wait_for("sendMessage", chat_id=ADMIN_ID) for _ in range(3)]
        confirm = await api.wait_for("sendMessage", chat_id=ADMIN_ID)
        api.press_button(ADMIN_ID, text=strings.text("broadcast_send_button"))
        await api.wait_for("editMessageText", chat_id=ADMIN_ID)
        got = {user: (await api.wait_for("sendMessage", chat_id=user))["text"]
               for user in (SPANISH, GERMAN, KOREAN, ENGLISH_USER)}
    english = f"Vote on &lt;Friday&gt;!\n\n{strings.text('broadcast_footer', 'en')}"
    spanish = f"¡Votación el viernes!\n\n{strings.text('broadcast_footer', 'es')}"
    german = f"Abstimmung am Freitag!\n\n{strings.text('broadcast_footer', 'de')}"
    assert [p["text"] for p in previews] == [english, spanish, german]
    assert confirm["text"] == "\n".join([strings.text("broadcast_confirm", count=4), *(
        strings.text("broadcast_confirm_language", name=language_name(code), count=count)
        for code, count in (("en", 2), ("es", 1), ("de", 1)))])
    assert got == {SPANISH: spanish, GERMAN: german, KOREAN: english, ENGLISH_USER: english}


async def test_a_broadcast_with_an_unknown_language_is_refused(api, tmp_path, engine):
    async with running_bot(api, tmp_path, engine):
        api.push_update(U.command(ADMIN_ID, "/broadcast", "Hello\n[xx]\nHallo"))
        refused = await api.wait_for("sendMessage", chat_id=ADMIN_ID)
        api.push_update(U.command(ADMIN_ID, "/broadcast", "[es]\nHola"))
        no_default = await api.wait_for("sendMessage", chat_id=ADMIN_ID)
    assert refused["text"] == strings.text("broadcast_unknown_language", code="xx", languages=", ".join(engine.languages))
    assert no_default["text"] == strings.text("broadcast_no_default")


async def test_every_language_is_made_ready_in_the_first_seconds_after_start_up(api, tmp_path):
    # A fresh engine builds only English at load; the bot builds the rest in the background, so that a
    # first question in a language does not wait for its model and memory does not grow months later.
    from bot.engine import Engine

    fresh = Engine.load()
    assert set(dict.keys(fresh.models)) == {"en"}
    async with running_bot(api, tmp_path, fresh):
        await eventually(lambda: set(dict.keys(fresh.models)) == set(fresh.languages),
                         what="every language's model built in the background")
        # …while the bot answers from the first second.
        api.push_update(U.private_text(KOREAN, "광주는 인권도시인가요?"))
        sent = await api.wait_for("sendMessage", chat_id=KOREAN)
    assert sent["text"].startswith("네")


def test_pins_read_from_memory_stay_what_the_table_says(tmp_path, monkeypatch):
    """A question reads the asker's pin from memory; pinning, unpinning and /forgetme keep it true."""
    import bot.preferences as preferences_module

    monkeypatch.setattr(preferences_module, "MEMORY", 2)  # forgotten all at once past two users
    path = tmp_path / "hrc-bot.sqlite3"
    db = Database(path)
    prefs = Preferences(db)
    assert prefs.language(7) is None
    prefs.pin(7, "de")
    assert prefs.language(7) == "de"
    assert [prefs.language(u) for u in (8, 9, 7)] == [None, None, "de"]  # past the memory: asked again
    other = Database(path)
    assert Preferences(other).language(7) == "de"  # in the file, for another reader
    db.forget_user(7)
    assert prefs.language(7) is None
    prefs.pin(7, "es")
    prefs.pin(7, None)
    assert prefs.language(7) is None and Preferences(other).language(7) is None
    other.close()
    db.close()

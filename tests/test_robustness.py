"""Whatever text arrives, `Engine.ask` answers without raising, in the shape every front end relies on."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import Engine

ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=2000)

# Words that reach the interesting paths: places in several scripts, countries, regions, intent words,
# look-alikes, markup and noise, in any order.
PIECES = [
    "what", "is", "a", "human", "rights", "city", "who", "launched", "1997", "duty", "to", "respect", "protect",
    "fulfil", "forum", "gwangju", "declaration", "report", "un", "how", "many", "list", "in", "any", "the", "US",
    "usa", "japan", "germany", "africa", "europe", "Vienna", "Thiès", "utrech", "광주", "高雄市", "नागपुर", "CDMX",
    "BCN", "porto", "alegre", "prince", "george's", "county", "saint-denis", "mexico", "this", "us", "udhr",
    "weather", "joke", "<b>", "</p>", "&amp;", "😀", "\u202e", "\x00", "???", "{place}", "{country}", "é", "ß",
]
WORDY_TEXT = st.lists(st.sampled_from(PIECES), max_size=25).map(" ".join)


def check_answer(engine: Engine, question: str) -> None:
    answer = engine.ask(question)

    assert isinstance(answer.text, str) and answer.text.strip()
    assert 0.0 <= answer.confidence <= 1.0
    assert answer.question == question
    for citation in answer.citations:
        paragraphs = engine.content.sources[citation.source].paragraphs
        assert 1 <= citation.paragraph <= len(paragraphs)
        assert citation.quote and citation.quote in paragraphs[citation.paragraph - 1]
    titles = {i.title for i in engine.intents.values()}
    assert all(s.title in titles for s in answer.suggestions)
    if not answer.matched:
        assert answer.suggestions
    if answer.city is not None and answer.city.listed:
        assert answer.city.name in {p.name for p in engine.content.places}
    as_json = json.loads(json.dumps(answer.as_dict(), ensure_ascii=False))
    assert (as_json["intent"] is None) is (not as_json["matched"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=ANY_TEXT)
def test_any_unicode_text_gets_a_well_formed_answer(engine, question):
    check_answer(engine, question)


@settings(max_examples=300, deadline=None)
@given(question=WORDY_TEXT)
def test_any_mix_of_places_topics_and_noise_gets_a_well_formed_answer(engine, question):
    check_answer(engine, question)


@settings(max_examples=50, deadline=None)
@given(question=ANY_TEXT)
def test_search_never_raises_and_offers_distinct_answers(engine, question):
    results = engine.search(question)

    ids = [r.intent.id for r in results if r.intent]
    assert len(ids) == len(set(ids)) and len(results) <= 5

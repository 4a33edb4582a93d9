"""Deep-link payloads: `t.me/<bot>?start=<payload>` opens an answer or a topic directly.

A payload is an intent or topic id, optionally followed by `__<campaign>` so starts can be counted
per campaign (`duties__spring`). Telegram allows 1-64 characters of A-Z a-z 0-9 _ -.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .content import Content

PAYLOAD_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CAMPAIGN_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,30}$")
CAMPAIGN_SEPARATOR = "__"
TOPIC_PREFIX = "topic-"  # for a topic whose id is also an intent id (un_report)


@dataclass(frozen=True)
class DeepLink:
    kind: str  # "intent" | "topic"
    target: str
    campaign: str | None = None


def payload_for(kind: str, target: str, campaign: str | None = None, content: Content | None = None) -> str:
    """The stable payload for an intent or topic; raises ValueError if it would break Telegram's rules."""
    base = target
    if kind == "topic" and content is not None and target in content.intents:
        base = TOPIC_PREFIX + target
    if campaign:
        if not CAMPAIGN_PATTERN.match(campaign):
            raise ValueError("a campaign tag is 1-30 letters, digits or '-'")
        base = f"{base}{CAMPAIGN_SEPARATOR}{campaign}"
    if not PAYLOAD_PATTERN.match(base):
        raise ValueError(f"payload {base!r} is not 1-64 characters of A-Za-z0-9_-")
    return base


def parse_payload(payload: str, content: Content) -> DeepLink | None:
    """What a /start payload opens, or None for anything unknown or malformed."""
    if not payload or not PAYLOAD_PATTERN.match(payload):
        return None
    target, _, campaign = payload.partition(CAMPAIGN_SEPARATOR)
    campaign = campaign if campaign and CAMPAIGN_PATTERN.match(campaign) else None
    if target.startswith(TOPIC_PREFIX) and target[len(TOPIC_PREFIX):] in content.topics:
        return DeepLink("topic", target[len(TOPIC_PREFIX):], campaign)
    if target in content.intents and content.intents[target].kind != "gap":
        return DeepLink("intent", target, campaign)
    if target in content.topics and not content.topics[target].hidden:
        return DeepLink("topic", target, campaign)
    return None


def link_for(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username.lstrip('@')}?start={payload}"


def all_payloads(content: Content) -> list[tuple[str, str, str]]:
    """(kind, id, payload) for every visible topic and every answerable intent."""
    rows = [("topic", t.id, payload_for("topic", t.id, content=content)) for t in content.visible_topics()]
    rows += [
        ("intent", i.id, payload_for("intent", i.id))
        for i in content.intents.values()
        if i.kind == "answer"
    ]
    return rows

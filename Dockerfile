# hrc-bot: the Telegram bot, content baked in, state in a volume, running as an unprivileged user.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HRC_DATA_DIR=/data \
    HRC_CACHE_DIR=/var/cache/hrc-bot \
    TMPDIR=/var/cache/hrc-bot/tmp

WORKDIR /build
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
COPY intents ./intents
COPY quiz ./quiz
# A plain (non-editable) install: the wheel carries the content, so /build can go.
RUN pip install . && cd / && rm -rf /build \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin hrc \
    && mkdir -p /data /var/cache/hrc-bot/tmp && chown -R hrc:hrc /data /var/cache/hrc-bot

USER hrc
WORKDIR /home/hrc
# Validate the content once at build time, which also leaves the loaded content in the cache: the bot
# then starts without parsing nine languages of YAML. (TMPDIR: the language model wants a writable
# temporary folder, and the image's user owns this one.)
RUN hrc-bot check && hrc-bot ask "¿Qué es una ciudad de derechos humanos?" >/dev/null
VOLUME ["/data"]

# The bot writes a heartbeat every 30 s; `hrc-bot health` fails when it is older than 90 s.
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 CMD ["hrc-bot", "health"]

CMD ["hrc-bot", "run"]

# hrc-bot: the Telegram bot, content baked in, state in a volume, running as an unprivileged user.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HRC_DATA_DIR=/data

WORKDIR /build
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
COPY intents ./intents
COPY quiz ./quiz
# A plain (non-editable) install: the wheel carries the content, so /build can go.
RUN pip install . && cd / && rm -rf /build \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin hrc \
    && mkdir -p /data && chown hrc:hrc /data

USER hrc
WORKDIR /home/hrc
VOLUME ["/data"]

# The bot writes a heartbeat every 30 s; `hrc-bot health` fails when it is older than 90 s.
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 CMD ["hrc-bot", "health"]

CMD ["hrc-bot", "run"]

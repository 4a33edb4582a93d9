"""How the bot's requests reach Telegram: PTB's `BaseRequest` over httpx, built for many replies at once.

PTB's own `HTTPXRequest` puts every request through one httpx client, and so through one httpcore
connection pool. Under load that pool thrashes (encode/httpcore#1035, still in httpcore 1.0.9): a
connection handed to a waiting request stays "idle" until that request's task runs, so the next
requests are handed the same connection, all but one fail with ConnectionNotAvailable and go round
again, and every round scans every connection, probing each idle one's socket with two system
calls. With 32 handlers replying at once, four of every five attempts to send were such a miss,
and the pool's bookkeeping took about as much of the bot's time as answering the questions.

`TelegramRequest` keeps the pool itself: up to `connections` httpx clients of one connection each,
each used by one request at a time, handed out most recently used first (so a quiet bot keeps few
connections warm, and httpx closes the others after its keep-alive expiry). No request ever meets
another on a connection, and each client's bookkeeping is about one connection. Waiting for a free
client is bounded by the pool timeout, and running out is reported as PTB's HTTPXRequest does.

Parameters go as one JSON body (the Bot API takes `application/json` for every method); only an
upload goes as multipart form data. A form would percent-encode every byte of an answer's HTML,
in Python, for each message; `json.dumps` is done in C.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from collections import deque
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

JSON_HEADERS = {"User-Agent": BaseRequest.USER_AGENT, "Content-Type": "application/json"}
FORM_HEADERS = {"User-Agent": BaseRequest.USER_AGENT}
URL_MEMORY = 256
_Unset = type(BaseRequest.DEFAULT_NONE)  # PTB's DefaultValue: a timeout the caller did not set
POOL_TIMEOUT_MESSAGE = ("Pool timeout: All connections in the connection pool are occupied. Request was *not* sent "
                        "to Telegram. Consider adjusting the connection pool size or the pool timeout.")


def json_body(parameters: dict[str, Any]) -> bytes:
    """The parameters as a compact UTF-8 JSON object (escaped to ASCII only if some text is not valid UTF-8)."""
    try:
        return json.dumps(parameters, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, say: JSON's \\u escapes still carry it
        return json.dumps(parameters, separators=(",", ":")).encode("ascii")


class TelegramRequest(BaseRequest):
    """Requests to the Bot API over up to `connections` keep-alive HTTP/1.1 connections; see the module docstring.

    The timeouts mean what they mean for PTB's HTTPXRequest, with the same defaults.
    """

    def __init__(self, connections: int = 1, *, read_timeout: float | None = 5.0, write_timeout: float | None = 5.0,
                 connect_timeout: float | None = 5.0, pool_timeout: float | None = 1.0,
                 media_write_timeout: float | None = 20.0, proxy: str | httpx.Proxy | httpx.URL | None = None):
        if connections < 1:
            raise ValueError("a TelegramRequest needs at least one connection")
        self.connections = connections
        self._timeout = httpx.Timeout(connect=connect_timeout, read=read_timeout, write=write_timeout,
                                      pool=pool_timeout)
        self._media_write_timeout = media_write_timeout
        self._proxy = proxy
        # One TLS context for every client: loading the certificate store is the costly part of a client.
        self._ssl_context: ssl.SSLContext | None = None
        self._idle: list[httpx.AsyncClient] = []  # free clients, the most recently used last
        self._waiting: deque[asyncio.Future[httpx.AsyncClient]] = deque()
        self._clients: set[httpx.AsyncClient] = set()
        self._urls: dict[str, httpx.URL] = {}
        self._closed = False

    # --- BaseRequest ------------------------------------------------------------------------------

    @property
    def read_timeout(self) -> float | None:
        return self._timeout.read

    async def initialize(self) -> None:
        self._closed = False

    async def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        clients, self._clients, self._idle = list(self._clients), set(), []
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_exception(RuntimeError("This TelegramRequest was shut down"))
        for client in clients:
            await client.aclose()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE, write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        if self._closed:
            raise RuntimeError("This TelegramRequest is not initialized!")
        uploads = request_data.multipart_data if request_data is not None and request_data.contains_files else None
        timeout = self._timeout_for(bool(uploads), read_timeout, write_timeout, connect_timeout, pool_timeout)
        target = self._url(url)
        client = await self._acquire(timeout.pool)
        try:
            if uploads:
                assert request_data is not None
                response = await client.request(method, target, headers=FORM_HEADERS, timeout=timeout, files=uploads,
                                                data=request_data.json_parameters)
            elif request_data is not None and request_data.parameters:
                response = await client.request(method, target, headers=JSON_HEADERS, timeout=timeout,
                                                content=json_body(request_data.parameters))
            else:
                response = await client.request(method, target, headers=FORM_HEADERS, timeout=timeout)
        except httpx.TimeoutException as error:
            raise TimedOut from error
        except httpx.HTTPError as error:
            raise NetworkError(f"httpx.{error.__class__.__name__}: {error}") from error
        finally:
            self._release(client)
        return response.status_code, response.content

    def _timeout_for(self, uploads: bool, read: Any, write: Any, connect: Any, pool: Any) -> httpx.Timeout:
        """The defaults given at construction, with what the caller set instead (uploads write for longer)."""
        if not uploads and all(isinstance(value, _Unset) for value in (read, write, connect, pool)):
            return self._timeout
        default = self._timeout
        return httpx.Timeout(
            connect=default.connect if isinstance(connect, _Unset) else connect,
            read=default.read if isinstance(read, _Unset) else read,
            write=(self._media_write_timeout if uploads else default.write) if isinstance(write, _Unset) else write,
            pool=default.pool if isinstance(pool, _Unset) else pool)

    def _url(self, url: str) -> httpx.URL:
        """The URL parsed once: a bot calls the same few methods, and httpx parses a URL string in Python."""
        parsed = self._urls.get(url)
        if parsed is None:
            if len(self._urls) >= URL_MEMORY:  # file downloads have URLs of their own
                self._urls.clear()
            parsed = self._urls[url] = httpx.URL(url)
        return parsed

    # --- the pool of clients ------------------------------------------------------------------------

    def _new_client(self) -> httpx.AsyncClient:
        if self._ssl_context is None:
            self._ssl_context = httpx.create_ssl_context()
        # Limits: one connection, kept alive for httpx's default expiry (5 s) after its last request.
        return httpx.AsyncClient(timeout=self._timeout, proxy=self._proxy, verify=self._ssl_context,
                                 limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                                 http1=True, http2=False)

    async def _acquire(self, timeout: float | None) -> httpx.AsyncClient:
        if self._idle:
            return self._idle.pop()
        if len(self._clients) < self.connections:
            client = self._new_client()
            self._clients.add(client)
            return client
        waiter: asyncio.Future[httpx.AsyncClient] = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        try:
            async with asyncio.timeout(timeout):
                return await waiter
        except BaseException as error:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._release(waiter.result())  # handed over just as the wait ended: pass it on
            else:
                waiter.cancel()
                try:
                    self._waiting.remove(waiter)
                except ValueError:
                    pass
            if isinstance(error, TimeoutError):
                raise TimedOut(message=POOL_TIMEOUT_MESSAGE) from error
            raise

    def _release(self, client: httpx.AsyncClient) -> None:
        if self._closed or client.is_closed:
            self._clients.discard(client)
            return
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(client)
                return
        self._idle.append(client)

"""What makes the service safe to expose to bots: API keys, rate limits and a request-body cap.

One pure-ASGI middleware, :class:`Guard`, runs in front of every route (the JSON API, WeChat and
the Gradio chat mounted at "/"), in this order:

1. **Body cap** — a body over ``max_body_bytes`` (64 KiB for ``/wechat``) gets 413 before anything
   parses it: a declared ``Content-Length`` is checked at once, a chunked body is read only up to
   the cap.
2. **API keys** — when ``ASSISTANT_API_KEYS`` lists keys, every ``/api/*`` call needs header
   ``X-API-Key`` with one of them (401 with a message otherwise). ``/healthz``, ``/docs`` and the
   chat page stay open.
3. **Rate limit** — ``ASSISTANT_RATE_LIMIT`` (e.g. ``20/minute``) per API key, or per client address
   when no keys are configured; over it → 429 with ``Retry-After``. The chat UI's own programmatic
   routes (every POST under ``/gradio_api/``: ``queue/join``, ``call/…``, ``run/…``, uploads) are
   counted per client address with the same limit, so the open UI is not an unthrottled way around
   the keys; when keys are set but no limit is, the UI still gets ``DEFAULT_UI_LIMIT``.
4. **In progress at once** (checked before 3) — at most ``ASSISTANT_MAX_IN_FLIGHT`` (default 4)
   ``POST /api/*`` requests per key or address; another gets 429 at once. On by default: it costs a
   client asking one question at a time nothing, and stops one client's burst from starving the rest.

Why ``limits`` directly and not slowapi's middleware: slowapi finds the route's endpoint and
exempts anything it cannot match, and a mounted app (Gradio at "/") has no endpoint, so the UI's
routes would go unthrottled; its decorators would also need edits to every route. ``limits`` is
the library slowapi (and Flask-Limiter) run on; its counters live in this process's memory, or in
Redis for several copies (``ASSISTANT_REDIS_URL``, see :mod:`assistant.state`).

Client addresses come from the connection. ``X-Forwarded-For`` is believed only from the addresses in
``ASSISTANT_TRUSTED_PROXIES`` (default: none; uvicorn's own header handling, which trusts 127.0.0.1, is
switched off), so behind a reverse proxy list its address there; otherwise every client shares the
proxy's limit, and without a proxy nobody can pick their own address.

Example::

    limiter = install_guard(app, settings)   # adds Guard; returns the API's RateLimiter (or None)
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import math
import re
import sys
import time
from collections.abc import Iterable

from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .state import LimitsUnavailable

API_KEY_HEADER = "X-API-Key"
DEFAULT_UI_LIMIT = "30/minute"  # the open chat UI, when keys protect the API but no limit is set
WECHAT_BODY_CAP = 64 * 1024  # WeChat's messages are a few hundred bytes; encrypted ones ~1.5x that
UI_PREFIX = "/gradio_api/"
UI_BODY_CAP = 64 * 1024  # the chat sends a question of at most max_question_chars, never files
BODY_TIMEOUT_S = 10.0  # a body trickled slower than this is dropped (uvicorn itself never times a body out)
MAX_JSON_DEPTH = 32  # the API's bodies are 3 levels deep; a deeper one is an attack on the parser
# The only POST routes of the Gradio app this page uses: a question (queued, or called by name) and
# cancelling or resetting it. Every other one is refused: uploads (which Gradio would store and serve
# back publicly), recordings, streamed inputs, component callbacks, whatever a later Gradio adds.
UI_POST_ROUTES = ("queue/join", "call/", "run/", "api/", "cancel", "reset")
FILE_KEYS = frozenset({"path", "url", "meta"})  # what makes Gradio treat a JSON object as a file
UI_CALL_ERROR = ("the chat could not use this call: send {\"data\": [question, null]} to /gradio_api/call/chat, "
                 "or use the page")


class RateLimiter:
    """Moving-window limits per (scope, identity), e.g. ("api", "key:…") or ("ui", "addr:1.2.3.4").

    ``limit`` may hold several rates (``20/minute;200/hour``); a request must fit all of them.
    ``state`` (an :class:`assistant.state.SharedState`) decides where the counters live: this
    process's memory, or the Redis shared by all copies; without it, this process's memory.

    Example::

        limiter = RateLimiter("2/minute")
        limiter.hit("api", "key:k1")   # None: allowed
        limiter.hit("api", "key:k1")   # None
        limiter.hit("api", "key:k1")   # 58.7: seconds until the next request would be allowed
    """

    def __init__(self, limit: str, state=None):
        self.limit = limit
        self.items: list[RateLimitItem] = list(parse_many(limit))
        self.state = state  # also says what to do while a shared Redis is lost
        storage = state.limits_storage() if state is not None else storage_from_string("memory://")
        self.strategy = MovingWindowRateLimiter(storage)

    def hit(self, scope: str, identity: str) -> float | None:
        """Count one request; None if allowed, else the seconds until it would be.

        With shared state and Redis unreachable: None (``ASSISTANT_REDIS_FAIL=open``) or
        :class:`assistant.state.LimitsUnavailable` raised (``closed``).
        """
        if self.state is not None:
            return self.state.limited(lambda: self._hit(scope, identity))
        return self._hit(scope, identity)

    def _hit(self, scope: str, identity: str) -> float | None:
        for item in self.items:
            # hit() takes a slot only if one is free, atomically (in memory and in Redis alike).
            if not self.strategy.hit(item, scope, identity):
                reset = self.strategy.get_window_stats(item, scope, identity).reset_time
                return max(0.0, reset - time.time())
        return None

    def window(self, scope: str, identity: str) -> tuple[int, int, int] | None:
        """(limit, remaining, seconds to reset) of the tightest rate, for X-RateLimit-* headers
        (None while a shared store is unreachable)."""
        if self.state is not None:
            return self.state.limited(lambda: self._window(scope, identity), fail_open=True)
        return self._window(scope, identity)

    def _window(self, scope: str, identity: str) -> tuple[int, int, int]:
        best = None
        for item in self.items:
            stats = self.strategy.get_window_stats(item, scope, identity)
            row = (item.amount, stats.remaining, max(0, math.ceil(stats.reset_time - time.time())))
            if best is None or row[1] < best[1]:
                best = row
        return best

    def describe(self) -> str:
        return " and ".join(f"{i.amount} per {i.multiples} {i.GRANULARITY.name}" for i in self.items)


def _json(status: int, detail: str, headers: dict[str, str] | None = None):
    from starlette.responses import JSONResponse

    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _key_matches(sent: str, keys: Iterable[str]) -> str | None:
    """The configured key equal to ``sent`` (compared in constant time against every key)."""
    found = None
    for k in keys:
        if hmac.compare_digest(sent.encode(), k.encode()):
            found = k
    return found


def _key_id(key: str) -> str:
    """An identity for a key that does not keep the key itself in the limiter's storage."""
    return "key:" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _framing_problem(headers: Headers, cap: int) -> tuple[int, str] | None:
    """(status, message) for a request whose framing headers are refused, else None."""
    length = headers.get("content-length")
    if length is not None and "transfer-encoding" in headers:
        # Both at once is the request-smuggling shape: a proxy and this server could disagree on the body.
        return 400, "send either Content-Length or Transfer-Encoding, not both"
    if length is not None:
        if not length.isdigit():
            return 400, "the Content-Length header is not a number"
        if int(length) > cap:
            return 413, f"the request body is too large: at most {cap} bytes"
    return None


def _refused_ui_route(path: str) -> bool:
    rest = path.split(UI_PREFIX, 1)[1] if UI_PREFIX in path else ""
    return not any(rest == r.rstrip("/") or rest.startswith(r) for r in UI_POST_ROUTES)


def ui_body_problem(body: bytes, max_text: int = 1000) -> str | None:
    """Why a call to the chat UI's routes is refused before Gradio reads it, or None.

    Gradio copies every file reference (a dict with a "path" or "url") it finds in a call's *inputs*
    into its cache and serves it publicly: a text box handed ``{"path": "/etc/passwd", "meta": …}``
    would publish that file. Nothing on this page takes a file, so no call may name one. And no
    input is longer than a question (Gradio's error for a bad input repeats the input back).
    """
    if not body.strip():
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None  # not JSON (a form, say): Gradio refuses it on its own
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if FILE_KEYS & item.keys():
                return "the chat takes text only: file references are not accepted"
            stack.extend(item.values())
        elif isinstance(item, str) and len(item) > max_text:
            return f"the question is too long: at most {max_text} characters"
        elif isinstance(item, list):
            stack.extend(item)
    return None


def json_body_problem(body: bytes) -> str | None:
    """Why a JSON API body is refused before parsing (not UTF-8, nested too deep), or None."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return 'the request body is not UTF-8: send UTF-8 encoded JSON, e.g. {"question": "第22条讲什么？"}'
    if (digits := sys.get_int_max_str_digits()) and re.search(rf"\d{{{digits + 1},}}", text):
        # valid JSON, but Python's parser will not read a number that long (no field takes one; no text
        # field is that long, so the run is not inside one that is accepted)
        return f"a number in the JSON body has more than {digits} digits: no field of this API takes such a number"
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return None  # cannot be too deep: skip the scan (the usual case)
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:  # bracket depth outside strings; the parser would recurse this deep
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return f"the JSON body is nested more than {MAX_JSON_DEPTH} levels deep: send the documented shape"
        elif ch in "]}":
            depth -= 1
    return None


class Guard:
    """ASGI middleware: body cap, API keys for /api/*, rate limits (see the module docstring)."""

    def __init__(self, app: ASGIApp, settings, limiter: RateLimiter | None = None,
                 ui_limiter: RateLimiter | None = None):
        self.app = app
        self.keys = list(settings.api_keys)
        # Staff keys (the 看板) open the API too when it is keyed; /api/insights checks them itself.
        self.accepted = self.keys + [k for k in settings.admin_keys if k not in self.keys]
        self.max_body = settings.max_body_bytes
        self.max_text = settings.max_question_chars
        self.limiter = limiter  # the API's (ASSISTANT_RATE_LIMIT)
        self.ui_limiter = ui_limiter or limiter  # the chat UI's routes
        self.max_in_flight = settings.max_in_flight  # (ASSISTANT_MAX_IN_FLIGHT) per key or address
        self._in_flight: dict[str, int] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = Headers(scope=scope)
        is_api = path == "/api" or path.startswith("/api/")
        is_ui = scope["method"] == "POST" and UI_PREFIX in path

        # 1. The body: refused or read here, up to the cap, before anything else sees it. The headers
        # only announce a size; what counts is what arrives (uvicorn reads a chunked body even when a
        # Content-Length is also sent, so a guard trusting the header could be walked past).
        cap = min(self.max_body, WECHAT_BODY_CAP) if path.rstrip("/") == "/wechat" else self.max_body
        if is_ui:
            cap = min(cap, UI_BODY_CAP)
        if (problem := _framing_problem(headers, cap)) is not None:
            await _json(*problem)(scope, receive, send)
            return
        if is_ui and _refused_ui_route(path):
            await _json(404, "the chat accepts questions in text only (no uploads, recordings or streams)")(
                scope, receive, send)
            return
        try:
            messages = await asyncio.wait_for(self._read_capped(receive, cap), BODY_TIMEOUT_S)
        except TimeoutError:
            await _json(408, f"the request body did not arrive within {BODY_TIMEOUT_S:g} s: send it at once")(
                scope, receive, send)
            return
        if messages is None:
            await self._too_large(cap, scope, receive, send)
            return
        if is_api and scope["method"] in ("POST", "PUT", "PATCH") or is_ui:
            body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
            problem = json_body_problem(body) or (ui_body_problem(body, self.max_text) if is_ui else None)
            if problem is not None:
                await _json(400, problem)(scope, receive, send)
                return
        receive = _replay(messages, receive)
        if is_ui:
            send = _shield_ui(send)

        # 2. API keys.
        identity = None
        if is_api and self.keys:
            sent = headers.get(API_KEY_HEADER)
            if not sent:
                await _json(
                    401,
                    f"this API needs a key: send it in the {API_KEY_HEADER} header, "
                    f"e.g. curl -H '{API_KEY_HEADER}: <your key>' … (ask the operator for a key)",
                )(scope, receive, send)
                return
            key = _key_matches(sent, self.accepted)
            if key is None:
                await _json(
                    401, f"the {API_KEY_HEADER} you sent is not a valid key: check it, or ask the operator for one",
                )(scope, receive, send)
                return
            identity = _key_id(key)

        # 4. (before 3) Requests in progress at once: one client's burst of the largest questions must not hold the
        # cores every other client waits on (48 at once made a plain question take 12 s), rate limit or none.
        if is_api and scope["method"] == "POST" and self.max_in_flight:
            client = scope.get("client")
            who = identity or f"addr:{client[0] if client else 'unknown'}"
            if self._in_flight.get(who, 0) >= self.max_in_flight:
                mine = "this API key" if who.startswith("key:") else "your address"
                await _json(429, f"too many requests at once: at most {self.max_in_flight} in progress for {mine}; "
                                 "wait for an answer before sending more, or retry in 1 s",
                            headers={"Retry-After": "1"})(scope, receive, send)
                return
            self._in_flight[who] = self._in_flight.get(who, 0) + 1
            try:
                await self._limited(scope, receive, send, is_api, is_ui, identity)
            finally:
                if (n := self._in_flight.pop(who) - 1) > 0:
                    self._in_flight[who] = n
            return
        await self._limited(scope, receive, send, is_api, is_ui, identity)

    async def _limited(self, scope: Scope, receive: Receive, send: Send, is_api: bool, is_ui: bool,
                       identity: str | None) -> None:
        # 3. Rate limits: per key for the API, per client address for keyless API use and the UI.
        bucket = "api" if is_api else "ui" if is_ui else None
        limiter = self.limiter if is_api else self.ui_limiter
        if limiter is None or bucket is None:
            await self.app(scope, receive, send)
            return
        if identity is None:
            client = scope.get("client")
            identity = f"addr:{client[0] if client else 'unknown'}"
        try:
            wait = limiter.hit(bucket, identity)
        except LimitsUnavailable as exc:  # Redis lost and ASSISTANT_REDIS_FAIL=closed
            await _json(503, str(exc), headers={"Retry-After": "5"})(scope, receive, send)
            return
        if wait is not None:
            retry = max(1, math.ceil(wait))
            who = "this API key" if identity.startswith("key:") else "your address"
            await _json(
                429,
                f"too many requests: the limit is {limiter.describe()} for {who}; retry in {retry} s",
                headers={"Retry-After": str(retry)},
            )(scope, receive, send)
            return
        if not is_api:
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            # Tell bots where they stand, as most public APIs do.
            if message["type"] == "http.response.start" and (row := limiter.window(bucket, identity)):
                amount, remaining, reset = row
                h = MutableHeaders(scope=message)
                h["X-RateLimit-Limit"] = str(amount)
                h["X-RateLimit-Remaining"] = str(remaining)
                h["X-RateLimit-Reset"] = str(reset)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _too_large(self, cap: int, scope: Scope, receive: Receive, send: Send) -> None:
        await _json(413, f"the request body is too large: at most {cap} bytes")(scope, receive, send)

    @staticmethod
    async def _read_capped(receive: Receive, cap: int) -> list[Message] | None:
        """Read a body of unknown length; None as soon as it passes the cap."""
        messages, size = [], 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                return messages
            size += len(message.get("body", b""))
            if size > cap:
                return None
            if not message.get("more_body", False):
                return messages


def _shield_ui(send: Send) -> Send:
    """A send() that turns the UI routes' 5xx into a short 400.

    The chat's own handler never raises (it answers with an apology), so a 5xx from Gradio's call
    routes is its reaction to a malformed call (wrong number or shape of inputs), whose error text
    can echo the whole input back (hundreds of KB). The sender gets one sentence instead.
    """
    replaced = False

    async def shielded(message: Message) -> None:
        nonlocal replaced
        if message["type"] == "http.response.start" and message["status"] >= 500:
            replaced = True
            body = json.dumps({"detail": UI_CALL_ERROR}, ensure_ascii=False).encode()
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 400, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        if replaced:
            return  # the original error body is dropped
        await send(message)

    return shielded


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive() that hands back the messages already read, then defers to the real one."""
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


def install_guard(app, settings, state=None) -> RateLimiter | None:
    """Add :class:`Guard` to a FastAPI app; returns the API's limiter (WeChat users share its rate).

    With keys but no ``rate_limit``, the open UI still gets ``DEFAULT_UI_LIMIT`` per address.
    ``state`` (an :class:`assistant.state.SharedState`) puts the counters in Redis for all copies.
    """
    limiter = RateLimiter(settings.rate_limit, state) if settings.rate_limit else None
    ui_limiter = None
    if limiter is None and settings.api_keys:
        ui_limiter = RateLimiter(DEFAULT_UI_LIMIT, state)
    app.add_middleware(Guard, settings=settings, limiter=limiter, ui_limiter=ui_limiter)
    # Cross-origin calls from browsers: only the origins configured, never with cookies. Without it,
    # the chat UI's framework (Gradio) installs its own, which on a public host name echoes any Origin
    # back with Access-Control-Allow-Credentials: any web page could read what the server answers.
    from starlette.middleware.cors import CORSMiddleware

    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                       allow_headers=["Content-Type", API_KEY_HEADER], allow_credentials=False, max_age=600)
    if settings.trusted_proxies:
        # Added last, so it runs first: the Guard limits the client the proxy names, never the proxy.
        # Only these addresses may name a client; X-Forwarded-For from anyone else is ignored.
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    app.state.limiter = limiter
    if settings.api_keys:
        _document_key(app)
    return limiter


def _document_key(app) -> None:
    """Show the X-API-Key header in /docs (its "Authorize" button) for every /api/* operation."""
    plain = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = plain()
        schema.setdefault("components", {}).setdefault("securitySchemes", {})["APIKey"] = {
            "type": "apiKey", "in": "header", "name": API_KEY_HEADER,
            "description": "one of the keys in ASSISTANT_API_KEYS",
        }
        for path, ops in schema.get("paths", {}).items():
            if path.startswith("/api/"):
                for op in ops.values():
                    op["security"] = [{"APIKey": []}]
                    op.setdefault("responses", {})["401"] = {"description": f"missing or wrong {API_KEY_HEADER}"}
                    op["responses"]["429"] = {"description": "rate limit exceeded; see Retry-After"}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi


__all__ = ["API_KEY_HEADER", "DEFAULT_UI_LIMIT", "Guard", "RateLimiter", "WECHAT_BODY_CAP", "install_guard"]

"""State that must agree across copies of the app: in Redis when ``ASSISTANT_REDIS_URL`` is set, else here.

Copies of the app (``--workers N`` on one machine, or N machines behind a load balancer) share
nothing but Redis. What they must agree on:

- **rate-limit counters** — the ``limits`` library's own Redis storage (moving windows kept in
  sorted sets, updated by Lua scripts, so a hit is atomic across copies);
- **WeChat MsgId claims and replies** — :class:`RedisTTLStore`: ``SET NX PX`` claims a MsgId for
  exactly one copy; a retry that lands on another copy polls ``GET`` (every 50 ms, never past its
  own deadline, see :meth:`assistant.wechat.WeChatEndpoint._wait_for`) and sends the first copy's
  reply instead of computing a second one;
- **per-user WeChat history** — same store, so a follow-up on another copy still knows the question.

Without ``ASSISTANT_REDIS_URL`` all of it stays in this process's memory (one copy).

Redis unreachable at start → :class:`RedisUnavailable`: the app refuses to start, naming the URL.
Redis lost while running → answers keep flowing; the loss is logged once and the recovery once
(:class:`Outage`), and while it lasts:

- WeChat claims, replies and history use this process's memory (de-duplication is then per copy);
- rate limits follow ``ASSISTANT_REDIS_FAIL``: ``open`` (default) — not enforced until Redis is
  back; ``closed`` — every rate-limited request (``/api/*`` when a limit is set, the chat UI's
  POSTs, WeChat questions) is refused: HTTP 503 with ``Retry-After``, or for WeChat a short
  "try again later" reply (an HTTP error would only make WeChat retry and then show its own error).
- requests stop touching Redis at the first failure (a dead host would otherwise cost each one a
  connect timeout); one background thread pings it every :data:`RETRY_S` seconds until it answers.

Example::

    state = make_state(settings)            # memory, or Redis (pinged: fails fast)
    store = state.store                     # a TTLStore for wechat.py
    storage = state.limits_storage()        # for limits' MovingWindowRateLimiter
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

from .config import Settings

log = logging.getLogger(__name__)

PREFIX = "assistant:"  # every key this app writes, so one Redis can serve other things too
RETRY_S = 2.0  # while Redis is down, try it again at most this often
TIMEOUT_S = 0.5  # connect and per-command timeout: on loopback or a LAN Redis answers in < 1 ms
T = TypeVar("T")


class RedisUnavailable(RuntimeError):
    """Redis could not be reached at start (the app refuses to start)."""


class LimitsUnavailable(RuntimeError):
    """Redis is unreachable and ``ASSISTANT_REDIS_FAIL=closed``: a rate-limited request is refused."""


def safe_url(url: str) -> str:
    """The URL without its password, for logs and error messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


class Outage:
    """Whether Redis is reachable; logs the loss once and the recovery once.

    Requests use Redis while it is up. The first request that fails marks it down; from then on
    requests do not touch Redis at all (an unreachable host would cost each one a connect timeout,
    on the event loop), and one background thread pings it every ``retry_s`` until it answers.

    Example::

        outage = Outage("redis://127.0.0.1:6379", fail="open", probe=client.ping)
        if outage.up:
            try: ...
            except redis.RedisError as e: outage.lost(e)   # logs once, starts probing
    """

    def __init__(self, url: str, fail: str = "open", probe: Callable[[], object] | None = None,
                 retry_s: float = RETRY_S):
        self.url = safe_url(url)
        self.fail = fail
        self.probe = probe
        self.retry_s = retry_s
        self.up = True
        self._lock = threading.Lock()

    def lost(self, exc: BaseException) -> None:
        with self._lock:
            if not self.up:
                return
            self.up = False
        limits = ("rate limits are NOT enforced (ASSISTANT_REDIS_FAIL=open)" if self.fail == "open" else
                  "rate-limited requests are refused with 503 (ASSISTANT_REDIS_FAIL=closed)")
        log.error("Redis at %s is unreachable (%s): answers continue; %s; WeChat de-duplication and "
                  "history use this process's memory until it is back", self.url, _reason(exc), limits)
        if self.probe is not None:
            threading.Thread(target=self._wait_for_redis, name="redis-probe", daemon=True).start()

    def _wait_for_redis(self) -> None:
        while True:
            time.sleep(self.retry_s)
            try:
                self.probe()
            except Exception:  # redis.RedisError and socket errors alike: still down, stay quiet
                continue
            self.ok()
            return

    def ok(self) -> None:
        with self._lock:
            if self.up:
                return
            self.up = True
        log.warning("Redis at %s is reachable again: shared rate limits and WeChat state resumed", self.url)


def _reason(exc: BaseException) -> str:
    inner = getattr(exc, "storage_error", None) or exc  # limits wraps the client's error
    return f"{type(inner).__name__}: {inner}"


class TTLStore(Protocol):
    """Keys that expire: what MsgId de-duplication and per-user history need.

    ``claim`` is atomic: exactly one caller gets True for a key until it expires (Redis:
    ``SET key "" NX EX ttl``). ``get`` returns None for a missing, expired or claimed-but-unset key.
    """

    def claim(self, key: str, ttl: float) -> bool: ...

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, value: str, ttl: float) -> None: ...


class MemoryTTLStore:
    """:class:`TTLStore` in this process's memory: a dict under a lock, bounded in size.

    Example::

        store = MemoryTTLStore()
        store.claim("msg:1", 300)   # True: compute the reply
        store.claim("msg:1", 300)   # False: someone else is (or was) on it
        store.put("msg:1", "reply", 300); store.get("msg:1")   # "reply"
    """

    def __init__(self, max_items: int = 20_000):
        self.max_items = max_items
        self._data: dict[str, tuple[float, str | None]] = {}
        self._lock = threading.Lock()
        self._next_purge = 0.0

    def _purge(self, now: float) -> None:
        if now < self._next_purge and len(self._data) < self.max_items:
            return
        self._next_purge = now + 30
        for k in [k for k, (exp, _) in self._data.items() if exp <= now]:
            del self._data[k]
        while len(self._data) >= self.max_items:  # still full: drop the oldest (dicts keep insertion order)
            del self._data[next(iter(self._data))]

    def claim(self, key: str, ttl: float) -> bool:
        now = time.monotonic()
        with self._lock:
            self._purge(now)
            entry = self._data.get(key)
            if entry is not None and entry[0] > now:
                return False
            self._data[key] = (now + ttl, None)
            return True

    def get(self, key: str) -> str | None:
        now = time.monotonic()
        with self._lock:
            entry = self._data.get(key)
            if entry is None or entry[0] <= now:
                return None
            return entry[1]

    def put(self, key: str, value: str, ttl: float) -> None:
        now = time.monotonic()
        with self._lock:
            self._purge(now)
            self._data.pop(key, None)  # re-insert: keeps the dict ordered by last write
            self._data[key] = (now + ttl, value)


class RedisTTLStore:
    """:class:`TTLStore` in Redis, with this process's memory as the fallback.

    A claim is the key set to ``""`` (``SET NX PX``); a reply is ``"=" + value`` (so an empty
    reply still counts as set). Keys carry :data:`PREFIX`.

    Example::

        store = RedisTTLStore(redis.Redis.from_url(url), Outage(url))
        store.claim("wechat:reply:1", 300)   # True on exactly one copy
    """

    def __init__(self, client, outage: Outage, fallback=None):
        self.client = client
        self.outage = outage
        self.memory = fallback or MemoryTTLStore()

    def _try(self, remote: Callable[[], T], local: Callable[[], T]) -> T:
        import redis

        if self.outage.up:
            try:
                return remote()
            except redis.RedisError as exc:
                self.outage.lost(exc)
        return local()

    def claim(self, key: str, ttl: float) -> bool:
        return self._try(lambda: bool(self.client.set(PREFIX + key, "", nx=True, px=_ms(ttl))),
                         lambda: self.memory.claim(key, ttl))

    def get(self, key: str) -> str | None:
        def remote() -> str | None:
            raw = self.client.get(PREFIX + key)
            return raw.decode("utf-8")[1:] if raw else None  # b"" is a claim without a reply yet

        # While Redis is down, what this copy stored meanwhile is in memory.
        return self._try(remote, lambda: self.memory.get(key))

    def put(self, key: str, value: str, ttl: float) -> None:
        self._try(lambda: self.client.set(PREFIX + key, "=" + value, px=_ms(ttl)),
                  lambda: self.memory.put(key, value, ttl))


def _ms(ttl: float) -> int:
    return max(1, round(ttl * 1000))


class SharedState:
    """What the copies share: the WeChat store and the rate limiters' storage (see the module docstring)."""

    def __init__(self, store, redis_url: str | None = None, fail: str = "open", pool=None,
                 outage: Outage | None = None):
        self.store = store
        self.redis_url = redis_url
        self.fail = fail
        self.pool = pool
        self.outage = outage

    @property
    def shared(self) -> bool:
        return self.redis_url is not None

    def limits_storage(self):
        """A ``limits`` storage: Redis (same connection pool, errors wrapped) or this process's memory."""
        from limits.storage import storage_from_string

        if self.redis_url is None:
            return storage_from_string("memory://")
        return storage_from_string(self.redis_url, connection_pool=self.pool, wrap_exceptions=True,
                                   key_prefix=PREFIX + "limits")

    def limited(self, fn: Callable[[], T], fail_open: bool = False) -> T | None:
        """``fn()`` on the limiter's storage; while Redis is unreachable: None (open) or
        :class:`LimitsUnavailable` (closed, unless ``fail_open``)."""
        if self.outage is None:
            return fn()
        from limits.errors import StorageError

        if self.outage.up:
            try:
                return fn()
            except StorageError as exc:
                self.outage.lost(exc)
        if self.fail == "closed" and not fail_open:
            raise LimitsUnavailable(
                "the service cannot check rate limits right now (its Redis is unreachable); "
                "retry in a few seconds"
            )
        return None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.disconnect()


def make_state(settings: Settings) -> SharedState:
    """Memory state for one copy, or Redis state shared by all copies (Redis is pinged: fails fast)."""
    url = settings.redis_url
    if not url:
        return SharedState(MemoryTTLStore())
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # One immediate retry: after a Redis restart the pooled connections are dead, a new one works.
    pool = redis.ConnectionPool.from_url(url, socket_timeout=TIMEOUT_S, socket_connect_timeout=TIMEOUT_S,
                                         retry=Retry(NoBackoff(), 1), health_check_interval=30)
    client = redis.Redis(connection_pool=pool)
    try:
        client.ping()
    except redis.RedisError as exc:
        pool.disconnect()
        raise RedisUnavailable(
            f"ASSISTANT_REDIS_URL={safe_url(url)}: Redis is not reachable ({type(exc).__name__}: {exc}). "
            "Start Redis (e.g. redis-server), fix the URL, or unset ASSISTANT_REDIS_URL to keep state "
            "in this process (one copy only)."
        ) from None
    outage = Outage(url, settings.redis_fail, probe=client.ping)
    log.info("shared state in Redis at %s (if it is lost while running, rate limits fail %s)",
             safe_url(url), settings.redis_fail)
    return SharedState(RedisTTLStore(client, outage), url, settings.redis_fail, pool, outage)


__all__ = ["LimitsUnavailable", "MemoryTTLStore", "Outage", "RedisTTLStore", "RedisUnavailable", "SharedState",
           "TTLStore", "make_state", "safe_url"]

"""The question log: what residents ask, recorded off the answer path, and the insights staff read from it.

Every answer gets an id and a ``Record``; ``QuestionLog.record`` puts it on a bounded queue and returns at
once; a writer thread masks personal data, batches and writes to a ``Store`` (SQLite in the data dir for one
machine, PostgreSQL for several copies, the same SQLAlchemy code). A database that is down, locked, full or
slow changes no answer: what cannot be written is counted, logged once a minute and shown by ``health()``.
No FastAPI or Gradio here; ``assistant/board.py`` is the staff edge.

Example::

    log = open_log(settings)                       # settings.log_questions, data_dir, database_url, …
    rec = Record(channel="api", question="停车位太少怎么办", found=False, user=log.hash_user(api_key))
    log.record(rec)                                # never blocks, never raises
    log.rate(rec.id, "down", "没回答我的问题")      # the feedback endpoint
    log.insights(days=30)                          # the 看板's JSON
    log.close(timeout=5)                           # lifespan shutdown: drains the queue
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import hmac
import io
import logging
import os
import queue
import re
import secrets
import sqlite3
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa

from .text import normalize

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------------------------
# Privacy: personal data inside a question is masked before anything is stored.

# Digits may be full-width (\d matches them); the look-arounds stop a mask from biting into a longer number,
# but allow Chinese characters right next to it ("电话13812345678请回电").
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+[@＠][A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ID_CARD = re.compile(r"(?<!\d)(?:\d{17}[\dXx]|\d{15})(?![\dXx])")
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)")
MASKS = (("[邮箱]", _EMAIL), ("[身份证号]", _ID_CARD), ("[手机号]", _PHONE))  # e-mail first: it may hold digits


def mask_pii(text: str) -> str:
    """Replace mobile numbers, ID-card numbers and e-mail addresses in ``text`` by [手机号], [身份证号], [邮箱]."""
    for label, pattern in MASKS:
        text = pattern.sub(label, text)
    return text


def load_or_create_secret(data_dir: Path, given: str | None) -> bytes:
    """The HMAC key for user hashes: ``given``, else the one kept in the data dir (created 0600 on first start)."""
    if given:
        return given.encode()
    path = Path(data_dir) / "questionlog.secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
            f.flush()
            os.fsync(f.fileno())
        try:
            # link() fails when the name exists, so of several processes starting together exactly one
            # secret wins and every process reads that one, always complete (never a half-written file).
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    secret = path.read_text().strip()
    if not secret:
        raise RuntimeError(f"{path} is empty: delete it to make a new one, or set ASSISTANT_LOG_SECRET")
    return secret.encode()


def user_hash(secret: bytes, identity: str) -> str:
    """A keyed hash (HMAC-SHA256) of an API key or WeChat OpenID: countable, not reversible without the secret."""
    return hmac.new(secret, identity.encode(), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------------------------------------------------------
# Records and the store contract.


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, kw_only=True)
class Record:
    """One answered (or refused) question, as the question log keeps it.

    Example::

        Record(channel="ui", question="其中第三条呢", standalone="第三条是什么", route="exact", found=True,
               tasks=(3,), mode="llm", latency_ms=812.0)
    """

    channel: str  # "ui", "api", "wechat"
    question: str  # as asked (masked before it is stored)
    found: bool  # False: the assistant refused (the plan does not cover it)
    standalone: str = ""  # the question rewritten to stand alone (follow-ups); "" when it already did
    route: str = ""
    tasks: tuple[int, ...] = ()  # cited task numbers
    mode: str = ""
    fallback: str | None = None  # why the answer fell back (e.g. the LLM was down), None when it did not
    latency_ms: float = 0.0
    user: str | None = None  # user_hash(...) of the API key or OpenID; never the key itself
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    at: datetime = field(default_factory=_now)

    def __post_init__(self) -> None:
        # A list from the answer object is frozen into a tuple so the record stays hashable and immutable.
        object.__setattr__(self, "tasks", tuple(int(t) for t in self.tasks))


class Store(Protocol):
    """Where records and feedback live; ``SqlStore`` is the one implementation (SQLite or PostgreSQL)."""

    def write(self, records: list[Record]) -> None:
        """Store records (an id already stored is skipped)."""

    def rate(self, id: str, rating: str, comment: str | None) -> bool:
        """Rate an answer "up" or "down", replacing an earlier rating; False when the id is unknown."""

    def exists(self, id: str) -> bool:
        """Whether a record with this id is stored."""

    def purge(self, older_than: datetime) -> int:
        """Delete records (and their feedback) from before ``older_than``; returns how many."""

    def insights(self, days: int, now: datetime | None = None) -> dict:
        """The 看板's figures over the last ``days`` days."""

    def rows(self, days: int, now: datetime | None = None) -> Iterator[dict]:
        """Every record of the last ``days`` days, oldest first, with its rating, for the CSV export."""

    def close(self) -> None:
        """Release connections."""


# The plan office counts days in Beijing time (China has no daylight saving, so a fixed offset is exact).
DAY_TZ = timezone(timedelta(hours=8), "UTC+08:00")
UNANSWERED_WORDINGS = 2000  # distinct unanswered wordings grouped per request: keeps insights fast
UNANSWERED_GROUPS = 50
RATED_DOWN = 100
SIMILAR = 0.6  # bigram Jaccard at or above which two unanswered questions count as one


def _day(at: datetime) -> str:
    return at.astimezone(DAY_TZ).date().isoformat()


def _naive_utc(at: datetime) -> datetime:
    # Stored naive in UTC: SQLite has no time zones, and one convention keeps both databases alike.
    if at.tzinfo is None:
        return at
    return at.astimezone(UTC).replace(tzinfo=None)


def _since(days: int, now: datetime | None) -> tuple[date, date]:
    today = (now or _now()).astimezone(DAY_TZ).date()
    return today - timedelta(days=days - 1), today


# ---------------------------------------------------------------------------------------------------------------
# Near-duplicate grouping of unanswered questions.

_PUNCT_SPACE = re.compile(r"[\s\W_]+")


def _key(text: str) -> str:
    """Fold a wording for comparison: NFKC, simplified, lower case, no punctuation or spaces."""
    return _PUNCT_SPACE.sub("", normalize(unicodedata.normalize("NFKC", text)))


def _grams(key: str) -> frozenset[str]:
    return frozenset(key[i : i + 2] for i in range(len(key) - 1)) or frozenset([key])


def group_similar(counts: Iterable[tuple[str, int]], threshold: float = SIMILAR) -> list[dict]:
    """Group wordings whose character bigrams overlap (Jaccard ≥ threshold), most asked first.

    Returns ``[{"question": the most frequent wording, "count": times asked, "variants": distinct wordings}]``.
    """
    by_key: dict[str, dict[str, int]] = {}
    for wording, n in counts:
        by_key.setdefault(_key(wording), {}).setdefault(wording, 0)
        by_key[_key(wording)][wording] += n
    # Greedy: the most asked wording seeds a group, later ones join the first group whose seed is similar.
    # An inverted index from bigram to groups keeps this near linear: only groups sharing a bigram are compared.
    ordered = sorted(by_key.items(), key=lambda kv: -sum(kv[1].values()))
    groups: list[dict[str, int]] = []
    seeds: list[frozenset[str]] = []
    index: dict[str, list[int]] = {}
    for key, wordings in ordered:
        grams = _grams(key)
        candidates = sorted({g for gram in grams for g in index.get(gram, ())})
        target = next((g for g in candidates if len(grams & seeds[g]) / len(grams | seeds[g]) >= threshold), None)
        if target is None:
            target = len(groups)
            groups.append({})
            seeds.append(grams)
            for gram in grams:
                index.setdefault(gram, []).append(target)
        for wording, n in wordings.items():
            groups[target][wording] = groups[target].get(wording, 0) + n
    out = [
        {"question": max(g.items(), key=lambda kv: kv[1])[0], "count": sum(g.values()), "variants": len(g)}
        for g in groups
    ]
    return sorted(out, key=lambda g: -g["count"])


# ---------------------------------------------------------------------------------------------------------------
# The SQL store.

meta = sa.MetaData()
questions = sa.Table(
    "questions",
    meta,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False),  # UTC, naive
    sa.Column("day", sa.String(10), nullable=False),  # the Beijing-time date, so per-day counts need no date math
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("standalone", sa.Text, nullable=False),
    sa.Column("route", sa.String(32), nullable=False),
    sa.Column("found", sa.Boolean, nullable=False),
    sa.Column("tasks", sa.String(200), nullable=False),  # "3 17": for the CSV; counting uses question_tasks
    sa.Column("mode", sa.String(32), nullable=False),
    sa.Column("fallback", sa.String(64)),
    sa.Column("latency_ms", sa.Float, nullable=False),
    sa.Column("user", sa.String(64)),
    sa.Index("ix_questions_day", "day", "found", "channel"),  # covers the per-day and per-channel counts
    sa.Index("ix_questions_at", "at"),
)
question_tasks = sa.Table(
    "question_tasks",
    meta,
    sa.Column("question_id", sa.String(32), primary_key=True),
    sa.Column("task", sa.Integer, primary_key=True),
    # The question's day, copied: per-task counts then read one covering index instead of joining 100,000 rows.
    sa.Column("day", sa.String(10), nullable=False),
    sa.Index("ix_question_tasks_day", "day", "task"),
)
feedback = sa.Table(
    "feedback",
    meta,
    sa.Column("question_id", sa.String(32), primary_key=True),
    sa.Column("rating", sa.String(4), nullable=False),
    sa.Column("comment", sa.Text),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("day", sa.String(10), nullable=False),  # the question's day, copied for the same reason
    sa.Index("ix_feedback_day", "day", "rating"),
)
schema_version = sa.Table(
    "schema_version",
    meta,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.DateTime, nullable=False),
)


def _v1(conn: sa.Connection) -> None:
    meta.create_all(conn, tables=[questions, question_tasks, feedback], checkfirst=True)


# Ordered; a release that changes the schema appends (version, function) and never edits an applied one.
MIGRATIONS: list[tuple[int, Callable[[sa.Connection], None]]] = [(1, _v1)]
SCHEMA_VERSION = MIGRATIONS[-1][0]
_PG_MIGRATION_LOCK = 0x71_6C6F67  # "qlog": the advisory lock that makes concurrent starts migrate one at a time
WAL_SWITCH_S = 5.0  # how long a new SQLite file's switch to WAL is tried again while another copy holds it


def engine_url(url: str) -> str:
    """Use psycopg (version 3) for a bare ``postgresql://`` or ``postgres://`` URL."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class SqlStore:
    """Records and feedback in SQLite or PostgreSQL through SQLAlchemy Core; migrates the schema on open.

    Example::

        store = SqlStore("sqlite:///data/questions.sqlite3")    # or "postgresql://user:pw@db/plan"
        store.write([Record(channel="ui", question="停车位太少怎么办", found=False)])
        store.insights(days=30)["unanswered"]
    """

    def __init__(self, url: str, busy_timeout_s: float = 5.0):
        self.url = engine_url(url)
        self.sqlite = self.url.startswith("sqlite")
        if self.sqlite:
            self.engine = sa.create_engine(
                self.url, connect_args={"timeout": busy_timeout_s, "check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", self._sqlite_connect)
            sa.event.listen(self.engine, "begin", self._sqlite_begin)
        else:
            # pre_ping: after the server restarts, pooled connections are replaced instead of failing once each.
            self.engine = sa.create_engine(
                self.url, pool_pre_ping=True, connect_args={"connect_timeout": max(1, int(busy_timeout_s))}
            )
        self._migrate()

    @staticmethod
    def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
        # SQLAlchemy's recipe: let SQLAlchemy issue BEGIN itself, so DDL is transactional and BEGIN IMMEDIATE works.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        # WAL: readers (the 看板) never block the writer; NORMAL is durable across a process crash.
        # (Switching to WAL takes the file's lock and SQLite may answer "database is locked" at once, not after
        # its busy timeout, when several copies open a new file together: tried again for a few seconds.)
        deadline = time.monotonic() + WAL_SWITCH_S
        while True:
            try:
                cur.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @staticmethod
    def _sqlite_begin(conn: sa.Connection) -> None:
        # IMMEDIATE takes the write lock up front: two processes migrating or rating cannot both read, then
        # both try to write (which SQLite answers with an immediate "database is locked").
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    def _writing(self) -> sa.engine.Connection:
        return self.engine.connect().execution_options(sqlite_immediate=True)

    def _migrate(self) -> None:
        with self._writing() as conn, conn.begin():
            if not self.sqlite:
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_MIGRATION_LOCK)))
            meta.create_all(conn, tables=[schema_version], checkfirst=True)
            applied = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0
            if applied > SCHEMA_VERSION:
                raise RuntimeError(
                    f"the question log database has schema version {applied}, newer than this release knows "
                    f"({SCHEMA_VERSION}): run the newer release, or point ASSISTANT_DATABASE_URL elsewhere"
                )
            for version, migrate in MIGRATIONS:
                if version > applied:
                    migrate(conn)
                    conn.execute(schema_version.insert().values(version=version, applied_at=_naive_utc(_now())))
                    log.info("question log: schema migrated to version %d", version)

    def version(self) -> int:
        """The schema version the database is at."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0

    def _insert(self, table: sa.Table) -> Any:
        # Insert-or-skip / insert-or-replace, spelled by each dialect; both dialects share the API.
        if self.sqlite:
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        return insert(table)

    def write(self, records: list[Record]) -> None:
        """Store records (an id already stored is skipped)."""
        if not records:
            return
        rows = [
            {
                "id": r.id,
                "at": _naive_utc(r.at),
                "day": _day(r.at),
                "channel": r.channel[:16],
                "question": r.question,
                "standalone": r.standalone,
                "route": r.route[:32],
                "found": bool(r.found),
                "tasks": " ".join(map(str, r.tasks))[:200],
                "mode": r.mode[:32],
                "fallback": r.fallback[:64] if r.fallback else None,
                "latency_ms": float(r.latency_ms),
                "user": r.user,
            }
            for r in records
        ]
        links = [{"question_id": r.id, "task": t, "day": _day(r.at)} for r in records for t in dict.fromkeys(r.tasks)]
        with self.engine.begin() as conn:
            conn.execute(self._insert(questions).on_conflict_do_nothing(index_elements=["id"]), rows)
            if links:
                conn.execute(
                    self._insert(question_tasks).on_conflict_do_nothing(index_elements=["question_id", "task"]),
                    links,
                )

    def exists(self, id: str) -> bool:
        """Whether a record with this id is stored."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(questions.c.id).where(questions.c.id == id)).first() is not None

    def rate(self, id: str, rating: str, comment: str | None) -> bool:
        """Rate an answer "up" or "down", replacing an earlier rating; False when the id is unknown."""
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        values = {"rating": rating, "comment": comment or None, "at": _naive_utc(_now())}
        with self._writing() as conn, conn.begin():
            day = conn.execute(sa.select(questions.c.day).where(questions.c.id == id)).scalar()
            if day is None:
                return False
            stmt = self._insert(feedback).values(question_id=id, day=day, **values)
            conn.execute(stmt.on_conflict_do_update(index_elements=["question_id"], set_=values))
        return True

    def purge(self, older_than: datetime) -> int:
        """Delete records (and their feedback) from before ``older_than``; returns how many."""
        cutoff = _naive_utc(older_than)
        old = sa.select(questions.c.id).where(questions.c.at < cutoff)
        with self._writing() as conn, conn.begin():
            conn.execute(feedback.delete().where(feedback.c.question_id.in_(old)))
            conn.execute(question_tasks.delete().where(question_tasks.c.question_id.in_(old)))
            return conn.execute(questions.delete().where(questions.c.at < cutoff)).rowcount

    def insights(self, days: int, now: datetime | None = None) -> dict:
        """The 看板's figures over the last ``days`` Beijing-time days, today included.

        Returns::

            {"days": 30, "since": "2026-11-01", "until": "2026-11-30", "timezone": "UTC+08:00",
             "questions": 1234, "answered": 1000, "refused": 234, "refusal_rate": 0.19,   # None without questions
             "per_day": [{"day": "2026-11-01", "questions": 40, "refused": 9, "refusal_rate": 0.225}, …],  # every day
             "per_channel": [{"channel": "ui", "questions": 800}, …],                     # most first
             "per_task": [{"task": 17, "questions": 95}, …],                              # cited tasks, most first
             "unanswered": [{"question": "停车位太少怎么办", "count": 12, "variants": 3}, …],  # refused, grouped
             "ratings": {"up": 40, "down": 7},
             "rated_down": [{"id": "…", "at": "2026-11-29T10:02:03+00:00", "question": "…", "comment": "…"}, …]}

        ``unanswered`` groups near-duplicate wordings of refused questions (the standalone form when there is
        one); ``rated_down`` is newest first.
        """
        since, today = _since(days, now)
        first = since.isoformat()
        in_window = questions.c.day >= first
        refused = sa.func.sum(sa.case((questions.c.found, 0), else_=1))
        wording = sa.func.coalesce(sa.func.nullif(questions.c.standalone, ""), questions.c.question)
        with self.engine.connect() as conn:
            per_day = {
                d: (int(n), int(r or 0))
                for d, n, r in conn.execute(
                    sa.select(questions.c.day, sa.func.count(), refused).where(in_window).group_by(questions.c.day)
                )
            }
            per_channel = conn.execute(
                sa.select(questions.c.channel, sa.func.count().label("n"))
                .where(in_window)
                .group_by(questions.c.channel)
                .order_by(sa.desc("n"), questions.c.channel)
            ).all()
            per_task = conn.execute(
                sa.select(question_tasks.c.task, sa.func.count().label("n"))
                .where(question_tasks.c.day >= first)
                .group_by(question_tasks.c.task)
                .order_by(sa.desc("n"), question_tasks.c.task)
            ).all()
            unanswered = conn.execute(
                sa.select(wording.label("w"), sa.func.count().label("n"))
                .where(in_window, sa.not_(questions.c.found))
                .group_by(wording)
                .order_by(sa.desc("n"))
                .limit(UNANSWERED_WORDINGS)
            ).all()
            ratings = dict(
                conn.execute(
                    sa.select(feedback.c.rating, sa.func.count())
                    .where(feedback.c.day >= first)
                    .group_by(feedback.c.rating)
                ).all()
            )
            rated_down = conn.execute(
                sa.select(questions.c.id, questions.c.at, questions.c.question, feedback.c.comment)
                .join(feedback, questions.c.id == feedback.c.question_id)
                .where(feedback.c.day >= first, feedback.c.rating == "down")
                .order_by(feedback.c.at.desc(), questions.c.id)
                .limit(RATED_DOWN)
            ).all()
        days_out = []
        for i in range(days):
            d = (since + timedelta(days=i)).isoformat()
            n, r = per_day.get(d, (0, 0))
            days_out.append({"day": d, "questions": n, "refused": r, "refusal_rate": _rate(r, n)})
        total = sum(n for n, _ in per_day.values())
        total_refused = sum(r for _, r in per_day.values())
        return {
            "days": days,
            "since": first,
            "until": today.isoformat(),
            "timezone": DAY_TZ.tzname(None),
            "questions": total,
            "answered": total - total_refused,
            "refused": total_refused,
            "refusal_rate": _rate(total_refused, total),
            "per_day": days_out,
            "per_channel": [{"channel": c, "questions": n} for c, n in per_channel],
            "per_task": [{"task": t, "questions": n} for t, n in per_task],
            "unanswered": group_similar((w, n) for w, n in unanswered)[:UNANSWERED_GROUPS],
            "ratings": {"up": int(ratings.get("up", 0)), "down": int(ratings.get("down", 0))},
            "rated_down": [
                {"id": i, "at": at.replace(tzinfo=UTC).isoformat(), "question": q, "comment": c}
                for i, at, q, c in rated_down
            ],
        }

    def rows(self, days: int, now: datetime | None = None) -> Iterator[dict]:
        """Every record of the last ``days`` days, oldest first, with its rating, for the CSV export."""
        since, _ = _since(days, now)
        cols = [c for c in questions.c if c.name not in ("user", "day")]  # the user hash stays in the database
        query = (
            sa.select(*cols, feedback.c.rating, feedback.c.comment)
            .outerjoin(feedback, questions.c.id == feedback.c.question_id)
            .where(questions.c.day >= since.isoformat())
            .order_by(questions.c.at, questions.c.id)
        )
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=1000).execute(query)
            for row in result.mappings():
                out = dict(row)
                out["at"] = out["at"].replace(tzinfo=UTC)
                out["found"] = bool(out["found"])
                yield out

    def close(self) -> None:
        """Release connections."""
        self.engine.dispose()


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# ---------------------------------------------------------------------------------------------------------------
# CSV export.

CSV_COLUMNS = {
    "id": "编号",
    "at": "时间（北京时间）",
    "channel": "渠道",
    "question": "问题",
    "standalone": "独立问题",
    "route": "路由",
    "found": "已回答",
    "tasks": "引用条目",
    "mode": "模式",
    "fallback": "降级原因",
    "latency_ms": "耗时（毫秒）",
    "rating": "评价",
    "comment": "评价意见",
}
RATING_WORDS = {"up": "有用", "down": "没用"}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(DAY_TZ).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return round(value, 1)
    # A question typed as "=HYPERLINK(…)" must stay text when a spreadsheet opens the file.
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return "" if value is None else value


def csv_chunks(rows: Iterable[dict], bom: bool = True) -> Iterator[str]:
    """The rows as CSV text in chunks: a BOM (so Excel reads UTF-8), a Chinese header line, one line per row."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    if bom:
        buf.write("\ufeff")
    writer.writerow(CSV_COLUMNS.values())
    for i, row in enumerate(rows, 1):
        row = {**row, "rating": RATING_WORDS.get(row.get("rating"), row.get("rating"))}
        writer.writerow(_cell(row.get(k)) for k in CSV_COLUMNS)
        if i % 500 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


# ---------------------------------------------------------------------------------------------------------------
# The log: a bounded queue and a writer thread in front of the store.


class QuestionLogError(RuntimeError):
    """The question log could not do what was asked: the database is unavailable."""


class RecordingOff(QuestionLogError):
    """Recording is switched off (ASSISTANT_LOG_QUESTIONS=false): there is nothing to rate or read."""


_STOP = object()
LOSS_REPORT_S = 60.0  # lost records are logged at most this often
DEGRADED_S = 300.0  # health stays "degraded" this long after the last loss


class QuestionLog:
    """Records answers off the request path: a bounded queue, a daemon writer thread that batches, a store.

    Example::

        log = QuestionLog(lambda: SqlStore("sqlite:///data/questions.sqlite3"), retention_days=180)
        log.warm_up()                    # starts the writer (``record`` starts it too)
        log.record(Record(channel="ui", question="…", found=True))
        log.health()                     # {"enabled": True, "written": 1, "lost": 0, "pending": 0, …}
        log.close(timeout=5)
    """

    def __init__(
        self,
        store_factory: Callable[[], Store],
        enabled: bool = True,
        retention_days: int = 180,
        queue_size: int = 10_000,
        batch: int = 200,
        flush_s: float = 0.5,
        secret: bytes | None = None,
        purge_every_s: float = 3600.0,
    ):
        self.store_factory = store_factory
        self.enabled = enabled
        self.retention_days = retention_days
        self.batch = max(1, batch)
        self.flush_s = flush_s
        self.secret = secret
        self.purge_every_s = purge_every_s
        self._queue: queue.Queue = queue.Queue(maxsize=max(1, queue_size))
        self._store: Store | None = None
        self._store_lock = threading.Lock()
        self._counts = threading.Lock()
        self._thread: threading.Thread | None = None
        self._flush_now = threading.Event()
        self._closed = False
        self.written = 0
        self.lost = 0
        self._lost_unreported = 0
        self._last_report = float("-inf")
        self._last_loss = float("-inf")
        self._last_failed = False
        self.last_error: str | None = None

    # -- the answer path ------------------------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Start the writer thread (safe to call twice; nothing happens when recording is off)."""
        if not self.enabled or self._thread is not None:
            return
        with self._counts:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="questionlog-writer", daemon=True)
                self._thread.start()

    def hash_user(self, identity: str | None) -> str | None:
        """The keyed hash of an API key or OpenID to put in ``Record.user`` (None without identity or secret)."""
        if not identity or self.secret is None:
            return None
        return user_hash(self.secret, identity)

    def record(self, rec: Record) -> None:
        """Queue a record for writing; never blocks, never raises (a full queue drops it and counts the loss)."""
        if not self.enabled or self._closed:
            return
        try:
            if self._thread is None:
                self.warm_up()
            self._queue.put_nowait(rec)
        except queue.Full:
            self._lose(1, "the queue is full: the database is slower than the questions arrive")
        except Exception as e:  # noqa: BLE001 - recording must never break an answer
            self._lose(1, f"{type(e).__name__}: {e}")

    # -- feedback and insights (synchronous, for the staff and feedback endpoints) ---------------------------------

    def rate(self, id: str, rating: str, comment: str | None = None, timeout: float = 2.0) -> bool:
        """Rate a recorded answer; False when the id is unknown. Raises QuestionLogError when off or unavailable."""
        store = self._ready()
        try:
            if store.rate(id, rating, comment):
                return True
            # The answer may still be queued (rated within a second of being given): write it, then try again.
            if self._queue.unfinished_tasks and self.flush(timeout):
                return store.rate(id, rating, comment)
            return False
        except ValueError:
            raise
        except Exception as e:
            raise QuestionLogError(f"the question log database is unavailable ({type(e).__name__})") from e

    def insights(self, days: int, now: datetime | None = None) -> dict:
        """The store's insights over the last ``days`` days (see ``SqlStore.insights``)."""
        return self._read(lambda store: store.insights(days, now))

    def rows(self, days: int, now: datetime | None = None) -> Iterator[dict]:
        """The stored records of the last ``days`` days, oldest first, for the CSV export."""
        return self._read(lambda store: store.rows(days, now))

    def _read(self, query: Callable[[Store], Any]) -> Any:
        """``query(store)``; any database failure becomes QuestionLogError (the edge answers 503)."""
        try:
            return query(self._ready())
        except QuestionLogError:
            raise
        except Exception as e:
            raise QuestionLogError(f"the question log database is unavailable ({type(e).__name__})") from e

    def health(self) -> dict:
        """Counts for /healthz: written, lost, pending, degraded (a recent loss or failing writes), last_error."""
        with self._counts:
            degraded = self.enabled and (self._last_failed or time.monotonic() - self._last_loss < DEGRADED_S)
            return {
                "enabled": self.enabled,
                "written": self.written,
                "lost": self.lost,
                "pending": self._queue.unfinished_tasks,
                "degraded": bool(degraded),
                "last_error": self.last_error,
            }

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued so far is written (or lost); False if that took longer than ``timeout``."""
        if self._thread is None or not self._thread.is_alive():
            return self._queue.unfinished_tasks == 0
        deadline = time.monotonic() + timeout
        self._flush_now.set()
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._queue.all_tasks_done.wait(remaining):
                    return False
        return True

    def close(self, timeout: float = 5.0) -> bool:
        """Drain the queue, stop the writer and close the store (shutdown); False if draining timed out."""
        if self._closed:
            return True
        deadline = time.monotonic() + timeout
        self._closed = True
        drained = self.flush(timeout)
        if self._thread is not None and self._thread.is_alive():
            # The stop marker may not fit when the store is stuck and the queue full: the thread is a daemon then.
            try:
                self._queue.put(_STOP, timeout=max(0.0, deadline - time.monotonic()))
                self._thread.join(max(0.0, deadline - time.monotonic()))
            except queue.Full:
                pass
        if self._thread is None or not self._thread.is_alive():
            with self._store_lock:
                if self._store is not None:
                    self._store.close()
                    self._store = None
        self._report(force=True)
        return drained

    # -- internals ------------------------------------------------------------------------------------------------

    def _ready(self) -> Store:
        if not self.enabled:
            raise RecordingOff("question recording is off (ASSISTANT_LOG_QUESTIONS=false)")
        try:
            return self._open()
        except Exception as e:
            raise QuestionLogError(f"the question log database is unavailable ({type(e).__name__}: {e})") from e

    def _open(self) -> Store:
        # Opened lazily, so an unreachable database at start delays nothing; retried on the next batch.
        with self._store_lock:
            if self._store is None:
                self._store = self.store_factory()
            return self._store

    def _lose(self, n: int, why: str) -> None:
        with self._counts:
            self.lost += n
            self._lost_unreported += n
            self._last_loss = time.monotonic()
            self.last_error = why

    def _report(self, force: bool = False) -> None:
        with self._counts:
            n = self._lost_unreported
            if not n or (not force and time.monotonic() - self._last_report < LOSS_REPORT_S):
                return
            self._lost_unreported = 0
            self._last_report = time.monotonic()
            why = self.last_error
        log.warning("question log: %d record(s) could not be written (%s); answers were not affected", n, why)

    def _take(self) -> tuple[list[Record], bool]:
        """The next batch: waits for a first record, then up to ``flush_s`` for more (less when asked to flush)."""
        items: list[Record] = []
        stop = False
        try:
            first = self._queue.get(timeout=min(self.flush_s, 1.0) if self.flush_s > 0 else 0.5)
        except queue.Empty:
            return items, stop
        if first is _STOP:
            self._queue.task_done()
            return items, True
        items.append(first)
        deadline = time.monotonic() + self.flush_s
        while len(items) < self.batch:
            wait = 0.0 if self._flush_now.is_set() else min(deadline - time.monotonic(), 0.05)
            try:
                item = self._queue.get(timeout=wait) if wait > 0 else self._queue.get_nowait()
            except queue.Empty:
                if self._flush_now.is_set() or time.monotonic() >= deadline:
                    break
                continue
            if item is _STOP:
                self._queue.task_done()
                stop = True
                break
            items.append(item)
        return items, stop

    def _write(self, items: list[Record]) -> None:
        masked = [
            dataclasses.replace(r, question=mask_pii(r.question), standalone=mask_pii(r.standalone)) for r in items
        ]
        try:
            self._open().write(masked)
        except Exception as e:  # noqa: BLE001 - a failed batch is counted and dropped, never retried forever
            self._lose(len(items), f"{type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}")
            with self._counts:
                self._last_failed = True
        else:
            with self._counts:
                self.written += len(items)
                self._last_failed = False
        finally:
            for _ in items:
                self._queue.task_done()

    def _purge(self) -> None:
        try:
            n = self._open().purge(_now() - timedelta(days=self.retention_days))
            if n:
                log.info("question log: deleted %d record(s) older than %d days", n, self.retention_days)
        except Exception as e:  # noqa: BLE001 - the next purge, an hour on, tries again
            log.warning("question log: the retention purge failed (%s: %s)", type(e).__name__, e)

    def _run(self) -> None:
        next_purge = time.monotonic()
        while True:
            if self.retention_days > 0 and time.monotonic() >= next_purge:
                next_purge = time.monotonic() + self.purge_every_s
                self._purge()
            items, stop = self._take()
            if items:
                self._write(items)
            if self._queue.unfinished_tasks == 0:
                self._flush_now.clear()
            self._report()
            if stop:
                return


def record_answer(log: QuestionLog | None, answer: Any, channel: str, asked: str, user: str | None = None) -> None:
    """Queue the record of one answer (an ``assistant.types.Answer``); never blocks, never raises.

    ``user`` is the API key or OpenID as sent: only its keyed hash is kept.
    """
    if log is None or not log.enabled:
        return
    try:
        standalone = answer.question if answer.question and answer.question != asked else ""
        log.record(Record(
            id=answer.id, channel=channel, question=asked, standalone=standalone, route=str(answer.route),
            found=bool(answer.found), tasks=tuple(dict.fromkeys(c.task for c in answer.citations)), mode=answer.mode,
            fallback=answer.fallback, latency_ms=float(answer.timings.get("total_ms", 0.0)),
            user=log.hash_user(user),
        ))
    except Exception as e:  # noqa: BLE001 - recording must never break an answer
        log._lose(1, f"{type(e).__name__}: {e}")


def sqlite_url(data_dir: Path) -> str:
    """The SQLite database in the data dir (the folder is created)."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'questions.sqlite3'}"


def open_log(settings: Any) -> QuestionLog:
    """A started QuestionLog from settings: log_questions, log_retention_days, data_dir, database_url, log_secret."""
    enabled = bool(getattr(settings, "log_questions", True))
    data_dir = Path(settings.data_dir)
    url = getattr(settings, "database_url", None) or sqlite_url(data_dir)
    given = getattr(settings, "log_secret", None)
    if given is not None and hasattr(given, "get_secret_value"):
        given = given.get_secret_value()
    secret = load_or_create_secret(data_dir, given) if enabled else None
    qlog = QuestionLog(
        lambda: SqlStore(url),
        enabled=enabled,
        retention_days=int(getattr(settings, "log_retention_days", 180)),
        secret=secret,
    )
    qlog.warm_up()
    return qlog

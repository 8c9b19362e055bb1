"""The staff edge of the question log: insights JSON, the CSV export, the 看板 page, and public feedback.

A thin router over a ``QuestionLog``; it knows HTTP, the log knows nothing about it.

Example::

    log = open_log(settings)
    app.include_router(board_router(log, settings.admin_keys))
    # GET /board, GET /api/insights?days=30 and /api/insights/questions.csv (header X-API-Key: <admin key>),
    # POST /api/feedback {"id": "…", "rating": "down", "comment": "…"}
"""

from __future__ import annotations

import hmac
from datetime import datetime
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from .questionlog import QuestionLog, QuestionLogError, RecordingOff, csv_chunks

ADMIN_KEY_HEADER = "X-API-Key"
BOARD_HTML = Path(__file__).resolve().parent / "static" / "board.html"


class FeedbackIn(BaseModel):
    """A resident's rating of one answer."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=64, description="the id that came with the answer")
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=500, description="what was wrong or right, optional")


class FeedbackOut(BaseModel):
    """The rating as stored (a second rating of the same answer replaces the first)."""

    id: str
    rating: Literal["up", "down"]


def _admin_guard(admin_keys: list[str]):
    keys = [k.encode() for k in admin_keys if k]

    def guard(request: Request) -> None:
        if not keys:
            raise HTTPException(
                401, "the 看板 is off: no admin key is configured; set ASSISTANT_ADMIN_KEYS=<key> and restart"
            )
        sent = request.headers.get(ADMIN_KEY_HEADER, "").encode()
        if not sent:
            raise HTTPException(401, f"send an admin key in the {ADMIN_KEY_HEADER} header (ASSISTANT_ADMIN_KEYS)")
        # Every key is compared, in constant time, so timing tells nothing about which one nearly matched.
        ok = False
        for k in keys:
            ok |= hmac.compare_digest(sent, k)
        if not ok:
            raise HTTPException(
                401, f"the {ADMIN_KEY_HEADER} you sent is not an admin key: check it against ASSISTANT_ADMIN_KEYS"
            )

    return guard


def _unavailable(e: QuestionLogError) -> HTTPException:
    # Recording switched off is a setting the operator chose (409); anything else is the database (503).
    if isinstance(e, RecordingOff):
        return HTTPException(409, f"{e}: turn it on with ASSISTANT_LOG_QUESTIONS=true")
    return HTTPException(503, f"{e}; try again in a minute")


class ErrorOut(BaseModel):
    detail: str = Field(description="what went wrong, in a sentence")


STAFF_ERRORS = {
    401: {"model": ErrorOut, "description": "no admin key, or not one of ASSISTANT_ADMIN_KEYS"},
    409: {"model": ErrorOut, "description": "recording is switched off"},
    503: {"model": ErrorOut, "description": "the question log's database is unavailable"},
}
Days = Query(30, ge=1, le=3650, description="how many days back, today included")


def board_router(log: QuestionLog, admin_keys: list[str]) -> APIRouter:
    """The routes: GET /board, GET /api/insights, GET /api/insights/questions.csv, POST /api/feedback."""
    router = APIRouter()
    admin = [Depends(_admin_guard(admin_keys))]

    @router.get("/board", response_class=HTMLResponse, include_in_schema=False)
    def board() -> HTMLResponse:
        # The page holds no data: it asks for the admin key, then fetches /api/insights itself.
        return HTMLResponse(BOARD_HTML.read_text(encoding="utf-8"), headers={"Cache-Control": "no-store"})

    @router.get("/api/insights", dependencies=admin, tags=["board"], responses=STAFF_ERRORS)
    def insights(days: int = Days) -> dict:
        """Questions per day and channel, refusal rate, cited tasks, unanswered groups, down-rated answers."""
        try:
            return log.insights(days)
        except QuestionLogError as e:
            raise _unavailable(e) from e

    @router.get("/api/insights/questions.csv", dependencies=admin, tags=["board"],
                responses={**STAFF_ERRORS, 200: {"content": {"text/csv": {}}}}, response_class=StreamingResponse)
    def questions_csv(days: int = Days) -> StreamingResponse:
        """Every recorded question of the last ``days`` days as CSV (UTF-8 with BOM, opens in Excel)."""
        try:
            rows = log.rows(days)
            chunks = csv_chunks(rows)
            first = next(chunks)  # runs the query now, so a database error is a 503 and not a cut-off file
        except QuestionLogError as e:
            raise _unavailable(e) from e
        except Exception as e:
            error = QuestionLogError(f"the question log database is unavailable ({type(e).__name__})")
            raise _unavailable(error) from e

        def body():
            yield first.encode("utf-8")
            for chunk in chunks:
                yield chunk.encode("utf-8")

        name = f"questions-{datetime.now().strftime('%Y%m%d')}-{days}d.csv"
        return StreamingResponse(
            body(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
        )

    @router.post("/api/feedback", response_model=FeedbackOut, tags=["feedback"], responses={
        404: {"model": ErrorOut, "description": "no answer has this id"},
        409: {"model": ErrorOut, "description": "recording is switched off"},
        503: {"model": ErrorOut, "description": "the question log's database is unavailable"}})
    def post_feedback(body: FeedbackIn) -> FeedbackOut:
        """Rate an answer up or down, with an optional comment; a second rating replaces the first."""
        try:
            found = log.rate(body.id, body.rating, body.comment)
        except QuestionLogError as e:
            raise _unavailable(e) from e
        if not found:
            raise HTTPException(
                404, "no answer has that id: send the id that came with the answer (answers are kept "
                f"{log.retention_days} days)",
            )
        return FeedbackOut(id=body.id, rating=body.rating)

    return router

"""The JSON API: a thin router over the Assistant (the contract bots rely on).

Every user mistake is answered with a 4xx and a sentence saying what to change; the request
and response shapes are pydantic models, so ``/docs`` documents them exactly.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .answer import Assistant

MAX_QUESTION = 1000
MAX_TURN = 4000
MAX_HISTORY = 20


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"] = Field(description="who said it")
    content: str = Field(max_length=MAX_TURN, description="what was said")


class AskRequest(BaseModel):
    """A question, with the conversation so far for follow-ups ("那未来乡村呢？")."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={"examples": [{"question": "到2025年建设多少个未来社区？", "history": []}]},
    )
    question: str = Field(min_length=1, max_length=MAX_QUESTION, description="the question, 1–1000 characters")
    history: list[Turn] = Field(default_factory=list, max_length=MAX_HISTORY, description="earlier turns, oldest first")

    @field_validator("question")
    @classmethod
    def not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the question is blank: write a question, e.g. 第22条讲什么？")
        return v


class CitationOut(BaseModel):
    task: int = Field(description="task number, e.g. 13 for 第13条")
    section: str = Field(description="section numeral, e.g. 五")
    title: str = Field(description="the task's title (its first sentence)")
    quote: str = Field(description="verbatim text from the plan")
    start: int = Field(description="offset of the quote in the plan document (characters)")
    end: int = Field(description="end offset (exclusive)")
    score: float = Field(description="retrieval score; higher is better")
    doc: str = Field("", description="plan document the offsets refer to")
    reference: str = Field("", description="a formal reference to the task, ready to copy")


class AskResponse(BaseModel):
    answer: str
    found: bool = Field(description="false when the plan does not cover the question")
    mode: Literal["extractive", "llm"]
    citations: list[CitationOut] = Field(description="best first")
    route: str = Field(description="task, section, search, missing_task …: how the question was answered")
    question: str = Field(description="the standalone question that was answered")
    fallback: str | None = Field(None, description="why a generative answer fell back to the extractive one")


class TaskOut(BaseModel):
    number: int
    title: str
    section: str
    text: str
    start: int
    end: int
    doc: str
    reference: str


class SectionOut(BaseModel):
    numeral: str
    order: int
    title: str
    tasks: list[int]


class Health(BaseModel):
    status: Literal["ok"]
    tasks: int
    sentences: int
    embedder: str
    retrieval: str


def get_assistant(request: Request) -> Assistant:
    assistant: Assistant = request.app.state.assistant
    if not assistant.ready:
        raise HTTPException(503, "the assistant is still loading its index; retry in a few seconds")
    return assistant


def task_out(assistant: Assistant, n: int) -> TaskOut:
    t = assistant.corpus.task(n)
    return TaskOut(
        number=t.number, title=t.title, section=t.section, text=t.text, start=t.start, end=t.end, doc=t.doc,
        reference=assistant.reference(t),
    )


router = APIRouter()


@router.post("/api/ask", response_model=AskResponse, tags=["ask"], summary="Answer a question from the plan")
async def ask(body: AskRequest, request: Request) -> AskResponse:
    assistant = get_assistant(request)
    history = [t.model_dump() for t in body.history]
    # The answer path is CPU-bound (encoding, BM25): run it off the event loop.
    reply = await run_in_threadpool(assistant.ask, body.question, history)
    return AskResponse.model_validate(reply.to_dict())


@router.get("/api/tasks", response_model=list[TaskOut], tags=["plan"], summary="All tasks, by number")
def tasks(request: Request) -> list[TaskOut]:
    assistant = get_assistant(request)
    return [task_out(assistant, t.number) for t in assistant.corpus.tasks]


@router.get("/api/tasks/{number}", response_model=TaskOut, tags=["plan"], summary="One task by its number",
            responses={404: {"description": "no such task"}})
def task(number: int, request: Request) -> TaskOut:
    assistant = get_assistant(request)
    if assistant.corpus.task(number) is None:
        nums = [t.number for t in assistant.corpus.tasks]
        raise HTTPException(404, f"there is no task {number}: the plan's tasks are numbered {nums[0]} to {nums[-1]}")
    return task_out(assistant, number)


@router.get("/api/sections", response_model=list[SectionOut], tags=["plan"], summary="Sections and their tasks")
def sections(request: Request) -> list[SectionOut]:
    assistant = get_assistant(request)
    return [SectionOut(numeral=s.numeral, order=s.order, title=s.title, tasks=list(s.tasks))
            for s in assistant.corpus.sections]


@router.get("/healthz", response_model=Health, tags=["ops"], summary="200 once questions can be answered",
            responses={503: {"description": "still loading"}})
def healthz(request: Request) -> Health:
    assistant = get_assistant(request)
    return Health(
        status="ok", tasks=len(assistant.corpus.tasks), sentences=len(assistant.retriever.sentences),
        embedder=assistant.retriever.embedder.id, retrieval=assistant.retriever.mode,
    )


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def install_error_handlers(app) -> None:
    """Turn pydantic's validation errors into one sentence a person can act on (still 422)."""
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse

    async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        messages = []
        for err in exc.errors():
            kind, field = err.get("type", ""), _field(tuple(err.get("loc", ())))
            if kind == "json_invalid":
                messages.append("the request body is not valid JSON: send e.g. {\"question\": \"第22条讲什么？\"}")
            elif kind == "missing":
                messages.append(f"'{field}' is required")
            elif kind == "string_too_long":
                limit = err.get("ctx", {}).get("max_length")
                messages.append(f"'{field}' is too long: at most {limit} characters")
            elif kind == "string_too_short":
                messages.append(f"'{field}' is empty: write a question, e.g. 第22条讲什么？")
            elif kind == "too_long":
                messages.append(f"'{field}' has too many items: keep the last {err.get('ctx', {}).get('max_length')}")
            elif kind == "value_error":
                messages.append(str(err.get("ctx", {}).get("error", err.get("msg"))))
            else:
                messages.append(f"'{field}': {err.get('msg')}")
        return JSONResponse(
            status_code=422,
            content={"detail": "; ".join(dict.fromkeys(messages)), "errors": jsonable(exc.errors())},
        )

    app.add_exception_handler(RequestValidationError, on_validation_error)


def jsonable(errors) -> list[dict]:
    """Validation errors without the raw input or exception objects (not JSON, may be huge)."""
    out = []
    for e in errors:
        out.append({"loc": [str(p) for p in e.get("loc", ())], "type": e.get("type"), "msg": str(e.get("msg"))})
    return out

"""The JSON API: a thin router over the Assistant (the contract bots rely on).

Every user mistake is answered with a 4xx and a sentence saying what to change; the request
and response shapes are pydantic models, so ``/docs`` documents them exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi import Path as FastAPIPath
from fastapi.concurrency import run_in_threadpool
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .answer import Assistant
from .desk import MentionsTable, NameRow, TargetRow
from .questionlog import record_answer
from .security import API_KEY_HEADER
from .text import content_terms, plain
from .types import Route

# Parsing bounds only: the limits that apply are the settings' (max_question_chars, max_history_turns,
# max_turn_chars), checked in the handlers so /api/ask answers exactly as the chat and WeChat do.
PARSE_QUESTION = 10_000
PARSE_TURN = 20_000
PARSE_HISTORY = 100


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"] = Field(description="who said it")
    content: str = Field(max_length=PARSE_TURN, description="what was said (at most max_turn_chars, 4000 by default)")


class AskRequest(BaseModel):
    """A question, with the conversation so far for follow-ups ("那未来乡村呢？")."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={"examples": [{"question": "到2025年建设多少个未来社区？", "history": []}]},
    )
    question: str = Field(min_length=1, max_length=PARSE_QUESTION,
                          description="the question, at most max_question_chars (1000 by default)")
    history: list[Turn] = Field(default_factory=list, max_length=PARSE_HISTORY,
                                description="earlier turns, oldest first (at most max_history_turns, 20 by default)")

    @field_validator("question")
    @classmethod
    def not_blank(cls, v: str) -> str:
        if not plain(v).strip():
            raise ValueError("the question is blank (markup and invisible characters are not read): write a "
                             "question, e.g. 第22条讲什么？")
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
    route: Route = Field(description="how the question was understood: the route that answered it")
    question: str = Field(description="the standalone question that was answered")
    fallback: str | None = Field(None, description="why a generative answer fell back to the extractive one")
    id: str = Field(description="this answer's id, for POST /api/feedback")


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


class QuestionLogHealth(BaseModel):
    enabled: bool
    written: int = Field(description="records written since start")
    lost: int = Field(description="records that could not be written (the database down, locked, full or slow)")
    pending: int
    degraded: bool = Field(description="records were lost in the last 5 minutes, or writes keep failing")
    last_error: str | None = None


class Health(BaseModel):
    status: Literal["ok", "degraded"] = Field(description="degraded: answers flow, but the question log is losing")
    tasks: int
    sentences: int
    embedder: str
    retrieval: str
    question_log: QuestionLogHealth


def get_assistant(request: Request) -> Assistant:
    assistant: Assistant = request.app.state.assistant
    if not assistant.ready:
        raise HTTPException(503, "the assistant is still loading its index; retry in a few seconds")
    return assistant


def task_out(assistant: Assistant, n: int) -> TaskOut:
    t = assistant.corpus.task(n)
    return TaskOut(
        number=t.number, title=t.title, section=t.section, text=t.text, start=t.start, end=t.end, doc=t.doc,
        reference=assistant.citer.reference(t),
    )


def checked_history(body: AskRequest, request: Request) -> list[dict]:
    """The request within the settings' limits (422 with a sentence otherwise), its history as dicts.

    A dependency, so a streamed answer is refused before its stream starts.
    """
    s = request.app.state.assistant.settings
    problems = []
    if len(body.question) > s.max_question_chars:
        problems.append(f"'question' is too long: at most {s.max_question_chars} characters")
    if len(body.history) > s.max_history_turns:
        problems.append(f"'history' has too many items: keep the last {s.max_history_turns}")
    if any(len(t.content) > s.max_turn_chars for t in body.history):
        problems.append(f"'history' has a turn that is too long: at most {s.max_turn_chars} characters each")
    if problems:
        raise HTTPException(422, "; ".join(problems))
    return [t.model_dump() for t in body.history]


router = APIRouter()


@router.post("/api/ask", response_model=AskResponse, tags=["ask"], summary="Answer a question from the plan")
async def ask(body: AskRequest, request: Request,
              history: Annotated[list[dict], Depends(checked_history)]) -> AskResponse:
    assistant = get_assistant(request)
    # The answer path is CPU-bound (encoding, BM25): run it off the event loop.
    reply = await run_in_threadpool(assistant.ask, body.question, history)
    record_answer(request.app.state.questions, reply, "api", body.question, request.headers.get(API_KEY_HEADER))
    return AskResponse.model_validate(reply.to_dict())


@router.post(
    "/api/ask/stream", response_class=EventSourceResponse, tags=["ask"],
    summary="Answer a question, streamed as server-sent events",
    description=(
        "Same request as /api/ask. Events: `delta` with data {\"text\": …} for each verified piece of the "
        "answer as it is written, then one `done` whose data is the full /api/ask response. `done.answer` is "
        "authoritative: when the model fails part-way it is the extractive answer (`fallback` says why) and "
        "replaces the text shown so far."
    ),
)
def ask_stream(body: AskRequest, request: Request, assistant: Annotated[Assistant, Depends(get_assistant)],
               history: Annotated[list[dict], Depends(checked_history)]) -> Iterator[ServerSentEvent]:
    # A sync generator: FastAPI iterates it in a worker thread, so the blocking model read is off the loop.
    for item in assistant.ask_stream(body.question, history):
        # JSON with the characters as they are (not \uXXXX escapes): readable in curl and in logs.
        if isinstance(item, str):
            yield ServerSentEvent(event="delta", raw_data=json.dumps({"text": item}, ensure_ascii=False))
        else:
            key = request.headers.get(API_KEY_HEADER)
            record_answer(request.app.state.questions, item, "api", body.question, key)
            done = AskResponse.model_validate(item.to_dict()).model_dump_json()
            yield ServerSentEvent(event="done", raw_data=done)


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


def get_desk(request: Request):
    return get_assistant(request).desk


@router.get("/api/targets", response_model=list[TargetRow], tags=["desk"],
            summary="Every number the plan states: quantitative targets first-class, by task")
def targets(request: Request) -> list[TargetRow]:
    return get_desk(request).target_rows()


@router.get("/api/targets.csv", response_class=Response, tags=["desk"],
            summary="The targets table as CSV (UTF-8 with BOM, opens in Excel)",
            responses={200: {"content": {"text/csv": {}}}})
def targets_csv(request: Request) -> Response:
    # The BOM tells Excel the file is UTF-8; without it Chinese opens as mojibake.
    return Response("\ufeff" + rows_csv(get_desk(request).target_rows()), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="targets.csv"'})


@router.get("/api/names", response_model=list[NameRow], tags=["desk"],
            summary="Programmes and slogans the plan names in quotation marks, with their tasks")
def names(request: Request) -> list[NameRow]:
    return get_desk(request).name_rows()


@router.get("/api/names/{name}", response_model=NameRow, tags=["desk"],
            summary="Where one named programme sits (quotation marks, punctuation, traditional forms ignored)",
            responses={404: {"description": "the plan quotes no such name"}})
def name(request: Request, name: Annotated[str, FastAPIPath(min_length=1, max_length=60, description="e.g. 亲上加清")],
         ) -> NameRow:
    desk = get_desk(request)
    found = desk.catalog.name(name)
    if found is None:
        found_as = desk.catalog.mentions(name)  # the plan's own words, if it has them: never the client's text
        mentioned = found_as.how == "exact"
        hint = f"; the text does mention it unquoted: /api/mentions?topic={found_as.matched[0]}" if mentioned else ""
        raise HTTPException(404, f"the plan quotes no programme by that name (GET /api/names lists all "
                                 f"{len(desk.catalog.names)}){hint}")
    return desk.name_row(found)


@router.get("/api/mentions", response_model=MentionsTable, tags=["desk"],
            summary="Every task mentioning a topic (complete, by task number)")
def mentions(request: Request, topic: str = Query(min_length=1, max_length=50, description="e.g. 养老")
             ) -> MentionsTable:
    sent = topic
    topic = plain(topic).strip()  # the topic as looked for comes back: never the client's markup
    if not topic:
        blank = "the topic is blank once markup is removed" if sent.strip() else "the topic is blank"
        return _unusable_topic(f"{blank}: give a word or phrase, e.g. /api/mentions?topic=养老")
    if not content_terms(topic):  # 的, 是, a comma: in every task, and no topic of anyone's
        return _unusable_topic("the topic is only function words or punctuation (的, 是, 我们…), which every "
                               "task has: give a word or phrase, e.g. /api/mentions?topic=养老")
    return get_desk(request).mention_rows(topic)


def _unusable_topic(message: str) -> Response:
    """A 422 in the documented shape of every 422 (detail, and errors naming the field)."""
    from fastapi.responses import JSONResponse

    return JSONResponse(status_code=422, content={
        "detail": message, "errors": [{"loc": ["query", "topic"], "type": "value_error", "msg": message}]})


@router.get("/healthz", response_model=Health, tags=["ops"], summary="200 once questions can be answered",
            responses={503: {"description": "still loading"}})
def healthz(request: Request) -> Health:
    assistant = get_assistant(request)
    log = QuestionLogHealth(**request.app.state.questions.health())
    return Health(
        status="degraded" if log.degraded else "ok", tasks=len(assistant.corpus.tasks),
        sentences=len(assistant.retriever.sentences), embedder=assistant.retriever.embedder.id,
        retrieval=assistant.retriever.mode, question_log=log,
    )


def rows_csv(rows: list) -> str:
    """Data rows (dataclasses) as CSV text, one column per field, in declaration order."""
    import csv
    import io
    from dataclasses import asdict, fields

    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=[f.name for f in fields(rows[0])], lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(asdict(r) for r in rows)
    return buf.getvalue()


def _unique(errors: list) -> list:
    """pydantic's errors once each (a body read in two passes reports the same error twice)."""
    seen, out = set(), []
    for e in errors:
        key = json.dumps(e, sort_keys=True, ensure_ascii=False, default=str)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def _ours(err: dict) -> dict:
    """The error's location without a key the client made up: an unknown field's name is the sender's text."""
    if err.get("type") == "extra_forbidden":
        return dict(err, loc=tuple(err.get("loc", ()))[:-1])
    return err


def install_error_handlers(app) -> None:
    """Turn pydantic's validation errors into one sentence a person can act on (still 422)."""
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse

    async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        if exc.errors() and all(e.get("type") == "json_invalid" for e in exc.errors()):
            # a body that is not JSON at all ({bad): 400, as /openapi.json documents it, not a field's 422
            detail = 'the request body could not be parsed as JSON: send e.g. {"question": "第22条讲什么？"}'
            return JSONResponse(status_code=400, content={"detail": detail})
        messages, errors = [], []
        for err in map(_ours, exc.errors()):
            kind, field = err.get("type", ""), _field(tuple(err.get("loc", ())))
            err = dict(err)
            errors.append(err)
            if kind in ("model_attributes_type", "dict_type") and field == "body":  # text/plain, a form, [1]
                messages.append("the request body must be a JSON object sent with Content-Type: application/json, "
                                "e.g. {\"question\": \"第22条讲什么？\"}")
            elif kind == "missing":
                messages.append(f"'{field}' is required")
            elif kind == "string_too_long":
                limit = err.get("ctx", {}).get("max_length")
                if (served := getattr(request.app.state, "assistant", None)) is not None:
                    # the limit that applies, not the parser's bound (a 10,001-character question: 1000, not 10000)
                    limit = {"question": served.settings.max_question_chars}.get(field, limit)
                    if field.startswith("history.") and field.endswith(".content"):
                        limit = served.settings.max_turn_chars
                messages.append(f"'{field}' is too long: at most {limit} characters")
                err.update(msg=f"String should have at most {limit} characters", ctx={"max_length": limit})
            elif kind == "string_too_short":
                messages.append(f"'{field}' is empty: write a question, e.g. 第22条讲什么？")
            elif kind == "too_long":
                limit = err.get("ctx", {}).get("max_length")
                if field == "history" and (served := getattr(request.app.state, "assistant", None)) is not None:
                    limit = served.settings.max_history_turns  # the limit that applies, not the parser's bound
                messages.append(f"'{field}' has too many items: keep the last {limit}")
                err.update(msg=f"List should have at most {limit} items", ctx={"max_length": limit})
            elif kind == "extra_forbidden":
                messages.append(f"'{field}' has a field that is not allowed: send only the documented ones (/docs)")
                err.update(msg="Extra inputs are not permitted")
            elif kind == "value_error":
                messages.append(str(err.get("ctx", {}).get("error", err.get("msg"))))
            else:
                messages.append(f"'{field}': {err.get('msg')}")
        return JSONResponse(
            status_code=422,
            content={"detail": "; ".join(dict.fromkeys(messages)), "errors": _unique(jsonable(errors))},
        )

    app.add_exception_handler(RequestValidationError, on_validation_error)
    document_validation_errors(app)

    from fastapi.exception_handlers import http_exception_handler
    from starlette.exceptions import HTTPException as StarletteHTTPException

    async def on_http_error(request: Request, exc: StarletteHTTPException):
        # FastAPI's own words for a body it cannot decode tell the sender nothing they can fix.
        if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
            example = '{"question": "第22条讲什么？"}'
            message = f"the request body could not be parsed as JSON: send e.g. {example}"
            exc = StarletteHTTPException(400, message)
        return await http_exception_handler(request, exc)

    app.add_exception_handler(StarletteHTTPException, on_http_error)


def refuse_other_methods(app, routers) -> None:
    """For the routes of these routers: HEAD answered as GET is (a monitor probing /healthz with HEAD), and
    a 405 naming the methods a path takes for any other (GET /api/ask: "use POST"); without it the chat UI
    mounted at / would answer 404 for a path that exists."""
    from fastapi.responses import JSONResponse
    from fastapi.routing import APIRoute

    taken: dict[str, set[str]] = {}
    for route in (r for router in routers for r in router.routes):
        if isinstance(route, APIRoute):
            taken.setdefault(route.path, set()).update(route.methods)
            if "GET" in route.methods and "HEAD" not in route.methods:
                # (the server sends a HEAD response's headers only)
                app.add_api_route(route.path, route.endpoint, methods=["HEAD"], dependencies=route.dependencies,
                                  response_class=route.response_class, include_in_schema=False)
    def refusal(allowed: str):
        # (the methods are bound here, not as a parameter: FastAPI would read a parameter from the query string)
        async def not_allowed(request: Request) -> JSONResponse:
            return JSONResponse(status_code=405, headers={"Allow": allowed},
                                content={"detail": f"{request.method} is not allowed here: use {allowed}"})
        return not_allowed

    for path, methods in taken.items():
        others = [m for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "HEAD") if m not in methods
                  and not (m == "HEAD" and "GET" in methods)]  # (HEAD of a GET path is answered above)
        if others:
            answered = methods | {"HEAD"} if "GET" in methods else methods - {"HEAD"}
            app.add_api_route(path, refusal(", ".join(sorted(answered))), methods=others,
                              include_in_schema=False)


# The body the handler above sends with every 422, as the OpenAPI schema should describe it
# (FastAPI's default documents ``detail`` as a list, which is not what clients receive).
VALIDATION_ERROR_SCHEMA = {
    "title": "ValidationErrorOut",
    "type": "object",
    "required": ["detail", "errors"],
    "properties": {
        "detail": {"type": "string", "description": "what to change, in one sentence"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["loc", "msg"],
                "properties": {
                    "loc": {"type": "array", "items": {"type": "string"}},
                    "type": {"type": ["string", "null"]},
                    "msg": {"type": "string"},
                },
            },
        },
    },
}

BAD_BODY_RESPONSE = {
    "description": "the body could not be read (not UTF-8, nested too deep, or not parseable)",
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}},
    }}},
}


def document_validation_errors(app) -> None:
    """Make /openapi.json describe the 422 body clients actually get (checked by tests/test_fuzz.py)."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = generate()
            schemas = schema.get("components", {}).get("schemas", {})
            if "HTTPValidationError" in schemas:
                schemas["HTTPValidationError"] = VALIDATION_ERROR_SCHEMA
            # A body that is not UTF-8 fails before validation: FastAPI answers 400 {"detail": …}.
            for item in schema.get("paths", {}).values():
                for op in item.values():
                    if isinstance(op, dict) and "requestBody" in op:
                        op.setdefault("responses", {}).setdefault("400", BAD_BODY_RESPONSE)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi


def jsonable(errors) -> list[dict]:
    """Validation errors without the raw input or exception objects (not JSON, may be huge)."""
    out = []
    for e in errors:
        out.append({"loc": [str(p) for p in e.get("loc", ())], "type": e.get("type"), "msg": str(e.get("msg"))})
    return out

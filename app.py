"""Wiring only: settings → the assistant, built once → FastAPI app with the Gradio chat at "/".

Run ``python app.py [--host H] [--port P]``; the API is under /api, its docs at /docs.
"""

from __future__ import annotations

import argparse
import logging
import os
from contextlib import asynccontextmanager

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no internet here: never phone home
# One BLAS thread per request thread: requests already run in parallel (threads, workers), and
# OpenBLAS's own threads only contend with them (the figures: docs/performance.md). Must be set
# before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from fastapi import FastAPI  # noqa: E402
from fastapi.concurrency import run_in_threadpool  # noqa: E402

from assistant.answer import Assistant  # noqa: E402
from assistant.api import install_error_handlers, refuse_other_methods, router  # noqa: E402
from assistant.board import board_router  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.questionlog import open_log  # noqa: E402
from assistant.security import install_guard  # noqa: E402
from assistant.state import RedisUnavailable, make_state  # noqa: E402
from assistant.wechat import wechat_router  # noqa: E402


def create_app(settings: Settings | None = None, assistant: Assistant | None = None, ui: bool = True) -> FastAPI:
    """The whole service: JSON API, health check and (optionally) the chat UI."""
    assistant = assistant or Assistant(settings or Settings())
    settings = settings or assistant.settings
    # Rate limits and WeChat state: in Redis when ASSISTANT_REDIS_URL is set (checked now: fail fast).
    state = make_state(settings)
    questions = open_log(settings)  # the question log: SQLite in data_dir, or ASSISTANT_DATABASE_URL

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await run_in_threadpool(assistant.warm_up)  # the index loads (or builds) once, before serving
        yield
        await run_in_threadpool(questions.close, 10.0)  # SIGTERM: what is queued is written first
        state.close()

    app = FastAPI(
        title="Plan assistant",
        description="Grounded answers about a district development plan, citing its numbered tasks.",
        version="1.0.0",
        lifespan=lifespan,
    )
    app.state.assistant = assistant
    app.state.questions = questions
    install_error_handlers(app)
    board = board_router(questions, settings.admin_keys)
    app.include_router(router)
    app.include_router(board)
    # Body cap, API keys for /api/*, rate limits (the UI mounted below is limited too); then WeChat.
    limiter = install_guard(app, settings, state=state)
    wechat = wechat_router(settings, store=state.store, limiter=limiter, questions=questions)
    app.include_router(wechat)
    refuse_other_methods(app, (router, board, wechat))  # GET /api/ask: a 405 saying "use POST", not the UI's 404
    if ui:
        import gradio as gr

        from assistant.ui import build_ui, mount_options

        app = gr.mount_gradio_app(app, build_ui(assistant, questions), path="/", **mount_options())
    return app


class RedactQuery(logging.Filter):
    """Access-log lines without query strings: WeChat's carry a signature, timestamp and nonce."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], args[2].split("?", 1)[0] + "?…", *args[3:])
        return True


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactQuery) for f in access.filters):
        access.addFilter(RedactQuery())


# What uvicorn can do against abuse; slow headers and trickled responses need the reverse proxy
# (docs/security.md). Client addresses: the app's own ASSISTANT_TRUSTED_PROXIES, never uvicorn's
# default trust of 127.0.0.1.
SERVER_OPTIONS = {
    "proxy_headers": False,
    "timeout_keep_alive": 5,  # an idle keep-alive connection is closed after 5 s
    "h11_max_incomplete_event_size": 16 * 1024,  # request line and headers: at most 16 KiB
    "limit_concurrency": 256,  # past this many open connections or tasks, new requests get 503
    "timeout_graceful_shutdown": 10,
}


def worker_app() -> FastAPI:
    """What each spawned worker runs (``--workers N``): a worker starts with no logging set up."""
    configure_logging()
    return create_app()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the plan assistant (chat UI at /, API at /api, docs at /docs)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes sharing the port; each loads its own encoder (~100 MiB)")
    args = parser.parse_args()
    configure_logging()
    import uvicorn

    try:
        # Several workers share nothing but Redis (ASSISTANT_REDIS_URL): check it before spawning them.
        app = create_app() if args.workers == 1 else make_state(Settings()).close()
    except RedisUnavailable as exc:
        parser.exit(2, f"error: {exc}\n")
    if args.workers > 1:
        import socket

        from uvicorn.supervisors import Multiprocess

        # Worker processes are spawned, not forked: each imports this module and calls the factory.
        # The index build is file-locked (store.load_or_build), so only the first worker builds.
        config = uvicorn.Config("app:worker_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                                **SERVER_OPTIONS)
        bound = config.bind_socket()
        # uvicorn binds with proto 0, so asyncio never sets TCP_NODELAY on the connections it accepts
        # and every keep-alive request after the first waits ~40 ms for a delayed ACK (measured here;
        # Kludex/uvicorn#3149). The same socket, declared as TCP, gets it.
        sock = socket.socket(bound.family, bound.type, socket.IPPROTO_TCP, fileno=bound.detach())
        Multiprocess(config, sockets=[sock]).run()
    else:
        uvicorn.run(app, host=args.host, port=args.port, **SERVER_OPTIONS)


if __name__ == "__main__":
    main()

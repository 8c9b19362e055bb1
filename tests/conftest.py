"""Shared fixtures: one real assistant (real encoder, real FAISS index) for the whole session."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Sealed from the shell: settings a developer exported (API keys, a real model's URL, Redis) must not
# change what the tests see. Every test builds its settings from arguments alone.
SHELL_SETTINGS = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith(("ASSISTANT_", "WECHAT_"))}
# The one setting the suite makes itself: question logs (SQLite) go to a scratch folder, never the repo's data/.
DATA_DIR = tempfile.mkdtemp(prefix="assistant-data-")
os.environ["ASSISTANT_DATA_DIR"] = DATA_DIR
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.answer import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402

SOURCE = ROOT / "index" / "source"


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("index")


@pytest.fixture(scope="session")
def settings(index_dir) -> Settings:
    return Settings(source=SOURCE, index_dir=index_dir)


@pytest.fixture(scope="session")
def assistant(settings) -> Assistant:
    a = Assistant(settings)
    a.warm_up()
    return a


@pytest.fixture(scope="session")
def app(assistant):
    from app import create_app

    return create_app(assistant=assistant, ui=False)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """A real uvicorn server on a loopback port, in a thread of the test process."""

    def __init__(self, app, graceful: float = 2):
        import uvicorn

        from app import SERVER_OPTIONS

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                **(SERVER_OPTIONS | {"timeout_graceful_shutdown": graceful}))
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.time() + 60
        while not self.server.started:
            if time.time() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(assistant):
    """The full app (API and chat UI) served over real HTTP on loopback."""
    from app import create_app

    # (its clients are many, all on loopback: one address, so no cap on requests in progress per address)
    settings = assistant.settings.model_copy(update={"max_in_flight": 0})
    with LiveServer(create_app(settings=settings, assistant=assistant)) as server:
        yield server

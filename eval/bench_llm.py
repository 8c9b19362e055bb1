"""How long a user waits in generative mode, model healthy or not (the tests assert no timings).

Runs the real assistant (encoder, index, langchain-openai client) against the local fake
OpenAI-compatible server of the tests, with the default 4 s budget, and prints the wall-clock
time of each case: ``python -m eval.bench_llm [--runs 5]``.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_llm import FakeLLM  # noqa: E402

from assistant.answer import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402

Q = "到2025年建设多少个未来社区？"
FOLLOW = "那未来乡村呢？"


def timed(fn) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    fake = FakeLLM().start()
    settings = Settings(llm_base_url=fake.base_url, llm_model="fake")
    assistant = Assistant(settings)
    assistant.warm_up()
    history = [{"role": "user", "content": Q}, {"role": "assistant", "content": assistant.extractive(Q).answer}]
    print(f"budget {settings.llm_budget_s} s; median of {args.runs} runs (hanging cases: 1 run)")
    print(f"{'case':44} {'seconds':>8}  mode/fallback")

    def case(name: str, behaviour: str, fn, runs: int | None = None, delay: float = 0.0) -> None:
        times, reply = [], None
        for _ in range(runs or args.runs):
            fake.reset(behaviour)
            fake.delay = delay
            t, reply = timed(fn)
            times.append(t)
        print(f"{name:44} {statistics.median(times):8.3f}  {reply.mode}/{reply.fallback}")

    def first_delta():
        t = time.perf_counter()
        stream = assistant.ask_stream(Q)
        next(stream)
        first = time.perf_counter() - t
        *_, final = stream
        final.timings["first_delta_s"] = first
        return final

    case("extractive only (no model call)", "answer", lambda: assistant.extractive(Q))
    case("healthy model", "answer", lambda: assistant.ask(Q))
    case("healthy model, follow-up (one call)", "answer", lambda: assistant.ask(FOLLOW, history))
    case("model takes 1 s a call, follow-up", "answer", lambda: assistant.ask(FOLLOW, history), runs=1, delay=1.0)
    case("model takes 3 s a call, follow-up", "answer", lambda: assistant.ask(FOLLOW, history), runs=1, delay=3.0)
    case("invented citation (dropped)", "invent", lambda: assistant.ask(Q))
    case("garbage reply", "garbage", lambda: assistant.ask(Q))
    case("HTTP 500", "error", lambda: assistant.ask(Q))
    case("model hangs", "hang", lambda: assistant.ask(Q), runs=1)
    case("stream, healthy (whole stream)", "answer", lambda: list(assistant.ask_stream(Q))[-1])
    fake.reset("answer")
    times = [timed(first_delta)[1].timings["first_delta_s"] for _ in range(args.runs)]
    print(f"{'stream, healthy: first delta':44} {statistics.median(times):8.3f}")
    case("stream stalls after the first claim", "stall", lambda: list(assistant.ask_stream(Q))[-1], runs=1)
    fake.stop()
    case("model server stopped", "answer", lambda: assistant.ask(Q))


if __name__ == "__main__":
    main()

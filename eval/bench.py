"""Benchmark the assistant as it is served: cold start, /api/ask latency and throughput, memory.

Starts the real server (``python app.py --port P --workers N``) on loopback for each worker count,
measures the time from launch to the first ``/healthz`` 200, then answers a fixed, mixed list of
questions from ``eval/questions.jsonl`` sequentially and from 8 and 32 concurrent clients, and
reads the server's resident memory (summed over its processes) from /proc. In-process, it times
one query's encoding (the floor every free question pays) and each stage of the answer path: for
each distinct question the first time it is asked (nothing of it cached), then over the cycling
list (a question asked again reuses its cached words and parts of speech).

    .venv/bin/python -m eval.bench                     # 1 and 2 workers, ~1 min; JSON in eval/results/
    .venv/bin/python -m eval.bench --workers 1 --requests 100
    .venv/bin/python -m eval.bench --profile           # also a pyinstrument profile of the answer path
    .venv/bin/python -m eval.bench --recording         # the question log's cost: recording on vs off

Client and server share the machine's cores, so the concurrent figures are a floor for what a
server on its own machine would do.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as app.py serves: measure the answer path as served

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "eval" / "questions.jsonl"
RESULTS = ROOT / "eval" / "results"


# ---- shared with the load tests --------------------------------------------------------------


def mixed_requests(n: int, seed: int = 0) -> list[dict]:
    """``n`` /api/ask bodies cycling through every question of the eval set, kinds mixed."""
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    random.Random(seed).shuffle(rows)  # the file is grouped by kind; interleave them, reproducibly
    bodies = [{"question": r["question"], "history": r.get("history", [])} for r in rows]
    return [bodies[i % len(bodies)] for i in range(n)]


def rss_bytes(pid: int) -> int:
    """Resident memory of one process, from /proc (0 if it has gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """All live descendants of a process (uvicorn's workers and multiprocessing's helper)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of a list of numbers."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def valid_answer(r: httpx.Response) -> bool:
    """A 200 whose JSON body has the fields every client relies on."""
    if r.status_code != 200:
        return False
    try:
        body = r.json()
    except ValueError:
        return False
    return isinstance(body.get("answer"), str) and isinstance(body.get("found"), bool) and isinstance(
        body.get("citations"), list
    )


# ---- in-process: the floor and the stages --------------------------------------------------


def hostile_questions(n: int = 1000, seed: int = 0) -> list[str]:
    """Questions of n characters built to be slow to read (unknown characters jieba would guess words
    from), none of them seen before."""
    rng = random.Random(seed)
    cjk = lambda: chr(rng.randint(0x4E00, 0x9FA5))  # noqa: E731
    return ["龘" * (n - 1) + "吗", "丂龘" * (n // 2), "".join(cjk() for _ in range(n)),
            "".join(cjk() * 2 for _ in range(n // 2)), "双减还搞吗" * (n // 5), "第" * n, "a" * n,
            "规划有没有提到" + "龘" * (n - 8) + "吗", "哪些任务提到" + "丂" * (n - 6)]


def hostile_histories(turns: int, chars: int, n: int = 5, seed: int = 0) -> list[dict]:
    """Follow-ups after the longest history the settings accept (turns × chars of random characters), each
    history different: what one request of an attacker can make a worker read."""
    rng = random.Random(seed)
    text = lambda: "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(chars))  # noqa: E731
    return [{"question": "那未来乡村呢", "history": [{"role": ("user", "assistant")[i % 2], "content": text()}
                                                  for i in range(turns)]} for _ in range(n)]


def two_in_one(bodies: list[dict], n: int = 40) -> list[str]:
    """Messages of two questions, one after the other and the second marked 另外 (养老院会多建吗？另外…), from
    the mixed list's questions that have no history (each pair of neighbours, once)."""
    alone = list(dict.fromkeys(b["question"].rstrip("？?。") for b in bodies if not b["history"]))
    return [f"{a}？另外{b}？" for a, b in zip(alone[:n], alone[1:n + 1], strict=False)]


def _timed(fn, args: list, repeat: int) -> dict:
    """p50/p95 of wall time and of CPU time (all the process's threads) per call, in ms.

    CPU time is what a call costs whatever else the machine is doing; wall time is what a
    user waits, and grows with any other load on the cores.
    """
    wall, cpu = [], []
    for i in range(repeat):
        a = args[i % len(args)]
        c, t = time.process_time(), time.perf_counter()
        fn(a)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return {"p50": round(pct(wall, 50), 3), "p95": round(pct(wall, 95), 3), "cpu_mean": round(sum(cpu) / len(cpu), 3)}


def in_process(repeat: int, profile: bool) -> dict:
    """Per-stage cost (ms) of answering, measured without HTTP."""
    from assistant.answer import Assistant
    from assistant.api import AskResponse
    from assistant.config import Settings
    from assistant.text import normalize

    t = time.perf_counter()
    assistant = Assistant(Settings())
    assistant.warm_up()  # also builds the index if missing, so the servers below only load it
    warm_s = time.perf_counter() - t
    r = assistant.retriever
    bodies = mixed_requests(repeat)
    # First, each distinct question once, before anything of it is cached (normalisation, words,
    # parts of speech): what a question costs the first time anyone asks it.
    distinct = list({b["question"]: b for b in bodies}.values())
    first = _timed(lambda b: assistant.ask(b["question"], b["history"]), distinct, len(distinct))
    questions = [b["question"] for b in bodies]
    normalized = [normalize(q) for q in questions]
    vectors = [r.embedder.encode([q]) for q in normalized[:50]]
    replies = [assistant.ask(b["question"], b["history"]) for b in bodies[:50]]

    stages = {
        "encode one query": _timed(lambda q: r.embedder.encode([q]), normalized, repeat),
        "FAISS search (97 × 512)": _timed(lambda v: r.store.search(v, k=len(r.sentences)), vectors, repeat),
        "BM25 scores": _timed(lambda q: r.bm25.scores(r.tokenize(q)), normalized, repeat),
        "Assistant.ask, first asking of each question": first,
        "Assistant.ask (whole answer path)": _timed(
            lambda b: assistant.ask(b["question"], b["history"]), bodies, repeat
        ),
        # The longest questions an attacker may send (max_question_chars), each asked once: one character
        # repeated, random characters, a phrase repeated, one function character, Latin letters.
        "Assistant.ask, hostile 1,000-character questions": _timed(
            lambda q: assistant.ask(q), hostile := hostile_questions(), len(hostile)
        ),
        # (the seventeenth round's attack found 20 turns of 4,000 characters took 1.6 s: the last turn was read whole)
        "Assistant.ask, the longest history accepted": _timed(
            lambda b: assistant.ask(b["question"], b["history"]), longest := hostile_histories(
                assistant.settings.max_history_turns, assistant.settings.max_turn_chars), len(longest)
        ),
        # two questions of the set in one message, the second after 另外: each answered, then the message as one
        "Assistant.ask, two questions in one message": _timed(
            lambda q: assistant.ask(q), pairs := two_in_one(bodies), len(pairs)
        ),
        "Answer.to_dict": _timed(lambda a: a.to_dict(), replies, repeat),
        "AskResponse validate + JSON": _timed(
            lambda a: AskResponse.model_validate(a.to_dict()).model_dump_json(), replies, repeat
        ),
    }
    out = {
        "warm_up_s": round(warm_s, 2),
        "stages_ms": stages,
    }
    if profile:
        from pyinstrument import Profiler

        prof = Profiler(interval=0.0002)
        with prof:
            for b in bodies:
                AskResponse.model_validate(assistant.ask(b["question"], b["history"]).to_dict()).model_dump_json()
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / "profile.txt"
        path.write_text(prof.output_text(unicode=True, color=False), encoding="utf-8")
        out["profile"] = str(path.relative_to(ROOT))
    return out


# ---- over HTTP: a real server process --------------------------------------------------------


class Server:
    """``python app.py --workers N`` on a loopback port, in its own process group."""

    def __init__(self, workers: int, env: dict[str, str] | None = None):
        self.workers = workers
        self.env = env or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        RESULTS.mkdir(parents=True, exist_ok=True)
        self.log_path = RESULTS / f"server-w{workers}.log"

    def start(self, timeout: float = 120) -> float:
        """Launch and wait until every worker is ready; return seconds to the first /healthz 200."""
        env = os.environ | {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1",
                            "ASSISTANT_DATA_DIR": str(RESULTS / "data"),
                            # (the simulated clients all come from loopback: one address, uncapped)
                            "ASSISTANT_MAX_IN_FLIGHT": "0"} | self.env
        self.log = open(self.log_path, "w")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "app.py", "--port", str(self.port), "--workers", str(self.workers)],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        ready = None
        with httpx.Client(timeout=2) as c:
            while time.perf_counter() - t0 < timeout:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"the server exited with {self.proc.returncode}: see {self.log_path}")
                try:
                    if ready is None and c.get(f"{self.url}/healthz").status_code == 200:
                        ready = time.perf_counter() - t0
                except httpx.TransportError:
                    pass
                # /healthz answers as soon as one worker is up; wait for all before measuring load.
                started = self.log_path.read_text().count("Application startup complete")
                if ready is not None and started >= self.workers:
                    return ready
                time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"the server was not ready within {timeout:.0f} s: see {self.log_path}")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server's processes have used so far."""
        total = 0
        for pid in [self.proc.pid, *descendants(self.proc.pid)]:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
            except (OSError, IndexError, ValueError):
                pass
        return total / os.sysconf("SC_CLK_TCK")

    def rss(self) -> tuple[int, list[int]]:
        """Total resident bytes of the server and its processes, and each worker's."""
        pids = [self.proc.pid, *descendants(self.proc.pid)]
        sizes = [rss_bytes(p) for p in pids]
        return sum(sizes), sizes

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def sequential(url: str, bodies: list[dict]) -> dict:
    lat, errors = [], 0
    with httpx.Client(timeout=30) as c:
        t0 = time.perf_counter()
        for b in bodies:
            t = time.perf_counter()
            r = c.post(f"{url}/api/ask", json=b)
            lat.append((time.perf_counter() - t) * 1000)
            errors += not valid_answer(r)
        wall = time.perf_counter() - t0
    return summary(lat, errors, wall)


async def _concurrent(url: str, bodies: list[dict], clients: int) -> dict:
    lat: list[float] = []
    errors = 0
    queue = iter(bodies)

    async def client(c: httpx.AsyncClient) -> None:
        nonlocal errors
        for b in queue:  # the clients share one iterator: each body is sent once
            t = time.perf_counter()
            try:
                r = await c.post(f"{url}/api/ask", json=b)
                errors += not valid_answer(r)
            except httpx.HTTPError:
                errors += 1
            lat.append((time.perf_counter() - t) * 1000)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as c:
        t0 = time.perf_counter()
        await asyncio.gather(*(client(c) for _ in range(clients)))
        wall = time.perf_counter() - t0
    return summary(lat, errors, wall)


def concurrent(url: str, bodies: list[dict], clients: int) -> dict:
    return asyncio.run(_concurrent(url, bodies, clients))


def summary(lat: list[float], errors: int, wall: float) -> dict:
    return {
        "requests": len(lat),
        "errors": errors,
        "p50_ms": round(pct(lat, 50), 2),
        "p95_ms": round(pct(lat, 95), 2),
        "throughput_rps": round(len(lat) / wall, 1),
    }


def serve_and_load(workers: int, requests: int, concurrency: list[int]) -> dict:
    server = Server(workers)
    cold = server.start()
    try:
        idle_rss, _ = server.rss()
        sequential(server.url, mixed_requests(30, seed=1))  # warm-up: first-call paths, connection pools
        out = {"workers": workers, "cold_start_s": round(cold, 2), "rss_idle_mib": round(idle_rss / 2**20, 1)}
        cpu = server.cpu_seconds()
        out["sequential"] = sequential(server.url, mixed_requests(requests))
        out["sequential"]["server_cpu_ms_per_request"] = round(
            (server.cpu_seconds() - cpu) * 1000 / out["sequential"]["requests"], 2)
        for c in concurrency:
            cpu, client_cpu = server.cpu_seconds(), time.process_time()
            r = out[f"concurrent_{c}"] = concurrent(server.url, mixed_requests(max(requests, 4 * c), seed=c), c)
            r["server_cpu_ms_per_request"] = round((server.cpu_seconds() - cpu) * 1000 / r["requests"], 2)
            # The load generator shares the cores: what it spends is not available to the server.
            r["client_cpu_ms_per_request"] = round((time.process_time() - client_cpu) * 1000 / r["requests"], 2)
        total, per = server.rss()
        out["rss_mib"] = round(total / 2**20, 1)
        out["rss_per_process_mib"] = [round(s / 2**20, 1) for s in per]
        return out
    finally:
        server.stop()


def recording_cost(requests: int, rounds: int = 3) -> dict:
    """The question log's cost on the answer path: one server with recording on, one with it off.

    Sequential requests over HTTP (1 worker), the servers alternating round by round so that other
    load on the machine falls on both alike; p50 latency and the server's CPU per request.
    """
    out: dict[str, dict[str, list[float]]] = {"on": {"p50": [], "cpu": []}, "off": {"p50": [], "cpu": []}}
    servers = {"on": Server(1, {"ASSISTANT_LOG_QUESTIONS": "true"}),
               "off": Server(1, {"ASSISTANT_LOG_QUESTIONS": "false"})}
    for s in servers.values():
        s.start()
    try:
        for s in servers.values():
            sequential(s.url, mixed_requests(30, seed=1))  # warm-up
        for _ in range(rounds):
            for mode, s in servers.items():
                cpu = s.cpu_seconds()
                r = sequential(s.url, mixed_requests(requests, seed=2))
                out[mode]["p50"].append(r["p50_ms"])
                out[mode]["cpu"].append((s.cpu_seconds() - cpu) * 1000 / r["requests"])
    finally:
        for s in servers.values():
            s.stop()
    med = {m: {k: round(sorted(v)[len(v) // 2], 3) for k, v in d.items()} for m, d in out.items()}
    return {"requests_per_round": requests, "rounds": rounds, "median": med,
            "added_p50_ms": round(med["on"]["p50"] - med["off"]["p50"], 3),
            "added_cpu_ms_per_request": round(med["on"]["cpu"] - med["off"]["cpu"], 3)}


# ---- report ------------------------------------------------------------------------------------


def table(result: dict) -> str:
    conc = result["concurrency"]
    head = ["workers", "cold start (s)", "RSS after load (MiB)", "sequential p50 / p95 (ms)", "seq req/s",
            "server CPU / request (ms)"]
    for c in conc:
        head += [f"{c} clients p50 / p95 (ms)", f"{c} clients req/s (server CPU ms/req)"]
    head.append("errors")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s in result["servers"]:
        seq = s["sequential"]
        row = [str(s["workers"]), f"{s['cold_start_s']:.1f}", f"{s['rss_mib']:.0f}",
               f"{seq['p50_ms']:.1f} / {seq['p95_ms']:.1f}", f"{seq['throughput_rps']:.0f}",
               f"{seq['server_cpu_ms_per_request']:.1f}"]
        errors = seq["errors"]
        for c in conc:
            r = s[f"concurrent_{c}"]
            row += [f"{r['p50_ms']:.1f} / {r['p95_ms']:.1f}",
                    f"{r['throughput_rps']:.0f} ({r['server_cpu_ms_per_request']:.1f})"]
            errors += r["errors"]
        row.append(str(errors))
        lines.append("| " + " | ".join(row) + " |")
    stages = result["in_process"]["stages_ms"]
    lines += ["", "| in-process stage | p50 (ms) | p95 (ms) | CPU, mean (ms) |", "|---|---|---|---|"]
    lines += [f"| {k} | {v['p50']:.3f} | {v['p95']:.3f} | {v['cpu_mean']:.3f} |" for k, v in stages.items()]
    enc, ask = stages["encode one query"], stages["Assistant.ask (whole answer path)"]
    hostile = stages.get("Assistant.ask, hostile 1,000-character questions")
    first = stages.get("Assistant.ask, first asking of each question", ask)
    seq = result["servers"][0]["sequential"]
    lines += [
        "",
        f"answer path / one query's encoding: in-process {ask['p50'] / enc['p50']:.2f}× (wall p50), "
        f"{ask['cpu_mean'] / enc['cpu_mean']:.2f}× (CPU); the first asking of each question "
        f"{first['cpu_mean'] / enc['cpu_mean']:.2f}× (CPU); over HTTP, {result['servers'][0]['workers']} worker, "
        f"sequential: {seq['p50_ms'] / enc['p50']:.2f}× (wall p50), "
        f"{seq['server_cpu_ms_per_request'] / enc['cpu_mean']:.2f}× (server CPU)",
    ]
    if hostile:
        lines.append(f"hostile 1,000-character questions: p95 {hostile['p95']:.0f} ms wall, "
                     f"{hostile['cpu_mean']:.0f} ms CPU on average")
    if two := stages.get("Assistant.ask, two questions in one message"):
        lines.append(f"two questions in one message: p95 {two['p95']:.0f} ms wall, "
                     f"{two['cpu_mean']:.1f} ms CPU on average")
    if longest := stages.get("Assistant.ask, the longest history accepted"):
        lines.append(f"a follow-up after the longest history accepted: p95 {longest['p95']:.0f} ms wall, "
                     f"{longest['cpu_mean']:.0f} ms CPU on average")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to compare")
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per server")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--repeat", type=int, default=300, help="repetitions of each in-process stage")
    parser.add_argument("--profile", action="store_true", help="write a pyinstrument profile to eval/results/")
    parser.add_argument("--out", type=Path, default=RESULTS / "bench.json")
    parser.add_argument("--recording", action="store_true",
                        help="only compare a server with the question log on and off (docs/plan-office.md)")
    args = parser.parse_args(argv)
    if args.recording:
        cost = recording_cost(args.requests)
        print(json.dumps(cost, indent=2))
        return 0
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    sys.path.insert(0, str(ROOT))

    started = time.perf_counter()
    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_at_start": os.getloadavg()},  # other work on the machine skews every figure
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "concurrency": args.concurrency,
        "in_process": in_process(args.repeat, args.profile),
        "servers": [],
    }
    for w in args.workers:
        print(f"… {w} worker(s)", file=sys.stderr, flush=True)
        result["servers"].append(serve_and_load(w, args.requests, args.concurrency))
    result["duration_s"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(table(result))
    load = result["machine"]["load_average_at_start"]
    print(f"\n{os.cpu_count()} CPUs, load average {load[0]:.2f} at start; {result['duration_s']} s; JSON in {args.out}")
    errors = sum(s[k]["errors"] for s in result["servers"] for k in s if isinstance(s[k], dict) and "errors" in s[k])
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())

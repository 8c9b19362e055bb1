"""Time signed WeChat text messages against the real server: is every reply well inside 5 s and 2048 bytes?

Starts ``python app.py`` on a loopback port with a WeChat token, sends every question of
``eval/questions.jsonl`` as a signed text message (each from its own OpenID, so no follow-up
history applies), first one at a time and then from ``--concurrency`` senders at once, and
reports latency percentiles, the largest reply in UTF-8 bytes and how many replies cite a task.

    .venv/bin/python -m eval.bench_wechat                  # ~170 messages, twice; under a minute
    .venv/bin/python -m eval.bench_wechat --concurrency 16
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from wechatpy.replies import deserialize_reply
from wechatpy.utils import WeChatSigner

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "eval" / "questions.jsonl"
TOKEN = "bench-token"
MARK = re.compile(r"【\d{1,3}】")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def message(question: str) -> tuple[dict, bytes]:
    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
    signer = WeChatSigner()
    signer.add_data(TOKEN, timestamp, nonce)
    user = "o" + uuid.uuid4().hex[:27]
    xml = (f"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
           f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
           f"<Content><![CDATA[{question}]]></Content><MsgId>{uuid.uuid4().int >> 65}</MsgId></xml>")
    return {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce}, xml.encode("utf-8")


def one(client: httpx.Client, question: str) -> tuple[float, int, bool]:
    params, body = message(question)
    started = time.perf_counter()
    r = client.post("/wechat", params=params, content=body)
    elapsed = time.perf_counter() - started
    r.raise_for_status()
    content = deserialize_reply(r.text).content
    return elapsed, len(content.encode("utf-8")), bool(MARK.search(content))


def summary(rows: list[tuple[float, int, bool]]) -> dict:
    times = sorted(t for t, _, _ in rows)

    def pct(p: float) -> float:
        return round(times[min(len(times) - 1, int(p * len(times)))] * 1000, 1)

    return {"messages": len(rows), "p50_ms": pct(0.5), "p95_ms": pct(0.95), "max_ms": round(times[-1] * 1000, 1),
            "over_4_5s": sum(t > 4.5 for t in times), "max_reply_bytes": max(b for _, b, _ in rows),
            "cited": sum(c for _, _, c in rows)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    questions = [json.loads(ln)["question"] for ln in QUESTIONS.read_text(encoding="utf-8").splitlines() if ln.strip()]
    port = free_port()
    env = {**os.environ, "WECHAT_TOKEN": TOKEN, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    server = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 300
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        # One keep-alive connection per sender, as WeChat's servers keep theirs.
        client = httpx.Client(base_url=url, timeout=30)
        one(client, questions[0])  # warm the connection path
        sequential = summary([one(client, q) for q in questions])
        with ThreadPoolExecutor(args.concurrency) as pool:
            clients = [httpx.Client(base_url=url, timeout=30) for _ in range(args.concurrency)]
            concurrent = summary(list(pool.map(lambda iq: one(clients[iq[0] % len(clients)], iq[1]),
                                               enumerate(questions))))
        print(json.dumps({"sequential": sequential, f"concurrent_{args.concurrency}": concurrent,
                          "cpus": os.cpu_count(), "load_average": os.getloadavg()}, ensure_ascii=False, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()

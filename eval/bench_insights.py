"""Time the 看板's queries on a large question log: 100,000 synthetic records in a temporary SQLite store.

    python -m eval.bench_insights [--records 100000] [--repeat 5]

Prints the time to write the records, the median time of ``insights(days=180)`` and of the full CSV export.
The target: insights under one second on SQLite.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.questionlog import Record, SqlStore, csv_chunks, sqlite_url  # noqa: E402

TOPICS = """
停车位 养老服务 学校 地铁 医院 公园 垃圾分类 老旧小区改造 湘湖 亚运场馆 就业 房价 菜市场 充电桩 公交 道路拓宽 河道治理
空气质量 托育 社区食堂 电梯加装 图书馆 体育馆 数字经济 跨境电商 机场 高铁站 人才公寓 农村道路 文化礼堂 乡村振兴 钱塘江
萧山机场 夜间经济 老年大学 健身步道 污水处理 防汛 疫苗接种 义务教育 职业教育 创业补贴 企业上市
""".split()
FORMS = [
    "{t}太少了怎么办", "{t}太少怎么办", "{t}什么时候建好", "规划里{t}有什么安排", "{t}有哪些措施", "{t}的目标是什么",
    "我们小区附近的{t}问题", "{t}能不能多建一些", "请问{t}怎么样了", "关于{t}规划怎么说", "{t}在哪里", "{t}归谁管",
]
ENDINGS = ["", "？", "?", "。", "呢", "啊"]
CHANNELS = ["ui"] * 6 + ["wechat"] * 3 + ["api"]


def synthetic(n: int, now: datetime, seed: int = 7) -> list[Record]:
    """``n`` records over the last 180 days: varied wordings, three channels, about 30% refused."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        question = rng.choice(FORMS).format(t=rng.choice(TOPICS)) + rng.choice(ENDINGS)
        if rng.random() < 0.1:  # a long tail of one-off wordings
            question = f"{rng.randint(1, 999)}号{question}"
        found = rng.random() >= 0.3
        tasks = tuple(rng.sample(range(1, 61), rng.randint(1, 3))) if found else ()
        out.append(Record(
            channel=rng.choice(CHANNELS), question=question, found=found, tasks=tasks,
            route="fused", mode="llm", latency_ms=rng.uniform(200, 3000),
            at=now - timedelta(days=rng.uniform(0, 180)),
        ))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as folder:
        store = SqlStore(sqlite_url(Path(folder)))
        records = synthetic(args.records, now)
        start = time.perf_counter()
        for i in range(0, len(records), 5000):
            store.write(records[i : i + 5000])
        write_s = time.perf_counter() - start
        # Feedback on a few hundred answers, so the rated-down query has work to do.
        for r in records[:: max(1, len(records) // 500)]:
            store.rate(r.id, "down" if not r.found else "up", "没有回答我的问题" if not r.found else None)

        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            got = store.insights(days=180, now=now)
            timings.append(time.perf_counter() - start)
        csv_timings, size = [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            size = sum(len(chunk.encode("utf-8")) for chunk in csv_chunks(store.rows(days=180, now=now)))
            csv_timings.append(time.perf_counter() - start)
        db_mb = sum(p.stat().st_size for p in Path(folder).glob("questions.sqlite3*")) / 1e6
        store.close()

    print(f"records written: {args.records:,} in {write_s:.2f} s ({args.records / write_s:,.0f}/s), "
          f"database {db_mb:.1f} MB")
    print(f"insights(days=180): median {statistics.median(timings) * 1000:.0f} ms "
          f"(min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f}; {args.repeat} runs)")
    print(f"  questions {got['questions']:,}, refusal rate {got['refusal_rate']:.1%}, "
          f"{len(got['per_task'])} tasks cited, {len(got['unanswered'])} unanswered groups shown "
          f"(top: {got['unanswered'][0]['question']} ×{got['unanswered'][0]['count']}, "
          f"{got['unanswered'][0]['variants']} wordings), {len(got['rated_down'])} rated down")
    print(f"CSV export (180 days): median {statistics.median(csv_timings):.2f} s, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()

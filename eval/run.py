"""Score the assistant on eval/questions.jsonl: retrieval, facts and refusals, per retrieval mode.

    python -m eval.run                 # the table for dense, lexical and fused (README figures)
    python -m eval.run --calibrate     # fit the refusal thresholds on the dev split, then score
    python -m eval.run --by-kind       # also break the default down by question kind

Task-level metrics count answerable questions only: hit@1 / hit@3 (a gold task first / in the
first three), MRR. Fact accuracy: the answer contains every gold fact. Refusals: "answers" is
the share of answerable questions answered (found=true), "refuses" the share of out-of-scope
questions refused (found=false). Thresholds are fitted on the dev split; test-split figures are
the honest ones.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from assistant.answer import Answer, Assistant, Calibration
from assistant.config import Settings

HERE = Path(__file__).resolve().parent
QUESTIONS = [HERE / "questions.jsonl"]
CALIBRATION = HERE / "calibration.json"
CONFIGS = {
    "dense": dict(retrieval="dense", tokenizer="bigram"),
    "lexical (jieba words)": dict(retrieval="lexical", tokenizer="jieba"),
    "lexical (char bigrams)": dict(retrieval="lexical", tokenizer="bigram"),
    "fused (jieba words)": dict(retrieval="fused", tokenizer="jieba"),
    "fused (char bigrams)": dict(retrieval="fused", tokenizer="bigram"),
}


def load_questions(paths: list[Path]) -> list[dict]:
    out = []
    for p in paths:
        if p.exists():
            out += [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def ranked_tasks(ans: Answer) -> list[int]:
    """The task ranking behind an answer (the retrieval's, even when the answer was a refusal)."""
    if ans.retrieval is not None and ans.retrieval.tasks:
        return [t.task.number for t in ans.retrieval.tasks]
    return list(dict.fromkeys(c.task for c in ans.citations))


@dataclass
class Row:
    q: dict
    ranking: list[int]
    answer: Answer

    @property
    def answerable(self) -> bool:
        return bool(self.q["gold_tasks"])


def run(assistant: Assistant, questions: list[dict]) -> list[Row]:
    return [Row(q, ranked_tasks(a := assistant.ask(q["question"], q.get("history"))), a) for q in questions]


def score(rows: list[Row]) -> dict[str, float]:
    ans = [r for r in rows if r.answerable]
    oos = [r for r in rows if not r.answerable]

    def rank(r: Row) -> int | None:
        return next((i for i, t in enumerate(r.ranking, 1) if t in r.q["gold_tasks"]), None)

    ranks = [rank(r) for r in ans]
    n = max(1, len(ans))
    return {
        "n": len(rows),
        "hit@1": sum(1 for k in ranks if k == 1) / n,
        "hit@3": sum(1 for k in ranks if k and k <= 3) / n,
        "mrr": sum(1 / k for k in ranks if k) / n,
        "facts": sum(1 for r in ans if r.answer.found and all(f in r.answer.answer for f in r.q["facts"])) / n,
        "answers": sum(1 for r in ans if r.answer.found) / n,
        "refuses": sum(1 for r in oos if not r.answer.found) / max(1, len(oos)),
    }


def fit(assistant: Assistant, questions: list[dict]) -> Calibration:
    """Grid-search the refusal thresholds for the best balanced accuracy on these questions.

    The synonym threshold changes retrieval itself (stand-in words join the query), so each of its
    values is a fresh run; the other thresholds only read the features of that run.
    """
    best, best_key = Calibration(), (-1.0, 0.0)
    for synonym in (0.7, 0.75, 0.8, 0.85, 0.9, 1.01):
        assistant.calibration = Calibration(synonym=synonym)
        cal, key = _fit_thresholds(run(assistant, questions))
        if key > best_key:
            best, best_key = Calibration(**(cal.__dict__ | {"synonym": synonym})), key
    return best


def _fit_thresholds(rows: list[Row]) -> tuple[Calibration, tuple[float, float]]:
    feats = []
    for r in rows:
        ret = r.answer.retrieval
        if ret is None or r.answer.route != "search" and r.answer.found:
            continue  # exact routes never refuse
        english = r.q["kind"] == "english" or not any("\u4e00" <= c <= "\u9fff" for c in r.q["question"])
        feats.append((ret, english, r.answerable))
    grid = [round(x * 0.05, 2) for x in range(0, 21)]
    best, best_key = Calibration(), (-1.0, 0.0)
    combined = [round(0.6 + 0.1 * i, 2) for i in range(9)]
    for cov, dense, comb, miss in itertools.product(grid, grid, combined, [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0]):
        cal = Calibration(coverage=cov, dense=dense, dense_en=0.0, combined=comb, missing=miss)
        key = _balanced(cal, [f for f in feats if not f[1]])
        if key > best_key:
            best, best_key = cal, key
    en_best, en_key = 0.0, (-1.0, 0.0)
    for d in grid:
        key = _balanced(Calibration(dense_en=d), [f for f in feats if f[1]])
        if key > en_key:
            en_best, en_key = d, key
    fitted = Calibration(
        coverage=best.coverage, dense=best.dense, dense_en=en_best, combined=best.combined, missing=best.missing
    )
    return fitted, _balanced(fitted, feats)


def _balanced(cal: Calibration, feats) -> tuple[float, float]:
    pos = [cal.covered(ret, en) for ret, en, answerable in feats if answerable]
    neg = [not cal.covered(ret, en) for ret, en, answerable in feats if not answerable]
    if not pos or not neg:
        return (0.0, 0.0)
    balanced = (sum(pos) / len(pos) + sum(neg) / len(neg)) / 2
    # Tie-break towards refusing: inventing is worse than saying the plan does not cover it.
    return (round(balanced, 6), sum(neg) / len(neg))


def table(results: dict[str, dict[str, dict[str, float]]], split_names: list[str]) -> str:
    head = "| retrieval | split | n | hit@1 | hit@3 | MRR | facts | answers | refuses |"
    lines = [head, "|" + "---|" * 9]
    for name, by_split in results.items():
        for split in split_names:
            m = by_split[split]
            lines.append(
                f"| {name} | {split} | {m['n']} | {m['hit@1']:.2f} | {m['hit@3']:.2f} | {m['mrr']:.2f} | "
                f"{m['facts']:.2f} | {m['answers']:.2f} | {m['refuses']:.2f} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--calibrate", action="store_true", help="fit thresholds on dev and write eval/calibration.json"
    )
    parser.add_argument(
        "--configs", default=",".join(CONFIGS), help="comma-separated names from: " + ", ".join(CONFIGS)
    )
    parser.add_argument("--by-kind", action="store_true", help="break the default configuration down by kind")
    parser.add_argument("--show-misses", action="store_true", help="print the default's wrong answers")
    args = parser.parse_args(argv)

    questions = load_questions(QUESTIONS)
    if not questions:
        parser.error(f"no questions found in {QUESTIONS[0]}")
    base = Settings()
    default = next(
        n for n, c in CONFIGS.items() if c["retrieval"] == base.retrieval and c["tokenizer"] == base.tokenizer
    )
    calibration = json.loads(CALIBRATION.read_text(encoding="utf-8")) if CALIBRATION.exists() else {"thresholds": {}}
    results: dict[str, dict[str, dict[str, float]]] = {}
    default_rows: list[Row] = []
    for name in [c.strip() for c in args.configs.split(",") if c.strip()]:
        cfg = CONFIGS[name]
        # Each mode reads its own thresholds from eval/calibration.json (keyed "fused/bigram" …).
        assistant = Assistant(base.model_copy(update=cfg | {"calibration": CALIBRATION}))
        assistant.warm_up()
        if args.calibrate:
            dev = [q for q in questions if q.get("split") == "dev"]
            assistant.calibration = fit(assistant, dev)
            key = f"{cfg['retrieval']}/{cfg['tokenizer']}"
            calibration.setdefault("thresholds", {})[key] = assistant.calibration.__dict__
            print(f"{name}: fitted {assistant.calibration}", file=sys.stderr)
        rows = run(assistant, questions)
        results[name] = {
            "dev": score([r for r in rows if r.q.get("split") == "dev"]),
            "test": score([r for r in rows if r.q.get("split") == "test"]),
            "all": score(rows),
        }
        if name == default:
            default_rows = rows
    if args.calibrate:
        calibration["fitted_on"] = "dev split of eval/questions.jsonl"
        calibration["command"] = "python -m eval.run --calibrate"
        CALIBRATION.write_text(json.dumps(calibration, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(results, ["test", "all"]))
    answerable = sum(1 for q in questions if q["gold_tasks"])
    print(
        f"\ndefault: {default}; {len(questions)} questions "
        f"({answerable} answerable, {len(questions) - answerable} out of scope)"
    )
    if args.by_kind and default_rows:
        kinds = sorted({r.q["kind"] for r in default_rows})
        print("\n| kind | n | hit@1 | hit@3 | facts | answers | refuses |\n|---|---|---|---|---|---|---|")
        for k in kinds:
            m = score([r for r in default_rows if r.q["kind"] == k])
            cells = [m["hit@1"], m["hit@3"], m["facts"], m["answers"], m["refuses"]]
            print(f"| {k} | {m['n']} | " + " | ".join(f"{c:.2f}" for c in cells) + " |")
    if args.show_misses and default_rows:
        for r in default_rows:
            wrong_rank = r.answerable and (not r.ranking or r.ranking[0] not in r.q["gold_tasks"])
            wrong_found = r.answer.found != r.answerable
            wrong_fact = r.answerable and r.answer.found and not all(f in r.answer.answer for f in r.q["facts"])
            if wrong_rank or wrong_found or wrong_fact:
                ret = r.answer.retrieval
                feat = f"cov={ret.coverage:.2f} dense={ret.dense_top:.2f}" if ret else ""
                print(
                    f"- {r.q['id']} [{r.q['kind']}] {r.q['question']} gold={r.q['gold_tasks']} got={r.ranking[:3]} "
                    f"found={r.answer.found} {feat} facts={r.q['facts']}"
                    + (" RANK" if wrong_rank else "")
                    + (" FOUND" if wrong_found else "")
                    + (" FACT" if wrong_fact else "")
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Score the assistant on its question sets: retrieval, facts and refusals, per split.

    python -m eval.run                 # the tables for the default configuration (docs/evaluation.md figures)
    python -m eval.run --modes         # also dense-only and lexical-only retrieval
    python -m eval.run --calibrate     # fit the "does the plan cover it" thresholds on the dev splits, then score
    python -m eval.run --calibrate-whole  # refit only focus_whole and the low tier (every dev split), the others kept
    python -m eval.run --by-kind       # break each set down by question kind
    python -m eval.run --show-misses   # list the default's wrong answers (dev split only, to tune on)
    python -m eval.run --curve         # answered vs refused as the focus threshold moves (docs/evaluation.md)

The sets are ``SETS`` below: the first set (``questions.jsonl``, written for the plan), the residents'
(``residents.jsonl``, written from residents' lives before the plan was read), helpers' probes written
from the plan alone (``probes*.jsonl``: test splits, reported, never fitted on) and dev sets written to be
read and tuned on (``*-dev*.jsonl``); docs/evaluation.md says what each split has seen. A question is in
scope when the plan answers it (``in_scope``, or, in the first set, a gold task). Metrics, over in-scope
questions: hit@1 / hit@3 (a gold task first / in the first three), answered (found=true), facts
(answered and the answer holds every gold fact); over out-of-scope ones: refused (found=false).
Thresholds are fitted on the dev splits of the first two sets (``focus_whole`` on every dev split);
test-split figures are the honest ones.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from assistant.answer import Assistant
from assistant.config import Settings
from assistant.search import Calibration
from assistant.types import Answer, Route

HERE = Path(__file__).resolve().parent
SETS = {"first": HERE / "questions.jsonl", "residents": HERE / "residents.jsonl", "probes": HERE / "probes.jsonl",
        "wechat": HERE / "probes-wechat.jsonl", "final": HERE / "probes-final.jsonl",
        "everyday": HERE / "probes-everyday.jsonl", "everyday-dev": HERE / "everyday-dev.jsonl",
        "mentions-dev": HERE / "mentions-dev.jsonl", "residents2": HERE / "probes-residents2.jsonl",
        "residents3": HERE / "probes-residents3.jsonl", "residents4": HERE / "probes-residents4.jsonl",
        "residents5": HERE / "probes-residents5.jsonl", "residents6": HERE / "probes-residents6.jsonl",
        "residents7": HERE / "probes-residents7.jsonl", "residents8": HERE / "probes-residents8.jsonl",
        "residents9": HERE / "probes-residents9.jsonl", "residents10": HERE / "probes-residents10.jsonl",
        "residents11": HERE / "probes-residents11.jsonl", "residents12": HERE / "probes-residents12.jsonl",
        "residents13": HERE / "probes-residents13.jsonl", "residents14": HERE / "probes-residents14.jsonl",
        "residents15": HERE / "probes-residents15.jsonl", "residents16": HERE / "probes-residents16.jsonl",
        "residents17": HERE / "probes-residents17.jsonl", "residents18": HERE / "probes-residents18.jsonl",
        "residents19": HERE / "probes-residents19.jsonl",
        "residents-dev2": HERE / "residents-dev2.jsonl", "residents-dev3": HERE / "residents-dev3.jsonl",
        "residents-dev4": HERE / "residents-dev4.jsonl", "residents-dev5": HERE / "residents-dev5.jsonl",
        "residents-dev6": HERE / "residents-dev6.jsonl", "residents-dev7": HERE / "residents-dev7.jsonl",
        "residents-dev8": HERE / "residents-dev8.jsonl", "residents-dev9": HERE / "residents-dev9.jsonl",
        "residents-dev10": HERE / "residents-dev10.jsonl",
        "residents-dev11": HERE / "residents-dev11.jsonl",
        "residents-dev12": HERE / "residents-dev12.jsonl", "residents-dev13": HERE / "residents-dev13.jsonl",
        "residents-dev14": HERE / "residents-dev14.jsonl", "residents-dev15": HERE / "residents-dev15.jsonl",
        "residents-dev16": HERE / "residents-dev16.jsonl",
        "residents-dev17": HERE / "residents-dev17.jsonl", "residents-dev18": HERE / "residents-dev18.jsonl",
        "residents-dev19": HERE / "residents-dev19.jsonl",
        "residents-dev20": HERE / "residents-dev20.jsonl", "residents-dev21": HERE / "residents-dev21.jsonl",
        "residents-dev22": HERE / "residents-dev22.jsonl", "residents-dev23": HERE / "residents-dev23.jsonl"}
FITTED_ON = ("first", "residents")  # the probes are reported, never fitted on (docs/evaluation.md says why)
CALIBRATION = HERE / "calibration.json"
MODES = {
    "fused": dict(retrieval="fused", tokenizer="bigram"),
    "dense": dict(retrieval="dense", tokenizer="bigram"),
    "lexical": dict(retrieval="lexical", tokenizer="bigram"),
}


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def in_scope(q: dict) -> bool:
    return bool(q["in_scope"]) if "in_scope" in q else bool(q["gold_tasks"])


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
        return in_scope(self.q)

    @property
    def right(self) -> bool:
        """Answered with every gold fact when in scope; refused when not."""
        if self.answerable:
            return self.answer.found and all(f in self.answer.answer for f in self.q["facts"])
        return not self.answer.found


def run(assistant: Assistant, questions: list[dict]) -> list[Row]:
    return [Row(q, ranked_tasks(a := assistant.ask(q["question"], history(assistant, q))), a) for q in questions]


def history(assistant: Assistant, q: dict) -> list[dict] | None:
    """A question's earlier turns; a user turn written without its answer is answered now, as in a chat."""
    written = q.get("history") or []
    turns: list[dict] = []
    for i, turn in enumerate(written):
        turns.append(turn)
        if turn["role"] == "user" and (i + 1 == len(written) or written[i + 1]["role"] == "user"):
            turns.append({"role": "assistant", "content": assistant.ask(turn["content"], turns[:-1] or None).answer})
    return turns or None


def score(rows: list[Row]) -> dict[str, float]:
    ans = [r for r in rows if r.answerable]
    ranked = [r for r in ans if r.q["gold_tasks"]]
    oos = [r for r in rows if not r.answerable]

    def rank(r: Row) -> int | None:
        return next((i for i, t in enumerate(r.ranking, 1) if t in r.q["gold_tasks"]), None)

    ranks = [rank(r) for r in ranked]
    n, m = max(1, len(ans)), max(1, len(ranked))
    return {
        "n": len(rows), "in": len(ans), "out": len(oos),
        "hit@1": sum(1 for k in ranks if k == 1) / m,
        "hit@3": sum(1 for k in ranks if k and k <= 3) / m,
        "answers": sum(1 for r in ans if r.answer.found) / n,
        "facts": sum(1 for r in ans if r.right) / n,
        "refuses": sum(1 for r in oos if not r.answer.found) / max(1, len(oos)),
        "right": sum(1 for r in rows if r.right) / max(1, len(rows)),
    }


# ---- calibration ---------------------------------------------------------------------------------


def features(rows: list[Row], assistant: Assistant) -> list[tuple[float, float, bool, bool, bool, str, bool]]:
    """(focus share, cosine, english, in scope, lacks, set, whole) of each search-routed question (partial = not
    in scope); whole: no focus word is missing from the plan.

    The cosine is to the best whole task for a Chinese question, to the best sentence for an English
    one. ``lacks``: were it answered, the quotes would not hold what it asks for (a date, a count), or it
    asks about another place (滨江), so it would get the partial answer anyway: the thresholds need not refuse it.
    """
    out = []
    for r in rows:
        ret = r.answer.retrieval
        if ret is None or r.answer.route not in (Route.SEARCH, Route.PARTIAL) or r.q.get("history"):
            continue
        query = assistant.router.understand(r.q["question"])
        lacks = bool(ret.tasks) and (bool(query.elsewhere) or assistant.searcher.lacks_asked_value(
            query, assistant.searcher.quote(query, ret).citations) is not None)  # (another place's: partial too)
        english = r.q["kind"] == "english" or not any("\u4e00" <= c <= "\u9fff" for c in r.q["question"])
        out.append((ret.focus_share, ret.dense_top if english else ret.task_top, english, r.answerable, lacks,
                    r.q.get("set", ""), ret.focus_whole))
    return out


REFUSE_AT_LEAST = 0.95  # the refusal rate the thresholds must keep on each set's dev split; within it, answer the most


def outcomes(cal: Calibration, feats) -> tuple[list[bool], dict[str, list[bool]]]:
    """Under these thresholds: for each in-scope question whether it is answered, and for each out-of-scope
    one, by set, whether it is refused (or would get the partial answer anyway)."""
    pos = [cal.covered(s, c, en, whole) and not lacks for s, c, en, ok, lacks, _, whole in feats if ok]
    neg: dict[str, list[bool]] = {}
    for s, c, en, ok, lacks, group, whole in feats:
        if not ok:
            neg.setdefault(group, []).append(not cal.covered(s, c, en, whole) or lacks)
    return pos, neg


def balanced(cal: Calibration, feats) -> tuple[bool, float, float]:
    """The key to maximise: answer the most while refusing enough (inventing is worse than "not covered").

    Enough means on every question set (the lowest set's rate), not pooled: a population of
    questions the thresholds fail must not hide behind one they suit.
    """
    pos, neg = outcomes(cal, feats)
    if not pos or not neg:
        return (False, 0.0, 0.0)
    refused, answered = min(sum(v) / len(v) for v in neg.values()), round(sum(pos) / len(pos), 6)
    if refused >= REFUSE_AT_LEAST:
        return (True, answered, refused)
    return (False, refused, answered)  # short of the bar: refuse as much as possible first


def fit(assistant: Assistant, questions: list[dict]) -> Calibration:
    """Grid-search the thresholds that answer the most of these (dev) questions while refusing ≥ 95 % of the rest.

    The neighbour thresholds (the encoder's and the word vectors') change retrieval and coverage
    themselves (stand-in words join the query), so each combination of them is a fresh run; the
    other thresholds only read the features of that run.
    """
    best, best_key = Calibration(), (False, -1.0, 0.0)
    grid = [round(0.05 * i, 2) for i in range(0, 21)]
    neighbours = itertools.product((0.7, 0.8), (0.75, 0.85, 1.01), (0.5, 0.55, 0.6, 0.65, 0.7),
                                   (0.6, 0.65, 0.7, 0.75, 0.8, 1.01))
    for synonym, cover, wv_synonym, wv_cover in neighbours:
        if cover < synonym or wv_cover < wv_synonym:
            continue
        near = dict(synonym=synonym, cover=cover, wv_synonym=wv_synonym, wv_cover=wv_cover)
        assistant.searcher.calibration = Calibration(**near)
        feats = features(run(assistant, questions), assistant)
        zh = [f for f in feats if not f[2]]
        en = [f for f in feats if f[2]]
        for focus, partial, cos in itertools.product([0.5, 0.6, 0.7, 0.8, 0.9, 0.99], grid, grid):
            cal = Calibration(focus=focus, focus_partial=partial, task_cos=cos, **near)
            key = balanced(cal, zh)
            if key > best_key:
                best, best_key = cal, key
        en_best = max(itertools.product(grid, [0.6, 0.7, 0.8, 0.9, 1.01]),
                      key=lambda c: balanced(replace(best, sentence_cos_en=c[0], focus_en=c[1]), en))
        if (best.synonym, best.cover, best.wv_synonym, best.wv_cover) == (synonym, cover, wv_synonym, wv_cover):
            best = replace(best, sentence_cos_en=en_best[0], focus_en=en_best[1])
    assistant.searcher.calibration = best
    return best


def fit_whole(assistant: Assistant, questions: list[dict]) -> Calibration:
    """The focus share at which a Chinese question whose every focus word the plan has (none missing: the best
    task has some, others the rest) is covered, the other thresholds kept: the lowest that answers the most of
    these (every dev split) while no set's refusals fall, nor any below 95 % (a set already under it: not lower).
    Then the low tier (``focus_low``, ``task_cos_high``): the pair that answers the most while no set refuses less.
    """
    kept = replace(assistant.searcher.calibration, focus_low=1.01, task_cos_high=1.01)  # (the low tier fitted after)
    assistant.searcher.calibration = kept
    zh = [f for f in features(run(assistant, questions), assistant) if not f[2]]

    def rates(cal: Calibration) -> tuple[float, dict[str, float]]:
        pos, neg = outcomes(cal, zh)
        return sum(pos) / max(1, len(pos)), {g: sum(v) / len(v) for g, v in neg.items()}

    _, floor = rates(replace(kept, focus_whole=1.01))
    best = replace(kept, focus_whole=1.01)
    for w in (0.9, 0.8, 0.7, 0.6, 0.5):  # lower answers more; kept only while every set still refuses enough
        answered, refused = rates(candidate := replace(kept, focus_whole=w))
        if all(refused[g] >= min(REFUSE_AT_LEAST, floor[g]) for g in floor) and answered > rates(best)[0]:
            best = candidate
    # and the low tier: a few focus words covered in a task the question is very close to in meaning (no set's
    # refusals may fall)
    _, floor = rates(replace(best, focus_low=1.01, task_cos_high=1.01))
    kept, best = best, replace(best, focus_low=1.01, task_cos_high=1.01)
    for low, cos in itertools.product((0.3, 0.2, 0.1), (0.45, 0.4, 0.37, 0.35, 0.33)):  # (a tie: the stricter)
        answered, refused = rates(candidate := replace(kept, focus_low=low, task_cos_high=cos))
        if all(refused[g] >= floor[g] for g in floor) and answered > rates(best)[0]:
            best = candidate
    assistant.searcher.calibration = best
    return best


def curve(rows: list[Row], assistant: Assistant) -> str:
    """Answered share of in-scope and refused share of out-of-scope questions as the focus threshold moves."""
    feats = [f for f in features(rows, assistant) if not f[2]]
    cal = Calibration.load(CALIBRATION, "fused/bigram")
    lines = ["| focus covered at least | in scope answered | out of scope refused |", "|---|---|---|"]
    for share in [round(0.1 * i, 1) for i in range(0, 11)]:
        c = replace(cal, focus=share)
        pos, by_set = outcomes(c, feats)
        neg = [r for refused in by_set.values() for r in refused]
        mark = " (fitted)" if abs(share - cal.focus) < 1e-9 else ""
        lines.append(f"| {share:.1f}{mark} | {sum(pos) / max(1, len(pos)):.2f} | {sum(neg) / max(1, len(neg)):.2f} |")
    return "\n".join(lines)


# ---- reporting -----------------------------------------------------------------------------------


def table(results: dict[str, dict[str, float]]) -> str:
    lines = ["| set / split | n (in/out) | hit@1 | hit@3 | answered | facts | refused | right |", "|" + "---|" * 8]
    for name, m in results.items():
        lines.append(f"| {name} | {m['n']} ({m['in']}/{m['out']}) | {m['hit@1']:.2f} | {m['hit@3']:.2f} | "
                     f"{m['answers']:.2f} | {m['facts']:.2f} | {m['refuses']:.2f} | {m['right']:.2f} |")
    return "\n".join(lines)


def by_kind(rows: list[Row]) -> str:
    lines = ["| kind | n | answered | facts | refused | right |", "|---|---|---|---|---|---|"]
    for k in sorted({r.q["kind"] for r in rows}):
        m = score([r for r in rows if r.q["kind"] == k])
        cells = [m["answers"], m["facts"], m["refuses"], m["right"]]
        lines.append(f"| {k} | {m['n']} | " + " | ".join(f"{c:.2f}" for c in cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calibrate", action="store_true", help="fit thresholds on dev, write eval/calibration.json")
    parser.add_argument("--calibrate-whole", action="store_true",
                        help="refit only focus_whole on every dev split, the other thresholds kept")
    parser.add_argument("--modes", action="store_true", help="also score dense-only and lexical-only retrieval")
    parser.add_argument("--by-kind", action="store_true", help="break each set down by question kind")
    parser.add_argument("--show-misses", action="store_true", help="print wrong answers of the dev splits")
    parser.add_argument("--curve", action="store_true", help="answered vs refused as task_cos moves (test splits)")
    args = parser.parse_args(argv)

    sets = {name: load(path) for name, path in SETS.items()}
    base = Settings()
    calibration = json.loads(CALIBRATION.read_text(encoding="utf-8")) if CALIBRATION.exists() else {"thresholds": {}}
    for mode in (MODES if args.modes else {"fused": MODES["fused"]}):
        cfg = MODES[mode]
        assistant = Assistant(base.model_copy(update=cfg | {"calibration": CALIBRATION}))
        assistant.warm_up()
        if args.calibrate:
            dev = [q | {"set": name} for name in FITTED_ON for q in sets[name] if q["split"] == "dev"]
            fitted = fit(assistant, dev)
            calibration.setdefault("thresholds", {})[f"{cfg['retrieval']}/{cfg['tokenizer']}"] = asdict(fitted)
            print(f"{mode}: fitted {fitted}", file=sys.stderr)
        if args.calibrate or args.calibrate_whole:
            dev = [q | {"set": name} for name, qs in sets.items() for q in qs if q["split"] == "dev"]
            fitted = fit_whole(assistant, dev)
            calibration.setdefault("thresholds", {})[f"{cfg['retrieval']}/{cfg['tokenizer']}"] = asdict(fitted)
            print(f"{mode}: focus_whole {fitted.focus_whole}, focus_low {fitted.focus_low}, "
                  f"task_cos_high {fitted.task_cos_high}", file=sys.stderr)
        results, all_rows = {}, {}
        for name, questions in sets.items():
            rows = all_rows[name] = run(assistant, questions)
            for split in ("dev", "test"):
                if in_split := [r for r in rows if r.q["split"] == split]:
                    results[f"{name} / {split}"] = score(in_split)
        print(f"\n## {mode} retrieval\n")
        print(table(results))
        residents = [r for r in all_rows["residents"] if r.q["split"] == "test"]
        own = [r for r in residents if r.q["kind"] == "resident" and r.answerable]
        plan = [r for r in residents if r.q["kind"] in ("plan", "mention")]
        print(f"\nresidents / test: own wording answered right {sum(r.right for r in own)}/{len(own)}, "
              f"plan itself and mention questions right {sum(r.right for r in plan)}/{len(plan)}")
        if args.by_kind:
            for name, rows in all_rows.items():
                print(f"\n### {name} / test, by kind\n\n" + by_kind([r for r in rows if r.q["split"] == "test"]))
        if args.curve:
            test = [r for name in FITTED_ON for r in all_rows[name] if r.q["split"] == "test"]
            print("\n### the refusal curve (Chinese search questions, test splits)\n\n" + curve(test, assistant))
        if args.show_misses:
            for rows in all_rows.values():
                for r in rows:
                    if r.q["split"] == "dev" and not r.right:
                        ret = r.answer.retrieval
                        feat = f"share={ret.focus_share:.2f} task={ret.task_top:.2f}" if ret else ""
                        print(f"- {r.q['id']} [{r.q['kind']}] {r.q['question']} gold={r.q['gold_tasks']} "
                              f"got={r.ranking[:3]} route={r.answer.route} found={r.answer.found} {feat} "
                              f"facts={r.q['facts']} | {r.answer.answer[:60]!r}")
    if args.calibrate or args.calibrate_whole:
        calibration["fitted_on"] = ("dev splits of eval/questions.jsonl and eval/residents.jsonl; focus_whole, "
                                    "focus_low and task_cos_high on every dev split, the others kept")
        calibration["command"] = ("python -m eval.run --calibrate (focus_whole, focus_low and task_cos_high alone: "
                                  "--calibrate-whole)")
        CALIBRATION.write_text(json.dumps(calibration, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

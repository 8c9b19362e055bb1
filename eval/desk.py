"""Score the civil servants' desk on its question sets and the hand-counted targets.

    python -m eval.desk            # markdown table (README figures)
    python -m eval.desk --show     # also print every question that is not fully right

Lists: completeness = share of the gold tasks (every task whose text holds the topic, found by
plain substring search on the raw plan when the question set was built) that the answer cites;
precision = share of cited tasks that are gold; exact = cited list equals the gold list, in task
order; a question with no gold task is right when the answer says the plan does not mention it.
Targets: the extractor's rows against eval/targets-gold.jsonl (counted by hand from the plan),
and the target questions (gold tasks cited, every gold fact in the answer). Names: the question
is answered by the name route, citing exactly the gold tasks, with the name in the answer; and
every indexed name, asked as "“X”是什么？", resolves to its own tasks.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from assistant.answer import Answer, Assistant
from assistant.config import Settings

HERE = Path(__file__).resolve().parent
# The first set, and list questions phrased around the topic (frozen before the router learnt them).
QUESTIONS = {"first": HERE / "questions-desk.jsonl", "residents": HERE / "residents-desk.jsonl"}
TARGETS_GOLD = HERE / "targets-gold.jsonl"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def cited(ans: Answer) -> list[int]:
    return list(dict.fromkeys(c.task for c in ans.citations))


def score_question(q: dict, ans: Answer) -> dict:
    """Per-question figures: recall and precision of the cited tasks, facts, and whether all is right."""
    gold, got = q["gold_tasks"], cited(ans)
    facts = all(f in ans.answer for f in q["facts"])
    if not gold:
        right = not ans.found and not got
        return {"recall": None, "precision": None, "right": right, "facts": facts}
    hit = len(set(gold) & set(got))
    recall, precision = hit / len(gold), hit / len(got) if got else 0.0
    if q["kind"] == "list":
        right = got == gold and facts and ans.route == "list"
    elif q["kind"] == "name":
        right = set(got) == set(gold) and facts and ans.route == "name"
    else:
        right = set(gold) <= set(got) and facts and ans.route == "targets" and ans.found
    return {"recall": recall, "precision": precision, "right": right, "facts": facts}


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else float("nan")


def target_rows_match(assistant: Assistant) -> dict:
    gold = load(TARGETS_GOLD)
    got = [(t.task, t.kind, t.what, t.amount, t.deadline) for t in assistant.desk.catalog.targets]
    want = [(g["task"], g["kind"], g["what"], g["amount"], g["deadline"]) for g in gold]
    return {"hand": len(want), "extracted": len(got), "matched": len(set(got) & set(want)),
            "hand_targets": sum(1 for w in want if w[1] == "target"),
            "extracted_targets": sum(1 for g in got if g[1] == "target"),
            "missing": sorted(set(want) - set(got)), "extra": sorted(set(got) - set(want))}


def names_self_resolution(assistant: Assistant) -> tuple[int, int, list[str]]:
    """Ask "“X”是什么？" for every indexed name; right when the name route cites exactly its tasks."""
    wrong = []
    names = assistant.desk.catalog.names
    for n in names:
        ans = assistant.ask(f"“{n.name}”是什么？")
        if ans.route != "name" or cited(ans) != n.tasks:
            wrong.append(n.name)
    return len(names) - len(wrong), len(names), wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.desk", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true",
                        help="print the dev-split questions that are not fully right (tune on these only)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(Settings(index_dir=Path(tmp)))
        assistant.warm_up()
        rows = []
        for name, path in QUESTIONS.items():
            for q in load(path):
                ans = assistant.ask(q["question"])
                rows.append((q | {"set": name}, ans, score_question(q, ans)))
        targets = target_rows_match(assistant)
        named_ok, named_all, named_wrong = names_self_resolution(assistant)

    print("| set | questions | split | n | completeness (recall) | precision | fully right |")
    print("|---|---|---|---|---|---|---|")
    for name in QUESTIONS:
        for kind in ("list", "target", "name"):
            for split in ("dev", "test"):
                sel = [r for r in rows if r[0]["set"] == name and r[0]["kind"] == kind and r[0]["split"] == split]
                if not sel:
                    continue
                rec = [r[2]["recall"] for r in sel if r[2]["recall"] is not None]
                pre = [r[2]["precision"] for r in sel if r[2]["precision"] is not None]
                right = sum(r[2]["right"] for r in sel)
                print(f"| {name} | {kind} | {split} | {len(sel)} | {mean(rec):.3f} | {mean(pre):.3f} | "
                      f"{right}/{len(sel)} |")
    print()
    print("| targets table | figure |")
    print("|---|---|")
    print(f"| numbers the plan states (hand count) | {targets['hand']} |")
    print(f"| rows extracted | {targets['extracted']} |")
    print(f"| rows equal to the hand count (task, kind, what, amount, deadline) | {targets['matched']} |")
    print(f"| quantitative targets: hand / extracted | {targets['hand_targets']} / {targets['extracted_targets']} |")
    print(f"| names resolved (“X”是什么？ → its tasks) | {named_ok}/{named_all} |")
    if args.show:
        for q, ans, s in rows:
            if not s["right"] and q["split"] == "dev":
                print(f"\n{q['id']} {q['question']} gold={q['gold_tasks']} cited={cited(ans)} route={ans.route}")
                print(ans.answer)
        for label in ("missing", "extra"):
            for row in targets[label]:
                print(f"target {label}: {row}")
        for n in named_wrong:
            print(f"name not resolved: {n}")
    ok = all(s["right"] for _, _, s in rows) and targets["matched"] == targets["hand"] == targets["extracted"]
    return 0 if ok and not named_wrong else 1


if __name__ == "__main__":
    sys.exit(main())

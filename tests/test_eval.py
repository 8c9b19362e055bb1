"""The evals run end to end and the default stays at the quality docs/evaluation.md reports."""

from eval.run import SETS, in_scope, load, run, score


def test_question_sets_are_well_formed(assistant):
    for name, path in SETS.items():
        qs = load(path)
        assert len(qs) >= 40 and len({q["id"] for q in qs}) == len(qs), name
        assert sum(1 for q in qs if not in_scope(q)) >= 10
        plan = "".join(d.text for d in assistant.corpus.documents.values())
        for q in qs:
            for fact in q["facts"]:
                assert fact in plan, (q["id"], fact)  # facts are the plan's own words


def test_default_quality_floor(assistant):
    m = score(run(assistant, load(SETS["first"])))
    # Floors a little under the documented figures: a drop below them is a regression to look at.
    assert m["hit@1"] >= 0.88 and m["hit@3"] >= 0.95
    assert m["refuses"] >= 0.9 and m["answers"] >= 0.75
    r = score(run(assistant, load(SETS["residents"])))
    # (refusals 0.86 → 0.84 with focus_whole, fitted on dev: docs/evaluation.md, the eleventh round)
    assert r["refuses"] >= 0.82 and r["answers"] >= 0.5 and r["hit@3"] >= 0.85

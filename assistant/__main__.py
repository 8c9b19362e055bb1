"""Command line: ``python -m assistant build-index`` and ``python -m assistant ask "问题" [--json]``."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from .answer import Assistant
from .config import Settings
from .corpus import load_corpus
from .embed import make_embedder
from .store import load_or_build
from .synonyms import word_vectors


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    print(f"\rembedding sentences [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)
    if done >= total:
        print(file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build-index", help="embed the plan and write the FAISS index")
    b.add_argument("--force", action="store_true", help="rebuild even if the index is current")
    a = sub.add_parser("ask", help="answer one question")
    a.add_argument("question")
    a.add_argument("--json", action="store_true", help="print the API's JSON answer")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings()

    if args.command == "build-index":
        corpus = load_corpus(settings.source)
        embedder = make_embedder(settings.embedder, settings.embed_model, settings.embed_threads)
        store = load_or_build(corpus, embedder, settings.index_dir, progress=_progress, rebuild=args.force)
        word_vectors(settings.index_dir)  # converted once here, so the server's workers only map the file
        m = store.manifest
        print(f"index ready: {m['count']} sentences, {m['dim']}-d, embedder {m['embedder']}, built {m['built_at']}")
        return 0

    if not args.question.strip():
        parser.error("the question is empty: ask something, e.g. python -m assistant ask \"第22条\"")
    assistant = Assistant(settings)
    assistant.warm_up(progress=_progress)
    reply = assistant.ask(args.question)
    if args.json:
        print(json.dumps(reply.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(reply.answer)
        for c in reply.citations:
            print(f"  【{c.task}】 {c.quote}  (chars {c.start}-{c.end})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

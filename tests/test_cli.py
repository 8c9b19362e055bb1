"""The command line: build-index and ask, as a person runs them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args, index_dir, **kw):
    env = os.environ | {"ASSISTANT_INDEX_DIR": str(index_dir)}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, **kw
    )


def test_build_index_then_ask_json(tmp_path):
    built = run(["build-index"], tmp_path)
    assert built.returncode == 0, built.stderr
    assert "index ready: 97 sentences, 512-d" in built.stdout
    asked = run(["ask", "到2025年建设多少个未来社区？", "--json"], tmp_path)
    assert asked.returncode == 0, asked.stderr
    body = json.loads(asked.stdout)
    assert body["found"] and body["citations"][0]["task"] == 13 and "未来社区50个" in body["answer"]


def test_ask_plain_text_shows_quotes_with_offsets(tmp_path):
    out = run(["ask", "第22条"], tmp_path)
    assert out.returncode == 0 and out.stdout.startswith("第22条 构建绿色发展体系")
    assert "【22】" in out.stdout and "chars " in out.stdout


def test_empty_question_is_a_usage_error(tmp_path):
    out = run(["ask", "  "], tmp_path)
    assert out.returncode == 2 and "the question is empty" in out.stderr

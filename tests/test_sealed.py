"""The suite does not depend on the shell it runs in: exported ASSISTANT_* and WECHAT_* settings are ignored."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import DATA_DIR, ROOT


def test_no_assistant_setting_reaches_the_tests():
    leaked = {k: v for k, v in os.environ.items() if k.startswith(("ASSISTANT_", "WECHAT_"))}
    assert leaked == {"ASSISTANT_DATA_DIR": DATA_DIR}  # the suite's own scratch folder, nothing from the shell


def test_a_shell_with_keys_a_model_and_redis_exported_runs_the_api_tests_unchanged(tmp_path):
    env = {**os.environ, "ASSISTANT_API_KEYS": "k1", "ASSISTANT_LLM_BASE_URL": "http://127.0.0.1:9/v1",
           "ASSISTANT_LLM_MODEL": "real-model", "ASSISTANT_REDIS_URL": "redis://127.0.0.1:9/0",
           "ASSISTANT_RATE_LIMIT": "1/hour", "WECHAT_TOKEN": "shell-token", "ASSISTANT_INDEX_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_api.py",
                          "tests/test_sealed.py::test_no_assistant_setting_reaches_the_tests"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]

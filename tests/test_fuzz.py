"""Fuzz every JSON operation the app's own OpenAPI schema lists, valid and invalid inputs alike.

schemathesis generates requests from the app's OpenAPI schema and sends them through the real
app (real encoder, real index): no answer may be a server error, and every response must match
what the schema documents (status code, content type, body). New endpoints are fuzzed as soon
as they appear in the schema; only non-JSON ones (the WeChat XML callback) are left out.

The operations are read from ``create_app(...).openapi()`` at collection time (no index needed
for that), so each one is its own test. schemathesis' own pytest decorator is not used: it
relies on a pytest node attribute that pytest 9 no longer has.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from assistant.answer import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 40  # per operation and mode: enough to hit the limits and odd inputs, quick enough for CI
SKIP = ("/wechat",)  # XML with signatures, not described as JSON


def _schema():
    from app import create_app

    # The schema only needs the routes: an assistant that is never warmed up is enough.
    raw = create_app(assistant=Assistant(Settings()), ui=False).openapi()
    return schemathesis.openapi.from_dict(raw)


SCHEMA = _schema()
OPERATIONS = [
    (method.upper(), path, bool(op.get("parameters") or op.get("requestBody")))
    for path, item in SCHEMA.raw_schema["paths"].items()
    for method, op in item.items()
    if method in ("get", "post", "put", "patch", "delete") and not path.startswith(SKIP)
]
# Valid inputs for every operation; invalid ones wherever there is an input to get wrong.
CASES = [
    pytest.param(method, path, mode, id=f"{method} {path} {mode.value}")
    for method, path, has_input in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if has_input or mode is GenerationMode.POSITIVE
]


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_operation_never_fails_and_matches_its_schema(app, method, path, mode):
    operation = SCHEMA[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(checks=CHECKS, app=app)

    run()


def test_schema_lists_the_core_operations():
    """The fuzz above covers at least the core API (a schema that lost it would pass vacuously)."""
    listed = {(method, path) for method, path, _ in OPERATIONS}
    assert {("POST", "/api/ask"), ("GET", "/api/tasks"), ("GET", "/api/tasks/{number}"),
            ("GET", "/api/sections"), ("GET", "/healthz")} <= listed

"""Schemathesis against a running mock: the mock honours the contract, both ways.

Positive cases (valid bodies) must be answered 2xx with a body valid under
the contract; negative cases (bodies, types and values the contract
forbids) must be rejected with a documented 4xx. Every response is checked
for status, content type, headers and schema conformance, and requests
without or with a wrong key must get 401. ``EXCLUDED_CHECKS`` says which
check does not apply and why. ``make contract`` runs the same suite with
thousands of cases.
"""

from __future__ import annotations

from typing import Any

import schemathesis

from claude_3_sonnet.mock import MockServer
from claude_3_sonnet.testing.contract import EXCLUDED_CHECKS, schemathesis_spec

from .mock_helpers import MOCK_API_KEY

MAX_EXAMPLES = 100
SEED = 20240229


CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "headers": {"Authorization": f"Bearer {MOCK_API_KEY}"},
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "database": "none"},
        "checks": {name: {"enabled": False} for name in EXCLUDED_CHECKS},
    }
)
# Loaded at import; the mock's address is only known once the session fixture
# runs, so each call names it. (`schemathesis.pytest.from_fixture` would be
# the natural fit, but 4.32.5 reads `Function._nodeid`, which pytest 9 removed.)
schema = schemathesis.openapi.from_dict(schemathesis_spec(), config=CONFIG)


@schema.parametrize()
def test_mock_conforms_to_the_contract(
    case: schemathesis.Case[Any], mock_server: MockServer
) -> None:
    case.call_and_validate(base_url=mock_server.base_url)

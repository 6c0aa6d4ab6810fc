"""Helpers for the policy suites: a valid profile as data, written as TOML or YAML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

#: a complete, valid profile in TOML; tests break it line by line
VALID_TOML = """\
id = "acme"
name = "Acme test profile"
currency = "USD"
yield_allowed = false

[travel_rule]
threshold = "1000"
full_data_threshold = "3000"

[reserves]
attestation_cadence_seconds = 2_592_000
max_age_seconds = 3_283_200

[redemption]
sla_business_days = 2
fee_bps = 10
minimum = "100.50"

[sanctions]
screening_required = true
lists = ["OFAC-SDN"]
consult_oracle_on = ["mint", "transfer"]

[lawful_orders]
freeze = "required"
seize = "recommended"
burn = "optional"
"""

#: the same profile in YAML (line numbers matter to the tests: keep the layout)
VALID_YAML = """\
id: acme
name: Acme test profile
currency: USD
yield_allowed: false
travel_rule:
  threshold: "1000"
  full_data_threshold: 3000
reserves:
  attestation_cadence_seconds: 2592000
  max_age_seconds: 3283200
redemption:
  sla_business_days: 2
  fee_bps: 10
  minimum: 100.50
sanctions:
  screening_required: true
  lists: [OFAC-SDN]
  consult_oracle_on: [mint, transfer]
lawful_orders:
  freeze: required
  seize: recommended
  burn: optional
"""


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """``write("x.toml", text)`` → the path of a file holding ``text``."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def replace_line(text: str, old: str, new: str) -> str:
    """``text`` with the one line starting with ``old`` replaced by ``new``."""
    lines = text.splitlines()
    hits = [i for i, line in enumerate(lines) if line.startswith(old)]
    assert len(hits) == 1, f"{old!r} matches {len(hits)} lines"
    lines[hits[0]] = new
    return "\n".join(lines) + "\n"


def as_data(**changes: Any) -> dict[str, Any]:
    """The valid profile as a dict (via TOML), with top-level ``changes``."""
    import tomllib
    from decimal import Decimal

    return tomllib.loads(VALID_TOML, parse_float=Decimal) | changes

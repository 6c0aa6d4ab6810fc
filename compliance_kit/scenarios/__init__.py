"""Scenarios: YAML compliance stories with expected on-chain outcomes, run on a deployed system.

    loaded = load_scenario("scenarios/kyc_gate.yaml")  # ScenarioError names file, line and field
    result = run_scenario(loaded)  # one base deployment per profile, reverted per scenario
    results = run_scenarios(items, rpc_url="http://127.0.0.1:8545")  # on an anvil node
    report.print_report([result]); report.as_json([result])

Modules: ``schema`` (the file format and its JSON Schema), ``loader`` (YAML with line numbers),
``runner`` (plays the steps), ``checks`` (judges expectations and state), ``invariants`` (what
every scenario must keep, e.g. ERC-1404 predictions equal outcomes), ``nodes`` (JSON-RPC dev
nodes and node faults), ``report``.
"""

from compliance_kit.scenarios import report
from compliance_kit.scenarios.loader import (
    LoadedScenario,
    ScenarioError,
    bundled_scenarios,
    load_scenario,
    parse_scenario,
)
from compliance_kit.scenarios.runner import (
    ScenarioResult,
    StepResult,
    run_scenario,
    run_scenarios,
)
from compliance_kit.scenarios.schema import Scenario, json_schema

__all__ = [
    "LoadedScenario",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "StepResult",
    "bundled_scenarios",
    "json_schema",
    "load_scenario",
    "parse_scenario",
    "report",
    "run_scenario",
    "run_scenarios",
]

"""Slither on the kit's contracts, compiled exactly as the build compiles them.

    python -m compliance_kit.analysis.slither [--report reports/slither.json] [--config FILE]

* Sources: :func:`~compliance_kit.build.sources.collect_sources` on ``contracts/{token,reserves,
  travel,sanctions}`` (``contracts/bench`` holds benchmark baselines, not shipped contracts):
  the build's standard-JSON input (unit names, OpenZeppelin from node_modules, optimizer 200 runs,
  evmVersion prague), with the AST and source maps added to its output selection.
* Compiler: :func:`~compliance_kit.build.compiler.resolve_compiler`, so solc 0.8.30 native or
  the npm wasm build; crytic-compile's ``solc-json`` platform feeds it the input above through
  ``--standard-json`` (Slither's default ``--combined-json`` call is one solc-js does not have).
* Slither runs in its own virtualenv, pinned by ``slither-constraints.txt`` and created on first
  use under the cache directory (Slither 0.11 needs web3<8; the kit pins web3 8), or in the
  Python named by ``$COMPLIANCE_KIT_SLITHER_PYTHON``.
* Gate: every High/Medium finding must match an ``accepted_findings`` entry of
  ``slither.config.json`` (each justified in docs/security.md), and every entry must still match
  a High/Medium finding. Exit status: 0 passed, 1 failed, 2 the analysis could not run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance_kit.build.cache import default_cache_dir
from compliance_kit.build.compiler import Compiler, resolve_compiler
from compliance_kit.build.project import project_contract_dirs
from compliance_kit.build.sources import SourceTree, collect_sources
from compliance_kit.build.toolchain import EVM_VERSION, node_modules_dir
from compliance_kit.exceptions import ComplianceKitError, ToolchainError

SLITHER_VERSION = "0.11.6"
IMPACTS = ("High", "Medium", "Low", "Informational", "Optimization")
GATED = frozenset({"High", "Medium"})
ANALYSED_DIRS = ("token", "reserves", "travel", "sanctions")
OPTIMIZER_RUNS = 200
PYTHON_ENV = "COMPLIANCE_KIT_SLITHER_PYTHON"
CONSTRAINTS = Path(__file__).with_name("slither-constraints.txt")
DRIVER = Path(__file__).with_name("_slither_driver.py")
INSTALL_TIMEOUT = 900.0
RUN_TIMEOUT = 900.0

_READY = ".compliance-kit-ready"
_OUTPUT_SELECTION = {
    "*": {"*": ["abi", "evm.bytecode", "evm.deployedBytecode", "userdoc", "devdoc"], "": ["ast"]}
}


class SlitherError(ToolchainError):
    """Slither could not be installed or run, or its configuration is malformed."""


@dataclass(frozen=True)
class Finding:
    """One Slither result, located by its first (primary) element."""

    check: str
    impact: str
    confidence: str
    contract: str | None
    function: str | None
    variable: str | None
    file: str | None
    lines: tuple[int, ...]
    description: str
    id: str

    @classmethod
    def from_result(cls, result: dict[str, Any]) -> Finding:
        """A Finding from one entry of Slither's JSON ``results.detectors``."""
        elements = result.get("elements") or [{}]
        primary = elements[0]
        contract, function = _scope(primary)
        mapping = primary.get("source_mapping") or {}
        return cls(
            check=result["check"],
            impact=result["impact"],
            confidence=result["confidence"],
            contract=contract,
            function=function,
            variable=primary.get("name") if primary.get("type") == "variable" else None,
            file=mapping.get("filename_relative"),
            lines=tuple(mapping.get("lines") or ()),
            description=result.get("description", "").strip(),
            id=result.get("id", ""),
        )

    @property
    def headline(self) -> str:
        """The first line of Slither's description (what, and where with file#lines)."""
        return self.description.splitlines()[0] if self.description else self.check


@dataclass(frozen=True)
class AcceptedFinding:
    """An allowlist entry: a High/Medium finding judged safe in docs/security.md."""

    check: str
    contract: str
    function: str | None
    variable: str | None
    reason: str

    def matches(self, finding: Finding) -> bool:
        """Same detector, contract and function (signature); and variable, when given."""
        return (
            (self.check, self.contract, self.function)
            == (finding.check, finding.contract, finding.function)
        ) and (self.variable is None or self.variable == finding.variable)

    def label(self) -> str:
        """``check Contract.function [variable]`` for messages."""
        where = ".".join(part for part in (self.contract, self.function) if part)
        return f"{self.check} {where}" + (f" [{self.variable}]" if self.variable else "")


@dataclass
class Report:
    """Findings of one run, judged against the allowlist."""

    findings: list[Finding]
    accepted: list[AcceptedFinding]
    tool: dict[str, Any]
    seconds: float
    results: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def acceptance(self, finding: Finding) -> AcceptedFinding | None:
        """The allowlist entry covering a High/Medium ``finding``, if any."""
        if finding.impact not in GATED:
            return None
        return next((entry for entry in self.accepted if entry.matches(finding)), None)

    @property
    def unjustified(self) -> list[Finding]:
        """High/Medium findings no allowlist entry covers: each one fails the gate."""
        return [f for f in self.findings if f.impact in GATED and self.acceptance(f) is None]

    @property
    def stale(self) -> list[AcceptedFinding]:
        """Allowlist entries matching no High/Medium finding: each one fails the gate."""
        gated = [f for f in self.findings if f.impact in GATED]
        return [entry for entry in self.accepted if not any(entry.matches(f) for f in gated)]

    @property
    def passed(self) -> bool:
        """Whether the gate passes."""
        return not self.unjustified and not self.stale

    def counts(self) -> dict[str, int]:
        """Number of findings per impact, every impact listed."""
        return {impact: sum(f.impact == impact for f in self.findings) for impact in IMPACTS}

    def to_json(self) -> dict[str, Any]:
        """The report file: tool versions, counts, gate, findings and Slither's raw results."""

        def row(finding: Finding) -> dict[str, Any]:
            entry = self.acceptance(finding)
            return {
                "check": finding.check,
                "impact": finding.impact,
                "confidence": finding.confidence,
                "contract": finding.contract,
                "function": finding.function,
                "variable": finding.variable,
                "file": finding.file,
                "lines": list(finding.lines),
                "description": finding.description,
                "id": finding.id,
                "accepted": entry.reason if entry else None,
            }

        return {
            "tool": self.tool,
            "seconds": round(self.seconds, 2),
            "counts": self.counts(),
            "gate": {
                "passed": self.passed,
                "unjustified": [row(f) for f in self.unjustified],
                "stale": [entry.label() for entry in self.stale],
            },
            "findings": [row(f) for f in _ordered(self.findings)],
            "results": {"detectors": self.results},
        }


def checkout_root() -> Path:
    """The repository checkout holding ``contracts/`` (the analysis needs the checkout)."""
    dirs = project_contract_dirs()
    if not dirs or dirs[0].name != "contracts":
        raise SlitherError("the Slither analysis runs from a compliance-kit checkout (contracts/)")
    return dirs[0].parent


def load_accepted(config: Path) -> list[AcceptedFinding]:
    """The ``accepted_findings`` of a Slither config file (a key Slither itself ignores)."""
    try:
        document = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SlitherError(f"cannot read {config}: {exc}") from exc
    entries = document.get("accepted_findings", []) if isinstance(document, dict) else None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise SlitherError(f"{config}: accepted_findings must be a list of objects")
    accepted: list[AcceptedFinding] = []
    for number, entry in enumerate(entries, 1):
        missing = [key for key in ("check", "contract", "reason") if not entry.get(key)]
        if "function" not in entry:
            missing.append("function (null when none)")
        if missing:
            raise SlitherError(f"{config}: accepted_findings[{number}] lacks {', '.join(missing)}")
        accepted.append(
            AcceptedFinding(
                check=entry["check"],
                contract=entry["contract"],
                function=entry["function"],
                variable=entry.get("variable"),
                reason=entry["reason"],
            )
        )
    return accepted


def analysis_input(tree: SourceTree) -> dict[str, Any]:
    """The build's standard-JSON input, asking also for what Slither reads (AST, source maps)."""
    standard_input = tree.standard_input(OPTIMIZER_RUNS)
    standard_input["settings"]["outputSelection"] = _OUTPUT_SELECTION
    return standard_input


def slither_python() -> Path:
    """The Python of the Slither environment, created (once per pin set) when missing."""
    configured = os.environ.get(PYTHON_ENV)
    if configured:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise SlitherError(f"{PYTHON_ENV}={configured} is not a file")
        return path
    pins = CONSTRAINTS.read_bytes()
    key = hashlib.sha256(pins + SLITHER_VERSION.encode() + sys.version.encode()).hexdigest()[:16]
    home = default_cache_dir() / "slither" / key
    python = home / "bin" / "python"
    if (home / _READY).is_file() and python.is_file():
        return python
    print(f"setting up Slither {SLITHER_VERSION} in {home} (once)", file=sys.stderr)
    venv.EnvBuilder(with_pip=True, clear=True).create(home)
    command = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    command += ["-c", str(CONSTRAINTS), f"slither-analyzer=={SLITHER_VERSION}"]
    try:
        proc = subprocess.run(
            command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise SlitherError(f"installing Slither took over {INSTALL_TIMEOUT:g}s") from exc
    if proc.returncode != 0:
        raise SlitherError(
            f"installing Slither into {home} failed (pip exit {proc.returncode}): "
            f"{(proc.stderr or proc.stdout).strip()[-2000:]}"
        )
    (home / _READY).write_text(f"slither-analyzer=={SLITHER_VERSION}\n", encoding="utf-8")
    return python


def run_slither(
    config: Path,
    *,
    root: Path | None = None,
    compiler: Compiler | None = None,
    python: Path | None = None,
) -> Report:
    """Compile and analyse the shipped contracts (``ANALYSED_DIRS``); judge the findings.

    Raises SlitherError (and the build's ToolchainError family) when the analysis cannot run.
    """
    root = (root or checkout_root()).resolve()
    accepted = load_accepted(config)
    tree = collect_sources([root / "contracts" / name for name in ANALYSED_DIRS])
    _require_findable_node_modules(root)
    compiler = compiler or resolve_compiler()
    python = python or slither_python()
    with tempfile.TemporaryDirectory(prefix="compliance-kit-slither-") as tmp:
        input_path, output_path = Path(tmp, "input.json"), Path(tmp, "output.json")
        input_path.write_text(json.dumps(analysis_input(tree)), encoding="utf-8")
        # -I: the driver's folder must not come first on sys.path, or `import slither` finds this
        # module; it also keeps PYTHON* variables and user site-packages out of the environment.
        command = [str(python), "-I", str(DRIVER), "--input", str(input_path)]
        command += ["--solc", str(compiler.path), "--root", str(root)]
        command += ["--config", str(config.resolve()), "--output", str(output_path)]
        started = time.perf_counter()
        try:
            proc = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=RUN_TIMEOUT,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise SlitherError(f"Slither took over {RUN_TIMEOUT:g}s") from exc
        seconds = time.perf_counter() - started
        if proc.returncode != 0 or not output_path.is_file():
            raise SlitherError(
                f"Slither failed (exit {proc.returncode}): {proc.stderr.strip()[-3000:]}"
            )
        outcome = json.loads(output_path.read_text(encoding="utf-8"))
    results: list[dict[str, Any]] = outcome["results"]
    tool = {
        "slither": outcome["slither"],
        "crytic_compile": outcome["crytic_compile"],
        "solc": compiler.version,
        "solc_kind": compiler.kind,
        "optimizer_runs": OPTIMIZER_RUNS,
        "evm_version": EVM_VERSION,
        "sources": [tree.files[unit].path.relative_to(root).as_posix() for unit in tree.primary],
        "detectors": len(outcome["detectors"]),
    }
    findings = [Finding.from_result(result) for result in results]
    return Report(findings, accepted, tool, seconds, results)


def render(report: Report) -> str:
    """Findings grouped by impact, accepted ones marked, then the gate's verdict."""
    tool = report.tool
    lines = [
        f"Slither {tool['slither']} (crytic-compile {tool['crytic_compile']}), solc {tool['solc']} "
        f"({tool['solc_kind']}), optimizer {tool['optimizer_runs']} runs, evm "
        f"{tool['evm_version']}: {len(tool['sources'])} files, {tool['detectors']} detectors, "
        f"{report.seconds:.1f}s"
    ]
    for impact in IMPACTS:
        group = [f for f in _ordered(report.findings) if f.impact == impact]
        lines.append(f"\n{impact}: {len(group)}")
        for finding in group:
            mark = ""
            if impact in GATED:
                mark = "  [accepted]" if report.acceptance(finding) else "  [UNJUSTIFIED]"
            lines.append(f"  {finding.check} ({finding.confidence}): {finding.headline}{mark}")
    lines.append("")
    for entry in report.stale:
        lines.append(f"stale allowlist entry (no such finding any more): {entry.label()}")
    gated = sum(report.counts()[impact] for impact in GATED)
    if report.passed:
        lines.append(
            f"gate passed: {gated} High/Medium findings, all justified in docs/security.md"
        )
    else:
        lines.append(
            f"gate FAILED: {len(report.unjustified)} unjustified High/Medium findings, "
            f"{len(report.stale)} stale allowlist entries (slither.config.json accepted_findings)"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: print the findings, write the report, exit 0/1/2."""
    parser = argparse.ArgumentParser(
        prog="python -m compliance_kit.analysis.slither",
        description="Run Slither on the shipped contracts and apply the gate.",
    )
    parser.add_argument("--report", type=Path, help="JSON report (default reports/slither.json)")
    parser.add_argument("--config", type=Path, help="Slither config (default slither.config.json)")
    args = parser.parse_args(argv)
    try:
        root = checkout_root()
        config = args.config or root / "slither.config.json"
        report = run_slither(config, root=root)
    except ComplianceKitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    path = args.report or root / "reports" / "slither.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
    print(render(report))
    print(f"report: {path}")
    return 0 if report.passed else 1


def _scope(element: dict[str, Any]) -> tuple[str | None, str | None]:
    """(contract, function signature) enclosing a Slither result element."""
    contract = function = None
    node: Any = element
    while isinstance(node, dict):
        fields = node.get("type_specific_fields") or {}
        if node.get("type") == "function" and function is None:
            function = fields.get("signature") or node.get("name")
        elif node.get("type") == "contract" and contract is None:
            contract = node.get("name")
        node = fields.get("parent")
    return contract, function


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (IMPACTS.index(f.impact), f.check, f.headline))


def _require_findable_node_modules(root: Path) -> None:
    """crytic-compile maps ``@openzeppelin/...`` units to <root or a parent>/node_modules."""
    modules = node_modules_dir().resolve()
    candidates = [folder / "node_modules" for folder in (root, *root.parents)]
    if modules not in [candidate.resolve() for candidate in candidates]:
        raise SlitherError(
            f"node_modules is {modules}, but Slither looks for imported sources in "
            f"{root}/node_modules or a parent folder's: run `npm ci` in {root}"
        )


if __name__ == "__main__":
    sys.exit(main())

"""Run Slither on a standard-JSON compilation; executed by the Slither environment's Python.

    python -I _slither_driver.py --input IN.json --solc SOLC --root DIR --config CFG --output OUT

crytic-compile's ``solc-json`` platform hands ``IN.json`` (the kit's own standard-JSON input) to
``SOLC --standard-json``, so solc-js behind the wasm adapter works: Slither's default compile step
asks for ``--combined-json``, which solc-js does not have. ``CFG`` is read with Slither's own
``read_config_file`` and detector selection, so its keys mean what they mean to the ``slither``
command; unknown keys (the kit's ``accepted_findings``) are ignored by Slither. ``OUT`` gets the
versions and every result in Slither's ``--json`` result format. Standard library, crytic-compile
and Slither only: this file never imports compliance_kit.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any


def analyse(input_path: Path, solc: str, root: Path, config: Path) -> dict[str, Any]:
    """Compile ``input_path`` with ``solc`` and run the detectors ``config`` selects."""
    from crytic_compile import CryticCompile
    from crytic_compile.platform.solc_standard_json import SolcStandardJson
    from slither import Slither
    from slither.__main__ import choose_detectors, get_detectors_and_printers, parse_filter_paths
    from slither.utils.command_line import defaults_flag_in_config, read_config_file

    args = argparse.Namespace(**defaults_flag_in_config)
    args.config_file = str(config)
    read_config_file(args)
    args.filter_paths = parse_filter_paths(args, True)
    args.include_paths = parse_filter_paths(args, False)

    standard_input = json.loads(input_path.read_text(encoding="utf-8"))
    compilation = CryticCompile(
        SolcStandardJson(standard_input), solc=solc, solc_working_dir=str(root)
    )
    slither = Slither(compilation, **vars(args))
    detectors, _ = get_detectors_and_printers()
    chosen = choose_detectors(args, detectors)
    for detector in chosen:
        slither.register_detector(detector)
    results = [result for batch in slither.run_detectors() for result in batch]
    return {
        "slither": version("slither-analyzer"),
        "crytic_compile": version("crytic-compile"),
        "solc": [unit.compiler_version.version for unit in compilation.compilation_units.values()],
        "detectors": sorted(detector.ARGUMENT for detector in chosen),
        "results": results,
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; exit 0 with ``--output`` written, 2 when compilation fails."""
    parser = argparse.ArgumentParser(prog="_slither_driver")
    parser.add_argument("--input", type=Path, required=True)
    parser.add_argument("--solc", required=True)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    os.chdir(args.root)  # Slither resolves its triage database and paths from here, as the CLI
    from crytic_compile.platform.exceptions import InvalidCompilation

    try:
        outcome = analyse(args.input, args.solc, args.root, args.config)
    except InvalidCompilation as exc:
        print(f"compilation failed: {exc}", file=sys.stderr)
        return 2
    args.output.write_text(json.dumps(outcome), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Compile a set of contract directories, through the artifact cache."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path

from compliance_kit.build import cache
from compliance_kit.build.artifacts import (
    ArtifactSet,
    artifacts_from_output,
    from_payload,
    to_payload,
)
from compliance_kit.build.compiler import Compiler, resolve_compiler
from compliance_kit.build.sources import collect_sources, input_hash
from compliance_kit.build.toolchain import SOLC_VERSION

log = logging.getLogger(__name__)

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def project_contract_dirs() -> list[Path]:
    """The kit's own contracts: the repository's ``contracts/``, or the copy bundled in a wheel."""
    checkout = _PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "contracts").is_dir():
        return [checkout / "contracts"]
    bundled = _PACKAGE_DIR / "_contracts"
    return [bundled] if bundled.is_dir() else []


def compile_contracts(
    source_dirs: Sequence[Path] | None = None,
    *,
    optimizer_runs: int = 200,
    cache_dir: Path | None = None,
    compiler: Compiler | None = None,
) -> ArtifactSet:
    """Compile every ``.sol`` under ``source_dirs`` (default: the kit's contracts).

    The cache key is computed from the sources alone, so a hit starts no process and resolves
    no compiler. Raises CompilationError (solc errors or missing imports, with file and line),
    CompilerNotFound / NodeToolchainMissing when no compiler can be found.
    """
    roots = project_contract_dirs() if source_dirs is None else [Path(d) for d in source_dirs]
    tree = collect_sources(roots)
    standard_input = tree.standard_input(optimizer_runs)
    key = input_hash(standard_input, SOLC_VERSION if compiler is None else compiler.base_version)
    directory = Path(cache_dir) if cache_dir is not None else cache.default_cache_dir()

    payload = cache.load(directory, key)
    cached = from_payload(payload) if payload is not None else None
    if cached is not None:
        return cached

    compiler = compiler or resolve_compiler()
    started = time.perf_counter()
    output = compiler.compile_standard(standard_input)
    log.info(
        "compiled %d sources with solc %s (%s) in %.2fs",
        len(tree.files),
        compiler.version,
        compiler.kind,
        time.perf_counter() - started,
    )
    units = tree.primary + sorted(set(tree.files) - set(tree.primary))
    artifacts = ArtifactSet(
        artifacts_from_output(output, units, compiler_version=compiler.version, input_hash=key),
        compiler_version=compiler.version,
        input_hash=key,
        compiler_kind=compiler.kind,
    )
    cache.store(directory, key, to_payload(artifacts))
    return artifacts

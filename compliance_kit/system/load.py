"""Find a deployed system again from its manifest, checking chain id and code."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import (
    ValidationError,
)

from compliance_kit.chain.tx import Transactor
from compliance_kit.exceptions import ChainIdMismatch
from compliance_kit.policy.errors import dotted
from compliance_kit.system.deployed import DeployedSystem
from compliance_kit.system.manifest import Manifest, ManifestError, bytecode_hash

if TYPE_CHECKING:
    import os

    from compliance_kit.chain.base import Chain


def load_system(manifest_path: str | os.PathLike[str], chain: Chain) -> DeployedSystem:
    """The system a manifest describes, after checking it is really there on ``chain``.

    Raises :class:`~compliance_kit.exceptions.ChainIdMismatch` when ``chain`` is another chain,
    :class:`ManifestError` (naming the contract) when an address holds no code or other code than
    was deployed, or when the file cannot be read or validated. Needs no compiler: the manifest
    carries the ABIs.
    """
    path = Path(manifest_path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"cannot read manifest {path}: {exc}", path=path) from None
    try:
        manifest = Manifest.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise ManifestError(
            f"{path} is not a valid deployment manifest: {dotted(first['loc'])}: {first['msg']}"
            + (f" (and {exc.error_count() - 1} more problem(s))" if exc.error_count() > 1 else ""),
            path=path,
        ) from None
    if chain.chain_id != manifest.chain_id:
        raise ChainIdMismatch(manifest.chain_id, chain.chain_id, where=f"the chain for {path}")
    for key, record in manifest.contracts.items():
        code = chain.get_code(record.address)
        where = f"{key} ({record.name}) at {record.address}"
        if not code:
            raise ManifestError(
                f"{where}: no contract code at this address on chain {chain.chain_id} "
                f"(manifest {path}): wrong chain or node state, or the address was edited",
                path=path,
                contract=key,
            )
        found = bytecode_hash(code)
        if found != record.runtime_bytecode_sha256:
            raise ManifestError(
                f"{where}: the code there does not match manifest {path} (runtime sha256 "
                f"{found[:16]}…, recorded {record.runtime_bytecode_sha256[:16]}…): another "
                "contract is at this address",
                path=path,
                contract=key,
            )
    transactor = Transactor(chain, [record.abi for _, record in manifest.contracts.items()])
    return DeployedSystem.from_manifest(chain, transactor, manifest)

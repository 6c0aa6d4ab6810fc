"""Compiled contracts: :class:`Artifact` and the name-keyed :class:`ArtifactSet`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Artifact:
    """One compiled contract."""

    name: str
    source: str
    abi: list[dict[str, Any]]
    bytecode: bytes
    deployed_bytecode: bytes
    compiler_version: str
    input_hash: str
    method_identifiers: dict[str, str] = field(default_factory=dict)
    """``{"transfer(address,uint256)": "a9059cbb", ...}``"""
    storage_layout: dict[str, Any] = field(default_factory=dict)
    """solc's ``storageLayout`` output (``storage`` and ``types``)."""
    extension: str | None = None
    """The contract this one forwards unknown selectors to (NatSpec ``@custom:extension``); its
    functions, events and errors are merged into ``abi`` and ``method_identifiers``."""

    @property
    def qualified_name(self) -> str:
        """``source:name``, unique within a compilation."""
        return f"{self.source}:{self.name}"


class UnknownContract(KeyError):
    """A name missing from an :class:`ArtifactSet`; the message lists the available ones."""

    def __str__(self) -> str:
        return str(self.args[0])


class ArtifactSet(Mapping[str, Artifact]):
    """The contracts of one compilation, keyed by contract name.

    When two units define the same name, the first in compilation order wins (the project's own
    sources come before their dependencies); every contract is also reachable as ``source:Name``.
    """

    def __init__(
        self,
        artifacts: Iterable[Artifact],
        *,
        compiler_version: str,
        input_hash: str,
        from_cache: bool = False,
        compiler_kind: str = "",
    ) -> None:
        self._all = tuple(artifacts)
        self._by_name: dict[str, Artifact] = {}
        for artifact in self._all:
            self._by_name.setdefault(artifact.name, artifact)
        self._by_qualified = {a.qualified_name: a for a in self._all}
        self.compiler_version = compiler_version
        self.input_hash = input_hash
        self.from_cache = from_cache
        self.compiler_kind = compiler_kind

    def __getitem__(self, key: str) -> Artifact:
        found = self._by_name.get(key) or self._by_qualified.get(key)
        if found is None:
            raise UnknownContract(
                f"no contract {key!r} among the compiled contracts; available: "
                + ", ".join(sorted(self._by_name))
            )
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def __repr__(self) -> str:
        origin = "cache" if self.from_cache else "compiled"
        return f"<ArtifactSet {len(self)} contracts, solc {self.compiler_version}, {origin}>"

    def all(self) -> tuple[Artifact, ...]:
        """Every artifact, including those shadowed by an earlier one of the same name."""
        return self._all

    def abis(self) -> list[list[dict[str, Any]]]:
        """Every ABI (for decoding revert data against all known errors)."""
        return [artifact.abi for artifact in self._all]


def artifacts_from_output(
    output: dict[str, Any], units: Sequence[str], *, compiler_version: str, input_hash: str
) -> list[Artifact]:
    """Artifacts from solc's standard-JSON output, in the order of ``units``, with each
    extension's ABI merged into the contract that forwards to it."""
    contracts = output.get("contracts", {})
    found: list[Artifact] = []
    for unit in units:
        for name, data in sorted(contracts.get(unit, {}).items()):
            evm = data.get("evm", {})
            found.append(
                Artifact(
                    name=name,
                    source=unit,
                    abi=data.get("abi", []),
                    bytecode=bytes.fromhex(evm.get("bytecode", {}).get("object", "")),
                    deployed_bytecode=bytes.fromhex(
                        evm.get("deployedBytecode", {}).get("object", "")
                    ),
                    compiler_version=compiler_version,
                    input_hash=input_hash,
                    method_identifiers=evm.get("methodIdentifiers", {}),
                    storage_layout=data.get("storageLayout") or {},
                    extension=(data.get("devdoc") or {}).get("custom:extension"),
                )
            )
    return merge_extensions(found)


def merge_extensions(artifacts: Sequence[Artifact]) -> list[Artifact]:
    """Give each artifact that names an ``extension`` the union of both ABIs.

    Entries the contract already has (same kind and signature) are kept from the contract itself.
    """
    by_name = {artifact.name: artifact for artifact in artifacts}
    merged: list[Artifact] = []
    for artifact in artifacts:
        if artifact.extension is None:
            merged.append(artifact)
            continue
        extension = by_name.get(artifact.extension)
        if extension is None:
            raise ValueError(
                f"{artifact.name} names the extension {artifact.extension!r}, "
                "which is not among the compiled contracts"
            )
        own = {_abi_key(entry) for entry in artifact.abi}
        abi = list(artifact.abi) + [e for e in extension.abi if _abi_key(e) not in own]
        identifiers = {**extension.method_identifiers, **artifact.method_identifiers}
        merged.append(replace(artifact, abi=abi, method_identifiers=identifiers))
    return merged


def _abi_key(entry: dict[str, Any]) -> tuple[str, str]:
    inputs = ",".join(_abi_type(i) for i in entry.get("inputs", []))
    return entry.get("type", ""), f"{entry.get('name', '')}({inputs})"


def _abi_type(param: dict[str, Any]) -> str:
    kind = param["type"]
    if kind.startswith("tuple"):
        inner = ",".join(_abi_type(c) for c in param.get("components", []))
        return f"({inner}){kind[5:]}"
    return kind


def to_payload(artifacts: ArtifactSet) -> dict[str, Any]:
    """The JSON-able cache payload of a set (stamped with compiler version and kind)."""
    return {
        "compiler_version": artifacts.compiler_version,
        "compiler_kind": artifacts.compiler_kind,
        "contracts": [
            {
                "name": a.name,
                "source": a.source,
                "abi": a.abi,
                "bytecode": a.bytecode.hex(),
                "deployed_bytecode": a.deployed_bytecode.hex(),
                "compiler_version": a.compiler_version,
                "method_identifiers": a.method_identifiers,
                "storage_layout": a.storage_layout,
                "extension": a.extension,
            }
            for a in artifacts.all()
        ],
    }


def from_payload(payload: dict[str, Any]) -> ArtifactSet | None:
    """Rebuild a set from a cache payload; None if the payload is malformed."""
    try:
        key = payload["input_hash"]
        artifacts = [
            Artifact(
                name=c["name"],
                source=c["source"],
                abi=c["abi"],
                bytecode=bytes.fromhex(c["bytecode"]),
                deployed_bytecode=bytes.fromhex(c["deployed_bytecode"]),
                compiler_version=c["compiler_version"],
                input_hash=key,
                method_identifiers=c["method_identifiers"],
                storage_layout=c["storage_layout"],
                extension=c.get("extension"),
            )
            for c in payload["contracts"]
        ]
        return ArtifactSet(
            artifacts,
            compiler_version=payload["compiler_version"],
            input_hash=key,
            from_cache=True,
            compiler_kind=payload["compiler_kind"],
        )
    except (KeyError, TypeError, ValueError):
        return None

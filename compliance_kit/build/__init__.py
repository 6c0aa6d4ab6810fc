"""Solidity build: pinned solc resolution (native or npm wasm), imports, and an artifact cache.

``compile_contracts()["PlainERC20"]`` compiles the kit's ``contracts/`` (or returns them from the
on-disk cache) and gives the contract's ABI, creation and runtime bytecode.
"""

from compliance_kit.build.artifacts import Artifact, ArtifactSet
from compliance_kit.build.compiler import Compiler, resolve_compiler
from compliance_kit.build.project import compile_contracts, project_contract_dirs
from compliance_kit.build.toolchain import EVM_VERSION, SOLC_VERSION

__all__ = [
    "EVM_VERSION",
    "SOLC_VERSION",
    "Artifact",
    "ArtifactSet",
    "Compiler",
    "compile_contracts",
    "project_contract_dirs",
    "resolve_compiler",
]

"""Gather Solidity sources and their imports into a self-contained standard-JSON input.

Every directory given is a root: ``<root>/a/B.sol`` becomes the source unit ``<root.name>/a/B.sol``.
Imports are followed in Python, the way solc names units: relative imports (``./``, ``../``)
are joined to the importing unit's directory and normalised; direct imports are unit names,
found under a root of that name or else in ``node_modules`` (``@openzeppelin/contracts/...``).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance_kit.build.toolchain import EVM_VERSION, node_modules_dir
from compliance_kit.exceptions import CompilationError, CompilerDiagnostic, NodeToolchainMissing

OUTPUT_SELECTION = [
    "abi",
    "evm.bytecode.object",
    "evm.deployedBytecode.object",
    "evm.methodIdentifiers",
    "storageLayout",
    "devdoc",
]

# Comments and string literals are matched whole so that `import` or `;` inside them is ignored.
_TOKENS = re.compile(
    r"""
      (?P<comment>//[^\n]*|/\*.*?\*/)
    | (?P<string>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')
    | (?P<import>(?<![\w$])import(?![\w$]))
    | (?P<end>;)
    """,
    re.DOTALL | re.VERBOSE,
)


@dataclass(frozen=True)
class ImportDirective:
    """One ``import`` statement: the path as written and where the statement starts."""

    path: str
    line: int
    column: int


@dataclass(frozen=True)
class SourceFile:
    """A source unit and the file it was read from."""

    unit: str
    path: Path
    content: str


@dataclass
class SourceTree:
    """All units of a compilation: the roots' own files plus everything they import."""

    files: dict[str, SourceFile] = field(default_factory=dict)
    primary: list[str] = field(default_factory=list)

    def standard_input(self, optimizer_runs: int = 200) -> dict[str, Any]:
        """The standard-JSON input for these sources (sorted, so its hash is stable)."""
        return {
            "language": "Solidity",
            "sources": {unit: {"content": self.files[unit].content} for unit in sorted(self.files)},
            "settings": {
                "optimizer": {"enabled": True, "runs": optimizer_runs},
                "evmVersion": EVM_VERSION,
                "viaIR": False,
                "metadata": {"bytecodeHash": "none"},
                "outputSelection": {"*": {"*": list(OUTPUT_SELECTION)}},
            },
        }


def find_imports(text: str) -> list[ImportDirective]:
    """Every import in ``text``, in all four forms, ignoring comments and strings."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found: list[ImportDirective] = []
    start: int | None = None
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind == "import":
            start = match.start()
        elif kind == "string" and start is not None:
            line = bisect.bisect_right(line_starts, start)
            column = start - line_starts[line - 1] + 1
            found.append(ImportDirective(match.group()[1:-1], line, column))
            start = None
        elif kind == "end":
            start = None
    return found


def import_unit(importer: str, path: str) -> str:
    """The source unit name solc gives ``path`` when imported from unit ``importer``."""
    if path.startswith(("./", "../")) or path in (".", ".."):
        return posixpath.normpath(posixpath.join(posixpath.dirname(importer), path))
    return path


def collect_sources(source_dirs: Sequence[Path]) -> SourceTree:
    """Read every ``*.sol`` under the roots and, transitively, every file they import.

    Raises CompilationError listing each import that cannot be found (file:line of the import).
    """
    roots: dict[str, Path] = {}
    for directory in source_dirs:
        root = Path(directory).resolve()
        if not root.is_dir():
            raise FileNotFoundError(f"source directory {directory} does not exist")
        if root.name in roots and roots[root.name] != root:
            raise ValueError(
                f"source roots {roots[root.name]} and {root} share the name {root.name!r}"
            )
        roots[root.name] = root

    tree = SourceTree()
    pending: list[str] = []
    for name, root in roots.items():
        for path in sorted(root.rglob("*.sol")):
            relative = path.relative_to(root)
            if not any(part.startswith(".") or part == "node_modules" for part in relative.parts):
                unit = f"{name}/{relative.as_posix()}"
                tree.files[unit] = SourceFile(unit, path, path.read_text(encoding="utf-8"))
                tree.primary.append(unit)
                pending.append(unit)
    if not tree.files:
        shown = ", ".join(str(r) for r in roots.values()) or "(no directories)"
        raise ValueError(f"no .sol files found in {shown}")

    problems: list[CompilerDiagnostic] = []
    locator = _Locator(roots)
    while pending:
        importer = tree.files[pending.pop()]
        for directive in find_imports(importer.content):
            unit = import_unit(importer.unit, directive.path)
            if unit in tree.files:
                continue
            found, reason = locator.find(unit)
            if found is None:
                problems.append(_missing(importer, directive, unit, reason))
                continue
            tree.files[unit] = SourceFile(unit, found, found.read_text(encoding="utf-8"))
            pending.append(unit)
    if problems:
        raise CompilationError(problems, compiler="import resolution")
    return tree


def canonical_json(document: Any) -> bytes:
    """Deterministic JSON bytes: sorted keys, no whitespace, UTF-8."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def input_hash(standard_input: dict[str, Any], version: str) -> str:
    """The cache key: sha256 of the canonical input plus the pinned compiler version."""
    return hashlib.sha256(
        canonical_json(standard_input) + b"\nsolc " + version.encode()
    ).hexdigest()


class _Locator:
    """Maps unit names to files: a root of the same first segment, else node_modules."""

    def __init__(self, roots: dict[str, Path]) -> None:
        self.roots = roots
        self._modules: Path | None = None
        self._modules_error: str | None = None

    def find(self, unit: str) -> tuple[Path | None, str]:
        parts = unit.split("/")
        if unit.startswith("/") or ".." in parts or "." in parts:
            return None, "the import leaves the source tree"
        if parts[0] in self.roots:
            path = self.roots[parts[0]].joinpath(*parts[1:])
            return (path, "") if path.is_file() else (None, f"no file {path}")
        modules = self._node_modules()
        if modules is None:
            return None, f"not under a source root, and {self._modules_error}"
        path = modules.joinpath(*parts)
        if path.is_file():
            return path, ""
        roots = ", ".join(sorted(self.roots))
        return None, f"not under a source root ({roots}) nor in {modules}"

    def _node_modules(self) -> Path | None:
        if self._modules is None and self._modules_error is None:
            try:
                self._modules = node_modules_dir()
            except NodeToolchainMissing as exc:
                self._modules_error = str(exc)
        return self._modules


def _missing(
    importer: SourceFile, directive: ImportDirective, unit: str, reason: str
) -> CompilerDiagnostic:
    message = f'Source "{directive.path}" not found (unit "{unit}"): {reason}'
    return CompilerDiagnostic(
        severity="error",
        message=message,
        file=importer.unit,
        line=directive.line,
        column=directive.column,
        error_type="ImportError",
        formatted=f"{importer.path}:{directive.line}:{directive.column}: ImportError: {message}",
    )

"""solc-js (the npm wasm build) made to look like a native ``solc`` to py-solc-x.

:func:`ensure_wrapper` writes a tiny ``#!/bin/sh`` executable that answers ``--version`` itself
(no Node start-up) and hands everything else to this file, run as a script:

    python -I wasm_solc.py --node NODE --solcjs SOLC_JS --long-version V [solc arguments]

Only ``--version`` and ``--standard-json`` (input on stdin) are supported; ``-``,
``--base-path``, ``--allow-paths`` and ``--include-path`` are accepted and ignored because the
inputs are self-contained. Standard library only, so the adapter never imports compliance_kit.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

BANNER = "solc, the solidity compiler commandline interface"
NODE_MISSING = "Node.js not found: install Node.js 18+ (https://nodejs.org) and make sure"
_WRAPPER_FORMAT = "1"
_IGNORED_WITH_VALUE = ("--base-path", "--allow-paths", "--include-path")


def version_text(long_version: str) -> str:
    """What ``solc --version`` prints (py-solc-x reads ``Version: X.Y.Z+commit.HASH``)."""
    return f"{BANNER}\nVersion: {long_version}\n"


def extract_json(stdout: str) -> str:
    """The JSON document in solc-js output, dropping the stray ``>>>`` lines printed before it."""
    lines = stdout.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.lstrip().startswith("{"):
            return "".join(lines[index:]).strip()
    raise ValueError(f"no JSON in solc-js output: {stdout[:200]!r}")


def solcjs_long_version(node: Path, solcjs: Path) -> str:
    """The full version solc-js reports, e.g. ``0.8.30+commit.73712a01.Emscripten.clang``."""
    out = subprocess.run(
        [str(node), str(solcjs), "--version"], capture_output=True, text=True, check=True
    )
    return out.stdout.strip().splitlines()[-1].strip()


def run_standard_json(node: Path, solcjs: Path, input_bytes: bytes) -> str:
    """Compile a standard-JSON input with solc-js and return the output JSON text.

    stdin and stdout go through temporary files: node reading a pipe can fail with EAGAIN and
    solc-js exits right after printing, so neither end is a pipe.
    """
    with tempfile.TemporaryDirectory(prefix="compliance-kit-solcjs-") as tmp:
        in_path, out_path = Path(tmp, "input.json"), Path(tmp, "output.json")
        in_path.write_bytes(input_bytes)
        with in_path.open("rb") as stdin, out_path.open("wb") as stdout:
            proc = subprocess.run(
                [str(node), str(solcjs), "--standard-json"],
                stdin=stdin,
                stdout=stdout,
                stderr=subprocess.PIPE,
                check=False,
            )
        output = out_path.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        stderr = proc.stderr.decode(errors="replace").strip()
        raise RuntimeError(f"solc-js exited with {proc.returncode}: {stderr or output[-2000:]}")
    return extract_json(output)


def ensure_wrapper(
    directory: Path, *, node: Path, solcjs: Path, python: str = sys.executable
) -> Path:
    """Write (once) the executable solc wrapper for this node/solc-js/python and return it.

    The wrapper's name is a digest of everything it embeds, so an existing one is reused without
    starting Node; the full solc-js version is baked into its ``--version`` answer.
    """
    adapter = Path(__file__).resolve()
    key = hashlib.sha256(
        "\0".join(
            [
                _WRAPPER_FORMAT,
                str(node),
                str(solcjs),
                python,
                str(adapter),
                (solcjs.parent / "package.json").read_text(encoding="utf-8"),
            ]
        ).encode()
    ).hexdigest()[:16]
    path = directory / f"solc-wasm-{key}"
    if path.is_file() and os.access(path, os.X_OK):
        return path
    long_version = solcjs_long_version(node, solcjs)
    command = [python, "-I", str(adapter), "--node", str(node), "--solcjs", str(solcjs)]
    command += ["--long-version", long_version]
    script = (
        "#!/bin/sh\n"
        f"# compliance-kit: solc-js {long_version} (wasm) posing as native solc for py-solc-x\n"
        'if [ "$1" = "--version" ] && [ "$#" -eq 1 ]; then\n'
        f"  printf '%s\\n' {shlex.quote(BANNER)} {shlex.quote('Version: ' + long_version)}\n"
        "  exit 0\n"
        "fi\n"
        f'exec {shlex.join(command)} "$@"\n'
    )
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".solc-wasm-")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(script)
        os.chmod(tmp, 0o755)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: behave like ``solc --version`` / ``solc --standard-json``."""
    parser = argparse.ArgumentParser(prog="solc", add_help=False)
    parser.add_argument("--node", required=True)
    parser.add_argument("--solcjs", required=True)
    parser.add_argument("--long-version", required=True)
    parser.add_argument("--version", action="store_true")
    parser.add_argument("--standard-json", action="store_true")
    for flag in _IGNORED_WITH_VALUE:
        parser.add_argument(flag, action="append")
    args, rest = parser.parse_known_args(argv)
    unknown = [arg for arg in rest if arg != "-"]
    if unknown:
        print(f"unrecognised option '{unknown[0]}'", file=sys.stderr)
        return 2
    if args.version:
        sys.stdout.write(version_text(args.long_version))
        return 0
    if not args.standard_json:
        print("the solc-js adapter only supports --version and --standard-json", file=sys.stderr)
        return 2
    node = Path(args.node)
    if not (node.is_file() and os.access(node, os.X_OK)):
        print(f"{NODE_MISSING} `node` is on PATH ({node} is gone)", file=sys.stderr)
        return 127
    try:
        output = run_standard_json(node, Path(args.solcjs), sys.stdin.buffer.read())
    except (RuntimeError, ValueError, OSError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    sys.stdout.write(output + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

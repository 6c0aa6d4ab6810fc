"""docs/admin.md's quick start runs as written."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "admin.md"


def test_the_quick_start_runs(capsys):
    block = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert block is not None
    exec(compile(block.group(1), "docs/admin.md[quick start]", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "79968012"
    assert lines[1].startswith("recipient_not_verified - the recipient 0xFABB")

"""Scenario files from YAML: parsed with line numbers, validated, actor names resolved.

    scenario = load_scenario("scenarios/kyc_gate.yaml")

Every problem raises :class:`ScenarioError` naming the file, the YAML line and the field
(``steps[2].amount``), e.g. ``scenarios/x.yaml:14: steps[2].to: unknown actor 'malory'``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from compliance_kit.exceptions import InputError
from compliance_kit.policy.loader import MAX_DEPTH, YamlValueError, read_yaml
from compliance_kit.scenarios.schema import ACTIONS, MAX_ACTORS, ROLE_NAMES, Scenario

Location = tuple[str | int, ...]

#: the bundled scenario library (the repository's ``scenarios/`` folder)
_PACKAGE = Path(__file__).resolve().parent.parent
#: the bundled library: the checkout's ``scenarios/``, or the copy a wheel ships
BUNDLED_DIR = (
    _PACKAGE.parent / "scenarios"
    if (_PACKAGE.parent / "pyproject.toml").is_file()
    else _PACKAGE / "_scenarios"
)


@dataclass(frozen=True)
class ScenarioIssue:
    """One problem in a scenario file."""

    field: str
    problem: str
    line: int | None = None


class ScenarioError(InputError):
    """A scenario file is unreadable or invalid; ``issues`` lists each problem with its line."""

    def __init__(self, source: str, issues: list[ScenarioIssue]) -> None:
        self.source = source
        self.issues = issues
        first = issues[0]
        super().__init__(first.field, first.problem)
        lines = [f"{source}:{i.line or '?'}: {i.field}: {i.problem}" for i in issues]
        self.args = ("\n".join(lines),)

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario and where it came from (profile paths resolve against ``source``)."""

    scenario: Scenario
    source: str

    @property
    def profile(self) -> str:
        """The profile name, or its path made absolute."""
        profile = self.scenario.profile
        if profile.endswith((".toml", ".yaml", ".yml")) and not os.path.isabs(profile):
            return str(Path(self.source).parent / profile)
        return profile


def load_scenario(path: str | os.PathLike[str]) -> LoadedScenario:
    """Read, validate and check one scenario file."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(
            source, [ScenarioIssue("file", f"cannot read: {exc.strerror}")]
        ) from None
    return parse_scenario(text, source)


def parse_scenario(text: str, source: str = "<scenario>") -> LoadedScenario:
    """Validate scenario YAML ``text`` (``source`` names it in errors)."""
    data, lines = _parse_yaml(text, source)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(source, [_issue(e, lines) for e in exc.errors()]) from None
    issues = _actor_issues(scenario, lines)
    if issues:
        raise ScenarioError(source, issues)
    return LoadedScenario(scenario, source)


def bundled_scenarios() -> list[Path]:
    """The bundled scenario files, sorted by name."""
    return sorted(BUNDLED_DIR.glob("*.yaml"))


# --- YAML with lines -------------------------------------------------------------------------


def _parse_yaml(text: str, source: str) -> tuple[Any, dict[Location, int]]:
    """The document as data and the line of each key and item: read by the kit's hardened
    safe loader (``policy.loader.read_yaml``), so nesting, aliases and mistyped tags are
    ``ScenarioError``s at their line, never ``RecursionError`` / ``ValueError`` / ``KeyError``."""
    try:
        root, data = read_yaml(text)
    except YamlValueError as exc:
        line = exc.node.start_mark.line + 1
        field = _dotted(exc.path) if exc.path else "(file)"
        problem = exc.description if exc.path else f"malformed YAML: {exc.description}"
        raise ScenarioError(source, [ScenarioIssue(field, problem, line)]) from None
    except RecursionError:  # pragma: no cover - read_yaml bounds the depth
        problem = f"malformed YAML: nested more than {MAX_DEPTH} levels deep"
        raise ScenarioError(source, [ScenarioIssue("(file)", problem)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        issue = ScenarioIssue("(file)", f"malformed YAML: {problem}", line)
        raise ScenarioError(source, [issue]) from None
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        raise ScenarioError(
            source,
            [ScenarioIssue("(file)", f"expected a mapping of scenario fields, found {found}", 1)],
        )
    lines: dict[Location, int] = {}
    if root is not None:
        _index(root, (), lines, set())
    return data, lines


def _index(node: yaml.Node, path: Location, lines: dict[Location, int], done: set[int]) -> None:
    """Record the line of every key and list item under ``node``.

    A node reached again through an alias is not walked again (``done``: the ids of the nodes
    walked): its keys keep the lines of their first use, and the alias has its own line. Each
    node is walked once, so an alias bomb costs no more than its text."""
    if id(node) in done:
        return
    done.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            here = (*path, str(key_node.value))
            lines[here] = key_node.start_mark.line + 1
            _index(value_node, here, lines, done)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = (*path, index)
            lines[here] = item.start_mark.line + 1
            _index(item, here, lines, done)


def _file_path(loc: tuple[Any, ...], lines: dict[Location, int]) -> Location:
    """The part of a pydantic error location that exists in the file (drops union tags)."""
    path: Location = ()
    for part in loc:
        candidate = (*path, part)
        if candidate in lines:
            path = candidate
        elif part == "from_":
            path = (*path, "from")
    return path


def _dotted(path: Location) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(file)"


def _line(path: Location, lines: dict[Location, int]) -> int | None:
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _issue(error: Any, lines: dict[Location, int]) -> ScenarioIssue:
    path = _file_path(tuple(error["loc"]), lines)
    kind = error["type"]
    problem = str(error["msg"])
    if kind == "union_tag_invalid":
        problem = f"unknown action {error['ctx']['tag']!r}; known actions: {', '.join(ACTIONS)}"
        path = (*path, "action")
    elif kind == "union_tag_not_found":
        problem = f"each step needs an action, one of: {', '.join(ACTIONS)}"
    elif kind == "missing":
        problem = f"missing field {str(error['loc'][-1]).rstrip('_')!r}"
    elif kind == "extra_forbidden":
        problem = "unknown field"
    elif problem.startswith("Value error, "):
        problem = problem.removeprefix("Value error, ")
    return ScenarioIssue(_dotted(path), problem, _line(path, lines))


# --- actor names -----------------------------------------------------------------------------


def _actor_issues(scenario: Scenario, lines: dict[Location, int]) -> list[ScenarioIssue]:
    """Every actor name used but not declared (role holders are always declared)."""
    issues: list[ScenarioIssue] = []
    if len(set(scenario.actors) - set(ROLE_NAMES)) > MAX_ACTORS:
        issues.append(ScenarioIssue("actors", f"at most {MAX_ACTORS} actors besides the roles"))
    known = set(scenario.actors) | set(ROLE_NAMES)
    shown = ", ".join(sorted(set(scenario.actors))) or "none"

    def need(name: str, path: Location) -> None:
        if name not in known:
            issues.append(
                ScenarioIssue(
                    _dotted(path),
                    f"unknown actor {name!r} (declared: {shown}; roles: {', '.join(ROLE_NAMES)})",
                    _line(path, lines),
                )
            )

    for name in scenario.setup.balances:
        need(name, ("setup", "balances", name))
    for index, step in enumerate(scenario.steps):
        for where, name in step.actor_refs():
            need(name, ("steps", index, *where))
        if step.check is not None:
            for where, name in step.check.actor_refs():
                need(name, ("steps", index, "check", *where))
    return issues

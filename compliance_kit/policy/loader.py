"""Load a :class:`Policy` from a bundled profile or a TOML/YAML file, with overrides.

    load_profile("us")                                   # bundled (case-insensitive)
    load_profile("profiles/acme.yaml")                   # a file: .toml, .yaml or .yml
    load_profile("eu", {"redemption": {"sla_seconds": 3600}})
    load_profile("eu", {"redemption.sla_seconds": 3600}) # dotted keys work too

Overrides are merged into the file's data key by key (tables recursively, anything else
replaced) before validation, so an override is checked exactly like the file. Decimal literals
in TOML and YAML are read as exact ``Decimal``. Every failure is a :class:`ProfileError`.
"""

from __future__ import annotations

import copy
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

import yaml
from pydantic import ValidationError

from compliance_kit.policy.errors import (
    WHOLE_PROFILE,
    Location,
    ProfileError,
    ProfileIssue,
    dotted,
    issues_from,
)
from compliance_kit.policy.models import Policy

_SUFFIXES = (".toml", ".yaml", ".yml")
#: the file line of the value at a location (None: unknown, e.g. TOML or an override)
LineLookup = Callable[[Location], int | None]
_TOML_LINE = re.compile(r"at line (\d+)")


def list_profiles() -> list[str]:
    """Names of the bundled profiles (``["eu", "fatf", "hk", "sg", "us"]``)."""
    folder = resources.files("compliance_kit") / "profiles"
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


def load_profile(
    name_or_path: str | os.PathLike[str], overrides: Mapping[str, Any] | None = None
) -> Policy:
    """The policy of a bundled profile (by name) or a profile file, with ``overrides`` applied.

    A name without a path separator or file suffix is a bundled profile; anything else is a path.
    Raises :class:`ProfileError` naming the file, the field, the bad value and what is allowed.
    """
    source, data, line_of = _read(name_or_path)
    patch = _expand(overrides or {}, source)
    merged = _merge(data, patch)
    try:
        return Policy.model_validate(merged)
    except ValidationError as exc:
        issues = issues_from(
            exc,
            Policy,
            line_of=lambda loc: None if _covers(patch, loc) else line_of(loc),
            overridden=lambda loc: _covers(patch, loc),
        )
        raise ProfileError(source, issues) from None


# --- reading ---------------------------------------------------------------------------------


def _read(name_or_path: str | os.PathLike[str]) -> tuple[str, dict[str, Any], LineLookup]:
    text_name = os.fspath(name_or_path)
    is_path = isinstance(name_or_path, os.PathLike) or any(
        marker in text_name for marker in ("/", os.sep, *_SUFFIXES)
    )
    if not is_path:
        return _read_bundled(text_name)
    path = Path(text_name)
    source = str(path)
    if path.suffix.lower() not in _SUFFIXES:
        _fail(
            source,
            WHOLE_PROFILE,
            f"unsupported file type {path.suffix or '(none)'!r}: use .toml, .yaml or .yml",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        _fail(source, WHOLE_PROFILE, f"cannot read the file: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        _fail(source, WHOLE_PROFILE, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    if path.suffix.lower() == ".toml":
        return source, _parse_toml(text, source), _no_lines
    data, lines = _parse_yaml(text, source)
    return source, data, lines


def _read_bundled(name: str) -> tuple[str, dict[str, Any], LineLookup]:
    key = name.strip().lower()
    available = list_profiles()
    if key not in available:
        _fail(
            f"profile name {name!r}",
            WHOLE_PROFILE,
            f"no bundled profile {name!r}; bundled profiles: {', '.join(available)} "
            "(or give the path of a .toml/.yaml file)",
        )
    resource = resources.files("compliance_kit") / "profiles" / f"{key}.toml"
    source = f"bundled profile {key!r} (compliance_kit/profiles/{key}.toml)"
    return source, _parse_toml(resource.read_text(encoding="utf-8"), source), _no_lines


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        line = int(found.group(1)) if found else None
        raise ProfileError(
            source, [ProfileIssue(WHOLE_PROFILE, f"malformed TOML: {exc}", line=line)]
        ) from None


class _DecimalLoader(yaml.SafeLoader):
    """PyYAML's safe loader, reading decimal literals (``1000.50``) as exact ``Decimal``."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(node.value).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        return loader.construct_yaml_float(node)  # .inf / .nan: left as float (refused later)
    return value


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _no_lines(loc: Location) -> int | None:
    return None


def _parse_yaml(text: str, source: str) -> tuple[dict[str, Any], LineLookup]:
    """The YAML document as data, and where each of its keys and items is (line numbers)."""
    try:
        root = yaml.compose(text, Loader=_DecimalLoader)
        data = yaml.load(text, Loader=_DecimalLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ProfileError(
            source,
            [
                ProfileIssue(
                    WHOLE_PROFILE,
                    f"malformed YAML: {problem}",
                    line=mark.line + 1 if mark is not None else None,
                )
            ],
        ) from None
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        _fail(
            source,
            WHOLE_PROFILE,
            f"expected a mapping of profile fields, found {found}",
            line=1 if root is None else root.start_mark.line + 1,
        )
    lines: dict[Location, int] = {}
    duplicates: list[ProfileIssue] = []
    if root is not None:
        _index(root, (), lines, duplicates)
    if duplicates:
        raise ProfileError(source, duplicates)

    def line_of(loc: Location) -> int | None:
        for end in range(len(loc), 0, -1):
            if loc[:end] in lines:
                return lines[loc[:end]]
        return None

    return data, line_of


def _index(
    node: yaml.Node, path: Location, lines: dict[Location, int], duplicates: list[ProfileIssue]
) -> None:
    """Record the line of every key and list item under ``node``; note duplicate keys."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            here = (*path, key)
            line = key_node.start_mark.line + 1
            if key in seen:
                duplicates.append(ProfileIssue(dotted(here), "duplicate key", line=line))
            seen.add(key)
            lines[here] = line
            _index(value_node, here, lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = (*path, index)
            lines[here] = item.start_mark.line + 1
            _index(item, here, lines, duplicates)


def _fail(source: str, field: str, problem: str, *, line: int | None = None) -> NoReturn:
    raise ProfileError(source, [ProfileIssue(field, problem, line=line)])


# --- overrides -------------------------------------------------------------------------------


def _expand(overrides: Mapping[str, Any], source: str) -> dict[str, Any]:
    """Nested dicts from ``overrides``, where ``"a.b": v`` means ``{"a": {"b": v}}``."""
    if not isinstance(overrides, Mapping):
        _fail(source, "overrides", f"expected a mapping, got {type(overrides).__name__}")
    result: dict[str, Any] = {}
    for key, value in overrides.items():
        if not isinstance(key, str) or not key:
            _fail(source, "overrides", f"keys must be non-empty strings, got {key!r}")
        nested = _expand(value, source) if isinstance(value, Mapping) else value
        *parents, last = key.split(".")
        target = result
        for part in parents:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                _fail(source, f"overrides.{key}", "conflicts with another override")
        if isinstance(nested, dict) and isinstance(target.get(last), dict):
            target[last] = _merge(target[last], nested)
        else:
            target[last] = nested
    return result


def _merge(base: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``patch`` merged in: mappings recursively, everything else replaced."""
    merged = copy.deepcopy(dict(base))
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _covers(patch: Mapping[str, Any], loc: Location) -> bool:
    """Whether the value at ``loc`` was set (or replaced as part of a larger value) by ``patch``."""
    if not loc:
        return False
    current: Any = patch
    for part in loc:
        if not isinstance(current, Mapping):
            return True  # inside a value the patch replaced as a whole
        if part not in current:
            return False
        current = current[part]
    return True

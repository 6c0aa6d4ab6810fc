"""Load a :class:`Policy` from a bundled profile or a TOML/YAML file, with overrides.

    load_profile("us")                                   # bundled (case-insensitive)
    load_profile("profiles/acme.yaml")                   # a file: .toml, .yaml or .yml
    load_profile("eu", {"redemption": {"sla_seconds": 3600}})
    load_profile("eu", {"redemption.sla_seconds": 3600}) # dotted keys work too

Overrides are merged into the file's data key by key (tables recursively, anything else
replaced) before validation, so an override is checked exactly like the file. Decimal literals
in TOML and YAML are read as exact ``Decimal``. Every failure is a :class:`ProfileError`.

YAML is read by :class:`SafeYamlLoader` (the scenario loader uses it too): nesting beyond
:data:`MAX_DEPTH` levels, recursive aliases and aliases that expand to more than
:data:`MAX_VALUES` values are refused at their line, a scalar its tag cannot construct
(``!!int abc``, a 5,000-digit integer) is a :class:`YamlValueError` at its line, and no step
walks an aliased node twice (reading is linear in the size of the file).
"""

from __future__ import annotations

import copy
import os
import re
import tomllib
from collections import deque
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
#: the deepest nesting a profile or scenario file may have (they need a handful of levels);
#: deeper files are refused instead of exhausting Python's recursion limit
MAX_DEPTH = 64
#: the most values (keys, items, scalars) a YAML document may hold once its aliases are
#: expanded: files need hundreds; an alias bomb holds billions, which whatever reads the data
#: afterwards (validation, reports) would walk
MAX_VALUES = 100_000
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
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        line = int(found.group(1)) if found else None
        raise ProfileError(
            source, [ProfileIssue(WHOLE_PROFILE, f"malformed TOML: {exc}", line=line)]
        ) from None
    except RecursionError:  # arrays / inline tables nested thousands deep
        _fail(source, WHOLE_PROFILE, f"malformed TOML: {_TOO_DEEP}")
    except ValueError:  # an integer beyond Python's int-conversion limit (4,300 digits)
        _fail(source, WHOLE_PROFILE, "malformed TOML: a number of more than 4,300 digits")
    if _data_depth(data) > MAX_DEPTH:  # dotted keys (a.b.c...) nest without recursion
        _fail(source, WHOLE_PROFILE, f"malformed TOML: {_TOO_DEEP}")
    return data


_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"


def _data_depth(data: Any) -> int:
    """How deep tables and arrays nest in ``data`` (TOML data: a tree), without recursion."""
    deepest = 0
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                pending.extend((child, depth + 1) for child in children)
    return deepest


class YamlValueError(yaml.constructor.ConstructorError):
    """A scalar its (explicit or implied) tag cannot construct: ``!!int abc``, ``!!bool maybe``,
    ``!!timestamp soon``, an integer of 5,000 digits. ``node`` is the scalar (``start_mark``:
    its line); ``description`` says what is wrong with it."""

    def __init__(self, node: yaml.Node, description: str) -> None:
        self.node = node
        self.description = description
        #: where the scalar is in the document (set by :func:`read_yaml`; None: not found)
        self.path: Location | None = None
        super().__init__(None, None, description, node.start_mark)


#: what each YAML tag's value must be, for messages
_TAG_KINDS = {
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "timestamp": "a date (YYYY-MM-DD) or date-time",
    "null": "null",
}


class SafeYamlLoader(yaml.SafeLoader):
    """PyYAML's safe loader, hardened for files from anyone (see the module docstring)."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(None, None, _TOO_DEEP, mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
            raise YamlValueError(node, _cannot_construct(node)) from None


def _cannot_construct(node: yaml.Node) -> str:
    tag = str(node.tag).rsplit(":", 1)[-1]
    value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    if tag == "int" and len(value) > 4_000 and value.lstrip("+-").replace("_", "").isdigit():
        return f"an integer of {len(value):,} digits is far too long"
    shown = repr(value) if len(value) <= 40 else repr(value[:37]) + "..."
    kind = _TAG_KINDS.get(tag, f"a !!{tag} value")
    return f"{shown} cannot be read as {kind} (YAML type !!{tag}, explicit or implied)"


def read_yaml(text: str, loader: type[SafeYamlLoader] = SafeYamlLoader) -> tuple[Any, Any]:
    """``(root node, data)`` of the YAML document ``text``, composed once and checked before it
    is constructed: nesting (aliases included) deeper than :data:`MAX_DEPTH`, recursive
    aliases and more than :data:`MAX_VALUES` values once aliases are expanded raise
    ``ComposerError`` at their line; a scalar its tag cannot construct raises
    :class:`YamlValueError`. Anything else wrong is PyYAML's own ``YAMLError``; a
    ``RecursionError`` cannot happen (the stack is bounded by ``MAX_DEPTH``)."""
    reader = loader(text)
    try:
        root = reader.get_single_node()
        if root is None:
            return None, None
        _check_shape(root)
        try:
            return root, reader.construct_document(root)
        except YamlValueError as exc:
            exc.path = node_path(root, exc.node)
            raise
    finally:
        reader.dispose()


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_shape(root: yaml.Node) -> None:
    """Refuse, visiting each node once: nesting deeper than :data:`MAX_DEPTH` through aliases
    (``b: &b [*a]``, ``c: &c [*b]``, ... nests one level per line), recursive aliases, and
    more than :data:`MAX_VALUES` values once aliases are expanded (``b: &b [*a, *a, ...]``)."""
    depth: dict[int, int] = {}
    size: dict[int, int] = {}
    on_path: set[int] = set()
    pending: list[tuple[yaml.Node, bool]] = [(root, False)]
    while pending:
        node, finished = pending.pop()
        key = id(node)
        if finished:
            on_path.discard(key)
            children = _children(node)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            size[key] = 1 + sum(size[id(c)] for c in children)
            if depth[key] > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, _TOO_DEEP, node.start_mark)
            if size[key] > MAX_VALUES:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"aliases expand to more than {MAX_VALUES:,} values (an alias bomb?)",
                    node.start_mark,
                )
            continue
        if key in depth:
            continue
        on_path.add(key)
        pending.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                raise yaml.composer.ComposerError(
                    None, None, "an alias refers to a collection that contains it", child.start_mark
                )
            if id(child) not in depth:
                pending.append((child, False))


class _DecimalLoader(SafeYamlLoader):
    """The hardened safe loader, reading decimal literals (``1000.50``) as exact ``Decimal``."""


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
        root, data = read_yaml(text, _DecimalLoader)
    except YamlValueError as exc:
        raise ProfileError(source, [_value_issue(exc)]) from None
    except RecursionError:  # pragma: no cover - read_yaml bounds the depth
        _fail(source, WHOLE_PROFILE, f"malformed YAML: {_TOO_DEEP}")
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
        _index(root, (), lines, duplicates, set())
    if duplicates:
        raise ProfileError(source, duplicates)

    def line_of(loc: Location) -> int | None:
        for end in range(len(loc), 0, -1):
            if loc[:end] in lines:
                return lines[loc[:end]]
        return None

    return data, line_of


def _value_issue(error: YamlValueError) -> ProfileIssue:
    """The issue of a scalar that could not be constructed, at its field when it has one."""
    line = error.node.start_mark.line + 1
    if not error.path:
        return ProfileIssue(WHOLE_PROFILE, f"malformed YAML: {error.description}", line=line)
    return ProfileIssue(dotted(error.path), error.description, line=line)


def node_path(root: yaml.Node, target: yaml.Node) -> Location | None:
    """Where ``target`` first appears under ``root`` (keys and list indices; a mapping key is
    located at its own key), visiting each node once; None if it is not there."""
    pending: deque[tuple[yaml.Node, Location]] = deque([(root, ())])
    seen: set[int] = set()
    while pending:
        node, path = pending.popleft()
        if node is target:
            return path
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                here = (*path, str(key_node.value))
                pending.extend(((key_node, here), (value_node, here)))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((item, (*path, i)) for i, item in enumerate(node.value))
    return None


def _index(
    node: yaml.Node,
    path: Location,
    lines: dict[Location, int],
    duplicates: list[ProfileIssue],
    done: set[int],
) -> None:
    """Record the line of every key and list item under ``node``; note duplicate keys.

    A node reached again through an alias is not walked again (``done``: the ids of the nodes
    walked): its keys keep the lines of their first use, and the alias has its own line. Each
    node is walked once, so an alias bomb costs no more than its text."""
    if id(node) in done:
        return
    done.add(id(node))
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
            _index(value_node, here, lines, duplicates, done)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = (*path, index)
            lines[here] = item.start_mark.line + 1
            _index(item, here, lines, duplicates, done)


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

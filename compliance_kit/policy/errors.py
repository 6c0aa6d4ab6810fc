"""``ProfileError``: a profile that cannot be read or validated, explained field by field.

Each problem names the file (or bundled profile), the dotted field path (``redemption.fee_bps``),
the bad value, and what is allowed (range or choices); YAML problems carry their line number.
"""

from __future__ import annotations

import difflib
import reprlib
import types
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from compliance_kit.exceptions import InputError

Location = tuple[str | int, ...]

_NO_VALUE = object()
#: the ``field`` of problems with the profile as a whole (unreadable, malformed, unknown name)
WHOLE_PROFILE = "profile"


@dataclass(frozen=True)
class ProfileIssue:
    """One problem in a profile: where, the value found, and what is wrong with it."""

    field: str
    problem: str
    value: Any = _NO_VALUE
    line: int | None = None
    from_overrides: bool = False

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        if self.field == WHOLE_PROFILE:
            return f"{where}{self.problem}"
        shown = "" if self.value is _NO_VALUE else f" = {_show(self.value)}"
        origin = " (from overrides)" if self.from_overrides else ""
        return f"{where}{self.field}{shown}{origin}: {self.problem}"


class ProfileError(InputError):
    """A jurisdiction profile is missing, unreadable or invalid; nothing was deployed.

    ``source`` names the file or bundled profile, ``issues`` lists every problem found
    (``field`` and ``line`` are those of the first one).
    """

    def __init__(self, source: str, issues: Sequence[ProfileIssue]) -> None:
        self.source = source
        self.issues = tuple(issues)
        first = self.issues[0]
        self.line = first.line
        if len(self.issues) == 1:
            at = f":{first.line}" if first.line is not None else ""
            text = f"{source}{at}: {_without_line(first)}"
        else:
            listed = "\n".join(f"  - {issue}" for issue in self.issues)
            text = f"{source}: {len(self.issues)} problems\n{listed}"
        super().__init__(first.field, text)
        self.args = (text,)


def issues_from(
    error: ValidationError,
    model: type[BaseModel],
    *,
    line_of: Callable[[Location], int | None] = lambda loc: None,
    overridden: Callable[[Location], bool] = lambda loc: False,
) -> list[ProfileIssue]:
    """Readable issues from pydantic's ``error`` raised while validating ``model``."""
    issues = []
    for entry in error.errors(include_url=False):
        loc: Location = tuple(entry["loc"])
        kind = entry["type"]
        if kind == "extra_forbidden":
            problem = _unknown_key(model, loc)
        elif kind == "missing":
            problem = "required, but missing"
        else:
            problem = entry["msg"]
            problem = problem[:1].lower() + problem[1:]
            allowed = _allowed(model, loc) if _is_type_or_range(kind) else None
            if allowed:
                problem = f"{problem} (allowed: {allowed})"
        value = _NO_VALUE if kind == "missing" else entry.get("input", _NO_VALUE)
        issues.append(
            ProfileIssue(
                field=dotted(loc),
                problem=problem,
                value=value,
                line=line_of(loc),
                from_overrides=overridden(loc),
            )
        )
    return issues


def _is_type_or_range(kind: str) -> bool:
    """Whether pydantic's error ``kind`` is a wrong type or a bound (where the range helps)."""
    bounds = ("greater_than", "greater_than_equal", "less_than", "less_than_equal")
    return kind in bounds or kind.endswith(("_type", "_parsing", "_from_float"))


def dotted(loc: Iterable[str | int]) -> str:
    """``("corridors", "rules", 0, "action")`` → ``corridors.rules[0].action``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(profile)"


# --- what is allowed at a location -----------------------------------------------------------


def _unknown_key(model: type[BaseModel], loc: Location) -> str:
    parent = _model_at(model, loc[:-1])
    if parent is None:
        return "unknown key"
    known = list(parent.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown key{hint} (allowed keys here: {', '.join(known)})"


def _allowed(model: type[BaseModel], loc: Location) -> str | None:
    info = _field_at(model, loc)
    if info is None:
        return None
    bounds: dict[str, Any] = {}
    for item in _constraints(info):
        for name in ("ge", "gt", "le", "lt"):
            if isinstance(item, getattr(annotated_types, name.capitalize())):
                bounds[name] = getattr(item, name)
    choices = _literal_choices(info.annotation)
    if choices:
        return " or ".join(repr(c) for c in choices)
    if not bounds:
        return None
    kind = "an integer" if _is_int(info.annotation) else "a number"
    if "ge" in bounds and "le" in bounds:
        return f"{kind} from {bounds['ge']} to {bounds['le']}"
    limits = [f"{sign} {bounds[name]}" for name, sign in _SIGNS.items() if name in bounds]
    return f"{kind} {' and '.join(limits)}"


_SIGNS = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}


def _constraints(info: FieldInfo) -> list[Any]:
    """The field's constraints, including those inside ``Annotated`` types of its annotation."""
    found = list(info.metadata)
    pending = [info.annotation]
    while pending:
        annotation = pending.pop()
        for arg in get_args(annotation):
            if isinstance(arg, FieldInfo):
                found.extend(arg.metadata)
            elif isinstance(arg, annotated_types.BaseMetadata):
                found.append(arg)
            else:
                pending.append(arg)
    return found


def _field_at(model: type[BaseModel], loc: Location) -> FieldInfo | None:
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return None
    parent = _model_at(model, loc[: max(i for i, p in enumerate(loc) if isinstance(p, str))])
    return parent.model_fields.get(names[-1]) if parent is not None else None


def _model_at(model: type[BaseModel], loc: Location) -> type[BaseModel] | None:
    """The model class reached by following ``loc`` from ``model`` (skipping list indices)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        current = _inner_model(info.annotation) if info is not None else None
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _literal_choices(annotation: Any) -> tuple[Any, ...]:
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        for arg in get_args(annotation):
            if choices := _literal_choices(arg):
                return choices
    return ()


def _is_int(annotation: Any) -> bool:
    if annotation is int:
        return True
    return any(_is_int(arg) for arg in get_args(annotation))


# --- display ---------------------------------------------------------------------------------


class _Repr(reprlib.Repr):
    """``repr`` within bounds: a few levels and items of a container (a YAML alias bomb holds
    billions), and an ``int`` beyond Python's int-to-text limit described instead of raising."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxlist = self.maxtuple = self.maxset = self.maxfrozenset = self.maxdict = 8
        self.maxstring = self.maxother = self.maxlong = 200  # _show shortens to 60 anyway

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 10_000:  # ~3,000 digits: text conversion is refused past 4,300
            return f"<an integer of about {int(x.bit_length() * 0.30103):,} digits>"
        return super().repr_int(x, level)


_REPR = _Repr()


def _show(value: Any) -> str:
    text = str(value) if isinstance(value, Decimal) else _REPR.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _without_line(issue: ProfileIssue) -> str:
    return str(ProfileIssue(issue.field, issue.problem, issue.value, None, issue.from_overrides))

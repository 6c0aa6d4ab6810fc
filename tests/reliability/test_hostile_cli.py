"""Hostile input through the command line (``CliRunner``, in-process).

A deployment on the embedded chain cannot be reached from another process, so the admin commands
get the session's deployed system in-process: ``admin_session`` (which normally connects to
``--rpc-url`` and loads the manifest) is replaced, in each command module, by one yielding an
``IssuerAdmin`` over the ``ck_`` system. Everything else -- argument parsing, the kit's
validation, the error-to-exit-code mapping -- is the real CLI. Properties, for one hostile value
in one argument or option:

* exit code 2 (usage / input: nothing sent), one line ``error: <field>: ...`` on stderr;
* never ``unexpected <Exception>`` (the CLI's words for an error outside the kit's tree) nor a
  traceback;
* nothing was sent: the latest block and every account's nonce are unchanged.

Addresses are also checked without any node (they are validated before connecting). The bugs
found through the CLI (B1, B2, B4, B9 in tests/reliability/bugs.py) are fixed; their inputs are
in the strategies, and the regression tests at the end check each one's exit 2 and message.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner, Result

from compliance_kit.admin import IssuerAdmin
from compliance_kit.cli import COMMAND_MODULES, EXIT_INPUT, app
from compliance_kit.units import UINT256_MAX
from reliability import strategies as hs
from reliability.helpers import chain_state, examples

if TYPE_CHECKING:
    from compliance_kit.chain.base import Chain
    from compliance_kit.system import DeployedSystem

SETTINGS = settings(
    max_examples=examples(20),
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
        HealthCheck.too_slow,
    ],
)
ALICE = hs.SOME_ADDRESSES[0]
LATER = "2099-01-01"
BOB = hs.SOME_ADDRESSES[1]
#: settings a developer's shell may hold; the runs start without them
SETTING_VARIABLES = ("RPC_URL", "CHAIN_ID", "MANIFEST", "CONFIG", "KEYSTORE", "PRIVATE_KEY")
#: the click command behind ``app``, built once: typer's ``CliRunner.invoke`` rebuilds it on
#: every run (~0.1 s, most of a run), through ``typer.testing._get_command``
CLI = get_command(app)


def _cached_command(typer_app: object) -> object:
    return CLI if typer_app is app else get_command(typer_app)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _build_the_cli_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("typer.testing._get_command", _cached_command)


def _cli_text(value: Any) -> bool:
    """What a command line can carry: text without NUL (an OS argument cannot hold one)."""
    return isinstance(value, str) and "\0" not in value


@dataclass(frozen=True)
class Command:
    """A command line with one hostile value (``{}``) and the field its error must name."""

    args: tuple[str, ...]
    field: str
    strategy: st.SearchStrategy[Any]

    def __post_init__(self) -> None:
        # built once: hypothesis validates a strategy the first time it draws from it
        object.__setattr__(self, "values", self.strategy.filter(_cli_text))

    def line(self, value: str) -> list[str]:
        return [value if a == "{}" else a for a in self.args]

    def __str__(self) -> str:
        words = []
        for arg in self.args:
            if arg.startswith("-"):
                break
            words.append(arg)
        return f"{' '.join(words)}:{self.field}"


def _kyc_approve(tier: str = "1", jurisdiction: str = "840", expiry: str = LATER) -> tuple:
    options = ("--tier", tier, "--jurisdiction", jurisdiction, "--expiry", expiry)
    return ("kyc", "approve", *options, "--", ALICE)


AMOUNTS = hs.bad_amount_text()
ADDRESSES = hs.bad_addresses()
REFS = hs.bad_references()

COMMANDS = [
    # positionals after "--", so values starting with "-" are values, not options
    Command(("mint", "--", ALICE, "{}"), "amount", AMOUNTS),
    Command(("mint", "--", "{}", "1"), "to", ADDRESSES),
    Command(("burn", "--", "{}"), "amount", AMOUNTS),
    Command(("minter", "configure", "--", BOB, "{}"), "allowance", AMOUNTS),
    Command(("freeze", "--order", "{}", "--", ALICE), "order_ref", REFS),
    Command(("freeze", "--order", "O-1", "--amount", "{}", "--", ALICE), "amount", AMOUNTS),
    Command(("seize", "--order", "O-1", "--", ALICE, "{}"), "amount", AMOUNTS),
    Command(("unfreeze", "--order", "{}", "--", ALICE), "order_ref", REFS),
    Command(_kyc_approve(tier="{}"), "tier", hs.bad_tiers()),
    Command(_kyc_approve(jurisdiction="{}"), "jurisdiction", hs.bad_jurisdictions()),
    Command(
        _kyc_approve(expiry="{}"),
        "expiry",
        st.one_of(hs.bad_kyc_expiries(), st.integers(0, 10**9).map(str)),  # or in the past
    ),
    Command(("kyc", "revoke", "--", ALICE, "{}"), "accounts[1]", ADDRESSES),
    Command(("attest", "--reserves", "{}", "--report", "r"), "reserves", AMOUNTS),
    Command(
        ("attest", "--reserves", "10", "--report", "r", "--as-of", "{}"),
        "as_of",
        hs.bad_times(),
    ),
    Command(("redeem", "fulfil", "--payment-ref", "{}", "--", "0"), "payment_ref", REFS),
    Command(
        ("redeem", "fulfil", "--payment-ref", "P-1", "--", "{}"),
        "id",
        st.integers(UINT256_MAX + 1, 2**400).map(str),
    ),
    Command(("roles", "grant", "--", "{}", ALICE), "role", hs.bad_role_names()),
    Command(("check-transfer", "--", ALICE, BOB, "{}"), "amount", AMOUNTS),
]


@pytest.fixture
def in_process(
    monkeypatch: pytest.MonkeyPatch, system: DeployedSystem, ck_chain: Chain
) -> Callable[..., Result]:
    """``run(*args)``: the CLI, with every admin command on the session's system."""
    for name in SETTING_VARIABLES:
        monkeypatch.delenv(f"COMPLIANCE_KIT_{name}", raising=False)

    @contextmanager
    def session(target: object, command: str, *, sign: bool = True) -> Iterator[IssuerAdmin]:
        yield IssuerAdmin(system, ck_chain.accounts)

    for module_name in COMMAND_MODULES:
        module = importlib.import_module(f"compliance_kit.cli.{module_name}")
        if hasattr(module, "admin_session"):
            monkeypatch.setattr(module, "admin_session", session)

    def run(*args: str) -> Result:
        return CliRunner().invoke(app, list(args))

    return run


def _assert_input_error(result: Result, field: str) -> None:
    output = result.output + (result.stderr or "")
    assert not result.stderr.startswith("error: unexpected "), output  # outside the kit's tree
    assert "Traceback" not in output, output
    assert result.exit_code == EXIT_INPUT, output
    assert result.stderr.startswith(f"error: {field}: "), output


@pytest.mark.parametrize("command", COMMANDS, ids=str)
@SETTINGS
@given(data=st.data())
def test_hostile_argument_exits_2_naming_the_field_and_nothing_is_sent(
    in_process: Callable[..., Result], ck_chain: Chain, command: Command, data: st.DataObject
) -> None:
    value = data.draw(command.values, label=command.field)  # type: ignore[attr-defined]
    before = chain_state(ck_chain)
    result = in_process(*command.line(value))
    _assert_input_error(result, command.field)
    assert chain_state(ck_chain) == before, "something was sent"


@SETTINGS
@given(address=ADDRESSES.filter(_cli_text))
def test_a_hostile_address_is_refused_before_any_node_is_needed(
    monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    """No node, no manifest: the address is checked first (exit 2, not 4 "needs a node")."""
    for name in SETTING_VARIABLES:
        monkeypatch.delenv(f"COMPLIANCE_KIT_{name}", raising=False)
    result = CliRunner().invoke(app, ["freeze", "--order", "O-1", "--", address])
    _assert_input_error(result, "account")


# --- regressions of the bugs found (bugs.py) -----------------------------------------------------


@pytest.mark.parametrize("option", ["--tier", "--jurisdiction"])
@pytest.mark.parametrize("digits", ["\u00b2", "\u0668\u0664\u0660"], ids=["super-2", "arabic-840"])
def test_cli_digits_other_than_ascii(
    in_process: Callable[..., Result], ck_chain: Chain, option: str, digits: str
) -> None:
    """B1: ``error: unexpected ValueError`` (exit 1) for ``--tier \u00b2``."""
    args = {"--tier": "1", "--jurisdiction": "840", option: digits}
    line = ["kyc", "approve", *(x for kv in args.items() for x in kv)]
    before = chain_state(ck_chain)
    result = in_process(*line, "--expiry", "2099-01-01", "--", ALICE)
    _assert_input_error(result, option.removeprefix("--"))
    assert chain_state(ck_chain) == before


def test_cli_expiry_beyond_year_9999(in_process: Callable[..., Result], ck_chain: Chain) -> None:
    """B2: the expiry reached the simulation, whose InvalidKycExpiry could not be explained
    (``year 10000 is out of range``); the kit now refuses it first (KYC expiries are 32 bits)."""
    before = chain_state(ck_chain)
    result = in_process(*_kyc_approve(expiry="9999-12-31T23:59:59-12:00"))
    assert chain_state(ck_chain) == before
    _assert_input_error(result, "expiry")
    assert "too late" in result.stderr


def test_cli_redemption_id_beyond_uint256(
    in_process: Callable[..., Result], ck_chain: Chain
) -> None:
    """B4: eth_abi's ValueOutOfBounds escaped ``redeem fulfil 2**256``."""
    before = chain_state(ck_chain)
    result = in_process("redeem", "fulfil", "--payment-ref", "SEPA-1", "--", str(2**256))
    assert chain_state(ck_chain) == before
    _assert_input_error(result, "id")


@pytest.mark.parametrize(
    "args",
    [
        ("freeze", "--order", "ORDER-\udcff", "--", ALICE),
        ("attest", "--reserves", "10", "--report", "report-\udcff"),
    ],
    ids=["order_ref", "report"],
)
def test_cli_non_utf8_text(
    in_process: Callable[..., Result], ck_chain: Chain, args: tuple[str, ...]
) -> None:
    """B9: ``--order $'ORDER-\\xff'`` in a shell: Python hands the command a lone surrogate,
    and ``str.encode()`` raised a raw UnicodeEncodeError."""
    before = chain_state(ck_chain)
    result = in_process(*args)
    assert chain_state(ck_chain) == before
    _assert_input_error(result, "order_ref" if args[0] == "freeze" else "report")

"""Hostile input to every ``IssuerAdmin`` action that takes user input, and to the KYC CSV import.

On the session's deployed system (the ``ck_`` fixtures), each action gets one hostile value in
one field (the others valid). Properties:

* the action raises an ``InputError`` of the kit whose ``field`` is that field and whose message
  starts with it (never a raw ``ValueError`` / ``TypeError`` / ``KeyError``);
* nothing was sent: the latest block and every account's nonce are unchanged.

The zero address, where the contracts forbid it, is refused before anything is mined: by the
kit's own check (with the field) or by the simulation every action runs first (a decoded,
unmined ``Reverted``). Bugs found (tests/reliability/bugs.py) are pinned at the end by
``xfail(strict=True)`` tests.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance_kit.admin import BatchFailed, CsvImportError, IssuerAdmin
from compliance_kit.exceptions import ComplianceKitError, CustomErrorRevert, InputError, Reverted
from reliability import strategies as hs
from reliability.bugs import B1, B2, B4, B10, Z1
from reliability.helpers import chain_state, examples

if TYPE_CHECKING:
    from compliance_kit.chain.base import Chain
    from compliance_kit.pytest_plugin import Actors
    from compliance_kit.system import DeployedSystem

ZERO = hs.ZERO_ADDRESS
LATER = "2099-01-01"
#: function-scoped fixtures (the isolated system) are fine here: every example must send nothing
SETTINGS = settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
        HealthCheck.too_slow,
    ],
)

Action = Callable[[IssuerAdmin, Any, Any], object]


@dataclass(frozen=True)
class Op:
    """One admin action with a hostile value in ``field``."""

    name: str
    field: str
    strategy: st.SearchStrategy[Any]
    run: Action

    def __post_init__(self) -> None:
        # built once: hypothesis validates a strategy the first time it draws from it
        values = self.strategy.filter(lambda v: not hs.known_bug(v))
        object.__setattr__(self, "values", values)

    def __str__(self) -> str:
        return f"{self.name}.{self.field}"


def _not_off(value: Any) -> bool:
    """Rule amounts and windows read ``None``, ``""``, ``"none"`` and ``"off"`` as "no limit"."""
    return not (value is None or (isinstance(value, str) and value.strip().lower() in hs.OFF_WORDS))


AMOUNTS = hs.bad_amounts()
#: lawful orders with an amount: ``None`` is B10, pinned below
ORDER_AMOUNTS = AMOUNTS.filter(lambda v: v is not None)
ADDRESSES = hs.bad_addresses()
REFS = hs.bad_references()
PAST = st.integers(0, 1_000_000_000)  # valid unix times, long before the chain's clock

OPS = [
    Op("mint", "amount", AMOUNTS, lambda a, x, v: a.mint(x.alice.address, v)),
    Op("mint", "to", ADDRESSES, lambda a, x, v: a.mint(v, "1")),
    Op(
        "mint_many",
        "mints[1].amount",
        AMOUNTS,
        lambda a, x, v: a.mint_many([(x.alice.address, "1"), (x.bob.address, v)]),
    ),
    Op("burn", "amount", AMOUNTS, lambda a, x, v: a.burn(v)),
    Op(
        "configure_minter",
        "allowance",
        AMOUNTS,
        lambda a, x, v: a.configure_minter(x.bob.address, v),
    ),
    Op("configure_minter", "minter", ADDRESSES, lambda a, x, v: a.configure_minter(v, "1")),
    Op("freeze", "account", ADDRESSES, lambda a, x, v: a.freeze(v, "ORDER-1")),
    Op("freeze", "order_ref", REFS, lambda a, x, v: a.freeze(x.alice.address, v)),
    Op(
        "freeze_tokens",
        "amount",
        ORDER_AMOUNTS,
        lambda a, x, v: a.freeze_tokens(x.alice.address, v, "ORDER-1"),
    ),
    Op("seize", "order_ref", REFS, lambda a, x, v: a.seize(x.alice.address, "1", v)),
    Op(
        "burn_frozen",
        "amount",
        ORDER_AMOUNTS,
        lambda a, x, v: a.burn_frozen(x.alice.address, v, "O"),
    ),
    Op(
        "approve_account", "account", ADDRESSES, lambda a, x, v: a.approve_account(v, 1, 840, LATER)
    ),
    Op(
        "approve_account",
        "tier",
        hs.bad_tiers(),
        lambda a, x, v: a.approve_account(x.mallory.address, v, 840, LATER),
    ),
    Op(
        "approve_account",
        "jurisdiction",
        hs.bad_jurisdictions(),
        lambda a, x, v: a.approve_account(x.mallory.address, 1, v, LATER),
    ),
    Op(
        "approve_account",
        "expiry",
        st.one_of(hs.bad_times(), PAST, PAST.map(str)),
        lambda a, x, v: a.approve_account(x.mallory.address, 1, 840, v),
    ),
    Op(
        "approve_accounts",
        "entries[1].jurisdiction",
        hs.bad_jurisdictions(),
        lambda a, x, v: a.approve_accounts(
            [(x.mallory.address, 1, 840, LATER), (x.bob.address, 1, v, LATER)]
        ),
    ),
    Op(
        "revoke_accounts",
        "accounts[1]",
        ADDRESSES,
        lambda a, x, v: a.revoke_accounts([x.alice.address, v]),
    ),
    Op(
        "set_tier_limits",
        "transfer_cap",
        AMOUNTS.filter(_not_off),
        lambda a, x, v: a.set_tier_limits(1, transfer_cap=v),
    ),
    Op(
        "set_tier_limits",
        "window",
        hs.bad_durations().filter(_not_off),
        lambda a, x, v: a.set_tier_limits(1, window=v),
    ),
    Op("set_tier_limits", "tier", hs.bad_tiers(), lambda a, x, v: a.set_tier_limits(v)),
    Op(
        "set_travel_rule_threshold",
        "amount",
        AMOUNTS.filter(_not_off),
        lambda a, x, v: a.set_travel_rule_threshold(840, v),
    ),
    Op(
        "set_travel_rule_threshold",
        "jurisdiction",
        hs.bad_jurisdictions(),
        lambda a, x, v: a.set_travel_rule_threshold(v, "1000"),
    ),
    Op(
        "set_redemption_fee",
        "fee_bps",
        hs.bad_basis_points(),
        lambda a, x, v: a.set_redemption_fee(v),
    ),
    Op("set_redemption_sla", "sla", hs.bad_durations(), lambda a, x, v: a.set_redemption_sla(v)),
    Op("set_minimum_redemption", "minimum", AMOUNTS, lambda a, x, v: a.set_minimum_redemption(v)),
    Op("attest", "reserves", AMOUNTS, lambda a, x, v: a.attest(v, "report")),
    Op(
        "attest",
        "as_of",
        hs.bad_times().filter(lambda v: v is not None),  # None: now
        lambda a, x, v: a.attest("1000", "report", as_of=v),
    ),
    Op("fulfil_redemption", "payment_ref", REFS, lambda a, x, v: a.fulfil_redemption(0, v)),
    Op("grant_role", "role", hs.bad_role_names(), lambda a, x, v: a.grant_role(v, x.alice.address)),
    Op("grant_role", "account", ADDRESSES, lambda a, x, v: a.grant_role("pauser", v)),
    Op("set_seizure_escrow", "escrow", ADDRESSES, lambda a, x, v: a.set_seizure_escrow(v)),
    Op("sanction", "accounts[0]", ADDRESSES, lambda a, x, v: a.sanction([v])),
    Op(
        "check_transfer",
        "amount",
        AMOUNTS,
        lambda a, x, v: a.check_transfer(x.alice.address, x.bob.address, v),
    ),
]


@pytest.fixture
def admin(system: DeployedSystem, ck_chain: Chain) -> IssuerAdmin:
    """Signs with every dev account (each action picks the holder of its role)."""
    return IssuerAdmin(system, ck_chain.accounts)


@pytest.fixture
def untouched(ck_chain: Chain) -> Callable[[], None]:
    """``untouched()`` asserts the chain is as the test found it: no block mined, no nonce moved
    (every example of a test must leave it so)."""
    before = chain_state(ck_chain)

    def check() -> None:
        assert chain_state(ck_chain) == before, "something was sent"

    return check


@pytest.mark.parametrize("op", OPS, ids=str)
@SETTINGS
@given(data=st.data())
def test_hostile_value_is_refused_naming_the_field_and_nothing_is_sent(
    admin: IssuerAdmin,
    ck_actors: Actors,
    untouched: Callable[[], None],
    op: Op,
    data: st.DataObject,
) -> None:
    value = data.draw(op.values, label=op.field)  # type: ignore[attr-defined]
    with pytest.raises(InputError) as info:
        op.run(admin, ck_actors, value)
    assert info.value.field == op.field, str(info.value)
    assert str(info.value).startswith(f"{op.field}: ")
    untouched()


ZERO_FORBIDDEN: list[Any] = [
    pytest.param(lambda a, x: a.mint(ZERO, "1"), id="mint"),
    pytest.param(lambda a, x: a.configure_minter(ZERO, "1"), id="configure_minter"),
    pytest.param(lambda a, x: a.approve_account(ZERO, 1, 840, LATER), id="approve_account"),
    pytest.param(lambda a, x: a.approve_accounts([(ZERO, 1, 840, LATER)]), id="approve_accounts"),
    pytest.param(lambda a, x: a.set_seizure_escrow(ZERO), id="set_seizure_escrow"),
    pytest.param(lambda a, x: a.set_kyc_provider(ZERO), id="set_kyc_provider"),
    pytest.param(lambda a, x: a.set_auditor(ZERO), id="set_auditor"),
    pytest.param(lambda a, x: a.set_limit_exemption(ZERO), id="set_limit_exemption"),
    pytest.param(lambda a, x: a.set_sanctions_screening(oracle=ZERO), id="screening_oracle"),
]


@pytest.mark.parametrize("action", ZERO_FORBIDDEN)
def test_zero_address_where_forbidden_is_refused_before_anything_is_mined(
    admin: IssuerAdmin, ck_actors: Actors, ck_chain: Chain, action: Callable[..., object]
) -> None:
    before = chain_state(ck_chain)
    with pytest.raises(ComplianceKitError) as info:
        action(admin, ck_actors)
    exc = info.value
    if isinstance(exc, BatchFailed):  # a batch: refused at its first transaction
        assert exc.sent == ()
        exc = exc.cause
    if isinstance(exc, Reverted):  # the contract's own check, met by the simulation
        assert not exc.mined, "refused by the simulation, before sending"
        assert isinstance(exc, CustomErrorRevert), repr(exc)
        assert exc.name in ("ZeroAddress", "ERC20InvalidReceiver"), str(exc)
    else:
        assert isinstance(exc, InputError), repr(exc)
        assert exc.field in ("account", "oracle"), str(exc)
    assert chain_state(ck_chain) == before


# --- the KYC CSV import ----------------------------------------------------------------------


def _cells() -> st.SearchStrategy[tuple[str, str]]:
    """A hostile value for one column of a customer row, as CSV text."""
    text = st.text(max_size=20)
    return st.one_of(
        st.tuples(st.just("address"), st.one_of(ADDRESSES.filter(_textual), text, st.just(ZERO))),
        st.tuples(st.just("tier"), st.one_of(hs.bad_tiers().filter(_textual), st.just(""))),
        st.tuples(st.just("jurisdiction"), hs.bad_jurisdictions().filter(_textual)),
        st.tuples(st.just("expiry"), st.one_of(hs.bad_times().filter(_textual), PAST.map(str))),
    ).filter(lambda pair: not hs.known_bug(pair[1]))


def _textual(value: Any) -> bool:
    return isinstance(value, str)


def _row_is_valid(column: str, cell: str, now: int) -> bool:
    """Whether a generated 'hostile' cell happens to be valid for its column (text fuzzing can
    produce a valid value, e.g. an address-shaped string)."""
    from compliance_kit.admin.values import jurisdiction, kyc_tier, timestamp
    from compliance_kit.units import to_address

    check = {
        "address": to_address,
        "tier": kyc_tier,
        "jurisdiction": jurisdiction,
        "expiry": timestamp,
    }[column]
    try:
        value = check(cell.strip())
    except InputError:
        return False
    if column == "address":
        return value != ZERO
    return column != "expiry" or int(value) > now


GOOD = {
    "address": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "tier": "retail",
    "jurisdiction": "344",
    "expiry": LATER,
}


@SETTINGS
@given(bad=_cells(), position=st.integers(0, 2), extra=st.booleans())
def test_hostile_csv_row_is_reported_with_row_and_field_and_nothing_is_sent(
    admin: IssuerAdmin, ck_chain: Chain, bad: tuple[str, str], position: int, extra: bool
) -> None:
    column, cell = bad
    if "\0" in cell or _row_is_valid(column, cell, ck_chain.timestamp()):
        return  # text fuzzing made a valid value: not hostile
    rows = [dict(GOOD, address=a) for a in hs.SOME_ADDRESSES[:3]]
    rows[position] = dict(rows[position], **{column: cell})
    buffer = io.StringIO()
    header = ["customer_id", *GOOD] if extra else list(GOOD)
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    for number, row in enumerate(rows):
        writer.writerow({"customer_id": f"C-{number}", **row})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "customers.csv")
        path.write_text(buffer.getvalue(), encoding="utf-8")
        before = chain_state(ck_chain)
        with pytest.raises(CsvImportError) as info:
            admin.import_kyc_csv(path)
        assert chain_state(ck_chain) == before, "something was sent"
    problems = info.value.problems
    assert [(p.row, p.field) for p in problems] == [(position + 2, column)], str(info.value)
    assert str(path) in str(info.value)
    assert f"row {position + 2}, {column}: " in str(info.value)


@SETTINGS
@given(text=st.text(max_size=300))
def test_arbitrary_csv_text_is_a_csv_import_error_or_accounts(
    admin: IssuerAdmin, ck_chain: Chain, text: str
) -> None:
    """Any file content: either every row is valid (then they are sent) or a CsvImportError
    lists rows and fields; never a raw exception."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "book.csv")
        path.write_text(text, encoding="utf-8")
        before = chain_state(ck_chain)
        try:
            admin.import_kyc_csv(path)
        except InputError as exc:
            error = exc
        else:
            return  # a valid customer book (then it was sent)
    assert chain_state(ck_chain) == before, "a refused file sent something"
    if isinstance(error, CsvImportError):
        assert all(p.row >= 1 and p.field for p in error.problems)
    else:
        assert error.field == "file"  # unreadable: the file itself


# --- bugs found ----------------------------------------------------------------------------------


@pytest.mark.xfail(strict=True, reason=B1)
@pytest.mark.parametrize(
    "action",
    [
        pytest.param(
            lambda a, x, p: a.approve_account(x.mallory.address, "\u00b2", 840, LATER),
            id="approve_account-tier",
        ),
        pytest.param(lambda a, x, p: a.set_tier_limits(1, max_transfers="\u00b2"), id="max_tx"),
        pytest.param(lambda a, x, p: a.import_kyc_csv(p), id="import_kyc_csv-jurisdiction"),
    ],
)
def test_B1_non_decimal_digits_at_the_admin_entry_points(  # noqa: N802
    admin: IssuerAdmin,
    ck_actors: Actors,
    ck_chain: Chain,
    tmp_path: Path,
    action: Callable[..., object],
) -> None:
    book = tmp_path / "customers.csv"
    book.write_text(f"address,tier,jurisdiction,expiry\n{GOOD['address']},1,\u00b2,{LATER}\n")
    before = chain_state(ck_chain)
    with pytest.raises(InputError):
        action(admin, ck_actors, book)
    assert chain_state(ck_chain) == before


YEAR_10000 = 253_402_300_800  # 10000-01-01T00:00:00Z


@pytest.mark.xfail(strict=True, reason=B2)
@pytest.mark.parametrize(
    "action",
    [
        pytest.param(
            lambda a, x: a.approve_account(x.mallory.address, 1, 840, YEAR_10000),
            id="approve_account-unix",
        ),
        pytest.param(
            lambda a, x: a.approve_account(x.mallory.address, 1, 840, "9999-12-31T23:59:59-12:00"),
            id="approve_account-iso",
        ),
        pytest.param(lambda a, x: a.attest("1000", "report", as_of=YEAR_10000), id="attest"),
    ],
)
def test_B2_times_beyond_year_9999_are_refused_by_the_kit(  # noqa: N802
    admin: IssuerAdmin, ck_actors: Actors, ck_chain: Chain, action: Callable[..., object]
) -> None:
    before = chain_state(ck_chain)
    with pytest.raises(ComplianceKitError):
        action(admin, ck_actors)
    assert chain_state(ck_chain) == before


@pytest.mark.xfail(strict=True, reason=B4)
def test_B4_a_redemption_id_beyond_uint256_is_refused_naming_the_field(  # noqa: N802
    admin: IssuerAdmin, ck_chain: Chain
) -> None:
    before = chain_state(ck_chain)
    with pytest.raises(InputError) as info:
        admin.fulfil_redemption(2**256, "SEPA-1")
    assert info.value.field == "id"
    assert chain_state(ck_chain) == before


@pytest.mark.xfail(strict=True, reason=Z1)
@pytest.mark.parametrize("contract", ["token", "attestor", "travel_rule_registry"])
def test_granting_a_role_to_the_zero_address_is_refused(
    admin: IssuerAdmin, ck_chain: Chain, contract: str
) -> None:
    role = {"token": "pauser", "attestor": "attestor", "travel_rule_registry": "vasp"}[contract]
    before = chain_state(ck_chain)
    with pytest.raises(ComplianceKitError):
        admin.grant_role(role, ZERO, contract)
    assert chain_state(ck_chain) == before


@pytest.mark.xfail(strict=True, reason=B10)
@pytest.mark.parametrize("action", ["freeze_tokens", "seize"])
def test_B10_amount_none_is_refused_naming_the_field(  # noqa: N802
    admin: IssuerAdmin, ck_actors: Actors, ck_chain: Chain, action: str
) -> None:
    before = chain_state(ck_chain)
    with pytest.raises(InputError) as info:
        getattr(admin, action)(ck_actors.alice.address, None, "ORDER-1")
    assert info.value.field == "amount"
    assert chain_state(ck_chain) == before

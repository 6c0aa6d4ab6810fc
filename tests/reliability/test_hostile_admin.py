"""Hostile input to every ``IssuerAdmin`` action that takes user input, and to the KYC CSV import.

On the session's deployed system (the ``ck_`` fixtures), each action gets one hostile value in
one field (the others valid). Properties:

* the action raises an ``InputError`` of the kit whose ``field`` is that field and whose message
  starts with it (never a raw ``ValueError`` / ``TypeError`` / ``KeyError``);
* nothing was sent: the latest block and every account's nonce are unchanged.

The zero address, where the contracts forbid it, is refused before anything is mined: by the
kit's own check (with the field) or by the simulation every action runs first (a decoded,
unmined ``Reverted``). The bugs found here (B1, B2, B4, B10, Z1 in tests/reliability/bugs.py)
are fixed: their inputs are in the strategies below, and the regression tests at the end check
each one's clear error.
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
from compliance_kit.units import UINT256_MAX
from reliability import strategies as hs
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

    def __str__(self) -> str:
        return f"{self.name}.{self.field}"


def _not_off(value: Any) -> bool:
    """Rule amounts and windows read ``None``, ``""``, ``"none"`` and ``"off"`` as "no limit"."""
    return not (value is None or (isinstance(value, str) and value.strip().lower() in hs.OFF_WORDS))


AMOUNTS = hs.bad_amounts()  # ``None`` included: an order's amount is required (B10)
ADDRESSES = hs.bad_addresses()
REFS = hs.bad_references()
PAST = st.integers(0, 1_000_000_000)  # valid unix times, long before the chain's clock
#: KYC expiries: garbage, in the past, or past the token's 32-bit expiry (B2)
EXPIRIES = st.one_of(hs.bad_kyc_expiries(), PAST, PAST.map(str))
#: redemption ids that are no uint256 (B4), or no whole number
REDEMPTION_IDS = st.one_of(
    st.integers(max_value=-1),
    st.integers(UINT256_MAX + 1, 2**400),
    st.booleans(),
    st.none(),
    st.text(max_size=5),
    st.floats(),
)

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
        AMOUNTS,
        lambda a, x, v: a.freeze_tokens(x.alice.address, v, "ORDER-1"),
    ),
    Op(
        "unfreeze_tokens",
        "amount",
        AMOUNTS,
        lambda a, x, v: a.unfreeze_tokens(x.alice.address, v, "ORDER-1"),
    ),
    Op("seize", "amount", AMOUNTS, lambda a, x, v: a.seize(x.alice.address, v, "ORDER-1")),
    Op("seize", "order_ref", REFS, lambda a, x, v: a.seize(x.alice.address, "1", v)),
    Op(
        "burn_frozen",
        "amount",
        AMOUNTS,
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
        EXPIRIES,
        lambda a, x, v: a.approve_account(x.mallory.address, 1, 840, v),
    ),
    Op(
        "approve_accounts",
        "entries[0].expiry",
        EXPIRIES,
        lambda a, x, v: a.approve_accounts([(x.mallory.address, 1, 840, v)]),
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
    Op(
        "set_tier_limits",
        "max_transfers",
        hs.bad_transfer_counts(),
        lambda a, x, v: a.set_tier_limits(1, max_transfers=v),
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
    Op("fulfil_redemption", "id", REDEMPTION_IDS, lambda a, x, v: a.fulfil_redemption(v, "P-1")),
    Op("grant_role", "role", hs.bad_role_names(), lambda a, x, v: a.grant_role(v, x.alice.address)),
    Op(
        "grant_role",
        "account",
        st.one_of(ADDRESSES, st.just(ZERO)),  # the zero address holds no role (Z1)
        lambda a, x, v: a.grant_role("pauser", v),
    ),
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
    value = data.draw(op.strategy, label=op.field)
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
    pytest.param(lambda a, x: a.grant_role("pauser", ZERO), id="grant_role"),
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
        st.tuples(
            st.just("expiry"), st.one_of(hs.bad_kyc_expiries().filter(_textual), PAST.map(str))
        ),
    )


def _textual(value: Any) -> bool:
    return isinstance(value, str)


def _row_is_valid(column: str, cell: str, now: int) -> bool:
    """Whether a generated 'hostile' cell happens to be valid for its column (text fuzzing can
    produce a valid value, e.g. an address-shaped string)."""
    from compliance_kit.admin.values import KYC_EXPIRY_MAX, jurisdiction, kyc_tier, timestamp
    from compliance_kit.units import to_address

    check = {
        "address": to_address,
        "tier": kyc_tier,
        "jurisdiction": jurisdiction,
        "expiry": lambda v: timestamp(v, maximum=KYC_EXPIRY_MAX),
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


# --- regressions of the bugs found (bugs.py) ------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "action"),
    [
        pytest.param(
            "tier",
            lambda a, x, p: a.approve_account(x.mallory.address, "\u00b2", 840, LATER),
            id="approve_account-tier",
        ),
        pytest.param(
            "max_transfers",
            lambda a, x, p: a.set_tier_limits(1, max_transfers="\u00b2"),
            id="max_transfers",
        ),
        pytest.param(
            "max_transfers",
            lambda a, x, p: a.set_tier_limits(1, max_transfers="9" * 5_000),
            id="max_transfers-long",
        ),
        pytest.param("file", lambda a, x, p: a.import_kyc_csv(p), id="import_kyc_csv"),
    ],
)
def test_non_ascii_digits_at_the_admin_entry_points(
    admin: IssuerAdmin,
    ck_actors: Actors,
    ck_chain: Chain,
    tmp_path: Path,
    field: str,
    action: Callable[..., object],
) -> None:
    """B1 (and B3): ``str.isdigit()`` let ``\u00b2`` reach ``int()``, whose raw ValueError
    escaped; the CSV import (which catches InputError only) failed with it."""
    book = tmp_path / "customers.csv"
    book.write_text(f"address,tier,jurisdiction,expiry\n{GOOD['address']},1,\u00b2,{LATER}\n")
    before = chain_state(ck_chain)
    with pytest.raises(InputError) as info:
        action(admin, ck_actors, book)
    assert chain_state(ck_chain) == before
    if isinstance(info.value, CsvImportError):
        assert [(p.row, p.field) for p in info.value.problems] == [(2, "jurisdiction")]
    else:
        assert info.value.field == field, str(info.value)


YEAR_10000 = 253_402_300_800  # 10000-01-01T00:00:00Z


@pytest.mark.parametrize(
    "expiry",
    [YEAR_10000, "9999-12-31T23:59:59-12:00", 2**32, "2106-02-08"],
    ids=["year-10000-unix", "year-10000-iso", "2**32", "2106-02-08"],
)
def test_a_kyc_expiry_beyond_32_bits_is_refused_naming_the_field(
    admin: IssuerAdmin, ck_actors: Actors, ck_chain: Chain, expiry: Any
) -> None:
    """B2: the token keeps KYC expiries in 32 bits; the kit refuses later ones before sending
    (they used to reach the simulation, whose InvalidKycExpiry could not be explained: the
    year 10000 broke ``datetime``)."""
    before = chain_state(ck_chain)
    with pytest.raises(InputError) as info:
        admin.approve_account(ck_actors.mallory.address, 1, 840, expiry)
    assert info.value.field == "expiry"
    assert "too late" in info.value.message
    assert chain_state(ck_chain) == before


def test_an_attestation_as_of_year_10000_is_refused_by_the_simulation_and_explained(
    admin: IssuerAdmin, ck_chain: Chain
) -> None:
    """B2: ``asOf`` is a uint40 (year 36812), so year 10000 reaches the contract, which refuses
    a time in the future; describing and explaining it shows the raw number."""
    before = chain_state(ck_chain)
    with pytest.raises(Reverted) as info:
        admin.attest("1000", "report", as_of=YEAR_10000)
    assert not info.value.mined
    assert isinstance(info.value, CustomErrorRevert)
    assert info.value.name == "AttestationFromFuture"
    assert str(YEAR_10000) in str(info.value)
    assert chain_state(ck_chain) == before


def test_a_redemption_id_beyond_uint256_is_refused_naming_the_field(
    admin: IssuerAdmin, ck_chain: Chain
) -> None:
    """B4: eth_abi's ValueOutOfBounds escaped ``fulfil_redemption(2**256)``."""
    before = chain_state(ck_chain)
    with pytest.raises(InputError) as info:
        admin.fulfil_redemption(2**256, "SEPA-1")
    assert info.value.field == "id"
    assert chain_state(ck_chain) == before


@pytest.mark.parametrize("contract", ["token", "attestor", "travel_rule_registry"])
def test_granting_a_role_to_the_zero_address_is_refused(
    admin: IssuerAdmin, ck_chain: Chain, contract: str
) -> None:
    """Z1: ``grantRole(role, 0x0)`` was mined, though SystemConfig refuses a zero holder."""
    role = {"token": "pauser", "attestor": "attestor", "travel_rule_registry": "vasp"}[contract]
    before = chain_state(ck_chain)
    with pytest.raises(InputError) as info:
        admin.grant_role(role, ZERO, contract)
    assert info.value.field == "account"
    assert "zero address" in info.value.message
    assert chain_state(ck_chain) == before


@pytest.mark.parametrize("action", ["freeze_tokens", "unfreeze_tokens", "seize", "burn_frozen"])
def test_an_order_amount_of_none_is_refused_naming_the_field(
    admin: IssuerAdmin, ck_actors: Actors, ck_chain: Chain, action: str
) -> None:
    """B10: ``amount=None`` bound the 2-argument (whole-account) form and raised a TypeError;
    the whole-account forms are ``freeze`` / ``unfreeze`` only."""
    before = chain_state(ck_chain)
    with pytest.raises(InputError) as info:
        getattr(admin, action)(ck_actors.alice.address, None, "ORDER-1")
    assert info.value.field == "amount"
    assert "required" in info.value.message
    assert chain_state(ck_chain) == before

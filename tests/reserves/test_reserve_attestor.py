"""ReserveAttestor: posting attestations, the history, margin, maximum age and the feed switch.

Every revert is asserted with all of its arguments and every event with all of its fields.
Signed attestations are in ``test_reserve_signatures.py``, the access matrix in
``test_reserve_roles.py``, gas in ``test_reserve_gas.py``.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from behaviors.asserts import assert_events, reverts
from eth_abi import encode
from eth_utils import keccak

from compliance_kit.chain.base import CallRequest
from compliance_kit.chain.tx import TxContext
from compliance_kit.contracts import Contract, deploy
from compliance_kit.exceptions import UnknownRevert
from reserves.world import (
    DAY,
    DEFAULT_ADMIN_ROLE,
    DEPOSITS,
    FEED_ANSWER,
    MAX_AGE,
    REPO,
    REPORT,
    REPORT_URI,
    T_BILLS,
    UINT128_MAX,
    UINT256_MAX,
    UNIT,
    ZERO_ADDRESS,
)

if TYPE_CHECKING:
    from compliance_kit.chain import Embedded
    from reserves.world import Actors, ReserveEnv

Clock = Callable[[], int]
Warp = Callable[[int], None]

NONE, PERCENTAGE, ABSOLUTE = 0, 1, 2
MARGIN_MIN = -(2**52)
MARGIN_MAX = 2**52 - 1
RESERVES = 10_000_000 * UNIT
COMPOSITION = [(T_BILLS, 6_000_000 * UNIT), (DEPOSITS, 3_500_000 * UNIT), (REPO, 500_000 * UNIT)]


def _attest(
    attestor: Contract,
    actors: Actors,
    reserves: int,
    as_of: int,
    *,
    report: bytes = REPORT,
    uri: str = REPORT_URI,
    composition: list[tuple[bytes, int]] | None = None,
) -> Any:
    """``attest`` from the ATTESTOR_ROLE holder; returns the receipt."""
    return attestor.fn.attest(reserves, as_of, report, uri, composition or []).transact(
        actors.attestor
    )


def _record(
    reserves: int,
    as_of: int,
    auditor: str,
    posted_at: int,
    *,
    report: bytes = REPORT,
    uri: str = REPORT_URI,
    composition: list[tuple[bytes, int]] | None = None,
) -> tuple[Any, ...]:
    """An ``Attestation`` as the contract returns it."""
    return (reserves, as_of, report, uri, tuple(composition or ()), auditor, posted_at)


def _new_attestor(env: ReserveEnv) -> Contract:
    """A second ReserveAttestor (same admin, no max age, nothing posted)."""
    admin = env.actors.admin
    return deploy(env.transactor, env.artifacts["ReserveAttestor"], admin.address, 0, sender=admin)


def _attested_event(
    index: int, reserves: int, as_of: int, auditor: str, *, uri: str = REPORT_URI
) -> tuple[str, dict[str, Any]]:
    return (
        "ReservesAttested",
        {
            "index": index,
            "reserves": reserves,
            "asOf": as_of,
            "reportHash": REPORT,
            "auditor": auditor,
            "reportUri": uri,
        },
    )


# --- deployment ------------------------------------------------------------------------------


def test_deployment_state(attestor: Contract, actors: Actors, chain: Embedded) -> None:
    fn = attestor.fn
    assert fn.hasRole(DEFAULT_ADMIN_ROLE, actors.admin.address).call()
    assert fn.maxAge().call() == MAX_AGE
    assert fn.margin().call() == (NONE, 0)
    assert fn.feed().call() == ZERO_ADDRESS
    assert fn.attestationCount().call() == 0
    assert fn.latestReserves().call() == (0, 0)
    assert fn.mintableReserves().call() == (0, 0, MAX_AGE)
    assert fn.isTrustedAuditor(actors.auditor.address).call()
    assert not fn.isTrustedAuditor(actors.outsider.address).call()
    assert fn.auditorNonces(actors.auditor.address).call() == 0
    assert fn.BPS().call() == 10_000
    assert fn.ATTESTOR_ROLE().call() == keccak(text="ATTESTOR_ROLE")
    assert fn.BUCKET_TYPEHASH().call() == keccak(text="Bucket(bytes32 asset,uint256 amount)")
    assert fn.RESERVE_ATTESTATION_TYPEHASH().call() == keccak(
        text="ReserveAttestation(uint256 reserves,uint40 asOf,bytes32 reportHash,string reportUri,"
        "Bucket[] composition,uint256 nonce,uint256 deadline)Bucket(bytes32 asset,uint256 amount)"
    )
    domain_type = keccak(
        text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    )
    expected = keccak(
        encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [
                domain_type,
                keccak(text="ReserveAttestor"),
                keccak(text="1"),
                chain.chain_id,
                attestor.address,
            ],
        )
    )
    assert fn.DOMAIN_SEPARATOR().call() == expected


def test_constructor_emits_MaxAgeSet(env: ReserveEnv) -> None:
    artifact = env.artifacts["ReserveAttestor"]
    data = artifact.bytecode + encode(["address", "uint32"], [env.actors.admin.address, 7 * DAY])
    receipt = env.transactor.transact(
        env.actors.admin, None, data, context=TxContext("ReserveAttestor", "constructor")
    )
    assert receipt.contract_address is not None
    fresh = Contract(env.transactor, receipt.contract_address, artifact.abi, "ReserveAttestor")
    admin = env.actors.admin.address
    assert_events(
        fresh,
        receipt,
        [
            ("RoleGranted", {"role": DEFAULT_ADMIN_ROLE, "account": admin, "sender": admin}),
            ("MaxAgeSet", {"oldMaxAge": 0, "newMaxAge": 7 * DAY}),
        ],
    )
    assert fresh.fn.maxAge().call() == 7 * DAY


def test_constructor_reverts_when_admin_is_zero(env: ReserveEnv) -> None:
    with reverts("ZeroAddress"):
        deploy(
            env.transactor,
            env.artifacts["ReserveAttestor"],
            ZERO_ADDRESS,
            MAX_AGE,
            sender=env.actors.admin,
        )


# --- attest ----------------------------------------------------------------------------------


def test_attest_records_the_attestation_and_emits_ReservesAttested(
    attestor: Contract, actors: Actors, now: Clock
) -> None:
    as_of = now() - DAY
    posted_at = now()
    call = attestor.fn.attest(RESERVES, as_of, REPORT, REPORT_URI, COMPOSITION)
    assert call.call(actors.attestor.address) == 0  # the index it returns

    receipt = call.transact(actors.attestor)

    auditor = actors.attestor.address
    assert_events(attestor, receipt, [_attested_event(0, RESERVES, as_of, auditor)])
    expected = _record(RESERVES, as_of, auditor, posted_at, composition=COMPOSITION)
    assert attestor.fn.attestationCount().call() == 1
    assert attestor.fn.attestation(0).call() == expected
    assert attestor.fn.latestAttestation().call() == expected
    assert attestor.fn.latestReserves().call() == (RESERVES, as_of)
    assert attestor.fn.mintableReserves().call() == (RESERVES, as_of, MAX_AGE)


def test_attest_accepts_an_empty_composition_and_uri(
    attestor: Contract, actors: Actors, now: Clock
) -> None:
    as_of = now()
    receipt = _attest(attestor, actors, RESERVES, as_of, uri="")
    auditor = actors.attestor.address
    assert_events(attestor, receipt, [_attested_event(0, RESERVES, as_of, auditor, uri="")])
    assert attestor.fn.latestAttestation().call() == _record(
        RESERVES, as_of, auditor, as_of, uri=""
    )


def test_attest_accepts_zero_reserves(attestor: Contract, actors: Actors, now: Clock) -> None:
    as_of = now()
    _attest(attestor, actors, 0, as_of)
    assert attestor.fn.mintableReserves().call() == (0, as_of, MAX_AGE)


def test_attest_keeps_the_history_in_order(
    attestor: Contract, actors: Actors, now: Clock, warp: Warp
) -> None:
    start = now()
    auditor = actors.attestor.address
    expected = []
    for month in range(3):
        posted_at = start + month * 30 * DAY
        warp(posted_at)
        reserves = RESERVES + month * UNIT
        receipt = _attest(attestor, actors, reserves, posted_at - DAY)
        assert_events(
            attestor, receipt, [_attested_event(month, reserves, posted_at - DAY, auditor)]
        )
        expected.append(_record(reserves, posted_at - DAY, auditor, posted_at))

    assert attestor.fn.attestationCount().call() == 3
    assert [attestor.fn.attestation(i).call() for i in range(3)] == expected
    assert attestor.fn.latestAttestation().call() == expected[-1]
    assert attestor.fn.latestReserves().call() == (expected[-1][0], expected[-1][1])


def test_attest_accepts_the_same_as_of_again_as_a_correction(
    attestor: Contract, actors: Actors, now: Clock
) -> None:
    as_of = now()
    _attest(attestor, actors, RESERVES, as_of)
    _attest(attestor, actors, RESERVES - UNIT, as_of)
    assert attestor.fn.attestationCount().call() == 2
    assert attestor.fn.latestReserves().call() == (RESERVES - UNIT, as_of)


def test_attest_accepts_as_of_equal_to_now(attestor: Contract, actors: Actors, now: Clock) -> None:
    as_of = now()
    _attest(attestor, actors, RESERVES, as_of)
    assert attestor.fn.latestAttestation().call()[1] == as_of


def test_attest_reverts_when_as_of_is_in_the_future(
    attestor: Contract, actors: Actors, now: Clock
) -> None:
    as_of = now() + 1
    with reverts("AttestationFromFuture", asOf=as_of, currentTime=as_of - 1):
        _attest(attestor, actors, RESERVES, as_of)
    assert attestor.fn.attestationCount().call() == 0


def test_attest_reverts_when_as_of_is_older_than_the_latest(
    attestor: Contract, actors: Actors, now: Clock
) -> None:
    latest = now() - DAY
    _attest(attestor, actors, RESERVES, latest)
    with reverts("AttestationOutdated", asOf=latest - 1, latestAsOf=latest):
        _attest(attestor, actors, RESERVES, latest - 1)
    assert attestor.fn.attestationCount().call() == 1


def test_attest_reverts_when_undated(attestor: Contract, actors: Actors) -> None:
    with reverts("AttestationUndated"):
        _attest(attestor, actors, RESERVES, 0)


def test_attest_accepts_the_largest_reserves_the_word_holds(
    attestor: Contract, actors: Actors, now: Clock
) -> None:
    as_of = now()
    _attest(attestor, actors, UINT128_MAX, as_of)
    assert attestor.fn.latestReserves().call() == (UINT128_MAX, as_of)
    assert attestor.fn.mintableReserves().call() == (UINT128_MAX, as_of, MAX_AGE)


def test_attest_reverts_when_reserves_exceed_uint128(
    attestor: Contract, actors: Actors, now: Clock
) -> None:
    with reverts("ReservesExceedLimit", reserves=UINT128_MAX + 1, limit=UINT128_MAX):
        _attest(attestor, actors, UINT128_MAX + 1, now())


@pytest.mark.parametrize("delta", [-1, 1], ids=["short", "over"])
def test_attest_reverts_when_the_composition_does_not_sum_to_the_reserves(
    attestor: Contract, actors: Actors, now: Clock, delta: int
) -> None:
    composition = [*COMPOSITION[:-1], (REPO, COMPOSITION[-1][1] + delta)]
    with reverts("CompositionMismatch", sum=RESERVES + delta, reserves=RESERVES):
        _attest(attestor, actors, RESERVES, now(), composition=composition)
    assert attestor.fn.attestationCount().call() == 0


def test_attest_reports_an_overflowing_composition_as_the_saturated_sum(
    attestor: Contract, actors: Actors, now: Clock
) -> None:
    composition = [(T_BILLS, UINT256_MAX), (DEPOSITS, 2)]
    with reverts("CompositionMismatch", sum=UINT256_MAX, reserves=RESERVES):
        _attest(attestor, actors, RESERVES, now(), composition=composition)


def test_attest_accepts_a_single_bucket_and_zero_amount_buckets(
    attestor: Contract, actors: Actors, now: Clock
) -> None:
    composition = [(T_BILLS, RESERVES), (DEPOSITS, 0)]
    _attest(attestor, actors, RESERVES, now(), composition=composition)
    assert attestor.fn.latestAttestation().call()[4] == tuple(composition)


def test_attestation_reverts_when_the_index_is_out_of_range(
    attestor: Contract, actors: Actors, now: Clock
) -> None:
    with reverts("AttestationIndexOutOfRange", index=0, count=0):
        attestor.fn.attestation(0).call()
    _attest(attestor, actors, RESERVES, now())
    with reverts("AttestationIndexOutOfRange", index=1, count=1):
        attestor.fn.attestation(1).call()


def test_latestAttestation_reverts_before_the_first(attestor: Contract) -> None:
    with reverts("NoAttestation"):
        attestor.fn.latestAttestation().call()


# --- margin ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "value", "expected"),
    [
        pytest.param(NONE, 0, RESERVES, id="none"),
        pytest.param(PERCENTAGE, 200, RESERVES * 10_200 // 10_000, id="pct+2%"),
        pytest.param(PERCENTAGE, -500, RESERVES * 9_500 // 10_000, id="pct-5%"),
        pytest.param(PERCENTAGE, 0, RESERVES, id="pct0"),
        pytest.param(PERCENTAGE, 10_000, 2 * RESERVES, id="pct+100%"),
        pytest.param(PERCENTAGE, -9_999, RESERVES // 10_000, id="pct-99.99%"),
        pytest.param(ABSOLUTE, 250_000 * UNIT, RESERVES + 250_000 * UNIT, id="abs+"),
        pytest.param(ABSOLUTE, -250_000 * UNIT, RESERVES - 250_000 * UNIT, id="abs-"),
        pytest.param(ABSOLUTE, -RESERVES, 0, id="abs-all"),
        pytest.param(ABSOLUTE, -RESERVES - 1, 0, id="abs-clamped"),
        pytest.param(ABSOLUTE, MARGIN_MIN, 0, id="abs-min-clamped"),
        pytest.param(ABSOLUTE, MARGIN_MAX, RESERVES + MARGIN_MAX, id="abs-max"),
    ],
)
def test_mintableReserves_applies_the_margin(
    attestor: Contract, actors: Actors, now: Clock, mode: int, value: int, expected: int
) -> None:
    as_of = now()
    _attest(attestor, actors, RESERVES, as_of)
    attestor.fn.setMargin(mode, value).transact(actors.admin)
    assert attestor.fn.mintableReserves().call() == (expected, as_of, MAX_AGE)
    assert attestor.fn.latestReserves().call() == (RESERVES, as_of)  # raw, before margin


@pytest.mark.parametrize(
    ("reserves", "bps", "expected"),
    [(3, 3_333, 3), (7, -1, 6), (9_999, 1, 9_999), (10_000, 1, 10_001), (1, -9_999, 0)],
)
def test_mintableReserves_rounds_a_percentage_margin_down(
    attestor: Contract, actors: Actors, now: Clock, reserves: int, bps: int, expected: int
) -> None:
    as_of = now()
    _attest(attestor, actors, reserves, as_of)
    attestor.fn.setMargin(PERCENTAGE, bps).transact(actors.admin)
    assert attestor.fn.mintableReserves().call()[0] == expected


@pytest.mark.parametrize(
    ("mode", "value"), [(PERCENTAGE, 10_000), (ABSOLUTE, MARGIN_MAX)], ids=["pct", "abs"]
)
def test_mintableReserves_does_not_overflow_at_the_largest_reserves(
    attestor: Contract, actors: Actors, now: Clock, mode: int, value: int
) -> None:
    _attest(attestor, actors, UINT128_MAX, now())
    attestor.fn.setMargin(mode, value).transact(actors.admin)
    expected = 2 * UINT128_MAX if mode == PERCENTAGE else UINT128_MAX + MARGIN_MAX
    assert attestor.fn.mintableReserves().call()[0] == expected


def test_mintableReserves_is_zero_before_any_attestation_whatever_the_margin(
    attestor: Contract, actors: Actors
) -> None:
    attestor.fn.setMargin(ABSOLUTE, MARGIN_MAX).transact(actors.admin)
    assert attestor.fn.mintableReserves().call() == (0, 0, MAX_AGE)


def test_setMargin_stores_the_margin_and_emits_old_and_new(
    attestor: Contract, actors: Actors
) -> None:
    receipt = attestor.fn.setMargin(PERCENTAGE, -250).transact(actors.admin)
    assert_events(
        attestor,
        receipt,
        [("MarginSet", {"oldMode": NONE, "oldValue": 0, "newMode": PERCENTAGE, "newValue": -250})],
    )
    assert attestor.fn.margin().call() == (PERCENTAGE, -250)

    receipt = attestor.fn.setMargin(ABSOLUTE, MARGIN_MIN).transact(actors.admin)
    assert_events(
        attestor,
        receipt,
        [
            (
                "MarginSet",
                {
                    "oldMode": PERCENTAGE,
                    "oldValue": -250,
                    "newMode": ABSOLUTE,
                    "newValue": MARGIN_MIN,
                },
            )
        ],
    )
    assert attestor.fn.margin().call() == (ABSOLUTE, MARGIN_MIN)

    receipt = attestor.fn.setMargin(NONE, 0).transact(actors.admin)
    assert_events(
        attestor,
        receipt,
        [
            (
                "MarginSet",
                {"oldMode": ABSOLUTE, "oldValue": MARGIN_MIN, "newMode": NONE, "newValue": 0},
            )
        ],
    )
    assert attestor.fn.margin().call() == (NONE, 0)


@pytest.mark.parametrize("value", [MARGIN_MIN, -1, 1, MARGIN_MAX])
def test_setMargin_round_trips_the_packed_signed_value(
    attestor: Contract, actors: Actors, value: int
) -> None:
    attestor.fn.setMargin(ABSOLUTE, value).transact(actors.admin)
    assert attestor.fn.margin().call() == (ABSOLUTE, value)


@pytest.mark.parametrize(
    ("mode", "value", "low", "high"),
    [
        pytest.param(NONE, 1, 0, 0, id="none+1"),
        pytest.param(NONE, -1, 0, 0, id="none-1"),
        pytest.param(PERCENTAGE, 10_001, -9_999, 10_000, id="pct-above"),
        pytest.param(PERCENTAGE, -10_000, -9_999, 10_000, id="pct-minus-100%"),
        pytest.param(ABSOLUTE, MARGIN_MAX + 1, MARGIN_MIN, MARGIN_MAX, id="abs-above"),
        pytest.param(ABSOLUTE, MARGIN_MIN - 1, MARGIN_MIN, MARGIN_MAX, id="abs-below"),
        pytest.param(ABSOLUTE, 2**255 - 1, MARGIN_MIN, MARGIN_MAX, id="abs-int256-max"),
    ],
)
def test_setMargin_reverts_when_out_of_range(
    attestor: Contract, actors: Actors, mode: int, value: int, low: int, high: int
) -> None:
    with reverts("MarginOutOfRange", mode=mode, value=value, min=low, max=high):
        attestor.fn.setMargin(mode, value).transact(actors.admin)
    assert attestor.fn.margin().call() == (NONE, 0)


def test_setMargin_reverts_on_an_unknown_mode(attestor: Contract, actors: Actors) -> None:
    # the ABI decoder refuses an enum value outside MarginMode with a bare revert
    with pytest.raises(UnknownRevert):
        attestor.fn.setMargin(3, 0).transact(actors.admin)


# --- the packed word: every setter leaves the other fields alone -------------------------------


def test_each_setter_changes_only_its_own_field_of_the_packed_word(
    attestor: Contract, adapter: Contract, actors: Actors, now: Clock
) -> None:
    fn = attestor.fn
    as_of = now()
    _attest(attestor, actors, UINT128_MAX, as_of)  # every reserve bit set
    fn.setMaxAge(2**32 - 1).transact(actors.admin)  # every max-age bit set
    fn.setMargin(ABSOLUTE, MARGIN_MIN).transact(actors.admin)  # sign bit of the value set

    def state() -> tuple[Any, ...]:
        return (
            fn.latestReserves().call(),
            fn.maxAge().call(),
            fn.margin().call(),
            fn.feed().call(),
        )

    assert state() == ((UINT128_MAX, as_of), 2**32 - 1, (ABSOLUTE, MARGIN_MIN), ZERO_ADDRESS)
    fn.setFeed(adapter.address).transact(actors.admin)
    assert state() == ((UINT128_MAX, as_of), 2**32 - 1, (ABSOLUTE, MARGIN_MIN), adapter.address)
    fn.setMargin(PERCENTAGE, 10_000).transact(actors.admin)
    assert state() == ((UINT128_MAX, as_of), 2**32 - 1, (PERCENTAGE, 10_000), adapter.address)
    fn.setMaxAge(0).transact(actors.admin)
    assert state() == ((UINT128_MAX, as_of), 0, (PERCENTAGE, 10_000), adapter.address)
    _attest(attestor, actors, 1, as_of + 1)
    assert state() == ((1, as_of + 1), 0, (PERCENTAGE, 10_000), adapter.address)
    fn.setFeed(ZERO_ADDRESS).transact(actors.admin)
    assert state() == ((1, as_of + 1), 0, (PERCENTAGE, 10_000), ZERO_ADDRESS)
    assert fn.mintableReserves().call() == (2, as_of + 1, 0)


# --- max age ---------------------------------------------------------------------------------


@pytest.mark.parametrize("max_age", [0, 35 * DAY, 2**32 - 1], ids=["no-limit", "35d", "max"])
def test_setMaxAge_stores_it_emits_old_and_new_and_mintableReserves_returns_it(
    attestor: Contract, actors: Actors, now: Clock, max_age: int
) -> None:
    as_of = now()
    _attest(attestor, actors, RESERVES, as_of)
    receipt = attestor.fn.setMaxAge(max_age).transact(actors.admin)
    assert_events(attestor, receipt, [("MaxAgeSet", {"oldMaxAge": MAX_AGE, "newMaxAge": max_age})])
    assert attestor.fn.maxAge().call() == max_age
    assert attestor.fn.mintableReserves().call() == (RESERVES, as_of, max_age)


# --- auditors --------------------------------------------------------------------------------


def test_setAuditor_trusts_and_distrusts_and_emits_AuditorSet(
    attestor: Contract, actors: Actors
) -> None:
    outsider = actors.outsider.address
    receipt = attestor.fn.setAuditor(outsider, True).transact(actors.admin)
    assert_events(attestor, receipt, [("AuditorSet", {"auditor": outsider, "trusted": True})])
    assert attestor.fn.isTrustedAuditor(outsider).call()

    receipt = attestor.fn.setAuditor(outsider, False).transact(actors.admin)
    assert_events(attestor, receipt, [("AuditorSet", {"auditor": outsider, "trusted": False})])
    assert not attestor.fn.isTrustedAuditor(outsider).call()


def test_setAuditor_reverts_when_the_auditor_is_zero(attestor: Contract, actors: Actors) -> None:
    with reverts("ZeroAddress"):
        attestor.fn.setAuditor(ZERO_ADDRESS, True).transact(actors.admin)


# --- feed mode -------------------------------------------------------------------------------


def test_setFeed_switches_mintableReserves_to_the_feed_and_back(
    attestor: Contract, adapter: Contract, actors: Actors, env: ReserveEnv, now: Clock
) -> None:
    as_of = now() - DAY
    _attest(attestor, actors, RESERVES, as_of)

    receipt = attestor.fn.setFeed(adapter.address).transact(actors.admin)
    assert_events(
        attestor, receipt, [("FeedSet", {"oldFeed": ZERO_ADDRESS, "newFeed": adapter.address})]
    )
    assert attestor.fn.feed().call() == adapter.address
    assert attestor.fn.mintableReserves().call() == (FEED_ANSWER, env.feed_updated_at, MAX_AGE)
    assert attestor.fn.latestReserves().call() == (RESERVES, as_of)  # still the posted one

    receipt = attestor.fn.setFeed(ZERO_ADDRESS).transact(actors.admin)
    assert_events(
        attestor, receipt, [("FeedSet", {"oldFeed": adapter.address, "newFeed": ZERO_ADDRESS})]
    )
    assert attestor.fn.feed().call() == ZERO_ADDRESS
    assert attestor.fn.mintableReserves().call() == (RESERVES, as_of, MAX_AGE)


@pytest.mark.parametrize(
    ("mode", "value", "expected"),
    [
        (PERCENTAGE, -1_000, FEED_ANSWER * 9 // 10),
        (ABSOLUTE, 1_000 * UNIT, FEED_ANSWER + 1_000 * UNIT),
        (ABSOLUTE, -FEED_ANSWER - 1, 0),
    ],
    ids=["pct-10%", "abs+", "abs-clamped"],
)
def test_feed_mode_applies_the_margin_and_max_age(
    attestor: Contract,
    adapter: Contract,
    actors: Actors,
    env: ReserveEnv,
    mode: int,
    value: int,
    expected: int,
) -> None:
    attestor.fn.setFeed(adapter.address).transact(actors.admin)
    attestor.fn.setMargin(mode, value).transact(actors.admin)
    attestor.fn.setMaxAge(DAY).transact(actors.admin)
    assert attestor.fn.mintableReserves().call() == (expected, env.feed_updated_at, DAY)


def test_feed_mode_works_without_any_posted_attestation(
    attestor: Contract, adapter: Contract, actors: Actors, env: ReserveEnv
) -> None:
    attestor.fn.setFeed(adapter.address).transact(actors.admin)
    assert attestor.fn.mintableReserves().call() == (FEED_ANSWER, env.feed_updated_at, MAX_AGE)
    assert attestor.fn.latestReserves().call() == (0, 0)


def test_feed_mode_propagates_the_feeds_refusal(
    attestor: Contract,
    adapter: Contract,
    aggregator: Contract,
    actors: Actors,
    env: ReserveEnv,
    now: Clock,
    warp: Warp,
) -> None:
    attestor.fn.setFeed(adapter.address).transact(actors.admin)
    aggregator.fn.setAnswer(-5).transact(actors.admin)
    with reverts("InvalidReserveAnswer", answer=-5):
        attestor.fn.mintableReserves().call()

    aggregator.fn.setAnswer(FEED_ANSWER).transact(actors.admin)
    updated_at = env.feed_updated_at
    warp(updated_at + DAY + 1)
    with reverts("StaleReserveAnswer", updatedAt=updated_at, maxStaleness=DAY, currentTime=now()):
        attestor.fn.mintableReserves().call()


def test_feed_mode_reverts_when_the_feed_reads_above_uint128(
    attestor: Contract, adapter: Contract, aggregator: Contract, actors: Actors
) -> None:
    attestor.fn.setFeed(adapter.address).transact(actors.admin)
    aggregator.fn.setAnswer(UINT128_MAX + 1).transact(actors.admin)
    with reverts("ReservesExceedLimit", reserves=UINT128_MAX + 1, limit=UINT128_MAX):
        attestor.fn.mintableReserves().call()
    aggregator.fn.setAnswer(UINT128_MAX).transact(actors.admin)
    assert attestor.fn.mintableReserves().call()[0] == UINT128_MAX


def test_feed_mode_reads_another_attestor_as_a_feed(
    attestor: Contract, actors: Actors, env: ReserveEnv, now: Clock
) -> None:
    """A ReserveAttestor is itself an IReserveFeed: its ``latestReserves`` (before margin)."""
    upstream = deploy(
        env.transactor,
        env.artifacts["ReserveAttestor"],
        actors.admin.address,
        0,
        sender=actors.admin,
    )
    upstream.fn.grantRole(keccak(text="ATTESTOR_ROLE"), actors.attestor.address).transact(
        actors.admin
    )
    upstream.fn.setMargin(PERCENTAGE, 10_000).transact(actors.admin)  # not passed on
    as_of = now()
    _attest(upstream, actors, RESERVES, as_of)

    attestor.fn.setFeed(upstream.address).transact(actors.admin)
    assert attestor.fn.mintableReserves().call() == (RESERVES, as_of, MAX_AGE)


def test_feed_mode_is_zero_when_the_feed_reports_no_date(
    attestor: Contract, actors: Actors, env: ReserveEnv
) -> None:
    """A feed answering asOf 0 (here: an attestor with nothing posted) counts as never attested."""
    empty = deploy(
        env.transactor,
        env.artifacts["ReserveAttestor"],
        actors.admin.address,
        0,
        sender=actors.admin,
    )
    attestor.fn.setFeed(empty.address).transact(actors.admin)
    attestor.fn.setMargin(ABSOLUTE, UNIT).transact(actors.admin)
    assert attestor.fn.mintableReserves().call() == (0, 0, MAX_AGE)


def test_attest_in_feed_mode_records_but_does_not_change_mintableReserves(
    attestor: Contract, adapter: Contract, actors: Actors, env: ReserveEnv, now: Clock
) -> None:
    attestor.fn.setFeed(adapter.address).transact(actors.admin)
    as_of = now()
    _attest(attestor, actors, RESERVES, as_of)
    assert attestor.fn.latestReserves().call() == (RESERVES, as_of)
    assert attestor.fn.mintableReserves().call() == (FEED_ANSWER, env.feed_updated_at, MAX_AGE)
    assert attestor.fn.feed().call() == adapter.address


def test_setFeed_reverts_when_the_feed_has_no_code(attestor: Contract, actors: Actors) -> None:
    outsider = actors.outsider.address
    with reverts("FeedNotContract", feed=outsider):
        attestor.fn.setFeed(outsider).transact(actors.admin)
    assert attestor.fn.feed().call() == ZERO_ADDRESS


def test_mintableReserves_needs_no_ether_or_role(
    attestor: Contract, actors: Actors, chain: Embedded, now: Clock
) -> None:
    """Any caller (the token, an EOA, the zero address) can ask."""
    as_of = now()
    _attest(attestor, actors, RESERVES, as_of)
    data = attestor.fn.mintableReserves().data
    raw = chain.call(CallRequest(sender=ZERO_ADDRESS, to=attestor.address, data=data))
    assert raw == encode(["uint256", "uint256", "uint256"], [RESERVES, as_of, MAX_AGE])

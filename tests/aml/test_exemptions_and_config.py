"""Limit exemptions, the AML configuration (events with old and new values, named refusals of
invalid settings, roles), and the ERC-1404 codes and messages of every AML rule, in rule order.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from behaviors.asserts import assert_events, reverts
from behaviors.stablecoin import DEFAULT_ADMIN_ROLE, ZERO_ADDRESS
from eth_utils import keccak

from aml.conftest import COMPLIANCE_OFFICER_ROLE
from aml.helpers import (
    ALLOWED,
    AML_MESSAGES,
    CORRIDOR_CLOSED,
    DAY,
    DENIED,
    HK,
    HOUR,
    IR,
    MAX_RULE_UNITS,
    MAX_WINDOW,
    MIN_WINDOW,
    NO_LIMIT,
    RECIPIENT_SANCTIONED,
    SANCTIONS_SCREENING_UNAVAILABLE,
    SENDER_FROZEN,
    SENDER_NOT_VERIFIED,
    SENDER_SANCTIONED,
    SG,
    TRANSFER_CAP_EXCEEDED,
    TRAVEL_RULE_COMMITMENT_MISSING,
    UNSET,
    VELOCITY_LIMIT_EXCEEDED,
    VOLUME_LIMIT_EXCEEDED,
    assert_succeeded,
    detect,
    in_one_block,
    limits,
    passes,
    payload_hash,
    refused,
    remaining,
    usd,
)
from compliance_kit.contracts import Contract, deploy
from compliance_kit.exceptions import revert_error

if TYPE_CHECKING:
    from aml.conftest import AmlWorld

ORDER = keccak(text="HKMA/ENF/2026/0099")
PAYLOAD = payload_hash("IVMS101: alice (HK) -> bob (SG), USDX 2,000")
RETAIL = limits(cap=usd(1_000), volume=usd(2_000), window=DAY, max_transfers=1)
NINE_DECIMALS = 10**12  # ruleUnit of an 18-decimal token


# --- limit exemptions ---------------------------------------------------------------------------


def test_setLimitExemption_emits_the_previous_and_new_value(world: AmlWorld) -> None:
    token, alice = world.token, world.actors.alice.address
    steps = ((True, False), (True, True), (False, True))  # (exempt, previous)
    for exempt, previous in steps:
        receipt = world.officer("setLimitExemption", alice, exempt)
        assert_events(
            token,
            receipt,
            [("LimitExemptionSet", {"account": alice, "previous": previous, "exempt": exempt})],
        )
        assert token.fn.isLimitExempt(alice).call() is exempt


def test_setLimitExemption_reverts_for_the_zero_address(world: AmlWorld) -> None:
    with reverts("ZeroAddress"):
        world.officer("setLimitExemption", ZERO_ADDRESS, True)


def test_exempt_account_skips_cap_volume_and_count(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    world.officer("setTierLimits", 1, RETAIL)
    world.officer("setLimitExemption", a.alice.address, True)
    assert remaining(token, a.alice) == (NO_LIMIT, NO_LIMIT)
    send = (token.fn.transfer(world.henry.address, usd(5_000)), a.alice)
    for outcome in in_one_block(world.chain, send, send, send):  # 3 x 5,000 at once
        assert_succeeded(outcome)

    world.officer("setLimitExemption", a.alice.address, False)
    # what she sent while exempt was not counted: the whole allowance is there
    assert remaining(token, a.alice) == (usd(2_000), 1)
    refused(
        token, a.alice, world.henry, usd("1000.000001"), TRANSFER_CAP_EXCEEDED,
        "TransferCapExceeded", account=a.alice.address, tier=1, cap=usd(1_000),
        attempted=usd("1000.000001"),
    )  # fmt: skip


def _travel_rule(world: AmlWorld) -> tuple[str, int, str, dict[str, Any]]:
    world.officer("setTravelRuleThreshold", HK, usd(1_000))
    world.officer("setTravelRule", True)
    a = world.actors
    args = {"from": a.alice.address, "to": world.henry.address, "amount": usd(1_000)}
    return (
        "henry",
        TRAVEL_RULE_COMMITMENT_MISSING,
        "TravelRuleCommitmentMissing",
        args | {"threshold": usd(1_000)},
    )


def _corridor(world: AmlWorld) -> tuple[str, int, str, dict[str, Any]]:
    world.officer("setCorridorRules", True, True)
    world.officer("setJurisdictionBlocked", IR, True)
    args = {"fromJurisdiction": HK, "toJurisdiction": IR}
    return "ramin", CORRIDOR_CLOSED, "CorridorClosed", args


def _sanctions(world: AmlWorld) -> tuple[str, int, str, dict[str, Any]]:
    world.screen(world.sanctions_list, on_transfer=True)
    world.sanction(world.actors.alice)
    args = {"account": world.actors.alice.address, "oracle": world.sanctions_list.address}
    return "henry", SENDER_SANCTIONED, "AccountSanctioned", args


def _freeze(world: AmlWorld) -> tuple[str, int, str, dict[str, Any]]:
    world.officer("freeze", world.actors.alice.address, ORDER)
    return "henry", SENDER_FROZEN, "AccountFrozen", {"account": world.actors.alice.address}


def _kyc(world: AmlWorld) -> tuple[str, int, str, dict[str, Any]]:
    world.token.fn.revokeAccount(world.actors.alice.address).transact(world.actors.kyc_operator)
    return (
        "henry",
        SENDER_NOT_VERIFIED,
        "AccountNotVerified",
        {"account": world.actors.alice.address},
    )


@pytest.mark.parametrize(
    "rule", [_travel_rule, _corridor, _sanctions, _freeze, _kyc], ids=lambda r: r.__name__[1:]
)
def test_exemption_does_not_lift(
    world: AmlWorld, rule: Callable[[AmlWorld], tuple[str, int, str, dict[str, Any]]]
) -> None:
    world.officer("setLimitExemption", world.actors.alice.address, True)
    recipient, code, error, args = rule(world)
    refused(
        world.token, world.actors.alice, getattr(world, recipient), usd(1_000), code, error, **args
    )


# --- every setter reports the old and the new value ---------------------------------------------


def test_setTierLimits_emits_the_previous_and_new_limits(world: AmlWorld) -> None:
    token = world.token
    first = world.officer("setTierLimits", 2, RETAIL)
    assert_events(
        token, first, [("TierLimitsSet", {"tier": 2, "previous": (0, 0, 0, 0), "limits": RETAIL})]
    )
    relaxed = limits(cap=usd(5_000), volume=0, window=HOUR, max_transfers=60)
    second = world.officer("setTierLimits", 2, relaxed)
    assert_events(
        token, second, [("TierLimitsSet", {"tier": 2, "previous": RETAIL, "limits": relaxed})]
    )
    assert token.fn.tierLimits(2).call() == relaxed
    assert token.fn.tierLimits(1).call() == (0, 0, 0, 0)  # one tier at a time


def test_setTravelRuleThreshold_emits_the_previous_and_new_threshold(world: AmlWorld) -> None:
    token = world.token

    def threshold_set(jurisdiction: int, previous: int, threshold: int) -> None:
        receipt = world.officer("setTravelRuleThreshold", jurisdiction, threshold)
        assert_events(
            token,
            receipt,
            [
                (
                    "TravelRuleThresholdSet",
                    {"jurisdiction": jurisdiction, "previous": previous, "threshold": threshold},
                )
            ],
        )

    threshold_set(HK, 0, usd(1_000))  # home: nothing configured reads 0
    threshold_set(HK, usd(1_000), usd(8_000))
    threshold_set(SG, NO_LIMIT, usd(1_500))  # foreign: none of its own reads max
    threshold_set(SG, usd(1_500), NO_LIMIT)
    assert token.fn.travelRuleThreshold(SG).call() == (usd(8_000), False)


def test_setCorridor_emits_the_previous_and_new_status(world: AmlWorld) -> None:
    for previous, status in ((UNSET, ALLOWED), (ALLOWED, DENIED), (DENIED, UNSET)):
        receipt = world.officer("setCorridor", HK, SG, status)
        assert_events(
            world.token,
            receipt,
            [
                (
                    "CorridorSet",
                    {
                        "fromJurisdiction": HK,
                        "toJurisdiction": SG,
                        "previous": previous,
                        "status": status,
                    },
                )
            ],
        )
        assert world.token.fn.corridor(HK, SG).call() == status


def test_setJurisdictionBlocked_emits_the_previous_and_new_value(world: AmlWorld) -> None:
    for previous, blocked in ((False, True), (True, True), (True, False)):
        receipt = world.officer("setJurisdictionBlocked", IR, blocked)
        assert_events(
            world.token,
            receipt,
            [
                (
                    "JurisdictionBlockedSet",
                    {"jurisdiction": IR, "previous": previous, "blocked": blocked},
                )
            ],
        )
        assert world.token.fn.isJurisdictionBlocked(IR).call() is blocked


def test_setJurisdictionBlocked_keeps_the_jurisdictions_threshold(world: AmlWorld) -> None:
    world.officer("setTravelRuleThreshold", SG, usd(1_500))
    world.officer("setJurisdictionBlocked", SG, True)
    world.officer("setJurisdictionBlocked", SG, False)
    assert world.token.fn.travelRuleThreshold(SG).call() == (usd(1_500), True)


def test_setCorridorRules_emits_the_previous_and_new_rules(world: AmlWorld) -> None:
    for previous, rules in (((False, False), (True, True)), ((True, True), (True, False))):
        receipt = world.officer("setCorridorRules", *rules)
        assert_events(
            world.token,
            receipt,
            [
                (
                    "CorridorRulesSet",
                    {
                        "previousEnabled": previous[0],
                        "previousOpenByDefault": previous[1],
                        "enabled": rules[0],
                        "openByDefault": rules[1],
                    },
                )
            ],
        )
    assert world.token.fn.transferRules().call() == (False, True, False, HK)


def test_setSanctionsScreening_emits_the_previous_and_new_screening(world: AmlWorld) -> None:
    off = (ZERO_ADDRESS, False, False, False, False)
    listed = (world.sanctions_list.address, True, False, True, False)
    double = (world.oracle.address, False, True, True, True)
    for previous, screening in ((off, listed), (listed, double)):
        receipt = world.officer("setSanctionsScreening", screening)
        assert_events(
            world.token,
            receipt,
            [("SanctionsScreeningSet", {"previous": previous, "screening": screening})],
        )
        assert world.token.fn.sanctionsScreening().call() == screening


def test_setHomeJurisdiction_emits_the_previous_and_new_home(world: AmlWorld) -> None:
    receipt = world.officer("setHomeJurisdiction", SG)
    no_own_threshold, home_threshold = 2**256 - 1, 0  # HK had none of its own; the home's was 0
    assert_events(
        world.token,
        receipt,
        [
            ("HomeJurisdictionSet", {"previous": HK, "jurisdiction": SG}),
            (  # the old home keeps its threshold as its own
                "TravelRuleThresholdSet",
                {"jurisdiction": HK, "previous": no_own_threshold, "threshold": home_threshold},
            ),
        ],
    )
    assert world.token.fn.transferRules().call()[3] == SG


def test_setTravelRule_emits_the_previous_and_new_switch(world: AmlWorld) -> None:
    for previous, enabled in ((False, True), (True, True), (True, False)):
        receipt = world.officer("setTravelRule", enabled)
        assert_events(
            world.token,
            receipt,
            [("TravelRuleSet", {"previousEnabled": previous, "enabled": enabled})],
        )
        assert world.token.fn.transferRules().call()[0] is enabled


def test_setTravelRuleRegistry_emits_the_previous_and_new_registry(world: AmlWorld) -> None:
    a = world.actors
    replacement = deploy(
        world.env.transactor,
        world.env.artifacts["TravelRuleRegistry"],
        a.admin.address,
        0,
        sender=a.admin,
    )
    receipt = world.token.fn.setTravelRuleRegistry(replacement.address).transact(a.admin)
    assert_events(
        world.token,
        receipt,
        [
            (
                "TravelRuleRegistrySet",
                {"previousRegistry": world.registry.address, "registry": replacement.address},
            )
        ],
    )
    assert world.token.fn.travelRuleRegistry().call() == replacement.address
    with reverts("NotAContract", target=a.mallory.address):
        world.token.fn.setTravelRuleRegistry(a.mallory.address).transact(a.admin)


# --- invalid settings ---------------------------------------------------------------------------


@pytest.fixture
def wei_token(world: AmlWorld) -> Contract:
    """A ComplianceStablecoin with 18 decimals: rule amounts are multiples of 10^12."""
    a = world.actors
    token = deploy(
        world.env.transactor,
        world.env.artifacts["ComplianceStablecoin"],
        "Wei USD",
        "WUSD",
        18,
        a.admin.address,
        0,
        ZERO_ADDRESS,
        sender=a.admin,
    )
    token.fn.grantRole(COMPLIANCE_OFFICER_ROLE, a.compliance_officer.address).transact(a.admin)
    return token


@pytest.mark.parametrize("field", ["cap", "volume", "threshold"])
def test_rule_amount_reverts_when_not_a_multiple_of_ruleUnit(
    world: AmlWorld, wei_token: Contract, field: str
) -> None:
    officer = world.actors.compliance_officer
    assert wei_token.fn.ruleUnit().call() == NINE_DECIMALS
    amount = 1_000 * 10**18 + 1
    setting = {
        "cap": wei_token.fn.setTierLimits(1, limits(cap=amount)),
        "volume": wei_token.fn.setTierLimits(1, limits(volume=amount, window=DAY)),
        "threshold": wei_token.fn.setTravelRuleThreshold(HK, amount),
    }[field]
    with reverts(
        "InvalidRuleAmount",
        amount=amount,
        unit=NINE_DECIMALS,
        maxAmount=MAX_RULE_UNITS * NINE_DECIMALS,
    ):
        setting.transact(officer)


def test_rule_amount_in_whole_rule_units_is_kept_exactly(
    world: AmlWorld, wei_token: Contract
) -> None:
    officer = world.actors.compliance_officer
    exact = limits(cap=1_000 * 10**18, volume=MAX_RULE_UNITS * NINE_DECIMALS, window=DAY)
    wei_token.fn.setTierLimits(1, exact).transact(officer)
    assert wei_token.fn.tierLimits(1).call() == exact


@pytest.mark.parametrize("field", ["cap", "volume", "threshold"])
def test_rule_amount_reverts_when_too_large(world: AmlWorld, field: str) -> None:
    too_large = MAX_RULE_UNITS + 1  # 2^64 - 1 is the "no threshold" mark
    with reverts("InvalidRuleAmount", amount=too_large, unit=1, maxAmount=MAX_RULE_UNITS):
        if field == "threshold":
            world.officer("setTravelRuleThreshold", SG, too_large)
        else:
            volume = {"cap": {"cap": too_large}, "volume": {"volume": too_large, "window": DAY}}
            world.officer("setTierLimits", 1, limits(**volume[field]))
    world.officer("setTierLimits", 1, limits(cap=MAX_RULE_UNITS))  # the largest amount is fine
    assert world.token.fn.tierLimits(1).call()[0] == MAX_RULE_UNITS


@pytest.mark.parametrize(
    ("settings", "window", "max_transfers"),
    [
        ({"volume": usd(1_000)}, MIN_WINDOW - 1, 0),
        ({"volume": usd(1_000)}, MAX_WINDOW + 1, 0),
        ({"max_transfers": 5}, 0, 5),
        ({"max_transfers": 101}, 100, 101),
        ({"cap": usd(1_000)}, MAX_WINDOW + 1, 0),
    ],
    ids=["too short", "too long", "count without window", "fewer seconds than transfers", "cap"],
)
def test_setTierLimits_reverts_when_the_window_is_invalid(
    world: AmlWorld, settings: dict[str, int], window: int, max_transfers: int
) -> None:
    with reverts(
        "InvalidLimitWindow",
        window=window,
        minWindow=MIN_WINDOW,
        maxWindow=MAX_WINDOW,
        maxTransfers=max_transfers,
    ):
        world.officer("setTierLimits", 1, limits(window=window, **settings))


def test_setTierLimits_accepts_the_window_bounds(world: AmlWorld) -> None:
    for window in (MIN_WINDOW, MAX_WINDOW):
        settings = limits(volume=usd(1_000), window=window, max_transfers=MIN_WINDOW)
        world.officer("setTierLimits", 1, settings)
        assert world.token.fn.tierLimits(1).call() == settings


def test_setTierLimits_reverts_when_maxTransfers_exceeds_16_bits(world: AmlWorld) -> None:
    with reverts("SafeCastOverflowedUintDowncast", bits=16, value=2**16):
        world.officer("setTierLimits", 1, limits(window=MAX_WINDOW, max_transfers=2**16))


@pytest.mark.parametrize("tier", [0, 5])
def test_setTierLimits_reverts_when_the_tier_is_invalid(world: AmlWorld, tier: int) -> None:
    with reverts("InvalidKycTier", tier=tier):
        world.officer("setTierLimits", tier, RETAIL)


def test_tierLimits_reverts_when_the_tier_is_invalid(world: AmlWorld) -> None:
    assert world.token.fn.tierLimits(0).call() == (0, 0, 0, 0)  # unverified: readable, unsettable
    with reverts("InvalidKycTier", tier=5):
        world.token.fn.tierLimits(5).call()


@pytest.mark.parametrize("jurisdiction", [0, 1_000])
@pytest.mark.parametrize(
    "setting",
    [
        ("setHomeJurisdiction",),
        ("setTravelRuleThreshold", usd(1_000)),
        ("setJurisdictionBlocked", True),
        ("setCorridor", "from"),
        ("setCorridor", "to"),
    ],
    ids=lambda s: "-".join(str(p) for p in s),
)
def test_jurisdiction_setting_reverts_when_the_code_is_invalid(
    world: AmlWorld, jurisdiction: int, setting: tuple[Any, ...]
) -> None:
    function, *args = setting
    if function == "setCorridor":
        args = [jurisdiction, SG, ALLOWED] if args[0] == "from" else [SG, jurisdiction, ALLOWED]
    else:
        args = [jurisdiction, *args]
    with reverts("InvalidJurisdiction", jurisdiction=jurisdiction):
        world.officer(function, *args)


@pytest.mark.parametrize(
    ("function", "args", "role"),
    [
        ("setTierLimits", (1, RETAIL), COMPLIANCE_OFFICER_ROLE),
        ("setLimitExemption", ("alice", True), COMPLIANCE_OFFICER_ROLE),
        ("setTravelRule", (False,), COMPLIANCE_OFFICER_ROLE),
        ("setTravelRuleThreshold", (HK, 0), COMPLIANCE_OFFICER_ROLE),
        ("setHomeJurisdiction", (SG,), COMPLIANCE_OFFICER_ROLE),
        ("setCorridorRules", (True, True), COMPLIANCE_OFFICER_ROLE),
        ("setCorridor", (HK, SG, ALLOWED), COMPLIANCE_OFFICER_ROLE),
        ("setJurisdictionBlocked", (IR, True), COMPLIANCE_OFFICER_ROLE),
        ("setSanctionsScreening", ((ZERO_ADDRESS,) + (False,) * 4,), COMPLIANCE_OFFICER_ROLE),
        ("setTravelRuleRegistry", ("registry",), DEFAULT_ADMIN_ROLE),
    ],
    ids=lambda p: p if isinstance(p, str) else "-",
)
def test_aml_setting_reverts_when_caller_lacks_the_role(
    world: AmlWorld, function: str, args: tuple[Any, ...], role: bytes
) -> None:
    names = {"alice": world.actors.alice.address, "registry": world.registry.address}
    args = tuple(names.get(arg, arg) if isinstance(arg, str) else arg for arg in args)
    mallory = world.actors.mallory
    with reverts(
        "AccessControlUnauthorizedAccount",
        account=mallory.address,
        neededRole=role,
    ):
        getattr(world.token.fn, function)(*args).transact(mallory)


# --- ERC-1404 -----------------------------------------------------------------------------------


def test_messageForTransferRestriction_explains_every_aml_code(world: AmlWorld) -> None:
    message = world.token.fn.messageForTransferRestriction
    for code, text in AML_MESSAGES.items():
        assert message(code).call() == text, f"code {code}"
    assert message(19).call() == "Unknown restriction code"


def test_aml_restrictions_are_checked_in_the_documented_order(world: AmlWorld) -> None:
    """One transfer (alice HK -> bob SG, 2,000) meets every AML rule; lifting them one at a time
    walks it through codes 11 to 18, each predicted by the preflight and matched by the revert."""
    a, token = world.actors, world.token
    value = usd(2_000)
    world.officer("setTierLimits", 1, RETAIL)
    passes(token, a.alice, world.henry, 1)  # the day's one transfer
    world.officer("setTravelRuleThreshold", HK, usd(1_000))
    world.officer("setTravelRule", True)
    world.officer("setCorridorRules", True, False)  # HK -> SG has no entry: closed
    world.screen(world.oracle, on_transfer=True)

    def answer(account: str, answer: int) -> None:
        world.oracle.fn.setAnswer([account], answer).transact(a.admin)

    def tier_limits(**changes: int) -> None:
        fields = {"cap": value, "volume": usd(10_000), "window": DAY, "max_transfers": 0}
        world.officer("setTierLimits", 1, limits(**(fields | changes)))

    no, yes, no_answer = 0, 1, 2
    answer(a.alice.address, yes)
    # (code, error, what lifts the rule once its refusal was seen)
    walk: list[tuple[int, str, Callable[[], object]]] = [
        (
            SENDER_SANCTIONED,
            "AccountSanctioned",
            lambda: (answer(a.alice.address, no), answer(a.bob.address, yes)),
        ),
        (RECIPIENT_SANCTIONED, "AccountSanctioned", lambda: answer(a.bob.address, no_answer)),
        (
            SANCTIONS_SCREENING_UNAVAILABLE,
            "SanctionsScreeningUnavailable",
            lambda: answer(a.bob.address, no),
        ),
        (CORRIDOR_CLOSED, "CorridorClosed", lambda: world.officer("setCorridor", HK, SG, ALLOWED)),
        (
            TRANSFER_CAP_EXCEEDED,
            "TransferCapExceeded",
            lambda: tier_limits(volume=usd(1_500), max_transfers=1),
        ),
        (VOLUME_LIMIT_EXCEEDED, "VolumeLimitExceeded", lambda: tier_limits(max_transfers=1)),
        (VELOCITY_LIMIT_EXCEEDED, "VelocityLimitExceeded", lambda: tier_limits()),
        (
            TRAVEL_RULE_COMMITMENT_MISSING,
            "TravelRuleCommitmentMissing",
            lambda: world.commit(a.alice.address, a.bob.address, value, PAYLOAD),
        ),
    ]
    for code, error, lift in walk:
        assert detect(token, a.alice, a.bob, value) == code
        with pytest.raises(revert_error(error)):
            token.fn.transfer(a.bob.address, value).transact(a.alice)
        lift()
    passes(token, a.alice, a.bob, value)

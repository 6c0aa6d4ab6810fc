"""Per-transfer cap of each KYC tier: ``TransferCapExceeded(account, tier, cap, attempted)``.

The cap is the sender's tier's (the recipient's and the spender's tiers play no part), applies to
each transfer on its own, and 0 switches it off.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from typing import TYPE_CHECKING

from behaviors.asserts import reverts

from aml.conftest import ALICE_BALANCE
from aml.helpers import (
    DAY,
    TRANSFER_CAP_EXCEEDED,
    VOLUME_LIMIT_EXCEEDED,
    detect,
    limits,
    passes,
    refused,
    usd,
)

if TYPE_CHECKING:
    from aml.conftest import AmlWorld

RETAIL_CAP = usd(1_000)
PROFESSIONAL_CAP = usd(5_000)


def _caps(world: AmlWorld) -> None:
    world.officer("setTierLimits", 1, limits(cap=RETAIL_CAP))
    world.officer("setTierLimits", 2, limits(cap=PROFESSIONAL_CAP))


def test_transfer_passes_exactly_at_the_cap(world: AmlWorld) -> None:
    _caps(world)
    passes(world.token, world.actors.alice, world.henry, RETAIL_CAP)
    assert world.token.fn.balanceOf(world.henry.address).call() == RETAIL_CAP


def test_transfer_reverts_when_amount_exceeds_the_cap_by_one_base_unit(world: AmlWorld) -> None:
    _caps(world)
    alice = world.actors.alice
    refused(
        world.token, alice, world.henry, RETAIL_CAP + 1, TRANSFER_CAP_EXCEEDED,
        "TransferCapExceeded", account=alice.address, tier=1, cap=usd(1_000),
        attempted=usd("1000.000001"),
    )  # fmt: skip
    assert world.token.fn.balanceOf(alice.address).call() == ALICE_BALANCE


def test_transfer_cap_applies_to_each_transfer_on_its_own(world: AmlWorld) -> None:
    _caps(world)
    for _ in range(3):
        passes(world.token, world.actors.alice, world.henry, RETAIL_CAP)
    assert world.token.fn.balanceOf(world.henry.address).call() == 3 * RETAIL_CAP


def test_transfer_cap_follows_the_senders_tier(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    _caps(world)
    # bob is a tier-2 (professional) customer: 4,000 is above retail's cap but within his
    passes(token, a.bob, a.alice, usd(4_000))
    refused(
        token, a.bob, a.alice, PROFESSIONAL_CAP + 1, TRANSFER_CAP_EXCEEDED, "TransferCapExceeded",
        account=a.bob.address, tier=2, cap=PROFESSIONAL_CAP, attempted=PROFESSIONAL_CAP + 1,
    )  # fmt: skip
    refused(
        token, a.alice, a.bob, usd(4_000), TRANSFER_CAP_EXCEEDED, "TransferCapExceeded",
        account=a.alice.address, tier=1, cap=RETAIL_CAP, attempted=usd(4_000),
    )  # fmt: skip


def test_transfer_cap_follows_a_tier_change_at_once(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    _caps(world)
    refused(
        token, a.alice, a.bob, usd(4_000), TRANSFER_CAP_EXCEEDED, "TransferCapExceeded",
        account=a.alice.address, tier=1, cap=RETAIL_CAP, attempted=usd(4_000),
    )  # fmt: skip
    _, _, jurisdiction, expiry = token.fn.kycOf(a.alice.address).call()
    token.fn.approveAccount(a.alice.address, 2, jurisdiction, expiry).transact(a.kyc_operator)
    passes(token, a.alice, a.bob, usd(4_000))


def test_transfer_cap_of_zero_is_off(world: AmlWorld) -> None:
    a = world.actors
    world.officer("setTierLimits", 1, limits(cap=0))
    world.officer("setTierLimits", 2, limits(cap=PROFESSIONAL_CAP))  # other tiers stay capped
    passes(world.token, a.alice, a.bob, usd(90_000))
    assert world.token.fn.tierLimits(1).call() == (0, 0, 0, 0)


def test_transfer_cap_ignores_the_recipients_tier(world: AmlWorld) -> None:
    a = world.actors
    _caps(world)
    # carol (tier 3, uncapped) may send a retail customer more than the retail cap
    passes(world.token, a.carol, world.henry, usd(20_000))


def test_transferFrom_reverts_with_the_owners_cap_not_the_spenders(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    _caps(world)
    token.fn.approve(a.carol.address, usd(50_000)).transact(a.alice)
    with reverts(
        "TransferCapExceeded",
        account=a.alice.address,
        tier=1,
        cap=RETAIL_CAP,
        attempted=RETAIL_CAP + 1,
    ):
        token.fn.transferFrom(a.alice.address, a.bob.address, RETAIL_CAP + 1).transact(a.carol)
    token.fn.transferFrom(a.alice.address, a.bob.address, RETAIL_CAP).transact(a.carol)
    assert token.fn.allowance(a.alice.address, a.carol.address).call() == usd(49_000)


def test_transfer_cap_is_checked_before_the_balance(world: AmlWorld) -> None:
    # henry holds nothing: an over-cap transfer names the cap, not the balance
    _caps(world)
    refused(
        world.token, world.henry, world.actors.alice, usd(2_000), TRANSFER_CAP_EXCEEDED,
        "TransferCapExceeded", account=world.henry.address, tier=1, cap=RETAIL_CAP,
        attempted=usd(2_000),
    )  # fmt: skip


def test_transfer_cap_is_checked_before_the_rolling_volume(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    world.officer("setTierLimits", 1, limits(cap=RETAIL_CAP, volume=usd(500), window=DAY))
    assert detect(token, a.alice, a.bob, RETAIL_CAP + 1) == TRANSFER_CAP_EXCEEDED
    # within the cap, the volume limit is next
    assert detect(token, a.alice, a.bob, usd(600)) == VOLUME_LIMIT_EXCEEDED

"""Gas of the reserve check the token runs on every mint, and of posting attestations.

``ReserveGasProbe.measure`` calls ``mintableReserves()`` twice in one transaction: the first call
pays for the cold account and every cold storage slot, the second finds them warm. Under EIP-2929 a
cold account costs 2,500 more than a warm one and a cold slot 2,000 more, so in attestor mode
``cold - warm == 2,500 + 2,000`` proves that the call reads exactly ONE storage slot.

The figures are printed (``pytest -s``); the assertions are on gas only, never on time.
"""

# Foundry-style names keep the Solidity function's camelCase
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from compliance_kit.signatures import sign_reserve_attestation
from reserves.world import DEPOSITS, REPORT, REPORT_URI, T_BILLS, UNIT

if TYPE_CHECKING:
    from compliance_kit.chain import Embedded
    from compliance_kit.contracts import Contract
    from reserves.world import Actors, ReserveEnv

Clock = Callable[[], int]

COLD_ACCOUNT_EXTRA = 2_600 - 100
COLD_SLOT_EXTRA = 2_100 - 100
RESERVES = 10_000_000 * UNIT
COMPOSITION = [(T_BILLS, 6_000_000 * UNIT), (DEPOSITS, 4_000_000 * UNIT)]


def _post(attestor: Contract, actors: Actors, as_of: int) -> None:
    attestor.fn.attest(RESERVES, as_of, REPORT, REPORT_URI, COMPOSITION).transact(actors.attestor)


def test_mintableReserves_reads_one_storage_slot_in_attestor_mode(
    env: ReserveEnv, actors: Actors, now: Clock
) -> None:
    _post(env.attestor, actors, now())
    env.attestor.fn.setMargin(1, 200).transact(actors.admin)  # the longest attestor-mode path

    cold, warm = env.probe.fn.measure(env.attestor.address).call()

    print(f"\nmintableReserves() attestor mode: cold {cold:,} gas, warm {warm:,} gas")
    assert cold - warm == COLD_ACCOUNT_EXTRA + COLD_SLOT_EXTRA  # exactly one cold SLOAD
    assert cold < 6_000


def test_mintableReserves_in_feed_mode(env: ReserveEnv, actors: Actors) -> None:
    env.attestor.fn.setFeed(env.adapter.address).transact(actors.admin)

    cold, warm = env.probe.fn.measure(env.attestor.address).call()

    print(f"\nmintableReserves() feed mode: cold {cold:,} gas, warm {warm:,} gas")
    # attestor word + feed address, adapter account, aggregator account and its 3 slots
    assert cold - warm == 3 * COLD_ACCOUNT_EXTRA + 5 * COLD_SLOT_EXTRA


def test_gas_of_attest_and_attestSigned(
    env: ReserveEnv, chain: Embedded, actors: Actors, now: Clock
) -> None:
    attestor = env.attestor
    first = attestor.fn.attest(RESERVES, now(), REPORT, REPORT_URI, COMPOSITION)
    first_gas = first.transact(actors.attestor).gas_used
    plain = attestor.fn.attest(RESERVES, now(), REPORT, "", []).transact(actors.attestor).gas_used
    full = attestor.fn.attest(RESERVES, now(), REPORT, REPORT_URI, COMPOSITION)
    full_gas = full.transact(actors.attestor).gas_used

    deadline = now() + 3_600
    as_of = now()
    sig = sign_reserve_attestation(
        actors.auditor,
        attestor_address=attestor.address,
        chain_id=chain.chain_id,
        reserves=RESERVES,
        as_of=as_of,
        report_hash=REPORT,
        report_uri=REPORT_URI,
        composition=COMPOSITION,
        nonce=0,
        deadline=deadline,
    )
    signed = attestor.fn.attestSigned(
        RESERVES, as_of, REPORT, REPORT_URI, COMPOSITION, 0, deadline, sig.signature
    )
    signed_gas = signed.transact(actors.outsider).gas_used

    print(
        f"\nattest, first ever (2 buckets, 67-char URI): {first_gas:,} gas"
        f"\nattest, later, no composition, no URI:       {plain:,} gas"
        f"\nattest, later (2 buckets, 67-char URI):      {full_gas:,} gas"
        f"\nattestSigned, first nonce (same content):    {signed_gas:,} gas"
    )
    assert plain < full_gas < first_gas
    assert full_gas < signed_gas

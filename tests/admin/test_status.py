"""``status()``: supply against reserves, attestation freshness, the queue, pause."""

from __future__ import annotations

from decimal import Decimal

DAY = 86_400


def test_status_before_any_attestation(admin):
    state = admin.status()
    assert (state.supply, state.reserves, state.headroom) == (0, 0, 0)
    assert state.coverage_bps is None
    assert state.as_of is None
    assert not state.fresh
    assert state.profile == "us"
    assert state.symbol == "DEVS"


def test_status_with_reserves_and_supply(funded, ck_chain):
    state = funded.status()
    assert state.supply == Decimal(1000)
    assert state.reserves == state.attested_reserves == Decimal(10_000_000)
    assert state.headroom == Decimal(9_999_000)
    assert state.coverage_bps == 100_000_000  # 10,000x
    assert state.fresh
    assert state.attestation_age is not None
    assert state.stale_at == state.as_of + state.max_age
    assert state.to_dict()["supply"] == "1000"


def test_a_stale_attestation_shows(funded, ck_advance_time):
    ck_advance_time(39 * DAY)
    state = funded.status()
    assert not state.fresh
    assert state.headroom == 0
    assert state.attestation_age >= 39 * DAY


def test_account_facts(funded, ck_actors):
    facts = funded.account(ck_actors.alice.address)
    assert facts.balance == 1_000 * 10**6
    assert facts.verified
    assert not facts.frozen
    data = facts.to_dict(funded.decimals)
    assert data["balance"] == "1000"
    assert data["kyc_tier"] == "retail"

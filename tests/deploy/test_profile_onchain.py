"""A profile maps to on-chain parameters exactly: deploy each bundled profile and read it back."""

from __future__ import annotations

import pytest
from eth_utils import keccak

from compliance_kit.system import DEV_ROLE_ORDER, RoleHolders, SystemConfig, deploy_system

DAY = 86_400
UNIT = 10**6

#: what each bundled profile must put on-chain, written out from REGULATION.md §2 (not computed
#: from the policy): max age, margin (mode, value), SLA seconds, fee bps, fee locked, minimum
EXPECTED = {
    "fatf": (0, (0, 0), 5 * DAY, 0, False, 0),
    "us": (38 * DAY, (0, 0), 2 * DAY, 0, False, 0),
    "eu": (182 * DAY, (0, 0), 1 * DAY, 0, True, 0),
    "hk": (38 * DAY, (1, -100), 1 * DAY, 0, False, 0),
    "sg": (38 * DAY, (0, 0), 5 * DAY, 0, False, 0),
}
TOKEN_ROLES = {
    "master_minter": "MASTER_MINTER_ROLE",
    "kyc_operator": "KYC_OPERATOR_ROLE",
    "compliance_officer": "COMPLIANCE_OFFICER_ROLE",
    "pauser": "PAUSER_ROLE",
    "treasury": "TREASURY_ROLE",
}
ADMIN_ROLE = b"\0" * 32


#: the home jurisdiction a deployment of a baseline profile (no jurisdictions of its own) names
BASELINE_HOME = {"fatf": 756}


def dev_config(chain, profile, **changes):
    home = BASELINE_HOME.get(profile)
    extra = {"home_jurisdiction": home} if home else {}
    return SystemConfig.for_dev_accounts(chain, profile, **extra, **changes)


@pytest.mark.parametrize("profile", sorted(EXPECTED))
def test_profile_parameters_are_on_chain_exactly(chain, kit_artifacts, profile):
    system = deploy_system(dev_config(chain, profile), chain, artifacts=kit_artifacts)
    token, attestor = system.token.fn, system.attestor.fn
    max_age, margin, sla, fee, locked, minimum = EXPECTED[profile]

    assert attestor.maxAge().call() == max_age
    assert attestor.margin().call() == margin
    assert token.redemptionTerms().call() == (minimum, sla, fee, locked)
    assert token.decimals().call() == 6
    assert token.reserveSource().call() == system.attestor.address
    assert system.read_parameters() == system.parameters


@pytest.mark.parametrize("profile", sorted(EXPECTED))
def test_every_role_is_held_by_its_configured_account(chain, kit_artifacts, profile):
    config = dev_config(chain, profile, minter_allowance="2_500_000.5")
    system = deploy_system(config, chain, artifacts=kit_artifacts)
    token, attestor = system.token.fn, system.attestor.fn
    at = {role: chain.accounts[i].address for i, role in enumerate(DEV_ROLE_ORDER)}

    assert token.hasRole(ADMIN_ROLE, at["admin"]).call()
    assert token.defaultAdmin().call() == at["admin"]
    assert attestor.hasRole(ADMIN_ROLE, at["admin"]).call()
    for field, role in TOKEN_ROLES.items():
        assert token.hasRole(keccak(text=role), at[field]).call(), role
        assert not token.hasRole(keccak(text=role), at["admin"]).call(), role
    assert token.hasRole(keccak(text="MINTER_ROLE"), at["minter"]).call()
    assert token.minterAllowance(at["minter"]).call() == 2_500_000 * UNIT + UNIT // 2
    assert attestor.hasRole(keccak(text="ATTESTOR_ROLE"), at["attestor"]).call()
    assert attestor.isTrustedAuditor(at["attestor"]).call()
    assert token.isKycProvider(at["kyc_provider"]).call()
    assert token.seizureEscrow().call() == at["seizure_escrow"]
    assert system.manifest.roles == RoleHolders.model_validate(
        config.model_dump(include=set(RoleHolders.model_fields))
    )


def test_overrides_reach_the_chain(chain, kit_artifacts):
    config = SystemConfig.for_dev_accounts(
        chain,
        "us",
        overrides={
            "token.decimals": 2,
            "reserves": {"max_age_seconds": 3 * DAY, "attestation_cadence_seconds": DAY},
            "reserves.margin": {"mode": "absolute", "value": "-1234.56"},
            "redemption": {"fee_bps": 15, "fee_locked": True, "minimum": "100000"},
        },
    )
    system = deploy_system(config, chain, artifacts=kit_artifacts)
    assert system.token.fn.decimals().call() == 2
    assert system.attestor.fn.maxAge().call() == 3 * DAY
    assert system.attestor.fn.margin().call() == (2, -123_456)
    assert system.token.fn.redemptionTerms().call() == (10_000_000, 2 * DAY, 15, True)


def test_the_system_works_after_deployment(chain, kit_artifacts):
    """Attest, onboard, mint within the reserves, redeem under the profile's SLA."""
    system = deploy_system(
        SystemConfig.for_dev_accounts(chain, "hk"), chain, artifacts=kit_artifacts
    )
    accounts = chain.accounts
    minter, kyc, attestor_account, holder = accounts[2], accounts[3], accounts[7], accounts[10]
    attested_at = chain.timestamp()
    system.attestor.fn.attest(1_000 * UNIT, attested_at, keccak(text="r"), "", []).transact(
        attestor_account
    )
    system.token.fn.approveAccount(holder.address, 1, 344, attested_at + 365 * DAY).transact(kyc)
    # HK margin -1%: 990 mintable out of 1,000 attested
    system.token.fn.mint(holder.address, 990 * UNIT).transact(minter)
    receipt = system.token.fn.redeem(10 * UNIT, keccak(text="bank")).transact(holder)
    (event,) = system.token.events(receipt, "RedemptionRequested")
    assert event["dueBy"] - chain.timestamp() == DAY


#: the AML rules each profile must put on-chain, written out from REGULATION.md §2 and the
#: profile files: home, home travel-rule threshold (base units), retail (cap, volume, window,
#: count), corridors (enabled, open by default), blocked, screening (mint, redeem, transfer)
EXPECTED_AML = {
    "us": (
        840,
        3_000 * UNIT,
        (10_000 * UNIT, 25_000 * UNIT, DAY, 50),
        (True, True),
        (364, 408),
        (True, True, True),
    ),
    "hk": (
        344,
        0,
        (80_000 * UNIT, 200_000 * UNIT, DAY, 50),
        (True, True),
        (364, 408),
        (True, True, True),
    ),
}


@pytest.mark.parametrize("profile", sorted(EXPECTED_AML))
def test_profile_aml_rules_are_on_chain_exactly(chain, kit_artifacts, profile):
    system = deploy_system(dev_config(chain, profile), chain, artifacts=kit_artifacts)
    token = system.token.fn
    home, threshold, retail, corridors, blocked, screening = EXPECTED_AML[profile]

    assert token.transferRules().call() == (True, *corridors, home)
    assert token.travelRuleThreshold(home).call() == (threshold, True)
    assert token.tierLimits(1).call() == retail
    for jurisdiction in blocked:
        assert token.isJurisdictionBlocked(jurisdiction).call()
    oracle, *switches, fail_open = token.sanctionsScreening().call()
    assert oracle == system.sanctions_oracle.address
    assert (tuple(switches), fail_open) == (screening, False)
    assert token.travelRuleRegistry().call() == system.travel_rule_registry.address
    assert system.travel_rule_registry.fn.hasRole(
        keccak(text="VASP_ROLE"), chain.accounts[DEV_ROLE_ORDER.index("kyc_provider")].address
    ).call()


def test_cross_border_thresholds_come_from_the_counterpart_profiles(chain, kit_artifacts):
    system = deploy_system(dev_config(chain, "us"), chain, artifacts=kit_artifacts)
    token = system.token.fn

    assert token.travelRuleThreshold(344).call() == (0, True)  # Hong Kong: every transfer
    assert token.travelRuleThreshold(276).call() == (0, True)  # Germany (EU): every transfer
    assert token.travelRuleThreshold(124).call() == (3_000 * UNIT, False)  # Canada: the home's


@pytest.mark.parametrize("aggregate", [False, True])
def test_travel_rule_aggregation_is_on_chain_and_read_back(chain, kit_artifacts, aggregate):
    config = dev_config(chain, "us", overrides={"travel_rule.aggregate": aggregate})
    system = deploy_system(config, chain, artifacts=kit_artifacts)

    assert system.token.fn.travelRuleAggregation().call() is aggregate
    assert system.parameters.travel_rule_aggregation is aggregate
    assert system.read_parameters() == system.parameters
    steps = [s.description for s in system.manifest.steps]
    step = f"token.setTravelRuleAggregation({str(aggregate).lower()})"
    assert steps.index(step) == steps.index("token.setTravelRule(true)") + 1
    tx_hash = system.manifest.steps[steps.index(step)].tx_hash
    (event,) = system.token.events(chain.wait_for_receipt(tx_hash), "TravelRuleAggregationSet")
    assert (event["previousEnabled"], event["enabled"]) == (False, aggregate)
    officer = chain.accounts[DEV_ROLE_ORDER.index("compliance_officer")].address
    assert chain.w3.eth.get_transaction(tx_hash)["from"] == officer

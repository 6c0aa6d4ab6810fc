"""Bad input is refused before anything is sent; a failing step reports what went through."""

from __future__ import annotations

import pytest

from compliance_kit.exceptions import InputError, revert_error
from compliance_kit.policy import ProfileError
from compliance_kit.system import DeploymentFailed, SystemConfig, deploy_system

ZERO = "0x" + "00" * 20


def nonce(chain) -> int:
    return chain.get_nonce(chain.accounts[0].address)


def test_failing_step_reports_the_steps_and_addresses_that_went_through(chain, kit_artifacts):
    config = SystemConfig.for_dev_accounts(chain, "us")
    # past validation (model_copy does not validate): a provider the contract refuses
    bad = config.model_copy(update={"kyc_providers": (ZERO,)})
    with pytest.raises(DeploymentFailed) as caught:
        deploy_system(bad, chain, artifacts=kit_artifacts)
    error = caught.value
    assert error.step == f"token.setKycProvider({ZERO}, true)"
    assert isinstance(error.cause, revert_error("ZeroAddress"))
    assert isinstance(error.__cause__, revert_error("ZeroAddress"))
    assert [s.number for s in error.completed] == list(range(1, error.number))
    assert error.completed[0].description.startswith("deploy ReserveAttestor(")
    assert set(error.addresses) == {"attestor", "travel_rule_registry", "sanctions_oracle", "token"}
    assert error.remaining[:5] == (
        "token.setRedemptionSla(172800)",
        "token.setRedemptionFee(0)",
        "token.setMinimumRedemption(0)",
        "token.setTravelRuleRegistry(travel_rule_registry)",
        "token.setHomeJurisdiction(840)",
    )
    assert error.remaining[-1].startswith("token.setSanctionsScreening((sanctions_oracle, ")
    # what the error says went through did go through: the admin and the master minter (one
    # configureMinter) sent every completed step, plus the failed one (mined, reverted)
    sent = nonce(chain) + chain.get_nonce(chain.accounts[1].address)
    assert sent == len(error.completed) + 1
    token = error.addresses["token"]
    assert chain.get_code(token)
    text = str(error)
    assert (
        f"deployment failed at step {error.number} of {error.number + len(error.remaining)}" in text
    )
    assert "ZeroAddress()" in text
    assert f"token {token}" in text
    assert f"not sent: {len(error.remaining)} step(s)" in text


def test_admin_without_a_key_is_refused_before_sending(chain, kit_artifacts):
    outsider = "0x" + "cd" * 20
    config = SystemConfig.for_dev_accounts(chain, "us", admin=outsider)
    with pytest.raises(InputError, match="no key for the admin") as caught:
        deploy_system(config, chain, artifacts=kit_artifacts)
    assert caught.value.field == "sender"


def test_profile_requiring_seizure_needs_an_escrow(chain, kit_artifacts):
    config = SystemConfig.for_dev_accounts(chain, "us", seizure_escrow=None)
    before = nonce(chain)
    with pytest.raises(InputError, match="requires the ability to seize") as caught:
        deploy_system(config, chain, artifacts=kit_artifacts)
    assert caught.value.field == "seizure_escrow"
    assert nonce(chain) == before
    eu = SystemConfig.for_dev_accounts(chain, "eu", seizure_escrow=None)
    system = deploy_system(eu, chain, artifacts=kit_artifacts)  # MiCA: seizure optional
    assert system.token.fn.seizureEscrow().call() == ZERO


def test_bad_profile_override_sends_nothing(chain, kit_artifacts):
    config = SystemConfig.for_dev_accounts(chain, "hk", overrides={"redemption.fee_bps": 10_001})
    before = nonce(chain)
    with pytest.raises(ProfileError, match=r"redemption\.fee_bps = 10001 \(from overrides\)"):
        deploy_system(config, chain, artifacts=kit_artifacts)
    assert nonce(chain) == before


def test_minter_allowance_finer_than_the_token_is_refused_before_sending(chain, kit_artifacts):
    config = SystemConfig.for_dev_accounts(chain, "us", minter_allowance="1.0000001")
    before = nonce(chain)
    with pytest.raises(InputError) as caught:
        deploy_system(config, chain, artifacts=kit_artifacts)
    assert caught.value.field == "minters[0].allowance"
    assert nonce(chain) == before


def test_sender_must_be_the_admin(chain, kit_artifacts):
    config = SystemConfig.for_dev_accounts(chain, "us")
    with pytest.raises(InputError, match="is not the configured admin") as caught:
        deploy_system(config, chain, artifacts=kit_artifacts, sender=chain.accounts[1])
    assert caught.value.field == "sender"


def test_without_the_master_minters_key_the_admin_configures_minters(chain, kit_artifacts):
    outsider = "0x" + "ab" * 20
    config = SystemConfig.for_dev_accounts(chain, "us", master_minter=outsider)
    system = deploy_system(config, chain, artifacts=kit_artifacts)
    role = system.token.fn.MASTER_MINTER_ROLE().call()
    admin = chain.accounts[0].address
    steps = [s.description for s in system.manifest.steps]
    assert f"token.grantRole(MASTER_MINTER_ROLE, {admin})" in steps
    assert f"token.renounceRole(MASTER_MINTER_ROLE, {admin})" in steps
    assert system.token.fn.hasRole(role, config.master_minter).call()
    assert not system.token.fn.hasRole(role, admin).call()
    assert system.token.fn.minterAllowance(chain.accounts[2].address).call() == 10**15

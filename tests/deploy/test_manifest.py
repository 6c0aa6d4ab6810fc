"""The deployment manifest: written as JSON, loaded back, and checked against the chain."""

from __future__ import annotations

import json

import pytest

from compliance_kit.exceptions import ChainIdMismatch
from compliance_kit.system import (
    DeployedSystem,
    Manifest,
    ManifestError,
    SystemConfig,
    deploy_system,
    load_system,
)


@pytest.fixture
def system(chain, kit_artifacts) -> DeployedSystem:
    overrides = {"redemption": {"sla_business_days": None, "sla_seconds": 7200}}
    config = SystemConfig.for_dev_accounts(chain, "eu", overrides=overrides)
    return deploy_system(config, chain, artifacts=kit_artifacts)


def edit(path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def test_manifest_records_the_deployment(system, chain, kit_artifacts):
    manifest = system.manifest
    assert manifest.chain_id == chain.chain_id
    assert manifest.block_number == chain.block_number()
    assert manifest.deployer == chain.accounts[0].address
    assert manifest.compiler_version == kit_artifacts.compiler_version
    assert manifest.artifact_input_hash == kit_artifacts.input_hash
    assert (manifest.profile_id, manifest.profile_source) == ("eu", "eu")
    assert manifest.policy == system.policy
    assert manifest.policy.redemption.deadline_seconds == 7200
    assert manifest.contracts.token.address == system.token.address
    assert manifest.contracts.attestor.address == system.attestor.address
    assert manifest.timestamp.timestamp() == chain.timestamp()
    assert [s.number for s in manifest.steps] == list(range(1, len(manifest.steps) + 1))
    descriptions = [s.description for s in manifest.steps]
    assert "token.lockRedemptionFee()" in descriptions
    assert descriptions[-1].startswith("token.setSanctionsScreening((sanctions_oracle, ")
    assert all(s.tx_hash.startswith("0x") for s in manifest.steps)


def test_manifest_round_trip_gives_the_same_system(system, chain, tmp_path):
    path = system.write_manifest(tmp_path / "deployment.json")
    assert Manifest.model_validate_json(path.read_text()) == system.manifest

    loaded = load_system(path, chain)
    assert loaded.addresses == system.addresses
    assert loaded.policy == system.policy
    assert loaded.manifest == system.manifest
    assert loaded.read_parameters() == system.parameters
    assert loaded.parameters == system.policy.onchain_parameters(
        counterparts=system.manifest.counterpart_policies
    )
    assert loaded.token.fn.symbol().call() == "DEVS"


def test_loaded_system_transacts_and_decodes_reverts(system, chain, tmp_path):
    from compliance_kit.exceptions import revert_error

    loaded = load_system(system.write_manifest(tmp_path / "m.json"), chain)
    with pytest.raises(revert_error("RedemptionFeeFixed")):
        loaded.token.fn.setRedemptionFee(5).transact(chain.accounts[0])


def test_loading_on_another_chain_id_fails_clearly(system, chain, tmp_path):
    path = system.write_manifest(tmp_path / "m.json")
    edit(path, lambda data: data.update(chain_id=1))
    with pytest.raises(ChainIdMismatch) as caught:
        load_system(path, chain)
    assert (caught.value.expected, caught.value.actual) == (1, chain.chain_id)
    assert str(path) in str(caught.value)


def test_tampered_address_without_code_names_the_contract(system, chain, tmp_path):
    path = system.write_manifest(tmp_path / "m.json")
    stranger = chain.accounts[11].address
    edit(path, lambda data: data["contracts"]["token"].update(address=stranger))
    with pytest.raises(ManifestError) as caught:
        load_system(path, chain)
    assert caught.value.contract == "token"
    assert f"token (ComplianceStablecoin) at {stranger}: no contract code" in str(caught.value)


def test_address_of_another_contract_is_refused(system, chain, tmp_path):
    path = system.write_manifest(tmp_path / "m.json")
    other = system.token.address
    edit(path, lambda data: data["contracts"]["attestor"].update(address=other))
    with pytest.raises(ManifestError, match="does not match") as caught:
        load_system(path, chain)
    assert caught.value.contract == "attestor"


def test_another_deployment_of_the_same_contract_is_refused(system, chain, kit_artifacts, tmp_path):
    """Immutables (name, reserve source) are in the runtime code: a twin does not pass."""
    path = system.write_manifest(tmp_path / "m.json")
    twin = deploy_system(SystemConfig.for_dev_accounts(chain, "eu"), chain, artifacts=kit_artifacts)
    edit(path, lambda data: data["contracts"]["token"].update(address=twin.token.address))
    with pytest.raises(ManifestError, match="does not match") as caught:
        load_system(path, chain)
    assert caught.value.contract == "token"


def test_unreadable_or_invalid_manifest_is_a_manifest_error(system, chain, tmp_path):
    with pytest.raises(ManifestError, match="cannot read manifest"):
        load_system(tmp_path / "absent.json", chain)
    path = tmp_path / "m.json"
    path.write_text("{not json")
    with pytest.raises(ManifestError, match="not a valid deployment manifest") as caught:
        load_system(path, chain)
    assert caught.value.contract is None
    system.write_manifest(path)
    edit(path, lambda data: data["policy"]["redemption"].update(fee_bps=-1))
    with pytest.raises(ManifestError, match=r"policy\.redemption\.fee_bps"):
        load_system(path, chain)

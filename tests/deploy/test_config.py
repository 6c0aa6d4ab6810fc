"""SystemConfig: validated role holders, and the documented dev-account assignment."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from compliance_kit.chain import Embedded
from compliance_kit.exceptions import InputError
from compliance_kit.system import DEV_ROLE_ORDER, SystemConfig

ZERO = "0x" + "00" * 20


@pytest.fixture
def dev(session_chain) -> SystemConfig:
    return SystemConfig.for_dev_accounts(session_chain, "sg")


def test_for_dev_accounts_follows_the_documented_order(session_chain, dev):
    address = [a.address for a in session_chain.accounts]
    assert DEV_ROLE_ORDER == (
        "admin",
        "master_minter",
        "minter",
        "kyc_operator",
        "compliance_officer",
        "pauser",
        "treasury",
        "attestor",
        "kyc_provider",
        "seizure_escrow",
    )
    assert (dev.admin, dev.master_minter, dev.minters[0].address) == tuple(address[:3])
    assert (dev.kyc_operator, dev.compliance_officer, dev.pauser, dev.treasury) == tuple(
        address[3:7]
    )
    assert (dev.attestor, dev.auditors, dev.kyc_providers) == (
        address[7],
        (address[7],),
        (address[8],),
    )
    assert dev.seizure_escrow == address[9]
    assert dev.profile == "sg"


def test_for_dev_accounts_works_on_a_default_embedded_chain():
    with Embedded() as chain:  # 10 accounts: exactly enough
        assert SystemConfig.for_dev_accounts(chain).admin == chain.accounts[0].address
    with Embedded(accounts=9) as chain, pytest.raises(InputError, match="needs 10 accounts"):
        SystemConfig.for_dev_accounts(chain)


def test_addresses_are_checksummed_and_the_zero_address_is_refused(dev):
    lower = dev.pauser.lower()
    assert SystemConfig.model_validate(dev.model_dump() | {"pauser": lower}).pauser == dev.pauser
    with pytest.raises(ValidationError, match="zero address cannot hold a role"):
        SystemConfig.model_validate(dev.model_dump() | {"treasury": ZERO})
    with pytest.raises(ValidationError, match="not an address"):
        SystemConfig.model_validate(dev.model_dump() | {"attestor": "0x123"})


def test_repeated_auditors_or_minters_are_refused(dev):
    twice = (dev.attestor, dev.attestor)
    with pytest.raises(ValidationError, match="listed twice"):
        SystemConfig.model_validate(dev.model_dump() | {"auditors": twice})
    minter = dev.model_dump()["minters"][0]
    with pytest.raises(ValidationError, match="listed twice"):
        SystemConfig.model_validate(dev.model_dump() | {"minters": [minter, minter]})


@pytest.mark.parametrize(
    "change",
    [
        {"symbol": "TOO LONG SYMBOL"},
        {"name": ""},
        {"admin_transfer_delay": -1},
        {"admin_transfer_delay": 2**48},
        {"minters": [{"address": "0x" + "11" * 20, "allowance": 1.5}]},
        {"unknown": 1},
    ],
)
def test_invalid_fields_are_refused(dev, change):
    with pytest.raises(ValidationError):
        SystemConfig.model_validate(dev.model_dump() | change)


def test_the_exported_deploy_function_is_not_shadowed_by_the_system_package(chain, kit_artifacts):
    """``compliance_kit.deploy`` stays the contract-deploying function after importing
    ``compliance_kit.system`` (whose ``deploy`` submodule must not replace it)."""
    import compliance_kit
    import compliance_kit.system
    from compliance_kit import Transactor, deploy
    from compliance_kit.contracts import deploy as contracts_deploy

    assert deploy is contracts_deploy
    assert compliance_kit.deploy is contracts_deploy
    tx = Transactor(chain, kit_artifacts.abis())
    token = deploy(tx, kit_artifacts["PlainERC20"], "P", "P", 10, sender=chain.accounts[0])
    assert token.fn.totalSupply().call() == 10

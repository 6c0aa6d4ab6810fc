"""ComplianceStablecoin: every function, every revert path (with the error's arguments), every
event (with all its fields).

Access control for every privileged function is in ``test_roles.py``, permits and signed KYC
credentials in ``test_signatures.py``, the ERC-1404 restriction codes in ``test_erc1404.py`` and
plain ERC-20 semantics in ``test_erc20_behaviour.py``.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from behaviors.asserts import assert_events, reverts
from behaviors.stablecoin import (
    ADMIN_DELAY,
    ALICE_FUNDS,
    BOB_FUNDS,
    DECIMALS,
    MINTER_ALLOWANCE,
    NAME,
    ROLE_NAMES,
    SUPPLY_CAP,
    SYMBOL,
    UINT256_MAX,
    UNIT,
    ZERO_ADDRESS,
)
from eth_abi import encode
from eth_utils import keccak

from compliance_kit.contracts import deploy

if TYPE_CHECKING:
    from behaviors.stablecoin import Actors, StablecoinEnv

    from compliance_kit.chain import Embedded
    from compliance_kit.contracts import Contract

Clock = Callable[[], int]
Warp = Callable[[int], None]

ORDER = keccak(text="HKMA/ENF/2026/0042")  # a lawful order's reference
OTHER_ORDER = keccak(text="SDNY 26-cv-1234")
NO_ORDER = b"\x00" * 32
SUPPLY = ALICE_FUNDS + BOB_FUNDS
MINTER_LEFT = MINTER_ALLOWANCE - SUPPLY  # the minter's allowance after the setup mints


def _balance(token: Contract, account: str) -> int:
    return token.fn.balanceOf(account).call()


# --- deployment -----------------------------------------------------------------------------


def test_constructor_sets_metadata_admin_and_an_empty_state(
    token: Contract, actors: Actors, env: StablecoinEnv
) -> None:
    fn = token.fn
    assert (fn.name().call(), fn.symbol().call(), fn.decimals().call()) == (NAME, SYMBOL, DECIMALS)
    assert fn.defaultAdmin().call() == actors.admin.address
    assert fn.defaultAdminDelay().call() == ADMIN_DELAY
    assert fn.pendingDefaultAdmin().call() == (ZERO_ADDRESS, 0)
    assert fn.hasRole(b"\x00" * 32, actors.admin.address).call() is True
    bare = env.bare_token.fn  # deployed with the same constructor and nothing configured
    assert (bare.totalSupply().call(), bare.paused().call()) == (0, False)
    assert bare.seizureEscrow().call() == ZERO_ADDRESS


def test_eip712_domain_is_name_version_1_chain_and_token(token: Contract, chain: Embedded) -> None:
    fields, name, version, chain_id, contract, salt, extensions = token.fn.eip712Domain().call()
    assert (fields, name, version, chain_id, contract) == (
        b"\x0f",
        NAME,
        "1",
        chain.chain_id,
        token.address,
    )
    assert (salt, extensions) == (b"\x00" * 32, ())
    domain_type = keccak(
        text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    )
    expected = keccak(
        encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [domain_type, keccak(text=NAME), keccak(text="1"), chain.chain_id, token.address],
        )
    )
    assert token.fn.DOMAIN_SEPARATOR().call() == expected


def test_role_ids_are_keccak_of_their_names(token: Contract) -> None:
    for name in ROLE_NAMES:
        assert getattr(token.fn, name)().call() == keccak(text=name), name
    assert token.fn.DEFAULT_ADMIN_ROLE().call() == b"\x00" * 32


def _interface_id(*signatures: str) -> bytes:
    selectors = [int.from_bytes(keccak(text=s)[:4], "big") for s in signatures]
    interface_id = 0
    for selector in selectors:
        interface_id ^= selector
    return interface_id.to_bytes(4, "big")


@pytest.mark.parametrize(
    ("interface", "supported"),
    [
        (_interface_id("supportsInterface(bytes4)"), True),  # ERC-165
        (
            _interface_id(
                "hasRole(bytes32,address)",
                "getRoleAdmin(bytes32)",
                "grantRole(bytes32,address)",
                "revokeRole(bytes32,address)",
                "renounceRole(bytes32,address)",
            ),
            True,
        ),
        (
            _interface_id(
                "defaultAdmin()",
                "pendingDefaultAdmin()",
                "defaultAdminDelay()",
                "pendingDefaultAdminDelay()",
                "beginDefaultAdminTransfer(address)",
                "cancelDefaultAdminTransfer()",
                "acceptDefaultAdminTransfer()",
                "changeDefaultAdminDelay(uint48)",
                "rollbackDefaultAdminDelay()",
                "defaultAdminDelayIncreaseWait()",
            ),
            True,
        ),
        (b"\xff\xff\xff\xff", False),  # ERC-165: never supported
    ],
    ids=["IERC165", "IAccessControl", "IAccessControlDefaultAdminRules", "0xffffffff"],
)
def test_supportsInterface(token: Contract, interface: bytes, supported: bool) -> None:
    assert token.fn.supportsInterface(interface).call() is supported


def test_owner_is_the_default_admin(token: Contract, actors: Actors) -> None:
    assert token.fn.owner().call() == actors.admin.address


def test_public_constants_match_the_spec(token: Contract) -> None:
    tiers = {"TIER_RETAIL": 1, "TIER_PROFESSIONAL": 2, "TIER_INSTITUTION": 3}
    tiers["TIER_ISSUER_TREASURY"] = 4
    assert {name: getattr(token.fn, name)().call() for name in tiers} == tiers
    credential_type = (
        "KycCredential(address account,uint8 tier,uint16 jurisdiction,uint40 expiry,"
        "uint256 nonce,uint256 deadline)"
    )
    assert token.fn.KYC_CREDENTIAL_TYPEHASH().call() == keccak(text=credential_type)


def test_role_admins(token: Contract, roles: dict[str, bytes]) -> None:
    """Every role is administered by DEFAULT_ADMIN_ROLE; MINTER_ROLE by the master minter (and
    in practice only through configureMinter/removeMinter)."""
    admins = {name: token.fn.getRoleAdmin(roles[name]).call() for name in ROLE_NAMES}
    assert admins == {
        "MASTER_MINTER_ROLE": roles["DEFAULT_ADMIN_ROLE"],
        "MINTER_ROLE": roles["MASTER_MINTER_ROLE"],
        "KYC_OPERATOR_ROLE": roles["DEFAULT_ADMIN_ROLE"],
        "COMPLIANCE_OFFICER_ROLE": roles["DEFAULT_ADMIN_ROLE"],
        "PAUSER_ROLE": roles["DEFAULT_ADMIN_ROLE"],
        "TREASURY_ROLE": roles["DEFAULT_ADMIN_ROLE"],
    }


def test_constructor_accepts_18_decimals(env: StablecoinEnv, actors: Actors) -> None:
    artifact = env.artifacts["ComplianceStablecoin"]
    admin = actors.admin
    wide = deploy(
        env.transactor, artifact, "W", "W", 18, admin.address, 0, ZERO_ADDRESS, sender=admin
    )
    assert wide.fn.decimals().call() == 18


def test_constructor_reverts_when_decimals_above_18(env: StablecoinEnv, actors: Actors) -> None:
    artifact = env.artifacts["ComplianceStablecoin"]
    admin = actors.admin
    with reverts("InvalidDecimals", decimals=19, maxDecimals=18):
        deploy(env.transactor, artifact, "W", "W", 19, admin.address, 0, ZERO_ADDRESS, sender=admin)


def test_constructor_reverts_when_admin_is_zero_address(env: StablecoinEnv, actors: Actors) -> None:
    artifact = env.artifacts["ComplianceStablecoin"]
    with reverts("AccessControlInvalidDefaultAdmin", defaultAdmin=ZERO_ADDRESS):
        deploy(
            env.transactor,
            artifact,
            "W",
            "W",
            6,
            ZERO_ADDRESS,
            0,
            ZERO_ADDRESS,
            sender=actors.admin,
        )


# --- KYC allowlist --------------------------------------------------------------------------


def test_setup_kyc_records(token: Contract, actors: Actors, env: StablecoinEnv) -> None:
    for name, entry in env.kyc.items():
        account = actors.by_name(name).address
        assert token.fn.kycOf(account).call() == (
            True,
            entry.tier,
            entry.jurisdiction,
            entry.expiry,
        )
        assert token.fn.isVerified(account).call() is True
    assert token.fn.kycOf(actors.mallory.address).call() == (False, 0, 0, 0)
    assert token.fn.isVerified(actors.mallory.address).call() is False


@pytest.mark.parametrize(("tier", "jurisdiction"), [(1, 1), (2, 344), (3, 702), (4, 999)])
def test_approveAccount_verifies_and_emits_account_verified(
    token: Contract, actors: Actors, now: Clock, tier: int, jurisdiction: int
) -> None:
    dave = actors.dave.address
    expiry = now() + 30 * 86_400

    receipt = token.fn.approveAccount(dave, tier, jurisdiction, expiry).transact(
        actors.kyc_operator
    )

    assert token.fn.kycOf(dave).call() == (True, tier, jurisdiction, expiry)
    assert token.fn.isVerified(dave).call() is True
    assert_events(
        token,
        receipt,
        [
            (
                "AccountVerified",
                {"account": dave, "tier": tier, "jurisdiction": jurisdiction, "expiry": expiry},
            )
        ],
    )


def test_approveAccount_updates_an_existing_record(
    token: Contract, actors: Actors, now: Clock
) -> None:
    alice = actors.alice.address
    expiry = now() + 10

    receipt = token.fn.approveAccount(alice, 3, 826, expiry).transact(actors.kyc_operator)

    assert token.fn.kycOf(alice).call() == (True, 3, 826, expiry)
    assert _balance(token, alice) == ALICE_FUNDS  # the balance shares the word: untouched
    assert_events(
        token,
        receipt,
        [("AccountVerified", {"account": alice, "tier": 3, "jurisdiction": 826, "expiry": expiry})],
    )


def test_approveAccount_accepts_an_expiry_one_second_ahead(
    token: Contract, actors: Actors, now: Clock
) -> None:
    expiry = now() + 1
    token.fn.approveAccount(actors.dave.address, 1, 840, expiry).transact(actors.kyc_operator)
    assert token.fn.kycOf(actors.dave.address).call() == (True, 1, 840, expiry)


@pytest.mark.parametrize("tier", [0, 5, 255])
def test_approveAccount_reverts_when_tier_is_invalid(
    token: Contract, actors: Actors, now: Clock, tier: int
) -> None:
    with reverts("InvalidKycTier", tier=tier):
        token.fn.approveAccount(actors.dave.address, tier, 840, now() + 100).transact(
            actors.kyc_operator
        )


@pytest.mark.parametrize("jurisdiction", [0, 1000, 65_535])
def test_approveAccount_reverts_when_jurisdiction_is_invalid(
    token: Contract, actors: Actors, now: Clock, jurisdiction: int
) -> None:
    with reverts("InvalidJurisdiction", jurisdiction=jurisdiction):
        token.fn.approveAccount(actors.dave.address, 1, jurisdiction, now() + 100).transact(
            actors.kyc_operator
        )


@pytest.mark.parametrize("offset", [0, -1, -86_400], ids=["now", "one-second-ago", "yesterday"])
def test_approveAccount_reverts_when_expiry_is_not_in_the_future(
    token: Contract, actors: Actors, now: Clock, offset: int
) -> None:
    t = now()
    with reverts("InvalidKycExpiry", expiry=t + offset, currentTime=t):
        token.fn.approveAccount(actors.dave.address, 1, 840, t + offset).transact(
            actors.kyc_operator
        )


def test_approveAccount_reverts_when_account_is_zero_address(
    token: Contract, actors: Actors, now: Clock
) -> None:
    with reverts("ZeroAddress"):
        token.fn.approveAccount(ZERO_ADDRESS, 1, 840, now() + 100).transact(actors.kyc_operator)


def test_approveAccounts_approves_every_record_and_emits_in_order(
    token: Contract, actors: Actors, now: Clock
) -> None:
    t = now()
    records = [
        (actors.dave.address, 1, 344, t + 100),
        (actors.mallory.address, 2, 702, t + 200),
        (actors.alice.address, 4, 840, t + 300),  # an update in the same batch
    ]

    receipt = token.fn.approveAccounts(records).transact(actors.kyc_operator)

    for account, tier, jurisdiction, expiry in records:
        assert token.fn.kycOf(account).call() == (True, tier, jurisdiction, expiry)
    assert_events(
        token,
        receipt,
        [
            ("AccountVerified", {"account": a, "tier": t_, "jurisdiction": j, "expiry": e})
            for a, t_, j, e in records
        ],
    )


def test_approveAccounts_with_no_records_changes_nothing(token: Contract, actors: Actors) -> None:
    receipt = token.fn.approveAccounts([]).transact(actors.kyc_operator)
    assert_events(token, receipt, [])


@pytest.mark.parametrize(
    ("bad", "error", "args"),
    [
        ("tier", "InvalidKycTier", {"tier": 9}),
        ("jurisdiction", "InvalidJurisdiction", {"jurisdiction": 1000}),
        ("expiry", "InvalidKycExpiry", {"expiry": 0, "currentTime": None}),
        ("account", "ZeroAddress", {}),
    ],
)
def test_approveAccounts_reverts_when_any_record_is_invalid(
    token: Contract, actors: Actors, now: Clock, bad: str, error: str, args: dict[str, object]
) -> None:
    """All or nothing: the valid first record is not applied either."""
    t = now()
    invalid = {
        "tier": (actors.mallory.address, 9, 840, t + 100),
        "jurisdiction": (actors.mallory.address, 1, 1000, t + 100),
        "expiry": (actors.mallory.address, 1, 840, 0),
        "account": (ZERO_ADDRESS, 1, 840, t + 100),
    }[bad]
    expected = {k: (t if v is None else v) for k, v in args.items()}

    with reverts(error, **expected):
        token.fn.approveAccounts([(actors.dave.address, 1, 344, t + 100), invalid]).transact(
            actors.kyc_operator
        )

    assert token.fn.kycOf(actors.dave.address).call() == (False, 0, 0, 0)


def test_revokeAccount_clears_the_record_keeps_the_balance_and_emits(
    token: Contract, actors: Actors
) -> None:
    alice = actors.alice.address

    receipt = token.fn.revokeAccount(alice).transact(actors.kyc_operator)

    assert token.fn.kycOf(alice).call() == (False, 0, 0, 0)
    assert token.fn.isVerified(alice).call() is False
    assert _balance(token, alice) == ALICE_FUNDS
    assert_events(token, receipt, [("AccountRevoked", {"account": alice})])


def test_transfer_reverts_when_sender_was_revoked(token: Contract, actors: Actors) -> None:
    token.fn.revokeAccount(actors.alice.address).transact(actors.kyc_operator)

    with reverts("AccountNotVerified", account=actors.alice.address):
        token.fn.transfer(actors.bob.address, 1).transact(actors.alice)


def test_revokeAccounts_revokes_every_account_and_emits_in_order(
    token: Contract, actors: Actors
) -> None:
    accounts = [actors.alice.address, actors.bob.address]

    receipt = token.fn.revokeAccounts(accounts).transact(actors.kyc_operator)

    for account in accounts:
        assert token.fn.kycOf(account).call() == (False, 0, 0, 0)
    assert_events(token, receipt, [("AccountRevoked", {"account": a}) for a in accounts])


def test_kyc_is_still_valid_one_second_before_expiry(
    token: Contract, actors: Actors, env: StablecoinEnv, warp: Warp
) -> None:
    expiry = env.kyc["carol"].expiry
    warp(expiry - 1)
    assert token.fn.isVerified(actors.carol.address).call() is True

    token.fn.transfer(actors.carol.address, 5).transact(actors.bob)  # mined at expiry - 1

    assert _balance(token, actors.carol.address) == 5


def test_kyc_is_expired_exactly_at_expiry(
    token: Contract, actors: Actors, env: StablecoinEnv, warp: Warp
) -> None:
    carol = actors.carol.address
    expiry = env.kyc["carol"].expiry
    warp(expiry)
    assert token.fn.isVerified(carol).call() is False
    assert token.fn.kycOf(carol).call()[0] is True  # still on the list, just expired

    with reverts("KycExpired", account=carol, expiredAt=expiry, currentTime=expiry):
        token.fn.transfer(carol, 5).transact(actors.bob)  # mined exactly at expiry


def test_transfer_reverts_when_sender_kyc_expired(
    token: Contract, actors: Actors, env: StablecoinEnv, warp: Warp
) -> None:
    expiry = env.kyc["bob"].expiry
    warp(expiry + 3_600)
    with reverts(
        "KycExpired", account=actors.bob.address, expiredAt=expiry, currentTime=expiry + 3_600
    ):
        token.fn.transfer(actors.alice.address, 5).transact(actors.bob)


def test_renewed_kyc_restores_transfers(
    token: Contract, actors: Actors, env: StablecoinEnv, warp: Warp, now: Clock
) -> None:
    warp(env.kyc["carol"].expiry + 1)
    token.fn.approveAccount(actors.carol.address, 3, 840, now() + 86_400).transact(
        actors.kyc_operator
    )

    token.fn.transfer(actors.carol.address, 7).transact(actors.bob)

    assert _balance(token, actors.carol.address) == 7


def test_setKycProvider_trusts_and_distrusts_and_emits(token: Contract, actors: Actors) -> None:
    dave = actors.dave.address

    trusted = token.fn.setKycProvider(dave, True).transact(actors.admin)
    assert token.fn.isKycProvider(dave).call() is True
    distrusted = token.fn.setKycProvider(dave, False).transact(actors.admin)

    assert token.fn.isKycProvider(dave).call() is False
    assert_events(token, trusted, [("KycProviderSet", {"provider": dave, "trusted": True})])
    assert_events(token, distrusted, [("KycProviderSet", {"provider": dave, "trusted": False})])


def test_setKycProvider_reverts_when_provider_is_zero_address(
    token: Contract, actors: Actors
) -> None:
    with reverts("ZeroAddress"):
        token.fn.setKycProvider(ZERO_ADDRESS, True).transact(actors.admin)


# --- minter configuration -------------------------------------------------------------------


def test_setup_minter(token: Contract, actors: Actors, roles: dict[str, bytes]) -> None:
    assert token.fn.minterAllowance(actors.minter.address).call() == MINTER_LEFT
    assert token.fn.hasRole(roles["MINTER_ROLE"], actors.minter.address).call() is True
    assert token.fn.totalSupply().call() == SUPPLY


def test_configureMinter_makes_a_new_minter_and_emits(
    token: Contract, actors: Actors, roles: dict[str, bytes]
) -> None:
    dave = actors.dave.address

    receipt = token.fn.configureMinter(dave, 500 * UNIT).transact(actors.master_minter)

    assert token.fn.minterAllowance(dave).call() == 500 * UNIT
    assert token.fn.hasRole(roles["MINTER_ROLE"], dave).call() is True
    assert_events(
        token,
        receipt,
        [
            (
                "RoleGranted",
                {
                    "role": roles["MINTER_ROLE"],
                    "account": dave,
                    "sender": actors.master_minter.address,
                },
            ),
            ("MinterConfigured", {"minter": dave, "allowance": 500 * UNIT}),
        ],
    )


def test_configureMinter_of_a_minter_only_resets_its_allowance(
    token: Contract, actors: Actors
) -> None:
    minter = actors.minter.address

    receipt = token.fn.configureMinter(minter, 7).transact(actors.master_minter)

    assert token.fn.minterAllowance(minter).call() == 7
    assert_events(token, receipt, [("MinterConfigured", {"minter": minter, "allowance": 7})])


def test_configureMinter_reverts_when_minter_is_zero_address(
    token: Contract, actors: Actors
) -> None:
    with reverts("ZeroAddress"):
        token.fn.configureMinter(ZERO_ADDRESS, 1).transact(actors.master_minter)


def test_configureMinter_reverts_when_allowance_exceeds_uint128(
    token: Contract, actors: Actors
) -> None:
    with reverts("SafeCastOverflowedUintDowncast", bits=128, value=2**128):
        token.fn.configureMinter(actors.dave.address, 2**128).transact(actors.master_minter)


def test_removeMinter_revokes_and_emits(
    token: Contract, actors: Actors, roles: dict[str, bytes]
) -> None:
    minter = actors.minter.address

    receipt = token.fn.removeMinter(minter).transact(actors.master_minter)

    assert token.fn.minterAllowance(minter).call() == 0
    assert token.fn.hasRole(roles["MINTER_ROLE"], minter).call() is False
    assert_events(
        token,
        receipt,
        [
            (
                "RoleRevoked",
                {
                    "role": roles["MINTER_ROLE"],
                    "account": minter,
                    "sender": actors.master_minter.address,
                },
            ),
            ("MinterRemoved", {"minter": minter}),
        ],
    )
    with reverts(
        "AccessControlUnauthorizedAccount", account=minter, neededRole=roles["MINTER_ROLE"]
    ):
        token.fn.mint(actors.alice.address, 1).transact(actors.minter)


def test_removeMinter_of_a_non_minter_does_nothing(token: Contract, actors: Actors) -> None:
    receipt = token.fn.removeMinter(actors.dave.address).transact(actors.master_minter)
    assert_events(token, receipt, [])


def test_renounceRole_lets_a_minter_stop_minting(
    token: Contract, actors: Actors, roles: dict[str, bytes]
) -> None:
    minter = actors.minter.address

    receipt = token.fn.renounceRole(roles["MINTER_ROLE"], minter).transact(actors.minter)

    assert token.fn.hasRole(roles["MINTER_ROLE"], minter).call() is False
    assert token.fn.minterAllowance(minter).call() == 0
    assert_events(
        token,
        receipt,
        [
            ("RoleRevoked", {"role": roles["MINTER_ROLE"], "account": minter, "sender": minter}),
            ("MinterRemoved", {"minter": minter}),
        ],
    )


def test_renounceRole_reverts_when_confirmation_is_another_account(
    token: Contract, actors: Actors, roles: dict[str, bytes]
) -> None:
    with reverts("AccessControlBadConfirmation"):
        token.fn.renounceRole(roles["MINTER_ROLE"], actors.alice.address).transact(actors.minter)


@pytest.mark.parametrize("function", ["grantRole", "revokeRole"])
@pytest.mark.parametrize("caller", ["admin", "master_minter"])
def test_grantRole_and_revokeRole_revert_when_role_is_minter_role(
    token: Contract, actors: Actors, roles: dict[str, bytes], function: str, caller: str
) -> None:
    bound = getattr(token.fn, function)(roles["MINTER_ROLE"], actors.dave.address)
    with reverts("UseMinterConfiguration"):
        bound.transact(actors.by_name(caller))


def test_grantRole_and_revokeRole_manage_other_roles_and_emit(
    token: Contract, actors: Actors, roles: dict[str, bytes]
) -> None:
    pauser, dave, admin = roles["PAUSER_ROLE"], actors.dave.address, actors.admin.address

    granted = token.fn.grantRole(pauser, dave).transact(actors.admin)
    assert token.fn.hasRole(pauser, dave).call() is True
    revoked = token.fn.revokeRole(pauser, dave).transact(actors.admin)

    assert token.fn.hasRole(pauser, dave).call() is False
    assert_events(
        token, granted, [("RoleGranted", {"role": pauser, "account": dave, "sender": admin})]
    )
    assert_events(
        token, revoked, [("RoleRevoked", {"role": pauser, "account": dave, "sender": admin})]
    )


# --- mint -----------------------------------------------------------------------------------


def test_mint_credits_spends_the_minter_allowance_and_emits(
    token: Contract, actors: Actors
) -> None:
    carol, minter = actors.carol.address, actors.minter.address

    receipt = token.fn.mint(carol, 250 * UNIT).transact(actors.minter)

    assert _balance(token, carol) == 250 * UNIT
    assert token.fn.totalSupply().call() == SUPPLY + 250 * UNIT
    assert token.fn.minterAllowance(minter).call() == MINTER_LEFT - 250 * UNIT
    assert_events(
        token,
        receipt,
        # the contract emits no Mint event (gas; the minter is the sender): see the report
        [("Transfer", {"from": ZERO_ADDRESS, "to": carol, "value": 250 * UNIT})],
    )


def test_mint_of_the_whole_allowance_leaves_zero(token: Contract, actors: Actors) -> None:
    token.fn.mint(actors.carol.address, MINTER_LEFT).transact(actors.minter)

    assert token.fn.minterAllowance(actors.minter.address).call() == 0
    with reverts("MinterAllowanceExceeded", minter=actors.minter.address, allowance=0, needed=1):
        token.fn.mint(actors.carol.address, 1).transact(actors.minter)


def test_mint_reverts_when_minter_allowance_is_exceeded(token: Contract, actors: Actors) -> None:
    with reverts(
        "MinterAllowanceExceeded",
        minter=actors.minter.address,
        allowance=MINTER_LEFT,
        needed=MINTER_LEFT + 1,
    ):
        token.fn.mint(actors.alice.address, MINTER_LEFT + 1).transact(actors.minter)
    assert token.fn.totalSupply().call() == SUPPLY


def test_mint_reverts_when_paused(token: Contract, actors: Actors) -> None:
    token.fn.pause().transact(actors.pauser)
    with reverts("EnforcedPause"):
        token.fn.mint(actors.alice.address, 1).transact(actors.minter)


def test_mint_reverts_when_recipient_is_zero_address(token: Contract, actors: Actors) -> None:
    with reverts("ERC20InvalidReceiver", receiver=ZERO_ADDRESS):
        token.fn.mint(ZERO_ADDRESS, 1).transact(actors.minter)


def test_mint_reverts_when_recipient_is_frozen(token: Contract, actors: Actors) -> None:
    token.fn.freeze(actors.alice.address, ORDER).transact(actors.compliance_officer)
    with reverts("AccountFrozen", account=actors.alice.address):
        token.fn.mint(actors.alice.address, 1).transact(actors.minter)


def test_mint_reverts_when_recipient_is_not_verified(token: Contract, actors: Actors) -> None:
    with reverts("AccountNotVerified", account=actors.mallory.address):
        token.fn.mint(actors.mallory.address, 1).transact(actors.minter)


def test_mint_reverts_when_recipient_kyc_expired(
    token: Contract, actors: Actors, env: StablecoinEnv, warp: Warp
) -> None:
    expiry = env.kyc["carol"].expiry
    warp(expiry)
    with reverts("KycExpired", account=actors.carol.address, expiredAt=expiry, currentTime=expiry):
        token.fn.mint(actors.carol.address, 1).transact(actors.minter)


def test_mint_reverts_when_supply_cap_is_exceeded(token: Contract, actors: Actors) -> None:
    token.fn.configureMinter(actors.minter.address, SUPPLY_CAP).transact(actors.master_minter)
    headroom = SUPPLY_CAP - SUPPLY

    with reverts("SupplyCapExceeded", supply=SUPPLY, cap=SUPPLY_CAP, needed=headroom + 1):
        token.fn.mint(actors.carol.address, headroom + 1).transact(actors.minter)
    token.fn.mint(actors.carol.address, headroom).transact(actors.minter)  # exactly to the cap

    assert token.fn.totalSupply().call() == SUPPLY_CAP


def test_mint_reverts_when_caller_is_not_a_minter(
    token: Contract, actors: Actors, roles: dict[str, bytes]
) -> None:
    with reverts(
        "AccessControlUnauthorizedAccount",
        account=actors.master_minter.address,
        neededRole=roles["MINTER_ROLE"],
    ):
        token.fn.mint(actors.alice.address, 1).transact(actors.master_minter)


def test_mint_by_a_frozen_minter_still_mints_until_the_minter_is_removed(
    token: Contract, actors: Actors
) -> None:
    """Documented design: freezing blocks a minter's own tokens, not its minting power.

    A minter's power is governed by the master minter (``removeMinter``); checking the minter's
    word on every mint would cost a cold read and push mint past its gas budget.
    """
    minter = actors.minter
    token.fn.freeze(minter.address, ORDER).transact(actors.compliance_officer)
    token.fn.mint(actors.alice.address, 1).transact(minter)
    token.fn.removeMinter(minter.address).transact(actors.master_minter)
    with reverts(
        "AccessControlUnauthorizedAccount",
        account=minter.address,
        neededRole=token.fn.MINTER_ROLE().call(),
    ):
        token.fn.mint(actors.alice.address, 1).transact(minter)


# --- burn -----------------------------------------------------------------------------------


@pytest.fixture
def funded_minter(token: Contract, actors: Actors) -> int:
    """The minter holding 1,000 tokens (minted to itself, an issuer-treasury account)."""
    token.fn.mint(actors.minter.address, 1_000 * UNIT).transact(actors.minter)
    return 1_000 * UNIT


def test_burn_destroys_own_tokens_and_emits(
    token: Contract, actors: Actors, funded_minter: int
) -> None:
    minter = actors.minter.address
    allowance = token.fn.minterAllowance(minter).call()

    receipt = token.fn.burn(400 * UNIT).transact(actors.minter)

    assert _balance(token, minter) == funded_minter - 400 * UNIT
    assert token.fn.totalSupply().call() == SUPPLY + funded_minter - 400 * UNIT
    assert token.fn.minterAllowance(minter).call() == allowance  # burning gives no allowance back
    assert_events(
        token,
        receipt,
        # the contract emits no Burn event (gas; the burner is the sender): see the report
        [("Transfer", {"from": minter, "to": ZERO_ADDRESS, "value": 400 * UNIT})],
    )


def test_burn_reverts_when_balance_is_too_low(
    token: Contract, actors: Actors, funded_minter: int
) -> None:
    with reverts(
        "ERC20InsufficientBalance",
        sender=actors.minter.address,
        balance=funded_minter,
        needed=funded_minter + 1,
    ):
        token.fn.burn(funded_minter + 1).transact(actors.minter)


def test_burn_reverts_when_amount_exceeds_unfrozen_balance(
    token: Contract, actors: Actors, funded_minter: int
) -> None:
    minter = actors.minter.address
    token.fn.freezeTokens(minter, 300 * UNIT, ORDER).transact(actors.compliance_officer)

    with reverts(
        "InsufficientUnfrozenBalance",
        account=minter,
        available=700 * UNIT,
        needed=700 * UNIT + 1,
    ):
        token.fn.burn(700 * UNIT + 1).transact(actors.minter)
    token.fn.burn(700 * UNIT).transact(actors.minter)


def test_burn_reverts_when_paused(token: Contract, actors: Actors, funded_minter: int) -> None:
    token.fn.pause().transact(actors.pauser)
    with reverts("EnforcedPause"):
        token.fn.burn(1).transact(actors.minter)


def test_burn_reverts_when_minter_is_frozen(
    token: Contract, actors: Actors, funded_minter: int
) -> None:
    token.fn.freeze(actors.minter.address, ORDER).transact(actors.compliance_officer)
    with reverts("AccountFrozen", account=actors.minter.address):
        token.fn.burn(1).transact(actors.minter)


def test_burn_reverts_when_caller_is_not_a_minter(
    token: Contract, actors: Actors, roles: dict[str, bytes]
) -> None:
    with reverts(
        "AccessControlUnauthorizedAccount",
        account=actors.alice.address,
        neededRole=roles["MINTER_ROLE"],
    ):
        token.fn.burn(1).transact(actors.alice)


# --- pause ----------------------------------------------------------------------------------


def test_pause_and_unpause_emit_with_the_pauser(token: Contract, actors: Actors) -> None:
    paused = token.fn.pause().transact(actors.pauser)
    assert token.fn.paused().call() is True
    unpaused = token.fn.unpause().transact(actors.pauser)

    assert token.fn.paused().call() is False
    assert_events(token, paused, [("Paused", {"account": actors.pauser.address})])
    assert_events(token, unpaused, [("Unpaused", {"account": actors.pauser.address})])


def test_pause_reverts_when_already_paused(token: Contract, actors: Actors) -> None:
    token.fn.pause().transact(actors.pauser)
    with reverts("EnforcedPause"):
        token.fn.pause().transact(actors.pauser)


def test_unpause_reverts_when_not_paused(token: Contract, actors: Actors) -> None:
    with reverts("ExpectedPause"):
        token.fn.unpause().transact(actors.pauser)


@pytest.fixture
def paused(token: Contract, actors: Actors) -> None:
    token.fn.pause().transact(actors.pauser)


@pytest.mark.usefixtures("paused")
def test_transfer_reverts_when_paused(token: Contract, actors: Actors) -> None:
    with reverts("EnforcedPause"):
        token.fn.transfer(actors.bob.address, 1).transact(actors.alice)


def test_transferFrom_reverts_when_paused(token: Contract, actors: Actors) -> None:
    token.fn.approve(actors.carol.address, 10).transact(actors.alice)
    token.fn.pause().transact(actors.pauser)

    with reverts("EnforcedPause"):
        token.fn.transferFrom(actors.alice.address, actors.bob.address, 1).transact(actors.carol)
    assert token.fn.allowance(actors.alice.address, actors.carol.address).call() == 10


@pytest.mark.usefixtures("paused")
def test_approve_is_allowed_while_paused(token: Contract, actors: Actors) -> None:
    token.fn.approve(actors.carol.address, 10).transact(actors.alice)
    assert token.fn.allowance(actors.alice.address, actors.carol.address).call() == 10


@pytest.mark.usefixtures("paused")
def test_kyc_and_freeze_orders_are_allowed_while_paused(
    token: Contract, actors: Actors, now: Clock
) -> None:
    token.fn.approveAccount(actors.dave.address, 1, 840, now() + 100).transact(actors.kyc_operator)
    token.fn.freeze(actors.bob.address, ORDER).transact(actors.compliance_officer)
    assert token.fn.isVerified(actors.dave.address).call() is True
    assert token.fn.isFrozen(actors.bob.address).call() is True


def test_unpause_restores_transfers(token: Contract, actors: Actors) -> None:
    token.fn.pause().transact(actors.pauser)
    token.fn.unpause().transact(actors.pauser)

    token.fn.transfer(actors.bob.address, 1).transact(actors.alice)

    assert _balance(token, actors.bob.address) == BOB_FUNDS + 1


# --- freeze ---------------------------------------------------------------------------------


def test_freeze_and_unfreeze_emit_with_the_order_reference(token: Contract, actors: Actors) -> None:
    alice = actors.alice.address

    frozen = token.fn.freeze(alice, ORDER).transact(actors.compliance_officer)
    assert token.fn.isFrozen(alice).call() is True
    unfrozen = token.fn.unfreeze(alice, OTHER_ORDER).transact(actors.compliance_officer)

    assert token.fn.isFrozen(alice).call() is False
    assert_events(token, frozen, [("Frozen", {"account": alice, "orderRef": ORDER})])
    assert_events(token, unfrozen, [("Unfrozen", {"account": alice, "orderRef": OTHER_ORDER})])


def test_freeze_keeps_kyc_balance_and_frozen_token_count(token: Contract, actors: Actors) -> None:
    alice = actors.alice.address
    token.fn.freeze(alice, ORDER).transact(actors.compliance_officer)

    assert token.fn.isVerified(alice).call() is True
    assert _balance(token, alice) == ALICE_FUNDS
    assert token.fn.frozenBalanceOf(alice).call() == 0  # the whole-account freeze is separate


@pytest.mark.parametrize(
    ("function", "args"),
    [
        ("freeze", ()),
        ("unfreeze", ()),
        ("freezeTokens", (1,)),
        ("unfreezeTokens", (0,)),
        ("seize", (0,)),
        ("burnFrozen", (0,)),
    ],
)
def test_lawful_order_reverts_when_order_reference_is_missing(
    token: Contract, actors: Actors, function: str, args: tuple[int, ...]
) -> None:
    bound = getattr(token.fn, function)(actors.alice.address, *args, NO_ORDER)
    with reverts("MissingOrderReference"):
        bound.transact(actors.compliance_officer)


@pytest.fixture
def alice_frozen(token: Contract, actors: Actors) -> None:
    token.fn.freeze(actors.alice.address, ORDER).transact(actors.compliance_officer)


@pytest.mark.usefixtures("alice_frozen")
def test_transfer_reverts_when_sender_is_frozen(token: Contract, actors: Actors) -> None:
    with reverts("AccountFrozen", account=actors.alice.address):
        token.fn.transfer(actors.bob.address, 1).transact(actors.alice)


@pytest.mark.usefixtures("alice_frozen")
def test_transfer_reverts_when_recipient_is_frozen(token: Contract, actors: Actors) -> None:
    with reverts("AccountFrozen", account=actors.alice.address):
        token.fn.transfer(actors.alice.address, 1).transact(actors.bob)
    assert _balance(token, actors.alice.address) == ALICE_FUNDS


def test_transferFrom_reverts_when_owner_is_frozen_despite_an_older_allowance(
    token: Contract, actors: Actors
) -> None:
    alice, carol = actors.alice.address, actors.carol.address
    token.fn.approve(carol, 1_000).transact(actors.alice)
    token.fn.freeze(alice, ORDER).transact(actors.compliance_officer)

    with reverts("AccountFrozen", account=alice):
        token.fn.transferFrom(alice, actors.bob.address, 1_000).transact(actors.carol)

    assert token.fn.allowance(alice, carol).call() == 1_000
    assert _balance(token, alice) == ALICE_FUNDS


def test_transferFrom_reverts_when_spender_is_frozen(token: Contract, actors: Actors) -> None:
    alice, carol = actors.alice.address, actors.carol.address
    token.fn.approve(carol, 1_000).transact(actors.alice)
    token.fn.freeze(carol, ORDER).transact(actors.compliance_officer)

    with reverts("AccountFrozen", account=carol):
        token.fn.transferFrom(alice, actors.bob.address, 1_000).transact(actors.carol)


def test_transferFrom_reverts_when_recipient_is_frozen(token: Contract, actors: Actors) -> None:
    alice, carol, bob = actors.alice.address, actors.carol.address, actors.bob.address
    token.fn.approve(carol, 1_000).transact(actors.alice)
    token.fn.freeze(bob, ORDER).transact(actors.compliance_officer)

    with reverts("AccountFrozen", account=bob):
        token.fn.transferFrom(alice, bob, 1_000).transact(actors.carol)


@pytest.mark.usefixtures("alice_frozen")
def test_approve_reverts_when_owner_is_frozen(token: Contract, actors: Actors) -> None:
    with reverts("AccountFrozen", account=actors.alice.address):
        token.fn.approve(actors.carol.address, 1).transact(actors.alice)


@pytest.mark.usefixtures("alice_frozen")
def test_approve_reverts_when_spender_is_frozen(token: Contract, actors: Actors) -> None:
    with reverts("AccountFrozen", account=actors.alice.address):
        token.fn.approve(actors.alice.address, 1).transact(actors.bob)


def test_unfreeze_restores_transfers(token: Contract, actors: Actors) -> None:
    token.fn.freeze(actors.alice.address, ORDER).transact(actors.compliance_officer)
    token.fn.unfreeze(actors.alice.address, ORDER).transact(actors.compliance_officer)

    token.fn.transfer(actors.bob.address, 3).transact(actors.alice)

    assert _balance(token, actors.bob.address) == BOB_FUNDS + 3


# --- partial freeze -------------------------------------------------------------------------


def test_freezeTokens_adds_to_the_frozen_amount_and_emits(token: Contract, actors: Actors) -> None:
    alice = actors.alice.address

    first = token.fn.freezeTokens(alice, 600 * UNIT, ORDER).transact(actors.compliance_officer)
    second = token.fn.freezeTokens(alice, 400 * UNIT, OTHER_ORDER).transact(
        actors.compliance_officer
    )

    assert token.fn.frozenBalanceOf(alice).call() == 1_000 * UNIT
    assert token.fn.isFrozen(alice).call() is False
    assert_events(
        token,
        first,
        [
            (
                "TokensFrozen",
                {
                    "account": alice,
                    "amount": 600 * UNIT,
                    "totalFrozen": 600 * UNIT,
                    "orderRef": ORDER,
                },
            )
        ],
    )
    assert_events(
        token,
        second,
        [
            (
                "TokensFrozen",
                {
                    "account": alice,
                    "amount": 400 * UNIT,
                    "totalFrozen": 1_000 * UNIT,
                    "orderRef": OTHER_ORDER,
                },
            )
        ],
    )


def test_freezeTokens_may_freeze_the_whole_balance(token: Contract, actors: Actors) -> None:
    alice = actors.alice.address
    token.fn.freezeTokens(alice, ALICE_FUNDS, ORDER).transact(actors.compliance_officer)

    assert token.fn.frozenBalanceOf(alice).call() == ALICE_FUNDS
    with reverts("InsufficientUnfrozenBalance", account=alice, available=0, needed=1):
        token.fn.transfer(actors.bob.address, 1).transact(actors.alice)


def test_freezeTokens_reverts_when_exceeding_the_balance(token: Contract, actors: Actors) -> None:
    alice = actors.alice.address
    token.fn.freezeTokens(alice, 4_000 * UNIT, ORDER).transact(actors.compliance_officer)
    requested = ALICE_FUNDS - 4_000 * UNIT + 1

    with reverts(
        "FreezeExceedsBalance",
        account=alice,
        balance=ALICE_FUNDS,
        frozen=4_000 * UNIT,
        requested=requested,
    ):
        token.fn.freezeTokens(alice, requested, ORDER).transact(actors.compliance_officer)


def test_unfreezeTokens_releases_and_emits(token: Contract, actors: Actors) -> None:
    alice = actors.alice.address
    token.fn.freezeTokens(alice, 1_000 * UNIT, ORDER).transact(actors.compliance_officer)

    receipt = token.fn.unfreezeTokens(alice, 300 * UNIT, OTHER_ORDER).transact(
        actors.compliance_officer
    )

    assert token.fn.frozenBalanceOf(alice).call() == 700 * UNIT
    assert_events(
        token,
        receipt,
        [
            (
                "TokensUnfrozen",
                {
                    "account": alice,
                    "amount": 300 * UNIT,
                    "totalFrozen": 700 * UNIT,
                    "orderRef": OTHER_ORDER,
                },
            )
        ],
    )


def test_unfreezeTokens_of_everything_restores_the_whole_balance(
    token: Contract, actors: Actors
) -> None:
    alice = actors.alice.address
    token.fn.freezeTokens(alice, 1_000 * UNIT, ORDER).transact(actors.compliance_officer)
    token.fn.unfreezeTokens(alice, 1_000 * UNIT, ORDER).transact(actors.compliance_officer)

    token.fn.transfer(actors.bob.address, ALICE_FUNDS).transact(actors.alice)

    assert token.fn.frozenBalanceOf(alice).call() == 0
    assert _balance(token, alice) == 0


def test_unfreezeTokens_reverts_when_exceeding_the_frozen_amount(
    token: Contract, actors: Actors
) -> None:
    alice = actors.alice.address
    token.fn.freezeTokens(alice, 100, ORDER).transact(actors.compliance_officer)

    with reverts("InsufficientFrozenBalance", account=alice, frozen=100, requested=101):
        token.fn.unfreezeTokens(alice, 101, ORDER).transact(actors.compliance_officer)


@pytest.fixture
def alice_partly_frozen(token: Contract, actors: Actors) -> int:
    """3,000 of alice's 10,000 tokens frozen; returns the unfrozen (spendable) part."""
    token.fn.freezeTokens(actors.alice.address, 3_000 * UNIT, ORDER).transact(
        actors.compliance_officer
    )
    return ALICE_FUNDS - 3_000 * UNIT


def test_transfer_of_the_unfrozen_part_succeeds(
    token: Contract, actors: Actors, alice_partly_frozen: int
) -> None:
    token.fn.transfer(actors.bob.address, alice_partly_frozen).transact(actors.alice)

    assert _balance(token, actors.alice.address) == 3_000 * UNIT
    assert token.fn.frozenBalanceOf(actors.alice.address).call() == 3_000 * UNIT


def test_transfer_reverts_when_exceeding_the_unfrozen_balance(
    token: Contract, actors: Actors, alice_partly_frozen: int
) -> None:
    with reverts(
        "InsufficientUnfrozenBalance",
        account=actors.alice.address,
        available=alice_partly_frozen,
        needed=alice_partly_frozen + 1,
    ):
        token.fn.transfer(actors.bob.address, alice_partly_frozen + 1).transact(actors.alice)


def test_transferFrom_reverts_when_exceeding_the_unfrozen_balance(
    token: Contract, actors: Actors, alice_partly_frozen: int
) -> None:
    token.fn.approve(actors.carol.address, UINT256_MAX).transact(actors.alice)
    with reverts(
        "InsufficientUnfrozenBalance",
        account=actors.alice.address,
        available=alice_partly_frozen,
        needed=ALICE_FUNDS,
    ):
        token.fn.transferFrom(actors.alice.address, actors.bob.address, ALICE_FUNDS).transact(
            actors.carol
        )


def test_partly_frozen_account_may_receive_and_spend_what_it_receives(
    token: Contract, actors: Actors, alice_partly_frozen: int
) -> None:
    token.fn.transfer(actors.alice.address, 500 * UNIT).transact(actors.bob)

    token.fn.transfer(actors.bob.address, alice_partly_frozen + 500 * UNIT).transact(actors.alice)

    assert _balance(token, actors.alice.address) == 3_000 * UNIT


def test_transfer_reverts_with_balance_error_first_when_partly_frozen(
    token: Contract, actors: Actors, alice_partly_frozen: int
) -> None:
    """Balance is checked before the unfrozen balance (rule order)."""
    with reverts(
        "ERC20InsufficientBalance",
        sender=actors.alice.address,
        balance=ALICE_FUNDS,
        needed=ALICE_FUNDS + 1,
    ):
        token.fn.transfer(actors.bob.address, ALICE_FUNDS + 1).transact(actors.alice)


# --- seize and burn frozen funds ------------------------------------------------------------


def test_seize_moves_a_frozen_account_balance_to_escrow_and_emits(
    token: Contract, actors: Actors
) -> None:
    alice, escrow = actors.alice.address, actors.escrow.address
    token.fn.freeze(alice, ORDER).transact(actors.compliance_officer)
    amount = ALICE_FUNDS * 60 // 100

    receipt = token.fn.seize(alice, amount, ORDER).transact(actors.compliance_officer)

    assert _balance(token, alice) == ALICE_FUNDS - amount
    assert _balance(token, escrow) == amount
    assert token.fn.totalSupply().call() == SUPPLY
    assert_events(
        token,
        receipt,
        [
            ("Transfer", {"from": alice, "to": escrow, "value": amount}),
            (
                "Seized",
                {"account": alice, "escrow": escrow, "amount": amount, "orderRef": ORDER},
            ),
        ],
    )


def test_seize_takes_partly_frozen_tokens(
    token: Contract, actors: Actors, alice_partly_frozen: int
) -> None:
    alice = actors.alice.address

    token.fn.seize(alice, 1_000 * UNIT, ORDER).transact(actors.compliance_officer)

    assert token.fn.frozenBalanceOf(alice).call() == 2_000 * UNIT
    assert _balance(token, alice) == ALICE_FUNDS - 1_000 * UNIT
    assert _balance(token, actors.escrow.address) == 1_000 * UNIT
    # the unfrozen part is still spendable
    token.fn.transfer(actors.bob.address, alice_partly_frozen).transact(actors.alice)


def test_seize_of_a_frozen_account_consumes_its_partly_frozen_tokens_first(
    token: Contract, actors: Actors, alice_partly_frozen: int
) -> None:
    alice = actors.alice.address
    token.fn.freeze(alice, ORDER).transact(actors.compliance_officer)

    token.fn.seize(alice, 5_000 * UNIT, ORDER).transact(actors.compliance_officer)

    assert token.fn.frozenBalanceOf(alice).call() == 0
    assert _balance(token, alice) == ALICE_FUNDS - 5_000 * UNIT


def test_seize_reverts_when_amount_exceeds_the_partly_frozen_tokens(
    token: Contract, actors: Actors, alice_partly_frozen: int
) -> None:
    alice = actors.alice.address
    with reverts(
        "InsufficientFrozenBalance", account=alice, frozen=3_000 * UNIT, requested=3_000 * UNIT + 1
    ):
        token.fn.seize(alice, 3_000 * UNIT + 1, ORDER).transact(actors.compliance_officer)


def test_seize_reverts_when_nothing_is_frozen(token: Contract, actors: Actors) -> None:
    with reverts("InsufficientFrozenBalance", account=actors.bob.address, frozen=0, requested=1):
        token.fn.seize(actors.bob.address, 1, ORDER).transact(actors.compliance_officer)


@pytest.mark.usefixtures("alice_frozen")
def test_seize_reverts_when_amount_exceeds_a_frozen_account_balance(
    token: Contract, actors: Actors
) -> None:
    alice = actors.alice.address
    with reverts(
        "InsufficientFrozenBalance", account=alice, frozen=ALICE_FUNDS, requested=ALICE_FUNDS + 1
    ):
        token.fn.seize(alice, ALICE_FUNDS + 1, ORDER).transact(actors.compliance_officer)


def test_seize_reverts_when_seizure_escrow_is_not_set(env: StablecoinEnv, actors: Actors) -> None:
    bare = env.bare_token  # a token whose admin never set an escrow
    officer = actors.compliance_officer
    bare.fn.grantRole(env.roles["COMPLIANCE_OFFICER_ROLE"], officer.address).transact(actors.admin)

    with reverts("SeizureEscrowNotSet"):
        bare.fn.seize(actors.alice.address, 0, ORDER).transact(officer)


@pytest.mark.usefixtures("alice_frozen", "paused")
def test_seize_and_burnFrozen_work_while_paused(token: Contract, actors: Actors) -> None:
    alice = actors.alice.address

    token.fn.seize(alice, 1_000 * UNIT, ORDER).transact(actors.compliance_officer)
    token.fn.burnFrozen(alice, 1_000 * UNIT, ORDER).transact(actors.compliance_officer)

    assert _balance(token, alice) == ALICE_FUNDS - 2_000 * UNIT
    assert _balance(token, actors.escrow.address) == 1_000 * UNIT


@pytest.mark.usefixtures("alice_frozen")
def test_burnFrozen_burns_lowers_the_supply_and_emits(token: Contract, actors: Actors) -> None:
    alice = actors.alice.address

    receipt = token.fn.burnFrozen(alice, 2_500 * UNIT, ORDER).transact(actors.compliance_officer)

    assert _balance(token, alice) == ALICE_FUNDS - 2_500 * UNIT
    assert token.fn.totalSupply().call() == SUPPLY - 2_500 * UNIT
    assert_events(
        token,
        receipt,
        [
            ("Transfer", {"from": alice, "to": ZERO_ADDRESS, "value": 2_500 * UNIT}),
            ("FrozenFundsBurned", {"account": alice, "amount": 2_500 * UNIT, "orderRef": ORDER}),
        ],
    )


def test_burnFrozen_takes_partly_frozen_tokens(
    token: Contract, actors: Actors, alice_partly_frozen: int
) -> None:
    alice = actors.alice.address

    token.fn.burnFrozen(alice, 3_000 * UNIT, ORDER).transact(actors.compliance_officer)

    assert token.fn.frozenBalanceOf(alice).call() == 0
    assert _balance(token, alice) == alice_partly_frozen
    assert token.fn.totalSupply().call() == SUPPLY - 3_000 * UNIT


def test_burnFrozen_reverts_when_amount_exceeds_the_frozen_tokens(
    token: Contract, actors: Actors, alice_partly_frozen: int
) -> None:
    alice = actors.alice.address
    with reverts(
        "InsufficientFrozenBalance", account=alice, frozen=3_000 * UNIT, requested=3_000 * UNIT + 1
    ):
        token.fn.burnFrozen(alice, 3_000 * UNIT + 1, ORDER).transact(actors.compliance_officer)


def test_lawful_order_freeze_seize_60_percent_burn_the_rest(
    token: Contract, actors: Actors
) -> None:
    """REGULATION.md scenario 4: every event carries the order reference; supply falls by the
    burned amount only."""
    alice, escrow, officer = actors.alice.address, actors.escrow.address, actors.compliance_officer
    seized = ALICE_FUNDS * 60 // 100
    burned = ALICE_FUNDS - seized

    receipts = [
        token.fn.freeze(alice, ORDER).transact(officer),
        token.fn.seize(alice, seized, ORDER).transact(officer),
        token.fn.burnFrozen(alice, burned, ORDER).transact(officer),
    ]

    assert (_balance(token, alice), _balance(token, escrow)) == (0, seized)
    assert token.fn.totalSupply().call() == SUPPLY - burned
    refs = [e["orderRef"] for r in receipts for e in token.events(r) if "orderRef" in e.args]
    assert refs == [ORDER, ORDER, ORDER]


def test_setSeizureEscrow_replaces_the_escrow_and_emits(token: Contract, actors: Actors) -> None:
    receipt = token.fn.setSeizureEscrow(actors.dave.address).transact(actors.admin)

    assert token.fn.seizureEscrow().call() == actors.dave.address
    assert_events(
        token,
        receipt,
        [
            (
                "SeizureEscrowSet",
                {"previousEscrow": actors.escrow.address, "escrow": actors.dave.address},
            )
        ],
    )


def test_setSeizureEscrow_reverts_when_escrow_is_zero_address(
    token: Contract, actors: Actors
) -> None:
    with reverts("ZeroAddress"):
        token.fn.setSeizureEscrow(ZERO_ADDRESS).transact(actors.admin)


# --- admin handover (AccessControlDefaultAdminRules) ----------------------------------------


def test_admin_handover_is_two_step_and_waits_for_the_delay(
    token: Contract, actors: Actors, roles: dict[str, bytes], now: Clock, warp: Warp
) -> None:
    admin, new_admin = actors.admin.address, actors.new_admin.address
    admin_role = roles["DEFAULT_ADMIN_ROLE"]
    schedule = now() + ADMIN_DELAY

    begun = token.fn.beginDefaultAdminTransfer(new_admin).transact(actors.admin)
    assert_events(
        token,
        begun,
        [("DefaultAdminTransferScheduled", {"newAdmin": new_admin, "acceptSchedule": schedule})],
    )
    assert token.fn.pendingDefaultAdmin().call() == (new_admin, schedule)
    with reverts("AccessControlEnforcedDefaultAdminDelay", schedule=schedule):
        token.fn.acceptDefaultAdminTransfer().transact(actors.new_admin)
    warp(schedule)  # the schedule must have *passed*: exactly at it is still too early
    with reverts("AccessControlEnforcedDefaultAdminDelay", schedule=schedule):
        token.fn.acceptDefaultAdminTransfer().transact(actors.new_admin)

    accepted = token.fn.acceptDefaultAdminTransfer().transact(actors.new_admin)

    assert token.fn.defaultAdmin().call() == new_admin
    assert token.fn.hasRole(admin_role, admin).call() is False
    assert token.fn.pendingDefaultAdmin().call() == (ZERO_ADDRESS, 0)
    assert_events(
        token,
        accepted,
        [
            ("RoleRevoked", {"role": admin_role, "account": admin, "sender": new_admin}),
            ("RoleGranted", {"role": admin_role, "account": new_admin, "sender": new_admin}),
        ],
    )
    with reverts("AccessControlUnauthorizedAccount", account=admin, neededRole=admin_role):
        token.fn.setSeizureEscrow(actors.dave.address).transact(actors.admin)
    token.fn.setSeizureEscrow(actors.dave.address).transact(actors.new_admin)


def test_acceptDefaultAdminTransfer_reverts_when_caller_is_not_the_pending_admin(
    token: Contract, actors: Actors
) -> None:
    token.fn.beginDefaultAdminTransfer(actors.new_admin.address).transact(actors.admin)
    with reverts("AccessControlInvalidDefaultAdmin", defaultAdmin=actors.mallory.address):
        token.fn.acceptDefaultAdminTransfer().transact(actors.mallory)


def test_cancelDefaultAdminTransfer_cancels_and_emits(token: Contract, actors: Actors) -> None:
    token.fn.beginDefaultAdminTransfer(actors.new_admin.address).transact(actors.admin)

    receipt = token.fn.cancelDefaultAdminTransfer().transact(actors.admin)

    assert token.fn.pendingDefaultAdmin().call() == (ZERO_ADDRESS, 0)
    assert_events(token, receipt, [("DefaultAdminTransferCanceled", {})])


@pytest.mark.parametrize("function", ["grantRole", "revokeRole"])
def test_grantRole_and_revokeRole_revert_when_role_is_default_admin(
    token: Contract, actors: Actors, roles: dict[str, bytes], function: str
) -> None:
    bound = getattr(token.fn, function)(roles["DEFAULT_ADMIN_ROLE"], actors.new_admin.address)
    with reverts("AccessControlEnforcedDefaultAdminRules"):
        bound.transact(actors.admin)


def test_changeDefaultAdminDelay_schedules_and_emits(
    token: Contract, actors: Actors, now: Clock
) -> None:
    """A shorter delay takes effect after the difference (OpenZeppelin's rule)."""
    t = now()
    receipt = token.fn.changeDefaultAdminDelay(86_400).transact(actors.admin)

    effect = t + ADMIN_DELAY - 86_400
    assert token.fn.pendingDefaultAdminDelay().call() == (86_400, effect)
    assert_events(
        token,
        receipt,
        [("DefaultAdminDelayChangeScheduled", {"newDelay": 86_400, "effectSchedule": effect})],
    )


def test_rollbackDefaultAdminDelay_cancels_a_scheduled_change(
    token: Contract, actors: Actors
) -> None:
    token.fn.changeDefaultAdminDelay(86_400).transact(actors.admin)

    receipt = token.fn.rollbackDefaultAdminDelay().transact(actors.admin)

    assert token.fn.pendingDefaultAdminDelay().call() == (0, 0)
    assert token.fn.defaultAdminDelay().call() == ADMIN_DELAY
    assert_events(token, receipt, [("DefaultAdminDelayChangeCanceled", {})])

"""``compliance-kit bench gas``: each ComplianceStablecoin operation's gas, next to OpenZeppelin.

One fresh embedded chain holds a ReserveAttestor (38-day maximum age, like the US profile; its own
attestor and trusted auditor accounts; reserves well above anything the bench mints, attested
before the token is deployed), the ComplianceStablecoin gated on it (6 decimals, every role on its
own dev account, holders KYC-approved in the US, a one-day redemption SLA, and every AML transfer
rule on: retail per-transfer cap, rolling 24-hour volume and count limits, the travel rule with
the US threshold of 3,000 (a TravelRuleRegistry wired in, one VASP), corridors enforced as an
allow list with US -> SG open and SG's own 1,500 threshold), a SanctionsList oracle (consulted
only in the row that says so), a second, ungated instance of the same token without AML rules (the
``mint_ungated`` row: the core mint without the reserve check), and the
OpenZeppelin references: ``PlainERC20`` (transfers, allowances), ``PlainERC20Permit`` (EIP-2612)
and ``PlainERC20Mintable`` (public mint/burn, a gas reference only). Each figure is the
``gas_used`` of the receipt, as the sender pays it (intrinsic and calldata gas included, refunds
deducted).

Every operation is measured in its steady case (warm-up transactions first: sender and
recipient already hold tokens, an allowance already exists, the minter has minted, the seizure
escrow already holds seized funds), between a snapshot and a revert so that measurements do not
affect each other. Both columns send the same amounts from the same accounts, so their calldata
matches. ``transfer``, ``transfer_first_receive`` and ``transfer_from`` run with every AML rule on
and within limits (both parties in the home jurisdiction, below the travel-rule threshold). The AML
rows:

- ``transfer_no_aml_rules``: the same transfer with every AML rule off (the core token).
- ``transfer_without_<rule>``: the same transfer with one rule switched off (cap, volume limit,
  count limit, travel rule, corridors): the difference to ``transfer`` is that rule's cost.
- ``transfer_cross_border``: US -> SG through the open corridor, below both thresholds (reads SG's
  jurisdiction word and the corridor entry).
- ``transfer_with_travel_rule``: 5,000 (above the 3,000 threshold) with the VASP's commitment
  registered beforehand; the transfer checks and consumes it in the registry (OZ column: the same
  amount on the plain ERC-20).
- ``register_travel_rule_commitment``: the VASP registers that commitment.
- ``transfer_with_travel_rule_aggregation``: the ``transfer`` row with travel-rule aggregation on
  (the sender's rolling volume, still below the threshold, is compared with it too).
- ``transfer_with_sanctions_oracle``: screening of every transfer on, the oracle consulted for
  both parties (two STATICCALLs to the SanctionsList).

The reserve and redemption rows, which have no OpenZeppelin counterpart:

- ``mint``: includes the reserve check (one STATICCALL to the attestor, which reads one cold
  storage word); ``mint_ungated`` is the same call on the ungated token.
- ``attest_reserves``: the attestor account posts a later attestation (an earlier one is already
  in the history), no composition, empty report URI.
- ``attest_reserves_signed``: the same content, signed (EIP-712) by the trusted auditor and
  submitted by a relayer with no role. The auditor has signed one attestation before (nonce 0,
  submitted in the warm-up), so the measured one carries nonce 1 and its nonce update is a
  non-zero to non-zero write, not the first-ever write of the auditor's nonce slot.
- ``redeem``: a verified holder redeems part of its balance with the redemption SLA set and
  another holder's request already recorded (not the first request ever).
- ``fulfill_redemption``: the treasury records the payout of that request one block after it was
  made, well within the SLA (on time: no late event).

Nothing depends on wall-clock time: the chain's clock is set to a fixed instant ahead of the wall
clock and every block is stamped one second after its parent, so timestamps, attestation dates
and signatures (hence calldata) are the same in every run, and two runs give identical figures.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from compliance_kit.build import ArtifactSet, compile_contracts
from compliance_kit.chain.embedded import Embedded
from compliance_kit.chain.tx import Transactor
from compliance_kit.contracts import Contract, ContractFunction, deploy
from compliance_kit.signatures import (
    sign_kyc_credential,
    sign_permit,
    sign_reserve_attestation,
)

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.chain.base import Receipt

TOKEN_CONTRACT = "ComplianceStablecoin"
TOKEN_NAME = "Compliance Dollar"
TOKEN_DECIMALS = 6
#: the operations measured, in the order they are reported
OPERATIONS = (
    "transfer",
    "transfer_first_receive",
    "transfer_from",
    "transfer_no_aml_rules",
    "transfer_without_transfer_cap",
    "transfer_without_volume_limit",
    "transfer_without_count_limit",
    "transfer_without_travel_rule",
    "transfer_without_corridors",
    "transfer_cross_border",
    "transfer_with_travel_rule",
    "register_travel_rule_commitment",
    "transfer_with_travel_rule_aggregation",
    "transfer_with_sanctions_oracle",
    "approve",
    "permit",
    "mint",
    "burn",
    "freeze",
    "seize",
    "kyc_approve",
    "kyc_approve_batch_per_account",
    "kyc_self_onboard",
    "mint_ungated",
    "attest_reserves",
    "attest_reserves_signed",
    "redeem",
    "fulfill_redemption",
)
#: the issue's gas targets (the operation costs at most this much)
TARGETS: dict[str, int] = {
    "transfer": 38_000,
    "transfer_first_receive": 38_000,
    "mint": 45_000,  # with the reserve check
    "mint_ungated": 40_000,
    "freeze": 31_000,
    "permit": 75_000,
}
#: accounts approved in one ``approveAccounts`` call for the per-account batch figure
BATCH_SIZE = 100

_UNIT = 10**TOKEN_DECIMALS
_HOLDING = 1_000_000 * _UNIT  # what each holder starts with
_AMOUNT = 100 * _UNIT  # every transfer, mint, burn and seizure moves this much
_MINTER_ALLOWANCE = 10**9 * _UNIT
_NO_RESERVE_GATE = "0x" + "00" * 20
_DAY = 86_400
_RESERVES = 10_000_000 * _UNIT  # attested reserves: 2.5x everything the bench ever mints
_RESERVE_MAX_AGE = 38 * _DAY  # US profile: monthly examinations, a few days of slack
#: the chain's clock is set to this instant (2040-01-02 00:00 UTC), ahead of the wall clock
_CLOCK_START = 2_209_075_200
_GATING_AS_OF = 2_206_310_400  # 2039-12-01: the attestation the token is deployed against
_INTERIM_AS_OF = 2_207_606_400  # 2039-12-16: the auditor's first signed attestation (warm-up)
_LATER_AS_OF = 2_208_988_800  # 2040-01-01: the measured attestations
_REPORT_HASH = bytes.fromhex("5e" * 32)  # the accountant's report (any non-zero word)
_REDEMPTION_SLA = _DAY  # one business day
_REDEMPTION_REF = bytes.fromhex("0e" * 32)  # the holder's bank-instruction id
_PAYMENT_REF = bytes.fromhex("0f" * 32)  # the treasury's payout reference
_ADMIN_DELAY = 3 * 86_400
_RETAIL, _TREASURY = 1, 4  # KYC tiers
_JURISDICTION = 840  # United States: the home jurisdiction
_ABROAD = 702  # Singapore
#: AML rules of the retail tier: per-transfer cap, volume and count per rolling 24 hours
_RETAIL_LIMITS = (50_000 * _UNIT, 250_000 * _UNIT, _DAY, 50)
_US_TRAVEL_THRESHOLD = 3_000 * _UNIT  # 31 CFR 1010.410(f)
_SG_TRAVEL_THRESHOLD = 1_500 * _UNIT  # MAS: full originator data above S$1,500
_TRAVEL_AMOUNT = 5_000 * _UNIT  # above the US threshold
_PAYLOAD_HASH = bytes.fromhex("1d" * 32)  # keccak256 of the IVMS101 payload (any non-zero word)
_ALLOWED = 1  # CorridorStatus.Allowed
_EXPIRY = 4_102_444_800  # 2100-01-01: KYC expiry; permit, credential, attestation deadlines
_ORDER_REF = bytes.fromhex("0c" * 32)  # lawful-order references (any non-zero word)
_SECOND_ORDER_REF = bytes.fromhex("0d" * 32)
#: dev accounts by role; each holds only the role its name says
_CAST = (
    "admin",
    "master_minter",
    "minter",
    "kyc_operator",
    "officer",
    "pauser",
    "provider",
    "alice",  # holder: sends transfers, owns allowances and permits
    "bob",  # holder: receives transfers
    "carol",  # verified, never held tokens
    "spender",  # verified, spends allowances and submits permits
    "suspect",  # verified holder that gets frozen and seized
    "escrow",  # the seizure escrow (issuer treasury tier)
    "newcomer",  # not yet verified: onboards itself with a credential
    "attestor",  # ATTESTOR_ROLE on the ReserveAttestor
    "auditor",  # trusted by the ReserveAttestor to sign attestations; no role
    "relayer",  # no role anywhere: submits the auditor's signed attestations
    "treasury",  # TREASURY_ROLE: records redemption payouts
    "vasp",  # VASP_ROLE on the TravelRuleRegistry: registers travel-rule commitments
    "overseas",  # verified in Singapore (the cross-border recipient), holds tokens
)


@dataclass(frozen=True)
class GasRow:
    """One operation's gas on the ComplianceStablecoin and on the OpenZeppelin reference."""

    operation: str
    gas: int
    oz_gas: int | None
    ratio: float | None


def fresh_addresses(count: int, *, start: int = 0) -> list[str]:
    """``count`` deterministic addresses no one has used (realistic: full of non-zero bytes)."""
    from eth_utils import keccak, to_checksum_address

    return [
        to_checksum_address(keccak(f"compliance-kit gas bench {i}".encode())[12:])
        for i in range(start, start + count)
    ]


class GasBench:
    """The ComplianceStablecoin and the OpenZeppelin references on one fresh embedded chain."""

    def __init__(self, artifacts: ArtifactSet) -> None:
        self.chain = Embedded(accounts=len(_CAST))
        _set_clock(self.chain, _CLOCK_START)
        self.tx = Transactor(self.chain, artifacts.abis())
        self.who: dict[str, LocalAccount] = dict(zip(_CAST, self.chain.accounts, strict=True))
        self.attestor = self._deploy_attestor(artifacts)
        self.registry = deploy(
            self.tx,
            artifacts["TravelRuleRegistry"],
            self.who["admin"].address,
            0,
            sender=self.who["admin"],
        )
        vasp_role = self.registry.fn.VASP_ROLE().call()
        self.registry.fn.grantRole(vasp_role, self.who["vasp"].address).transact(self.who["admin"])
        self.oracle = deploy(
            self.tx, artifacts["SanctionsList"], self.who["admin"].address, sender=self.who["admin"]
        )
        self.token = self._deploy_token(artifacts, self.attestor.address)
        self._enable_aml_rules(self.token)
        self.ungated = self._deploy_token(artifacts, _NO_RESERVE_GATE)
        w = self.who
        self.oz = deploy(
            self.tx, artifacts["PlainERC20"], "Plain", "PLN", _HOLDING, sender=w["alice"]
        )
        self.oz_permit = deploy(
            self.tx, artifacts["PlainERC20Permit"], "Plain", "PLN", _HOLDING, sender=w["alice"]
        )
        self.oz_mintable = deploy(
            self.tx, artifacts["PlainERC20Mintable"], "Plain", "PLN", sender=w["minter"]
        )
        for holder in ("bob", "overseas"):
            self.oz.fn.transfer(w[holder].address, _HOLDING // 4).transact(w["alice"])
        for holder in ("alice", "minter"):
            self.oz_mintable.fn.mint(w[holder].address, _HOLDING).transact(w["minter"])

    def _deploy_attestor(self, artifacts: ArtifactSet) -> Contract:
        """The ReserveAttestor, configured, with the attestation the token's mints will read."""
        w = self.who
        attestor = deploy(
            self.tx,
            artifacts["ReserveAttestor"],
            w["admin"].address,
            _RESERVE_MAX_AGE,
            sender=w["admin"],
        )
        attestor_role = attestor.fn.ATTESTOR_ROLE().call()
        attestor.fn.grantRole(attestor_role, w["attestor"].address).transact(w["admin"])
        attestor.fn.setAuditor(w["auditor"].address, True).transact(w["admin"])
        attestor.fn.attest(_RESERVES, _GATING_AS_OF, _REPORT_HASH, "", []).transact(w["attestor"])
        return attestor

    def _deploy_token(self, artifacts: ArtifactSet, reserve_source: str) -> Contract:
        w = self.who
        token = deploy(
            self.tx,
            artifacts[TOKEN_CONTRACT],
            TOKEN_NAME,
            "CUSD",
            TOKEN_DECIMALS,
            w["admin"].address,
            _ADMIN_DELAY,
            reserve_source,
            sender=w["admin"],
        )
        for role, holder in (
            ("MASTER_MINTER_ROLE", "master_minter"),
            ("KYC_OPERATOR_ROLE", "kyc_operator"),
            ("COMPLIANCE_OFFICER_ROLE", "officer"),
            ("PAUSER_ROLE", "pauser"),
            ("TREASURY_ROLE", "treasury"),
        ):
            role_id = getattr(token.fn, role)().call()
            token.fn.grantRole(role_id, w[holder].address).transact(w["admin"])
        token.fn.setKycProvider(w["provider"].address, True).transact(w["admin"])
        token.fn.setSeizureEscrow(w["escrow"].address).transact(w["admin"])
        token.fn.setRedemptionSla(_REDEMPTION_SLA).transact(w["admin"])
        token.fn.configureMinter(w["minter"].address, _MINTER_ALLOWANCE).transact(
            w["master_minter"]
        )
        for name in ("alice", "bob", "carol", "spender", "suspect", "escrow", "minter", "overseas"):
            tier = _TREASURY if name in ("escrow", "minter") else _RETAIL
            where = _ABROAD if name == "overseas" else _JURISDICTION
            token.fn.approveAccount(w[name].address, tier, where, _EXPIRY).transact(
                w["kyc_operator"]
            )
        for name in ("alice", "bob", "suspect", "minter", "overseas"):
            token.fn.mint(w[name].address, _HOLDING).transact(w["minter"])
        return token

    def _enable_aml_rules(self, token: Contract) -> None:
        """Every AML transfer rule on (sanctions screening configured but off for transfers)."""
        w = self.who
        officer = w["officer"]
        token.fn.setTravelRuleRegistry(self.registry.address).transact(w["admin"])
        token.fn.setTierLimits(_RETAIL, _RETAIL_LIMITS).transact(officer)
        token.fn.setHomeJurisdiction(_JURISDICTION).transact(officer)
        token.fn.setTravelRuleThreshold(_JURISDICTION, _US_TRAVEL_THRESHOLD).transact(officer)
        token.fn.setTravelRuleThreshold(_ABROAD, _SG_TRAVEL_THRESHOLD).transact(officer)
        token.fn.setTravelRule(True).transact(officer)
        token.fn.setCorridorRules(True, False).transact(officer)  # an allow list
        token.fn.setCorridor(_JURISDICTION, _ABROAD, _ALLOWED).transact(officer)
        # steady case: alice has sent before, so her limit clocks are running
        token.fn.transfer(w["bob"].address, _AMOUNT).transact(w["alice"])

    # --- measuring -----------------------------------------------------------------------
    def measure(
        self, operation: Callable[[], Receipt], *, after: Callable[[], object] | None = None
    ) -> int:
        """Gas of ``operation``, run after the warm-up ``after``; the chain is left unchanged."""
        snapshot = self.chain.snapshot()
        try:
            if after is not None:
                after()
            return operation().gas_used
        finally:
            self.chain.revert(snapshot)

    def rows(self) -> list[GasRow]:
        """Every operation in :data:`OPERATIONS`, measured."""
        measured = {name: getattr(self, f"_{name}")() for name in OPERATIONS}
        return [_row(name, *measured[name]) for name in OPERATIONS]

    # --- the operations: (gas on the token, gas on the OZ reference or None) ----------------
    def _transfer(self) -> tuple[int, int | None]:
        return self._pair(lambda t: t.fn.transfer(self.who["bob"].address, _AMOUNT), "alice")

    def _transfer_no_aml_rules(self) -> tuple[int, int | None]:
        officer = self.who["officer"]

        def all_off() -> None:
            self.token.fn.setTierLimits(_RETAIL, (0, 0, 0, 0)).transact(officer)
            self.token.fn.setTravelRule(False).transact(officer)
            self.token.fn.setCorridorRules(False, False).transact(officer)

        return self._transfer_after(all_off)

    def _transfer_without_transfer_cap(self) -> tuple[int, int | None]:
        _, volume, window, count = _RETAIL_LIMITS
        return self._transfer_after_limits((0, volume, window, count))

    def _transfer_without_volume_limit(self) -> tuple[int, int | None]:
        cap, _, window, count = _RETAIL_LIMITS
        return self._transfer_after_limits((cap, 0, window, count))

    def _transfer_without_count_limit(self) -> tuple[int, int | None]:
        cap, volume, window, _ = _RETAIL_LIMITS
        return self._transfer_after_limits((cap, volume, window, 0))

    def _transfer_without_travel_rule(self) -> tuple[int, int | None]:
        return self._transfer_after(
            lambda: self.token.fn.setTravelRule(False).transact(self.who["officer"])
        )

    def _transfer_without_corridors(self) -> tuple[int, int | None]:
        return self._transfer_after(
            lambda: self.token.fn.setCorridorRules(False, False).transact(self.who["officer"])
        )

    def _transfer_cross_border(self) -> tuple[int, int | None]:
        return self._pair(lambda t: t.fn.transfer(self.who["overseas"].address, _AMOUNT), "alice")

    def _transfer_with_travel_rule(self) -> tuple[int, int | None]:
        w = self.who
        register = self.registry.fn.register(
            self.token.address, w["alice"].address, w["bob"].address, _TRAVEL_AMOUNT, _PAYLOAD_HASH
        )
        call = self.token.fn.transfer(w["bob"].address, _TRAVEL_AMOUNT)
        ours = self.measure(
            lambda: call.transact(w["alice"]), after=lambda: register.transact(w["vasp"])
        )
        oz = self.measure(
            lambda: self.oz.fn.transfer(w["bob"].address, _TRAVEL_AMOUNT).transact(w["alice"])
        )
        return ours, oz

    def _register_travel_rule_commitment(self) -> tuple[int, int | None]:
        w = self.who
        call = self.registry.fn.register(
            self.token.address, w["alice"].address, w["bob"].address, _TRAVEL_AMOUNT, _PAYLOAD_HASH
        )
        return self.measure(lambda: call.transact(w["vasp"])), None

    def _transfer_with_travel_rule_aggregation(self) -> tuple[int, int | None]:
        return self._transfer_after(
            lambda: self.token.fn.setTravelRuleAggregation(True).transact(self.who["officer"])
        )

    def _transfer_with_sanctions_oracle(self) -> tuple[int, int | None]:
        screening = (self.oracle.address, False, False, True, False)  # transfers, fail closed
        return self._transfer_after(
            lambda: self.token.fn.setSanctionsScreening(screening).transact(self.who["officer"])
        )

    def _transfer_after_limits(self, limits: tuple[int, int, int, int]) -> tuple[int, int | None]:
        officer = self.who["officer"]
        return self._transfer_after(
            lambda: self.token.fn.setTierLimits(_RETAIL, limits).transact(officer)
        )

    def _transfer_after(self, configure: Callable[[], object]) -> tuple[int, int | None]:
        """The ``transfer`` row's transfer, after ``configure`` changed the rules (OZ: plain)."""
        w = self.who
        call = self.token.fn.transfer(w["bob"].address, _AMOUNT)
        ours = self.measure(lambda: call.transact(w["alice"]), after=configure)
        oz = self.measure(
            lambda: self.oz.fn.transfer(w["bob"].address, _AMOUNT).transact(w["alice"])
        )
        return ours, oz

    def _transfer_first_receive(self) -> tuple[int, int | None]:
        carol = self.who["carol"].address
        if any(t.fn.balanceOf(carol).call() for t in (self.token, self.oz)):
            raise RuntimeError("the first-receive recipient already holds tokens")
        return self._pair(lambda t: t.fn.transfer(carol, _AMOUNT), "alice")

    def _transfer_from(self) -> tuple[int, int | None]:
        alice, bob, spender = (self.who[n] for n in ("alice", "bob", "spender"))

        def gas(token: Contract) -> int:  # spends part of an existing, finite allowance
            allow = token.fn.approve(spender.address, 1_000 * _AMOUNT)
            spend = token.fn.transferFrom(alice.address, bob.address, _AMOUNT)
            return self.measure(
                lambda: spend.transact(spender), after=lambda: allow.transact(alice)
            )

        return gas(self.token), gas(self.oz)

    def _approve(self) -> tuple[int, int | None]:
        alice, spender = self.who["alice"], self.who["spender"].address

        def gas(token: Contract) -> int:  # non-zero to non-zero
            first = token.fn.approve(spender, _AMOUNT)
            second = token.fn.approve(spender, 2 * _AMOUNT)
            return self.measure(lambda: second.transact(alice), after=lambda: first.transact(alice))

        return gas(self.token), gas(self.oz)

    def _permit(self) -> tuple[int, int | None]:
        w = self.who

        def gas(token: Contract, name: str) -> int:
            owner, spender = w["alice"], w["spender"]
            if token.fn.allowance(owner.address, spender.address).call() != 0:
                raise RuntimeError(f"{name}: the permit's spender already has an allowance")
            sig = sign_permit(
                owner,
                token_name=name,
                token_address=token.address,
                chain_id=self.chain.chain_id,
                spender=spender.address,
                value=_AMOUNT,
                nonce=token.fn.nonces(owner.address).call(),
                deadline=_EXPIRY,
            )
            call = token.fn.permit(
                owner.address, spender.address, _AMOUNT, _EXPIRY, sig.v, sig.r, sig.s
            )
            return self.measure(lambda: call.transact(spender))

        return gas(self.token, TOKEN_NAME), gas(self.oz_permit, "Plain")

    def _mint(self) -> tuple[int, int | None]:  # the reserve check included
        alice = self.who["alice"].address
        return self._pair(lambda t: t.fn.mint(alice, _AMOUNT), "minter", oz=self.oz_mintable)

    def _burn(self) -> tuple[int, int | None]:
        return self._pair(lambda t: t.fn.burn(_AMOUNT), "minter", oz=self.oz_mintable)

    def _freeze(self) -> tuple[int, int | None]:
        w = self.who
        call = self.token.fn.freeze(w["suspect"].address, _ORDER_REF)
        return self.measure(lambda: call.transact(w["officer"])), None

    def _seize(self) -> tuple[int, int | None]:
        w, token = self.who, self.token
        suspect = w["suspect"].address

        def warm_up() -> None:  # frozen, and the escrow already holds an earlier seizure
            token.fn.freeze(suspect, _ORDER_REF).transact(w["officer"])
            token.fn.seize(suspect, _AMOUNT, _ORDER_REF).transact(w["officer"])

        call = token.fn.seize(suspect, _AMOUNT, _SECOND_ORDER_REF)
        return self.measure(lambda: call.transact(w["officer"]), after=warm_up), None

    def _kyc_approve(self) -> tuple[int, int | None]:
        (account,) = fresh_addresses(1)
        call = self.token.fn.approveAccount(account, _RETAIL, _JURISDICTION, _EXPIRY)
        return self.measure(lambda: call.transact(self.who["kyc_operator"])), None

    def _kyc_approve_batch_per_account(self) -> tuple[int, int | None]:
        records = [
            (account, _RETAIL, _JURISDICTION, _EXPIRY)
            for account in fresh_addresses(BATCH_SIZE, start=1)
        ]
        call = self.token.fn.approveAccounts(records)
        return self.measure(lambda: call.transact(self.who["kyc_operator"])) // BATCH_SIZE, None

    def _kyc_self_onboard(self) -> tuple[int, int | None]:
        newcomer = self.who["newcomer"]
        nonce = self.token.fn.credentialNonces(newcomer.address).call()
        sig = sign_kyc_credential(
            self.who["provider"],
            token_name=TOKEN_NAME,
            token_address=self.token.address,
            chain_id=self.chain.chain_id,
            account=newcomer.address,
            tier=_RETAIL,
            jurisdiction=_JURISDICTION,
            expiry=_EXPIRY,
            nonce=nonce,
            deadline=_EXPIRY,
        )
        credential = (newcomer.address, _RETAIL, _JURISDICTION, _EXPIRY, nonce, _EXPIRY)
        call = self.token.fn.onboardWithCredential(credential, sig.signature)
        return self.measure(lambda: call.transact(newcomer)), None

    def _mint_ungated(self) -> tuple[int, int | None]:
        call = self.ungated.fn.mint(self.who["alice"].address, _AMOUNT)
        return self.measure(lambda: call.transact(self.who["minter"])), None

    def _attest_reserves(self) -> tuple[int, int | None]:
        if self.attestor.fn.attestationCount().call() == 0:
            raise RuntimeError("the steady-case attestation needs an earlier one in the history")
        call = self.attestor.fn.attest(_RESERVES, _LATER_AS_OF, _REPORT_HASH, "", [])
        return self.measure(lambda: call.transact(self.who["attestor"])), None

    def _attest_reserves_signed(self) -> tuple[int, int | None]:
        w, attestor = self.who, self.attestor
        if attestor.fn.auditorNonces(w["auditor"].address).call() != 0:
            raise RuntimeError("the auditor has already signed an attestation at setup")
        first = self._signed_attestation(_INTERIM_AS_OF, nonce=0)
        later = self._signed_attestation(_LATER_AS_OF, nonce=1)
        return self.measure(
            lambda: later.transact(w["relayer"]), after=lambda: first.transact(w["relayer"])
        ), None

    def _signed_attestation(self, as_of: int, *, nonce: int) -> ContractFunction:
        """``attestSigned`` of ``_RESERVES`` as of ``as_of``, signed by the auditor."""
        sig = sign_reserve_attestation(
            self.who["auditor"],
            attestor_address=self.attestor.address,
            chain_id=self.chain.chain_id,
            reserves=_RESERVES,
            as_of=as_of,
            report_hash=_REPORT_HASH,
            report_uri="",
            composition=[],
            nonce=nonce,
            deadline=_EXPIRY,
        )
        return self.attestor.fn.attestSigned(
            _RESERVES, as_of, _REPORT_HASH, "", [], nonce, _EXPIRY, sig.signature
        )

    def _redeem(self) -> tuple[int, int | None]:
        w, token = self.who, self.token
        earlier = token.fn.redeem(_AMOUNT, _REDEMPTION_REF)  # another holder's, first ever
        call = token.fn.redeem(_AMOUNT, _REDEMPTION_REF)
        return self.measure(
            lambda: call.transact(w["alice"]), after=lambda: earlier.transact(w["bob"])
        ), None

    def _fulfill_redemption(self) -> tuple[int, int | None]:
        w, token = self.who, self.token
        request_id = token.fn.redemptionCount().call() + 1  # alice's, after bob's

        def warm_up() -> None:
            token.fn.redeem(_AMOUNT, _REDEMPTION_REF).transact(w["bob"])
            token.fn.redeem(_AMOUNT, _REDEMPTION_REF).transact(w["alice"])

        def fulfil() -> Receipt:
            receipt = token.fn.fulfillRedemption(request_id, _PAYMENT_REF).transact(w["treasury"])
            *_, due_by, fulfilled_at = token.fn.redemption(request_id).call()
            if not 0 < fulfilled_at <= due_by:
                raise RuntimeError(f"redemption {request_id} was not fulfilled on time")
            return receipt

        return self.measure(fulfil, after=warm_up), None

    def _pair(
        self, build: Callable[[Contract], Any], sender: str, *, oz: Contract | None = None
    ) -> tuple[int, int | None]:
        """The same call, from the same sender, on the token and on an OZ reference."""
        account = self.who[sender]
        reference = oz or self.oz
        return (
            self.measure(lambda: build(self.token).transact(account)),
            self.measure(lambda: build(reference).transact(account)),
        )


def _set_clock(chain: Embedded, timestamp: int) -> None:
    """Stamp the latest block ``timestamp``: later blocks are then one second apart, whatever the
    wall clock says (py-evm stamps a block with the later of the wall clock and parent + 1)."""
    now = chain.timestamp()
    if now >= timestamp:
        raise RuntimeError(
            f"the wall clock ({now}) has passed the bench's fixed chain time ({timestamp}): "
            "move _CLOCK_START (and the attestation dates) forward"
        )
    chain.advance_time(timestamp - now)


def _row(operation: str, gas: int, oz_gas: int | None) -> GasRow:
    ratio = round(gas / oz_gas, 3) if oz_gas else None
    return GasRow(operation=operation, gas=gas, oz_gas=oz_gas, ratio=ratio)


def run(artifacts: ArtifactSet | None = None) -> list[GasRow]:
    """Measure every operation on a fresh embedded chain (compiling the kit's contracts)."""
    bench = GasBench(artifacts if artifacts is not None else compile_contracts())
    with bench.chain:
        return bench.rows()


def as_dict(rows: list[GasRow]) -> dict[str, list[dict[str, Any]]]:
    """``{"rows": [{"operation", "gas", "oz_gas", "ratio"}, ...]}``."""
    return {"rows": [asdict(row) for row in rows]}


def as_json(rows: list[GasRow]) -> str:
    """:func:`as_dict` as one line of JSON (what ``bench gas --json`` prints)."""
    return json.dumps(as_dict(rows))

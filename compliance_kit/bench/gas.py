"""``compliance-kit bench gas``: each ComplianceStablecoin operation's gas, next to OpenZeppelin.

One fresh embedded chain holds the ComplianceStablecoin (6 decimals, every role on its own dev
account, holders KYC-approved) and the OpenZeppelin references: ``PlainERC20`` (transfers,
allowances), ``PlainERC20Permit`` (EIP-2612) and ``PlainERC20Mintable`` (public mint/burn, a gas
reference only). Each figure is the ``gas_used`` of the receipt, as the sender pays it
(intrinsic and calldata gas included, refunds deducted).

Every operation is measured in its steady case (warm-up transactions first: sender and
recipient already hold tokens, an allowance already exists, the minter has minted, the seizure
escrow already holds seized funds), between a snapshot and a revert so that measurements do not
affect each other. Both columns send the same amounts from the same accounts, so their calldata
matches. Nothing depends on wall-clock time: two runs give identical figures.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from compliance_kit.build import ArtifactSet, compile_contracts
from compliance_kit.chain.embedded import Embedded
from compliance_kit.chain.tx import Transactor
from compliance_kit.contracts import Contract, deploy
from compliance_kit.signatures import sign_kyc_credential, sign_permit

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
    "approve",
    "permit",
    "mint",
    "burn",
    "freeze",
    "seize",
    "kyc_approve",
    "kyc_approve_batch_per_account",
    "kyc_self_onboard",
)
#: the issue's gas targets (the operation costs at most this much)
TARGETS: dict[str, int] = {
    "transfer": 38_000,
    "transfer_first_receive": 38_000,
    "mint": 40_000,
    "freeze": 31_000,
    "permit": 75_000,
}
#: accounts approved in one ``approveAccounts`` call for the per-account batch figure
BATCH_SIZE = 100

_UNIT = 10**TOKEN_DECIMALS
_HOLDING = 1_000_000 * _UNIT  # what each holder starts with
_AMOUNT = 100 * _UNIT  # every transfer, mint, burn and seizure moves this much
_MINTER_ALLOWANCE = 10**9 * _UNIT
_ADMIN_DELAY = 3 * 86_400
_RETAIL, _TREASURY = 1, 4  # KYC tiers
_JURISDICTION = 344  # Hong Kong
_EXPIRY = 4_102_444_800  # 2100-01-01: KYC expiry, permit and credential deadlines
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
        self.tx = Transactor(self.chain, artifacts.abis())
        self.who: dict[str, LocalAccount] = dict(zip(_CAST, self.chain.accounts, strict=True))
        self.token = self._deploy_token(artifacts)
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
        self.oz.fn.transfer(w["bob"].address, _HOLDING // 2).transact(w["alice"])
        for holder in ("alice", "minter"):
            self.oz_mintable.fn.mint(w[holder].address, _HOLDING).transact(w["minter"])

    def _deploy_token(self, artifacts: ArtifactSet) -> Contract:
        w = self.who
        token = deploy(
            self.tx,
            artifacts[TOKEN_CONTRACT],
            TOKEN_NAME,
            "CUSD",
            TOKEN_DECIMALS,
            w["admin"].address,
            _ADMIN_DELAY,
            sender=w["admin"],
        )
        for role, holder in (
            ("MASTER_MINTER_ROLE", "master_minter"),
            ("KYC_OPERATOR_ROLE", "kyc_operator"),
            ("COMPLIANCE_OFFICER_ROLE", "officer"),
            ("PAUSER_ROLE", "pauser"),
        ):
            role_id = getattr(token.fn, role)().call()
            token.fn.grantRole(role_id, w[holder].address).transact(w["admin"])
        token.fn.setKycProvider(w["provider"].address, True).transact(w["admin"])
        token.fn.setSeizureEscrow(w["escrow"].address).transact(w["admin"])
        token.fn.configureMinter(w["minter"].address, _MINTER_ALLOWANCE).transact(
            w["master_minter"]
        )
        for name in ("alice", "bob", "carol", "spender", "suspect", "escrow", "minter"):
            tier = _TREASURY if name in ("escrow", "minter") else _RETAIL
            token.fn.approveAccount(w[name].address, tier, _JURISDICTION, _EXPIRY).transact(
                w["kyc_operator"]
            )
        for name in ("alice", "bob", "suspect", "minter"):
            token.fn.mint(w[name].address, _HOLDING).transact(w["minter"])
        return token

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

    def _mint(self) -> tuple[int, int | None]:
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

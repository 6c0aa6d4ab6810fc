"""pytest plugin: write your own compliance tests against a deployed compliance system.

Load it with ``pytest -p compliance_kit.pytest_plugin`` or ``pytest_plugins =
["compliance_kit.pytest_plugin"]`` in your top-level conftest.

Options
    ``--ck-rpc-url URL``   run on a JSON-RPC dev node (anvil, hardhat); default: the embedded chain
    ``--ck-profile NAME``  jurisdiction profile of ``ck_system`` (default ``us``)

Fixtures
    ``ck_artifacts``     session: the kit's contracts, compiled once (cached on disk)
    ``ck_chain``         session: the chain (embedded, or ``Rpc`` with ``--ck-rpc-url``)
    ``ck_profile``       the profile for this test: ``@pytest.mark.ck_profile("hk")`` on the
                         test/class/module, else ``--ck-profile``; override it like any fixture
    ``ck_system``        the :class:`DeployedSystem` of ``ck_profile``, deployed once per profile
                         per session (every role held by a dev account, alice and bob KYC-approved)
    ``ck_actors``        :class:`Actors`: the role holders, alice, bob and mallory
    ``ck_reverts``       :func:`reverts`: ``with ck_reverts("AccountNotVerified", account=...):``
    ``ck_advance_time``  ``ck_advance_time(seconds)``: mine a block that much later; new timestamp
    ``ck_travel_rule``   ``ck_travel_rule(sender, recipient, amount)``: the VASP registers the
                         travel-rule commitment a transfer at or above the threshold needs

Every test whose fixtures include ``ck_chain`` (directly or through ``ck_system``,
``ck_actors``, ``ck_advance_time`` or a fixture of yours) runs between a chain ``snapshot()`` and
``revert()``: it starts from the state right after the session setup and leaves nothing behind.
Tests that use none of them are not touched. State written by your own module- or session-scoped
fixtures happens outside the snapshot and stays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from compliance_kit.exceptions import (
    CustomErrorRevert,
    PanicRevert,
    ReasonRevert,
    Reverted,
    format_value,
)

if TYPE_CHECKING:
    from types import TracebackType

    from eth_account.signers.local import LocalAccount

    from compliance_kit.build import ArtifactSet
    from compliance_kit.chain.base import Chain
    from compliance_kit.system import DeployedSystem

#: dev-account index of alice, bob and mallory (after the ten role holders of DEV_ROLE_ORDER)
EXTRA_ACTORS = ("alice", "bob", "mallory")
#: accounts the chain must offer: the role holders, then alice, bob, mallory
ACCOUNTS_NEEDED = 13
#: KYC record given to alice and bob in every deployed system: retail tier, US, one year
KYC_TIER = 1
KYC_JURISDICTION = 840
KYC_VALIDITY = 365 * 86_400
#: ether given to alice, bob and mallory on an RPC node that does not fund them
_RPC_FUNDING = 100 * 10**18


@dataclass(frozen=True)
class Actors:
    """The named accounts of a ``ck_system``: its role holders and three users.

    ``alice`` and ``bob`` are KYC-approved (``KYC_TIER``, ``KYC_JURISDICTION``, valid for
    ``KYC_VALIDITY`` seconds from the deployment); ``mallory`` is never verified.
    """

    admin: LocalAccount
    master_minter: LocalAccount
    minter: LocalAccount
    kyc_operator: LocalAccount
    compliance_officer: LocalAccount
    pauser: LocalAccount
    treasury: LocalAccount
    attestor: LocalAccount
    kyc_provider: LocalAccount
    seizure_escrow: LocalAccount
    alice: LocalAccount
    bob: LocalAccount
    mallory: LocalAccount

    @property
    def issuer(self) -> LocalAccount:
        """The issuer: the admin (DEFAULT_ADMIN_ROLE on both contracts)."""
        return self.admin

    @property
    def vasp(self) -> LocalAccount:
        """The VASP (VASP_ROLE on the TravelRuleRegistry): the dev KYC provider's account."""
        return self.kyc_provider

    @classmethod
    def from_chain(cls, chain: Chain) -> Actors:
        """The chain's first 13 accounts: ``DEV_ROLE_ORDER``, then alice, bob, mallory."""
        from compliance_kit.system import DEV_ROLE_ORDER

        names = (*DEV_ROLE_ORDER, *EXTRA_ACTORS)
        accounts = chain.accounts
        if len(accounts) < len(names):
            raise pytest.UsageError(
                f"compliance-kit: the chain offers {len(accounts)} accounts, the fixtures need "
                f"{len(names)}"
            )
        return cls(**dict(zip(names, accounts, strict=False)))


class _State:
    """Per-session plugin state: deployed systems and whether a test snapshot is open."""

    def __init__(self) -> None:
        self.isolating = False
        self.systems: dict[str, DeployedSystem] = {}
        self.transient: dict[str, DeployedSystem] = {}
        """Systems first deployed inside a test's snapshot: gone at its revert, never reused."""


_STATE = pytest.StashKey[_State]()


def _state(config: pytest.Config) -> _State:
    if _STATE not in config.stash:
        config.stash[_STATE] = _State()
    return config.stash[_STATE]


# --- hooks -----------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("compliance-kit", "compliance-kit fixtures")
    group.addoption(
        "--ck-rpc-url",
        metavar="URL",
        default=None,
        help="run the ck_ fixtures on this JSON-RPC dev node (default: the embedded chain)",
    )
    group.addoption(
        "--ck-profile",
        metavar="NAME",
        default="us",
        help="jurisdiction profile (bundled name or TOML/YAML path) of ck_system (default: us)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "ck_profile(name): deploy ck_system from this jurisdiction profile (bundled name or "
        "TOML/YAML path) instead of --ck-profile",
    )


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def ck_artifacts() -> ArtifactSet:
    """The kit's contracts, compiled once per session (and cached on disk across sessions)."""
    from compliance_kit.build import compile_contracts

    return compile_contracts()


@pytest.fixture(scope="session")
def ck_chain(pytestconfig: pytest.Config) -> Iterator[Chain]:
    """The session's chain: embedded (13 funded accounts), or the ``--ck-rpc-url`` dev node."""
    from compliance_kit.chain import Embedded

    url: str | None = pytestconfig.getoption("ck_rpc_url")
    chain = Embedded(accounts=ACCOUNTS_NEEDED) if url is None else _rpc_chain(url)
    with chain:
        yield chain


def _rpc_chain(url: str) -> Chain:
    """An ``Rpc`` chain signing with 13 dev accounts; funds the ones the node does not hold."""
    from compliance_kit.chain import Rpc, Transactor
    from compliance_kit.chain.dev_accounts import dev_accounts

    chain = Rpc(url)
    if chain.dev_namespace is None or not chain.accounts:
        chain.close()
        raise pytest.UsageError(
            f"compliance-kit: {url} is not a dev node with the dev accounts (anvil, hardhat); "
            "the ck_ fixtures need funded accounts, snapshots and time travel"
        )
    if len(chain.accounts) >= ACCOUNTS_NEEDED:
        return chain
    held = len(chain.accounts)
    chain.close()
    chain = Rpc(url, accounts=dev_accounts(ACCOUNTS_NEEDED))
    transactor = Transactor(chain)
    for account in chain.accounts[held:]:
        if chain.get_balance(account.address) < _RPC_FUNDING // 2:
            transactor.transact(chain.accounts[0], account.address, value=_RPC_FUNDING)
    return chain


@pytest.fixture(scope="session")
def _ck_actors(ck_chain: Chain) -> Actors:
    return Actors.from_chain(ck_chain)


@pytest.fixture
def ck_profile(request: pytest.FixtureRequest) -> str:
    """The closest ``@pytest.mark.ck_profile(name)``, else ``--ck-profile`` (default ``us``)."""
    marker = request.node.get_closest_marker("ck_profile")
    if marker is None:
        return str(request.config.getoption("ck_profile"))
    if len(marker.args) != 1 or marker.kwargs or not isinstance(marker.args[0], str):
        raise pytest.UsageError(
            f"{request.node.nodeid}: use @pytest.mark.ck_profile(name) with one profile name, "
            f"got args={marker.args!r} kwargs={marker.kwargs!r}"
        )
    return marker.args[0]


@pytest.fixture
def ck_system(
    request: pytest.FixtureRequest,
    ck_profile: str,
    ck_chain: Chain,
    ck_artifacts: ArtifactSet,
    _ck_actors: Actors,
) -> DeployedSystem:
    """The system deployed from ``ck_profile``: once per profile per session, then reused.

    Roles as in ``SystemConfig.for_dev_accounts``; alice and bob KYC-approved.
    """
    state = _state(request.config)
    system = state.systems.get(ck_profile) or state.transient.get(ck_profile)
    if system is None:
        system = _deploy(ck_chain, ck_artifacts, _ck_actors, ck_profile)
        (state.transient if state.isolating else state.systems)[ck_profile] = system
    return system


def _deploy(chain: Chain, artifacts: ArtifactSet, actors: Actors, profile: str) -> DeployedSystem:
    from compliance_kit.system import SystemConfig, deploy_system

    system = deploy_system(
        SystemConfig.for_dev_accounts(chain, profile=profile), chain, artifacts=artifacts
    )
    expiry = chain.timestamp() + KYC_VALIDITY
    for account in (actors.alice, actors.bob):
        system.token.fn.approveAccount(
            account.address, KYC_TIER, KYC_JURISDICTION, expiry
        ).transact(actors.kyc_operator)
    return system


@pytest.fixture
def ck_actors(ck_system: DeployedSystem, _ck_actors: Actors) -> Actors:
    """Role holders (issuer/admin, master_minter, minter, ...) plus alice, bob and mallory."""
    return _ck_actors


@pytest.fixture
def ck_advance_time(ck_chain: Chain) -> Callable[[int], int]:
    """``ck_advance_time(seconds)``: mine a block ``seconds`` later; returns its timestamp."""
    return ck_chain.advance_time


@pytest.fixture
def ck_travel_rule(ck_system: DeployedSystem, ck_actors: Actors) -> Callable[..., bytes]:
    """``ck_travel_rule(sender, recipient, amount, payload=b"...")``: the VASP registers the
    commitment (``keccak256(payload)``) for a transfer of ``amount`` base units from ``sender`` to
    ``recipient`` (accounts or addresses); returns the payload hash."""
    from eth_utils import keccak

    def register(sender: Any, recipient: Any, amount: int, payload: bytes = b"") -> bytes:
        source, target = (getattr(a, "address", a) for a in (sender, recipient))
        payload_hash = keccak(payload or f"IVMS101 {source} {target} {amount}".encode())
        ck_system.travel_rule_registry.fn.register(
            ck_system.token.address, source, target, amount, payload_hash
        ).transact(ck_actors.vasp)
        return payload_hash

    return register


@pytest.fixture
def ck_reverts() -> Callable[..., RevertExpectation]:
    """:func:`reverts`, as a fixture."""
    return reverts


@pytest.fixture(autouse=True)
def _ck_isolation(request: pytest.FixtureRequest) -> Iterator[None]:
    """Snapshot before and revert after every test that uses ``ck_chain``; others untouched."""
    if "ck_chain" not in request.fixturenames:
        yield
        return
    if "ck_system" in request.fixturenames:
        request.getfixturevalue("ck_system")  # deploy (once) before the snapshot, not inside it
    chain: Chain = request.getfixturevalue("ck_chain")
    state = _state(request.config)
    with chain.isolated():
        state.isolating = True
        try:
            yield
        finally:
            state.isolating = False
            state.transient.clear()


# --- reverts ---------------------------------------------------------------------------------


def reverts(
    expected: str | type[Reverted] = Reverted, /, **expected_args: Any
) -> RevertExpectation:
    """Assert that the block reverts with ``expected`` and (a subset of) these arguments.

    ``expected`` is a custom error name (``"KycExpired"``) or a class (``revert_error(...)``,
    ``PanicRevert``, ``ReasonRevert``; ``Reverted`` = any revert). Arguments are compared with
    the decoded ones by name: addresses case-insensitively (an account object stands for its
    address), bytes also as ``"0x..."`` hex; ``PanicRevert`` takes ``code=``, ``ReasonRevert``
    ``reason=``. Other exceptions pass through. The caught error is ``.value`` afterwards::

        with ck_reverts("AccountNotVerified", account=ck_actors.mallory) as info:
            token.fn.transfer(mallory.address, 1).transact(alice)
        assert info.value.mined
    """
    return RevertExpectation(expected, expected_args)


class RevertExpectation:
    """The context manager :func:`reverts` returns; ``value`` holds the caught revert."""

    def __init__(self, expected: str | type[Reverted], expected_args: dict[str, Any]) -> None:
        if isinstance(expected, str):
            if not expected.isidentifier():
                raise ValueError(f"not a Solidity error name: {expected!r}")
        elif not (isinstance(expected, type) and issubclass(expected, Reverted)):
            raise TypeError(f"expected an error name or a Reverted subclass, got {expected!r}")
        self.expected = expected
        self.expected_args = expected_args
        self._value: Reverted | None = None

    @property
    def value(self) -> Reverted:
        """The revert the block raised (available once the ``with`` block has exited)."""
        if self._value is None:
            raise AttributeError("no revert caught yet: read .value after the with block")
        return self._value

    def __enter__(self) -> RevertExpectation:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        __tracebackhide__ = True
        if exc is None:
            raise AssertionError(f"expected {self._describe()} to revert, but nothing reverted")
        if not isinstance(exc, Reverted):
            return False
        problem = self._mismatch(exc)
        if problem is not None:
            raise AssertionError(problem) from exc
        self._value = exc
        return True

    def _describe(self) -> str:
        name = self.expected if isinstance(self.expected, str) else self.expected.__name__
        shown = ", ".join(f"{k}={_show(v)}" for k, v in self.expected_args.items())
        return f"{name}({shown})" if shown or isinstance(self.expected, str) else name

    def _mismatch(self, exc: Reverted) -> str | None:
        """Why ``exc`` is not the expected revert, or None when it is."""
        if isinstance(self.expected, str):
            matches = isinstance(exc, CustomErrorRevert) and exc.name == self.expected
        else:
            matches = isinstance(exc, self.expected)
        if not matches:
            return (
                f"expected {self._describe()} to revert, but it reverted with another error: {exc}"
            )
        actual = _decoded_args(exc)
        unknown = [k for k in self.expected_args if k not in actual]
        if unknown:
            names = ", ".join(actual) or "none"
            return (
                f"{_name(exc)} has no argument {unknown[0]!r} (its arguments: {names}); "
                f"it reverted with {exc}"
            )
        wrong = [
            f"{k}: expected {_show(v)}, got {_show(actual[k])}"
            for k, v in self.expected_args.items()
            if not _same(v, actual[k])
        ]
        if wrong:
            return (
                f"{_name(exc)} reverted as expected, but with other arguments: "
                f"{'; '.join(wrong)} (it reverted with {exc})"
            )
        return None


def _name(exc: Reverted) -> str:
    return exc.name if isinstance(exc, CustomErrorRevert) else type(exc).__name__


def _decoded_args(exc: Reverted) -> dict[str, Any]:
    if isinstance(exc, CustomErrorRevert):
        return exc.args_by_name
    if isinstance(exc, PanicRevert):
        return {"code": exc.code}
    if isinstance(exc, ReasonRevert):
        return {"reason": exc.reason_text}
    return {}


def _same(expected: Any, actual: Any) -> bool:
    """Equal, allowing an account for its address, any address case, hex text for bytes."""
    expected = getattr(expected, "address", expected)
    if isinstance(expected, str) and isinstance(actual, str) and expected[:2] == actual[:2] == "0x":
        return expected.lower() == actual.lower()
    if isinstance(actual, bytes) and isinstance(expected, str) and expected.startswith("0x"):
        return actual.hex() == expected[2:].lower()
    return bool(expected == actual)


def _show(value: Any) -> str:
    """An account object as its address; anything else as error messages print it."""
    return format_value(getattr(value, "address", value))

"""Shared fixtures: the fixture contracts compiled once, a session anvil, a chain per backend.

``deployment`` (and the ``chain``, ``transactor``, ``probe``, ``token``, ``accounts`` built on
it) is parametrized over the backends: each backend's chain is created and the fixture
contracts deployed once per session, and every test runs between a ``snapshot()`` and a
``revert()``, so tests never see each other's state and nothing is redeployed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from compliance_kit.chain import AnvilProcess, Chain, Embedded, Rpc, Transactor
from compliance_kit.contracts import Contract, deploy
from compliance_kit.exceptions import NodeToolchainMissing

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.build import ArtifactSet

#: property tests are judged on what they find, never on how fast an example runs: a per-example
#: deadline would turn a busy machine into a failure (suites set their own example counts)
settings.register_profile("compliance-kit", deadline=None)
settings.load_profile("compliance-kit")

FIXTURE_CONTRACTS = Path(__file__).parent / "fixtures" / "contracts"
#: RevertProbe.tick() reverts TooEarly until this long after the probe's deployment
PROBE_DELAY = 86_400
#: the backends every ``deployment``-based test runs on (anvil ones carry the rpc marker)
BACKENDS = ["embedded", pytest.param("anvil", marks=pytest.mark.rpc)]


@dataclass(frozen=True)
class Deployment:
    """A chain with the fixture contracts deployed, as it stands at the start of each test."""

    backend: str
    chain: Chain
    transactor: Transactor
    probe: Contract
    token: Contract
    block: int
    """Latest block number right after the deployment."""


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> ArtifactSet:
    """tests/fixtures/contracts compiled once (RevertProbe, ProbeToken and their OZ bases)."""
    from compliance_kit.build import compile_contracts

    return compile_contracts([FIXTURE_CONTRACTS], cache_dir=tmp_path_factory.mktemp("artifacts"))


@pytest.fixture(scope="session")
def anvil() -> Iterator[AnvilProcess]:
    """One anvil for the session, on a free port of 127.0.0.1."""
    try:
        node = AnvilProcess().start()
    except NodeToolchainMissing as exc:
        pytest.skip(f"anvil is not installed: {exc}")
    yield node
    node.stop()


def _deploy(backend: str, chain: Chain, artifacts: ArtifactSet) -> Deployment:
    transactor = Transactor(chain, artifacts.abis())
    deployer = chain.accounts[0]
    probe = deploy(transactor, artifacts["RevertProbe"], PROBE_DELAY, sender=deployer)
    token_address = probe.fn.token().call()
    token = Contract(transactor, token_address, artifacts["ProbeToken"].abi, "ProbeToken")
    return Deployment(backend, chain, transactor, probe, token, chain.block_number())


@pytest.fixture(scope="session")
def embedded_deployment(artifacts: ArtifactSet) -> Iterator[Deployment]:
    with Embedded() as chain:
        yield _deploy("embedded", chain, artifacts)


@pytest.fixture(scope="session")
def anvil_deployment(anvil: AnvilProcess, artifacts: ArtifactSet) -> Iterator[Deployment]:
    with Rpc(anvil.url) as chain:
        yield _deploy("anvil", chain, artifacts)


@pytest.fixture(params=BACKENDS)
def deployment(request: pytest.FixtureRequest) -> Iterator[Deployment]:
    """The backend's session deployment, isolated: snapshot before the test, revert after."""
    deployed: Deployment = request.getfixturevalue(f"{request.param}_deployment")
    with deployed.chain.isolated():
        yield deployed


@pytest.fixture
def backend(deployment: Deployment) -> str:
    return deployment.backend


@pytest.fixture
def chain(deployment: Deployment) -> Chain:
    return deployment.chain


@pytest.fixture
def transactor(deployment: Deployment) -> Transactor:
    """Decodes reverts with every fixture ABI (the probe's errors and OpenZeppelin's)."""
    return deployment.transactor


@pytest.fixture
def probe(deployment: Deployment) -> Contract:
    """The deployed RevertProbe."""
    return deployment.probe


@pytest.fixture
def token(deployment: Deployment) -> Contract:
    """The ProbeToken the probe created (it holds the whole supply)."""
    return deployment.token


@pytest.fixture
def accounts(chain: Chain) -> list[LocalAccount]:
    """The funded dev accounts (same keys on every backend); ``[0]`` deployed the fixtures."""
    return chain.accounts

"""Fixtures for the pytest-plugin tests: inner pytest runs that find the warm compile cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance_kit.build.cache import CACHE_ENV, default_cache_dir

EXAMPLE = Path(__file__).with_name("example_test_compliance.py")
#: load the plugin by module (``no:compliance_kit`` keeps an installed entry point out of the way)
PLUGIN_ARGS = ("-p", "no:compliance_kit", "-p", "compliance_kit.pytest_plugin")


@pytest.fixture(scope="session")
def warm_cache_dir() -> Path:
    """The compile cache of this session (as configured), with the kit's contracts in it.

    Resolved before ``pytester`` points ``HOME`` at a temporary directory, and compiled here so
    inner runs never compile. Also imports here, once, what the inner runs import: an in-process
    run drops the modules it imported first, and a later re-import would leave two copies
    (``requests`` then fails with "You can only merge into CookieJar").
    """
    import hypothesis  # noqa: F401 - the hypothesis pytest plugin imports it in inner runs
    import requests  # noqa: F401
    import web3.providers.rpc  # noqa: F401

    from compliance_kit.build import compile_contracts
    from compliance_kit.chain import Embedded
    from compliance_kit.system import SystemConfig, deploy_system

    directory = default_cache_dir()
    artifacts = compile_contracts(cache_dir=directory)
    with Embedded() as chain:
        deploy_system(SystemConfig.for_dev_accounts(chain), chain, artifacts=artifacts)
    return directory


@pytest.fixture
def inner_pytester(
    warm_cache_dir: Path, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> pytest.Pytester:
    """``pytester`` whose inner runs use the session's compile cache."""
    monkeypatch.setenv(CACHE_ENV, str(warm_cache_dir))
    return pytester

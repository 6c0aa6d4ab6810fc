"""Fixtures of the reliability suites: the ``ck_`` system.

Every test that uses ``system`` (or any ``ck_`` fixture) runs between a chain snapshot and a
revert (the pytest plugin), on the session's embedded chain and ``us`` deployment, which the
admin, CLI and plugin suites share. Hypothesis example counts are quick by default;
``CK_DEEP=1`` (as for tests/properties) runs the deep profile (see ``helpers.examples``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from compliance_kit.system import DeployedSystem


@pytest.fixture
def system(ck_system: DeployedSystem) -> DeployedSystem:
    """The ``us`` system of the session (isolated per test by the plugin's snapshot)."""
    return ck_system

"""Roles: the holders read back from the chain, grant/revoke, the two-step admin handover."""

from __future__ import annotations

import pytest

from compliance_kit.admin import AccessDenied, IssuerAdmin, MissingRole
from compliance_kit.exceptions import InputError

DAY = 86_400


def test_roles_match_the_deployment(admin, ck_system, ck_actors):
    report = admin.roles()
    roles = ck_system.manifest.roles
    token = report.holders["token"]
    assert token["DEFAULT_ADMIN_ROLE"] == [roles.admin]
    assert token["KYC_OPERATOR_ROLE"] == [roles.kyc_operator]
    assert token["MINTER_ROLE"] == [m.address for m in roles.minters]
    assert report.holders["attestor"]["ATTESTOR_ROLE"] == [roles.attestor]
    assert report.minters == {roles.minters[0].address: 1_000_000_000}
    assert report.kyc_providers == [ck_actors.kyc_provider.address]
    assert report.auditors == [ck_actors.attestor.address]
    assert report.handover.admin == roles.admin
    assert report.handover.pending_admin is None


def test_grant_and_revoke(admin, ck_actors):
    bob = ck_actors.bob.address
    result = admin.grant_role("pauser", bob)
    assert result.signer == ck_actors.admin.address
    assert admin.has_role("PAUSER_ROLE", bob)
    assert bob in admin.roles(page_size=3).holders["token"]["PAUSER_ROLE"]
    admin.revoke_role("pauser", bob)
    assert not admin.has_role("pauser", bob)
    assert bob not in admin.roles().holders["token"]["PAUSER_ROLE"]


def test_attestor_roles_go_to_the_attestor(admin, ck_actors):
    admin.grant_role("attestor", ck_actors.bob.address)
    assert admin.has_role("attestor", ck_actors.bob.address, "attestor")
    with pytest.raises(InputError, match="has no ATTESTOR_ROLE"):
        admin.grant_role("attestor", ck_actors.bob.address, "token")


@pytest.mark.parametrize(
    ("role", "fragment"), [("minter", "configure_minter"), ("admin", "two-step")]
)
def test_roles_with_their_own_path(admin, ck_actors, nothing_sent, role, fragment):
    with nothing_sent(), pytest.raises(InputError, match=fragment):
        admin.grant_role(role, ck_actors.bob.address)


def test_granting_needs_the_admin(admin, ck_actors, nothing_sent):
    clerk = IssuerAdmin(admin.system, [ck_actors.kyc_operator])
    with nothing_sent(), pytest.raises(MissingRole, match="DEFAULT_ADMIN_ROLE"):
        clerk.grant_role("pauser", ck_actors.bob.address)


def test_two_step_admin_handover(admin, ck_actors, ck_advance_time, nothing_sent):
    new_admin = ck_actors.bob
    admin.begin_admin_transfer(new_admin.address)
    handover = admin.admin_handover()
    assert handover.pending_admin == new_admin.address
    with nothing_sent(), pytest.raises(InputError, match="can be accepted after"):
        admin.accept_admin_transfer()
    ck_advance_time(2 * DAY + 1)
    without_key = IssuerAdmin(admin.system, [ck_actors.admin])
    with pytest.raises(AccessDenied, match="the pending admin"):
        without_key.accept_admin_transfer()
    result = admin.accept_admin_transfer()
    assert result.signer == new_admin.address
    assert admin.roles().holders["token"]["DEFAULT_ADMIN_ROLE"] == [new_admin.address]


def test_cancel_a_handover(admin, ck_actors):
    admin.begin_admin_transfer(ck_actors.bob.address)
    admin.cancel_admin_transfer()
    assert admin.admin_handover().pending_admin is None
    with pytest.raises(InputError, match="no default-admin handover"):
        admin.accept_admin_transfer()

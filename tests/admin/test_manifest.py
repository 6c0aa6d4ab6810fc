"""An admin found again from its manifest: the same system, the same answers."""

from __future__ import annotations

from compliance_kit.admin import IssuerAdmin


def test_manifest_round_trip(funded, ck_system, ck_chain, tmp_path):
    path = ck_system.write_manifest(tmp_path / "deployment.json")
    again = IssuerAdmin.from_manifest(path, ck_chain)
    assert again.system.addresses == ck_system.addresses
    assert again.status() == funded.status()
    assert again.signers == tuple(ck_chain.accounts)

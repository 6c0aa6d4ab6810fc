"""Signing keys: keystore files and the environment; keys never shown."""

from __future__ import annotations

import stat

import pytest
from eth_account import Account

from compliance_kit.admin import IssuerAdmin
from compliance_kit.keys import (
    PASSWORD_ENV,
    PRIVATE_KEY_ENV,
    KeyLoadError,
    account_from_key,
    key_from_env,
    load_keystore,
    signers_from_settings,
    write_keystore,
)
from compliance_kit.settings import load_settings

PASSWORD = "correct horse battery staple"
FAST = 2**12  # scrypt cost for tests (the default is 2**18)


@pytest.fixture
def operator():
    return Account.create()


@pytest.fixture
def keystore(operator, tmp_path):
    return write_keystore(operator, PASSWORD, tmp_path / "keys" / "operator.json", iterations=FAST)


def test_keystore_round_trip(operator, keystore, monkeypatch):
    assert stat.S_IMODE(keystore.stat().st_mode) == 0o600
    assert load_keystore(keystore, PASSWORD).address == operator.address
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    assert load_keystore(keystore).address == operator.address


def test_the_password_can_be_asked(operator, keystore, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    asked = []
    account = load_keystore(keystore, prompt=lambda text: asked.append(text) or PASSWORD)
    assert account.address == operator.address
    assert asked == [f"password for {keystore}: "]


def test_no_password_and_no_terminal(keystore, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    with pytest.raises(KeyLoadError, match=PASSWORD_ENV):
        load_keystore(keystore)


def test_a_wrong_password_is_named_and_not_shown(keystore):
    with pytest.raises(KeyLoadError) as caught:
        load_keystore(keystore, "hunter2")
    assert str(caught.value) == f"keystore {keystore}: wrong password"
    assert caught.value.field == "keystore_password"


@pytest.mark.parametrize(
    ("content", "fragment"), [(None, "does not exist"), ("{", "not JSON"), ("{}", "no 'crypto'")]
)
def test_bad_keystore_files(tmp_path, content, fragment):
    path = tmp_path / "key.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(KeyLoadError, match=fragment):
        load_keystore(path, PASSWORD)


def test_private_key_from_the_environment(operator, monkeypatch):
    monkeypatch.delenv(PRIVATE_KEY_ENV, raising=False)
    assert key_from_env() is None
    monkeypatch.setenv(PRIVATE_KEY_ENV, operator.key.hex())
    assert key_from_env().address == operator.address


@pytest.mark.parametrize("secret", ["0x1234", "zz" * 32, "0x" + "00" * 32])
def test_a_malformed_key_is_never_echoed(secret):
    with pytest.raises(KeyLoadError) as caught:
        account_from_key(secret)
    assert PRIVATE_KEY_ENV in str(caught.value)
    assert secret.removeprefix("0x") not in str(caught.value)
    error = caught.value  # no chained library error that could quote the value
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


def test_settings_never_show_secrets(operator, keystore, monkeypatch):
    secret = operator.key.hex()
    monkeypatch.setenv(PRIVATE_KEY_ENV, secret)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    settings = load_settings(None, keystore=keystore)
    assert secret not in repr(settings)
    assert PASSWORD not in repr(settings)
    signers = signers_from_settings(settings)
    assert [a.address for a in signers] == [operator.address, operator.address]


def test_signing_with_a_keystore_on_the_embedded_chain(admin, operator, keystore, ck_actors):
    """The key from the keystore, once granted the role, signs the KYC approvals."""
    admin.system.transactor.transact(ck_actors.admin, operator.address, value=10**18)  # gas
    admin.grant_role("kyc_operator", operator.address)
    signer = load_keystore(keystore, PASSWORD)
    desk = IssuerAdmin(admin.system, [signer])
    result = desk.approve_account(ck_actors.mallory.address, 1, 840, "2099-01-01")
    assert result.signer == operator.address
    assert signer.key.hex() not in repr(desk)

"""Settings: options > environment > TOML file > defaults; errors name the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance_kit.settings import CONFIG_ENV, ConfigError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("RPC_URL", "MANIFEST", "KEYSTORE", "CHAIN_ID", "PRIVATE_KEY", "CONFIG"):
        monkeypatch.delenv(f"COMPLIANCE_KIT_{name}", raising=False)


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "issuer.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults():
    settings = load_settings()
    assert settings.rpc_url is None
    assert settings.manifest == Path("deployment.json")


def test_precedence(tmp_path, monkeypatch):
    path = _toml(tmp_path, 'rpc_url = "http://file:8545"\nmanifest = "file.json"\nchain_id = 7\n')
    assert load_settings(path).rpc_url == "http://file:8545"
    monkeypatch.setenv("COMPLIANCE_KIT_RPC_URL", "http://env:8545")
    settings = load_settings(path)
    assert (settings.rpc_url, settings.manifest, settings.chain_id) == (
        "http://env:8545",
        Path("file.json"),
        7,
    )
    assert load_settings(path, rpc_url="http://option:8545").rpc_url == "http://option:8545"
    monkeypatch.setenv(CONFIG_ENV, str(path))
    assert load_settings().chain_id == 7


def test_deploy_section(tmp_path):
    path = _toml(tmp_path, '[deploy]\nname = "HK Dollar"\nsymbol = "HKDX"\nprofile = "hk"\n')
    assert load_settings(path).deploy == {"name": "HK Dollar", "symbol": "HKDX", "profile": "hk"}


@pytest.mark.parametrize(
    ("text", "fragment", "field"),
    [
        ('rpc_ulr = "http://x"\n', "rpc_ulr: Extra inputs are not permitted", "rpc_ulr"),
        ("chain_id = 'one'\n", "chain_id:", "chain_id"),
        ("rpc_url = \n", "is not valid TOML", "config"),
        ('private_key = "0xabc"\n', "COMPLIANCE_KIT_PRIVATE_KEY in the environment", "private_key"),
    ],
)
def test_errors_name_the_file_and_field(tmp_path, text, fragment, field):
    path = _toml(tmp_path, text)
    with pytest.raises(ConfigError, match=fragment) as caught:
        load_settings(path)
    assert str(path) in str(caught.value)
    assert caught.value.field == field
    assert "0xabc" not in str(caught.value)


def test_a_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")

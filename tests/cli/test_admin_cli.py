"""The admin commands without a node: help, exit codes by family, messages naming the field.

Everything here is refused before any connection (or because none answers); the commands at
work on a real node are in ``test_admin_session.py``.
"""

from __future__ import annotations

import json

import pytest
from eth_account import Account

from compliance_kit.cli import (
    EXIT_CONFIG,
    EXIT_ENVIRONMENT,
    EXIT_INPUT,
    EXIT_OK,
)
from compliance_kit.keys import write_keystore
from compliance_kit.settings import ConfigError

ALICE = "0xBcd4042DE499D14e55001CcbB24a551F3b954096"

ADMIN_COMMANDS = [
    ["status"],
    ["kyc", "approve", ALICE, "--tier", "1", "--jurisdiction", "344", "--days", "365"],
    ["kyc", "import", "customers.csv"],
    ["mint", ALICE, "10"],
    ["freeze", ALICE, "--order", "ORDER-1"],
    ["attest", "--reserves", "10", "--report", "r"],
    ["redeem", "list"],
    ["roles", "show"],
    ["check-transfer", ALICE, ALICE, "1"],
    ["audit", "export"],
]


def _one_error(result, code: int, *fragments: str) -> str:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("error: ")
    for fragment in fragments:
        assert fragment in result.stderr
    return result.stderr


def test_help_lists_the_admin_commands_and_exit_codes(cli):
    result = cli("--help")
    assert result.exit_code == EXIT_OK
    for command in ("deploy", "node", "kyc", "mint", "freeze", "attest", "redeem", "roles"):
        assert command in result.stdout
    assert "4 configuration" in result.stdout
    assert "6 access" in result.stdout


@pytest.mark.parametrize("args", ADMIN_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_admin_commands_without_a_node_say_how_to_get_one(cli, args):
    result = cli(*args)
    _one_error(
        result, EXIT_CONFIG, f"`{args[0]}", "needs a node", "compliance-kit node", "--rpc-url"
    )


def test_a_missing_manifest(cli, closed_url, tmp_path):
    missing = tmp_path / "nope.json"
    result = cli("status", "--rpc-url", closed_url, "--manifest", str(missing))
    _one_error(result, EXIT_CONFIG, f"no deployment manifest at {missing}", "deploy first")


def test_a_node_that_is_down(cli, closed_url, tmp_path):
    manifest = tmp_path / "deployment.json"
    manifest.write_text("{}")
    result = cli("status", "--rpc-url", closed_url, "--manifest", str(manifest))
    _one_error(result, EXIT_ENVIRONMENT, f"no JSON-RPC node answers at {closed_url}")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["mint", "0x1234", "10"], "to: "),
        (
            ["kyc", "approve", "bob", "--tier", "1", "--jurisdiction", "1", "--days", "1"],
            "account: ",
        ),
        (["freeze", ALICE.lower()[:-1] + "Z", "--order", "O"], "account: "),
        (["check-transfer", ALICE, "0x12", "1"], "to: "),
        (["roles", "grant", "pauser", "0xnope"], "account: "),
        (["kyc", "revoke", ALICE, "0x1"], "accounts[1]: "),
    ],
)
def test_an_invalid_address_names_the_field_before_connecting(cli, args, field):
    _one_error(cli(*args), EXIT_INPUT, field)


def test_a_mixed_case_typo_is_caught(cli):
    typo = ALICE[:-1] + "7"  # keeps mixed case, breaks the checksum
    _one_error(cli("mint", typo, "1"), EXIT_INPUT, "to: ", "checksum")


def test_deploy_with_an_unknown_profile(cli, tmp_path):
    result = cli("deploy", "--profile", "atlantis", "--manifest", str(tmp_path / "m.json"))
    _one_error(result, EXIT_INPUT, "atlantis")


def test_deploy_needs_a_node(cli, tmp_path):
    result = cli("deploy", "--profile", "hk", "--manifest", str(tmp_path / "m.json"))
    _one_error(result, EXIT_CONFIG, "`deploy` needs a node")


def test_deploy_dry_run_on_the_embedded_chain(cli_json, tmp_path):
    manifest = tmp_path / "m.json"
    summary = cli_json(
        "deploy", "--profile", "hk", "--dry-run", "--symbol", "HKDX", "--manifest", str(manifest)
    )
    assert summary["dry_run"] is True
    assert summary["manifest"] is None
    assert summary["token"]["symbol"] == "HKDX"
    assert summary["profile"] == "hk"
    assert {"attestor", "token"} <= set(summary["addresses"])
    assert not manifest.exists()


def test_a_bad_config_file_names_file_and_field(cli, tmp_path):
    config = tmp_path / "issuer.toml"
    config.write_text('rpc_url = "http://127.0.0.1:1"\nmanfest = "m.json"\n')
    result = cli("status", "--config", str(config))
    _one_error(result, EXIT_CONFIG, str(config), "manfest: Extra inputs are not permitted")


def test_deploy_config_errors_name_the_field(cli, tmp_path):
    config = tmp_path / "issuer.toml"
    config.write_text('[deploy]\nname = "HK Dollar"\nsymbol = "has spaces"\nprofile = "hk"\n')
    result = cli("deploy", "--dry-run", "--config", str(config))
    _one_error(result, EXIT_CONFIG, f"{config} [deploy]: symbol:")


def test_a_keystore_without_its_password(cli, closed_url, tmp_path):
    account = Account.create()
    keystore = write_keystore(account, "s3cret", tmp_path / "key.json", iterations=2**12)
    manifest = tmp_path / "deployment.json"
    manifest.write_text("{}")
    result = cli(
        "pause", "--rpc-url", closed_url, "--manifest", str(manifest), "--keystore", str(keystore)
    )
    stderr = _one_error(result, EXIT_CONFIG, "COMPLIANCE_KIT_KEYSTORE_PASSWORD")
    assert account.key.hex()[2:] not in stderr


def test_a_wrong_keystore_password(cli, closed_url, tmp_path):
    keystore = write_keystore(Account.create(), "s3cret", tmp_path / "key.json", iterations=2**12)
    manifest = tmp_path / "deployment.json"
    manifest.write_text("{}")
    result = cli(
        "pause",
        "--rpc-url",
        closed_url,
        "--manifest",
        str(manifest),
        "--keystore",
        str(keystore),
        env={"COMPLIANCE_KIT_KEYSTORE_PASSWORD": "guess"},
    )
    stderr = _one_error(result, EXIT_CONFIG, "wrong password")
    assert "guess" not in stderr


def test_a_malformed_private_key_is_not_echoed(cli, closed_url, tmp_path):
    manifest = tmp_path / "deployment.json"
    manifest.write_text("{}")
    secret = "ab" * 31
    result = cli(
        "pause",
        "--rpc-url",
        closed_url,
        "--manifest",
        str(manifest),
        env={"COMPLIANCE_KIT_PRIVATE_KEY": secret},
    )
    stderr = _one_error(result, EXIT_CONFIG, "COMPLIANCE_KIT_PRIVATE_KEY is not a private key")
    assert secret not in stderr


def test_kyc_approve_needs_one_expiry(cli):
    result = cli("kyc", "approve", ALICE, "--tier", "1", "--jurisdiction", "344")
    assert result.exit_code == EXIT_INPUT
    assert "exactly one of --expiry and --days" in result.output


def test_debug_shows_the_original_error(cli):
    result = cli("--debug", "status")
    assert isinstance(result.exception, ConfigError)


def test_the_error_text_travels_with_the_exit(cli):
    """Scripts driving ``app`` in-process get the message in ``result.exception`` too."""
    result = cli("status")
    assert "needs a node" in str(result.exception)
    assert json.dumps(str(result.exception))  # plain text

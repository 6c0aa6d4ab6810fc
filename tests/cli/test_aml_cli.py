"""The AML commands: ``limits``, ``travel-rule``, ``corridor``, ``sanctions`` (and
``check-transfer`` for codes 11-18).

First without a node: help, and every bad input refused (exit 2) before anything connects. Then
on a real anvil (one per module, a ``us`` deployment with alice and bob verified and funded), each
test between a snapshot and a revert: the commands at work, ``--json`` parsed, the exit codes of
each family. The anvil part is skipped only when the anvil binary is not installed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from eth_utils import keccak

from compliance_kit.cli import EXIT_ACCESS, EXIT_CONFIG, EXIT_FAILED, EXIT_INPUT, EXIT_REFUSED

ALICE = "0xBcd4042DE499D14e55001CcbB24a551F3b954096"
BOB = "0x71bE63f3384f5fb98995898A86B02Fb2426c5788"
MALLORY = "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a"
STRANGER_KEY = "0x" + "5a" * 32

AML_COMMANDS = [
    ["limits", "show"],
    ["limits", "set", "--tier", "1", "--cap", "100"],
    ["limits", "exempt", ALICE],
    ["limits", "remaining", ALICE],
    ["travel-rule", "show"],
    ["travel-rule", "enable"],
    ["travel-rule", "disable"],
    ["travel-rule", "aggregation", "on"],
    ["travel-rule", "threshold", "344", "1000"],
    ["travel-rule", "register", ALICE, BOB, "5000", "--payload-hash", "0x" + "ab" * 32],
    ["travel-rule", "cancel", ALICE, BOB, "5000"],
    ["travel-rule", "commitment", ALICE, BOB, "5000"],
    ["corridor", "show", "840", "344"],
    ["corridor", "set", "840", "344", "deny"],
    ["corridor", "rules", "--closed"],
    ["corridor", "block", "364"],
    ["corridor", "unblock", "364"],
    ["sanctions", "show"],
    ["sanctions", "screening", "--fail-open"],
    ["sanctions", "add", MALLORY],
    ["sanctions", "remove", MALLORY],
    ["sanctions", "check", MALLORY],
]


def _error(result, code: int, *fragments: str) -> str:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    return result.stderr


# --- without a node ------------------------------------------------------------------------------


def test_help_lists_the_aml_groups(cli):
    result = cli("--help")
    for group in ("limits", "travel-rule", "corridor", "sanctions"):
        assert group in result.stdout
    for group, commands in (
        ("limits", ("show", "set", "exempt", "remaining")),
        (
            "travel-rule",
            ("show", "enable", "disable", "aggregation", "threshold", "register", "cancel"),
        ),
        ("corridor", ("show", "set", "rules", "block", "unblock")),
        ("sanctions", ("show", "screening", "add", "remove", "check")),
    ):
        listed = cli(group, "--help").stdout
        assert all(command in listed for command in commands), listed


@pytest.mark.parametrize("args", AML_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_every_aml_command_needs_a_node(cli, args):
    _error(cli(*args), EXIT_CONFIG, "needs a node", "compliance-kit node")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["limits", "show", "--tier", "9"], "tier: "),
        (["limits", "set", "--tier", "vip", "--cap", "1"], "tier: "),
        (["limits", "set", "--tier", "1"], "limits: "),
        (["limits", "exempt", "0x12"], "account: "),
        (["limits", "remaining", "alice"], "account: "),
        (["travel-rule", "show", "--jurisdiction", "US"], "jurisdiction: "),
        (["travel-rule", "threshold", "1000", "1"], "jurisdiction: "),
        (["travel-rule", "aggregation", "maybe"], "aggregation: "),
        (["travel-rule", "register", ALICE, BOB, "1"], "payload: "),
        (["travel-rule", "register", ALICE, BOB, "1", "--payload-hash", "0x12"], "payload_hash: "),
        (
            ["travel-rule", "register", ALICE, "0xnope", "1", "--payload-hash", "0x" + "1" * 64],
            "to: ",
        ),
        (["travel-rule", "cancel", "0x1", BOB, "1"], "from: "),
        (["corridor", "show", "0", "344"], "from: "),
        (["corridor", "set", "840", "344", "sometimes"], "status: "),
        (["corridor", "rules"], "rules: "),
        (["corridor", "block", "4000"], "jurisdiction: "),
        (["sanctions", "screening"], "screening: "),
        (["sanctions", "screening", "--oracle", "0x12"], "oracle: "),
        (["sanctions", "add", MALLORY, "0x12"], "accounts[1]: "),
        (["sanctions", "check", "mallory"], "account: "),
    ],
)
def test_bad_input_is_refused_before_connecting(cli, args, field):
    _error(cli(*args), EXIT_INPUT, field)


def test_an_unreadable_payload_file(cli, tmp_path):
    missing = tmp_path / "nope.json"
    result = cli("travel-rule", "register", ALICE, BOB, "1", "--payload-file", str(missing))
    _error(result, EXIT_INPUT, "payload: cannot read")


# --- on a node ---------------------------------------------------------------------------------


@dataclass
class Deployment:
    url: str
    manifest: Path
    chain: object

    def admin(self):
        from compliance_kit.admin import IssuerAdmin

        return IssuerAdmin.from_manifest(self.manifest, self.chain)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """anvil with 13 dev accounts, a ``us`` deployment, alice and bob verified (retail, 840),
    reserves attested and 20,000 minted to alice."""
    from compliance_kit.admin import IssuerAdmin
    from compliance_kit.build.toolchain import anvil_binary
    from compliance_kit.chain import AnvilProcess, Rpc
    from compliance_kit.exceptions import NodeToolchainMissing
    from compliance_kit.system import SystemConfig, deploy_system

    try:
        anvil_binary()
    except NodeToolchainMissing as exc:
        pytest.skip(f"anvil is not installed: {exc}")
    folder = tmp_path_factory.mktemp("aml-cli")
    with AnvilProcess(extra_args=("--accounts", "13")) as node, Rpc(node.url) as chain:
        system = deploy_system(SystemConfig.for_dev_accounts(chain, profile="us"), chain)
        manifest = system.write_manifest(folder / "deployment.json")
        admin = IssuerAdmin(system)
        admin.approve_accounts(
            [(ALICE, "retail", 840, "2099-12-31"), (BOB, "retail", 840, "2099-12-31")]
        )
        admin.attest("10_000_000", "reserve report")
        admin.mint(ALICE, "20_000")
        yield Deployment(node.url, manifest, chain)


@pytest.fixture
def node(deployment: Deployment, clean_env: None, monkeypatch: pytest.MonkeyPatch):
    """The deployment, reached through the environment; every change undone after the test."""
    monkeypatch.setenv("COMPLIANCE_KIT_RPC_URL", deployment.url)
    monkeypatch.setenv("COMPLIANCE_KIT_MANIFEST", str(deployment.manifest))
    snapshot = deployment.chain.snapshot()
    try:
        yield deployment
    finally:
        deployment.chain.revert(snapshot)


def _block(deployment: Deployment) -> int:
    return deployment.chain.block_number()


@pytest.mark.rpc
def test_limits(node, cli, cli_json):
    tiers = cli_json("limits", "show")
    assert [t["tier_name"] for t in tiers] == [
        "retail",
        "professional",
        "institution",
        "issuer_treasury",
    ]
    retail = cli_json("limits", "show", "--tier", "retail")
    assert (retail["transfer_cap"], retail["volume_limit"], retail["window"]) == (
        "10000",
        "25000",
        "1 d",
    )
    assert retail["max_transfers"] == 50
    table = cli("limits", "show")
    assert table.exit_code == 0
    assert "retail" in table.stdout
    changed = cli_json("limits", "set", "--tier", "1", "--cap", "150.5", "--window", "12h")
    event = changed["events"][0]
    assert event["event"] == "TierLimitsSet"
    assert event["args"]["limits"] == {
        "transferCap": 150_500_000,
        "volumeLimit": 25_000 * 10**6,
        "window": 43_200,
        "maxTransfers": 50,
    }
    assert cli_json("limits", "show", "--tier", "1")["transfer_cap"] == "150.5"
    off = cli_json("limits", "set", "--tier", "1", "--max-transfers", "none")
    assert off["events"][0]["args"]["limits"]["maxTransfers"] == 0
    remaining = cli_json("limits", "remaining", ALICE)
    assert (remaining["volume_available"], remaining["transfers_available"]) == ("25000", None)
    exempt = cli_json("limits", "exempt", ALICE)
    assert exempt["events"][0]["args"] == {"account": ALICE, "previous": False, "exempt": True}
    assert cli_json("limits", "remaining", ALICE)["exempt"] is True
    cli_json("limits", "exempt", ALICE, "--remove")
    assert cli_json("limits", "remaining", ALICE)["exempt"] is False


@pytest.mark.rpc
def test_limits_refusals_send_nothing(node, cli):
    block = _block(node)
    bad = cli("limits", "set", "--tier", "1", "--cap", "1.0000001")
    _error(bad, EXIT_INPUT, "transfer_cap: ", "decimal places")
    window = cli("limits", "set", "--tier", "1", "--window", "30")
    _error(window, EXIT_INPUT, "window: ")
    denied = cli(
        "limits",
        "set",
        "--tier",
        "1",
        "--cap",
        "1",
        env={"COMPLIANCE_KIT_PRIVATE_KEY": STRANGER_KEY},
    )
    stderr = _error(denied, EXIT_ACCESS, "COMPLIANCE_OFFICER_ROLE", "nothing was sent")
    assert STRANGER_KEY[2:] not in stderr
    assert _block(node) == block


@pytest.mark.rpc
def test_travel_rule(node, cli, cli_json, tmp_path):
    shown = cli_json("travel-rule", "show", "--jurisdiction", "344")
    assert (shown["travel_rule"], shown["home_jurisdiction"], shown["home_threshold"]) == (
        True,
        840,
        "3000",
    )
    assert shown["threshold"] == {"jurisdiction": 344, "threshold": "0", "own": True, "home": False}
    assert "travel rule: on" in cli("travel-rule", "show").stdout
    set_threshold = cli_json("travel-rule", "threshold", "344", "1_000")
    assert set_threshold["events"][0]["args"]["threshold"] == 1_000 * 10**6
    cli_json("travel-rule", "threshold", "344", "none")
    assert cli_json("travel-rule", "show", "--jurisdiction", "344")["threshold"]["own"] is False
    assert cli_json("travel-rule", "disable")["events"][0]["args"]["enabled"] is False
    assert cli_json("travel-rule", "enable")["events"][0]["args"]["enabled"] is True

    # the preflight refuses 5,000 without a commitment (exit 5), the VASP registers one
    refused = cli_json("check-transfer", ALICE, BOB, "5000", code=EXIT_REFUSED)
    assert (refused["code"], refused["rule"]) == (18, "travel_rule_commitment_missing")
    assert f"travel-rule register {ALICE} {BOB} 5000" in refused["remedy"]
    payload = tmp_path / "ivms101.json"
    payload.write_bytes(b'{"originator": "..."}')
    registered = cli_json(
        "travel-rule", "register", ALICE, BOB, "5000", "--payload-file", str(payload)
    )
    event = registered["events"][0]
    assert (event["contract"], event["event"]) == ("travel_rule_registry", "CommitmentRegistered")
    assert event["args"]["payloadHash"] == "0x" + keccak(payload.read_bytes()).hex()
    pending = cli_json("travel-rule", "commitment", ALICE, BOB, "5000")
    assert (pending["pending"], pending["required"], pending["threshold"]) == (True, True, "3000")
    assert "threshold: 3,000 DEVS" in cli("travel-rule", "commitment", ALICE, BOB, "5000").stdout
    assert cli_json("check-transfer", ALICE, BOB, "5000")["passes"]
    again = cli("travel-rule", "register", ALICE, BOB, "5000", "--payload-hash", "0x" + "ab" * 32)
    _error(again, EXIT_FAILED, "CommitmentAlreadyPending", "travel-rule cancel", "nothing was sent")
    cancelled = cli_json("travel-rule", "cancel", ALICE, BOB, "5000")
    assert cancelled["events"][0]["event"] == "CommitmentCancelled"
    assert cli_json("travel-rule", "commitment", ALICE, BOB, "5000")["pending"] is False
    not_vasp = cli(
        "travel-rule",
        "cancel",
        ALICE,
        BOB,
        "5000",
        env={"COMPLIANCE_KIT_PRIVATE_KEY": STRANGER_KEY},
    )
    _error(not_vasp, EXIT_ACCESS, "VASP_ROLE", "travel-rule registry")


@pytest.mark.rpc
def test_travel_rule_aggregation(node, cli, cli_json):
    shown = cli_json("travel-rule", "show")
    assert (shown["travel_rule"], shown["travel_rule_aggregation"]) == (True, False)
    assert "aggregation: off" in cli("travel-rule", "show").stdout
    on = cli_json("travel-rule", "aggregation", "on")
    assert on["action"] == "switch travel-rule aggregation on"
    assert on["events"][0]["event"] == "TravelRuleAggregationSet"
    assert on["events"][0]["args"] == {"previousEnabled": False, "enabled": True}
    assert cli_json("travel-rule", "show")["travel_rule_aggregation"] is True
    assert "aggregation: on" in cli("travel-rule", "show").stdout
    assert cli_json("status")["travel_rule_aggregation"] is True
    assert "on, from 3,000 DEVS; rolling volume too" in cli("status").stdout

    # 2,950 passes alone; a second 2,950 within the day needs a commitment (exit 5)
    assert cli_json("check-transfer", ALICE, BOB, "2950")["passes"]
    alice = next(a for a in node.chain.accounts if a.address == ALICE)
    node.admin().token.fn.transfer(BOB, 2_950 * 10**6).transact(alice)
    refused = cli_json("check-transfer", ALICE, BOB, "2950", code=EXIT_REFUSED)
    assert (refused["code"], refused["rule"]) == (18, "travel_rule_commitment_missing")
    assert "is below the travel-rule threshold of 3,000 DEVS" in refused["explanation"]
    volume = Decimal(refused["facts"]["aml"]["travel_rule"]["rolling_volume"])
    assert Decimal(3_000) < volume < Decimal(5_901)  # anvil's clock: what recovered varies
    assert f"rolling volume including this payment, {volume:,f} DEVS" in refused["explanation"]
    assert refused["facts"]["aml"]["travel_rule"]["aggregation"] is True
    assert "wait for the sender's rolling volume to fall" in refused["remedy"]
    text = cli("travel-rule", "aggregation", "OFF")
    assert text.exit_code == 0, text.output
    assert cli_json("check-transfer", ALICE, BOB, "2950")["passes"]

    denied = cli(
        "travel-rule", "aggregation", "on", env={"COMPLIANCE_KIT_PRIVATE_KEY": STRANGER_KEY}
    )
    _error(denied, EXIT_ACCESS, "COMPLIANCE_OFFICER_ROLE", "nothing was sent")


@pytest.mark.rpc
def test_corridors(node, cli, cli_json):
    shown = cli_json("corridor", "show", "840", "364")
    assert (shown["status"], shown["open"], shown["reason"]) == (
        "unset",
        False,
        "jurisdiction 364 is blocked",
    )
    assert shown["corridors_mode"] == "open by default"
    closed = cli_json("corridor", "rules", "--closed")
    assert closed["events"][0]["args"] == {
        "previousEnabled": True,
        "previousOpenByDefault": True,
        "enabled": True,
        "openByDefault": False,
    }
    assert cli_json("corridor", "show", "840", "344")["open"] is False
    allowed = cli_json("corridor", "set", "840", "344", "allow")
    assert allowed["events"][0]["args"]["status"] == 1
    assert cli_json("corridor", "show", "840", "344")["open"] is True
    text = cli("corridor", "show", "840", "344").stdout
    assert "pass: the corridor is allowed" in text
    blocked = cli_json("corridor", "block", "344")
    assert blocked["events"][0]["args"] == {"jurisdiction": 344, "previous": False, "blocked": True}
    assert cli_json("corridor", "unblock", "344")["events"][0]["args"]["blocked"] is False
    home = cli("corridor", "block", "840")
    _error(home, EXIT_FAILED, "HomeJurisdictionBlocked", "pause the token", "nothing was sent")
    assert cli_json("corridor", "rules", "--disabled")["events"][0]["args"]["enabled"] is False


@pytest.mark.rpc
def test_sanctions(node, cli, cli_json):
    shown = cli_json("sanctions", "show")
    assert shown["system_list"] is True
    assert shown["oracle"] == shown["sanctions_list"]
    assert (shown["on_mint"], shown["on_transfer"], shown["fail_open"]) == (True, True, False)
    assert cli_json("sanctions", "check", BOB)["sanctioned"] is False
    added = cli_json("sanctions", "add", BOB, MALLORY)
    assert [e["event"] for e in added["events"]] == ["SanctionedAddressAdded"] * 2
    assert added["signer"] == shown["sanctions_list_owner"]
    assert cli_json("sanctions", "check", BOB)["sanctioned"] is True
    assert "SANCTIONED" in cli("sanctions", "check", BOB).stdout

    # codes 12 and 11 in the preflight; a mint to a listed account: exit 5, nothing sent
    to_bob = cli_json("check-transfer", ALICE, BOB, "1", code=EXIT_REFUSED)
    assert (to_bob["code"], to_bob["rule"]) == (12, "recipient_sanctioned")
    assert f"sanctions remove {BOB}" in to_bob["remedy"]
    from_bob = cli_json("check-transfer", BOB, ALICE, "1", code=EXIT_REFUSED)
    assert (from_bob["code"], from_bob["rule"]) == (11, "sender_sanctioned")
    block = _block(node)
    mint = cli("mint", BOB, "1")
    _error(
        mint,
        EXIT_REFUSED,
        "AccountSanctioned",
        "rule 12 (recipient_sanctioned)",
        "nothing was sent",
    )
    assert _block(node) == block

    cli_json("sanctions", "remove", BOB)
    assert cli_json("check-transfer", ALICE, BOB, "1")["passes"]
    not_owner = cli("sanctions", "add", BOB, env={"COMPLIANCE_KIT_PRIVATE_KEY": STRANGER_KEY})
    _error(not_owner, EXIT_ACCESS, "ownership on the sanctions list", "nothing was sent")

    # screening: fail open, then off (an oracle is needed while anything is screened)
    opened = cli_json("sanctions", "screening", "--fail-open", "--no-redeem")
    screening = opened["events"][0]["args"]["screening"]
    assert (screening["failOpen"], screening["onRedeem"], screening["onMint"]) == (
        True,
        False,
        True,
    )
    needs = cli("sanctions", "screening", "--oracle", "none")
    _error(needs, EXIT_INPUT, "oracle: ", "needs an oracle")
    off = cli_json("sanctions", "screening", "--oracle", "none", "--no-mint", "--no-transfer")
    assert off["events"][0]["args"]["screening"]["oracle"] == "0x" + "00" * 20
    assert cli_json("sanctions", "show")["oracle"] is None
    assert cli_json("sanctions", "check", BOB)["sanctioned"] is False  # the system's list


@pytest.mark.rpc
def test_check_transfer_explains_the_limits(node, cli, cli_json):
    cap = cli_json("check-transfer", ALICE, BOB, "12000", code=EXIT_REFUSED)
    assert (cap["code"], cap["rule"]) == (15, "transfer_cap_exceeded")
    assert "may send at most 10,000" in cap["explanation"]
    assert cap["facts"]["aml"]["sender_limits"]["transfer_cap"] == "10000"
    text = cli("check-transfer", ALICE, BOB, "12000")
    assert text.exit_code == EXIT_REFUSED
    assert "refused: code 15 (transfer_cap_exceeded)" in text.stdout
    assert "limits set --tier 1 --cap" in text.stdout


@pytest.mark.rpc
def test_status_and_roles_show_the_aml_settings(node, cli, cli_json):
    status = cli_json("status")
    assert (
        status["home_jurisdiction"],
        status["travel_rule"],
        status["travel_rule_threshold"],
    ) == (
        840,
        True,
        "3000",
    )
    assert status["corridors"] == "open by default"
    assert status["sanctions_screening"] == "mint, redeem, transfer; fails closed"
    text = cli("status").stdout
    assert "sanctions screening" in text
    assert "on, from 3,000 DEVS" in text
    assert "20,000 DEVS" in text  # the supply: whole amounts keep their zeros
    roles = cli_json("roles", "show")
    assert len(roles["vasps"]) == 1
    assert roles["holders"]["travel_rule_registry"]["VASP_ROLE"] == roles["vasps"]
    assert roles["sanctions_list_owner"] == roles["holders"]["token"]["COMPLIANCE_OFFICER_ROLE"][0]


@pytest.mark.rpc
def test_the_audit_export_holds_the_aml_events(node, cli, cli_json, tmp_path):
    start = str(_block(node) + 1)
    cli_json("limits", "set", "--tier", "2", "--cap", "2000.25")
    cli_json("travel-rule", "register", ALICE, BOB, "5000", "--payload-hash", "0x" + "cd" * 32)
    cli_json("sanctions", "add", MALLORY)
    exported = tmp_path / "audit.json"
    result = cli("audit", "export", "--json", "--from-block", start, "--output", str(exported))
    assert result.exit_code == 0, result.output
    records = json.loads(exported.read_text())
    assert [(r["contract"], r["event"]) for r in records] == [
        ("token", "TierLimitsSet"),
        ("travel_rule_registry", "CommitmentRegistered"),
        ("sanctions_oracle", "SanctionedAddressAdded"),
    ]
    assert records[0]["amounts"]["limits.transferCap"] == "2000.25"
    assert records[1]["amounts"] == {"amount": "5000"}

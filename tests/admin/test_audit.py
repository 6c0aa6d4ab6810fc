"""The audit log: every event emitted appears once, decoded, timed, in token units; exported."""

from __future__ import annotations

import csv
import io
import json

from compliance_kit.admin import export_csv, export_json


def _story(funded, ck_actors):
    """A few admin actions; returns their results (each with its decoded events)."""
    return [
        funded.approve_account(ck_actors.mallory.address, 2, 344, "2099-01-01"),
        funded.mint(ck_actors.mallory.address, "250.25"),
        funded.freeze_tokens(ck_actors.mallory.address, "50", "ORDER-7"),
        funded.attest("12_000_000", "november report"),
    ]


def test_every_emitted_event_is_in_the_log(funded, ck_actors):
    start = funded.chain.block_number() + 1
    results = _story(funded, ck_actors)
    records = funded.audit_log(start)
    emitted = [(r.tx_hash, e.log_index, e.name) for r in results for e in r.events]
    assert [(r.tx_hash, r.log_index, r.event) for r in records] == emitted
    mint = next(r for r in records if r.event == "Transfer")
    assert mint.amounts == {"value": "250.25"}
    assert mint.args["value"] == 250_250_000
    frozen = next(r for r in records if r.event == "TokensFrozen")
    assert frozen.summary.endswith("amount=50, totalFrozen=50, orderRef=ORDER-7)")
    attested = records[-1]
    assert (attested.contract, attested.amounts) == ("attestor", {"reserves": "12000000"})
    assert attested.timestamp == funded.chain.timestamp()


def test_the_whole_history_from_the_deployment(funded):
    records = funded.audit_log()
    names = [r.event for r in records]
    assert names.count("RoleGranted") >= 7  # the deployment's role assignments
    assert "MinterConfigured" in names
    assert "RedemptionSlaSet" in names
    sla = next(r for r in records if r.event == "RedemptionSlaSet")
    assert sla.amounts == {}  # durations are not token amounts


def test_pages_change_nothing(funded, ck_actors):
    _story(funded, ck_actors)
    assert funded.audit_log(page_size=1) == funded.audit_log(page_size=10_000)


def test_filter_by_event_and_block(funded, ck_actors):
    results = _story(funded, ck_actors)
    block = results[1].block_number
    only = funded.audit_log(block, block, events=["Transfer"])
    assert [(r.block, r.event) for r in only] == [(block, "Transfer")]


def test_csv_and_json_exports(funded, ck_actors, tmp_path):
    _story(funded, ck_actors)
    records = funded.audit_log()
    path = tmp_path / "audit.json"
    export_json(records, path)
    data = json.loads(path.read_text())
    assert len(data) == len(records)
    assert data[-1]["event"] == "ReservesAttested"
    assert data[-1]["args"]["reportHash"].startswith("0x")
    buffer = io.StringIO()
    export_csv(records, buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert [r["tx_hash"] for r in rows] == [r.tx_hash for r in records]
    transfer = next(r for r in rows if r["event"] == "Transfer")
    assert json.loads(transfer["amounts"]) == {"value": "1000"}
    assert transfer["time"].endswith("Z")

"""The kit's first commands: compile, demo, chain info/balance, bench, scenario."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from compliance_kit.cli.app import app
from compliance_kit.cli.errors import EXIT_ENVIRONMENT, EXIT_FAILED
from compliance_kit.cli.options import JsonFlag
from compliance_kit.exceptions import ChainIdMismatch

RpcUrl = Annotated[
    str | None,
    typer.Option(
        "--rpc-url",
        envvar="COMPLIANCE_KIT_RPC_URL",
        help="JSON-RPC node URL (default: the embedded in-process chain).",
    ),
]

bench_app = typer.Typer(help="Benchmarks, measured side by side in one run.", no_args_is_help=True)
chain_app = typer.Typer(help="Inspect a chain (embedded or JSON-RPC).", no_args_is_help=True)
app.add_typer(bench_app, name="bench")
app.add_typer(chain_app, name="chain")
scenario_app = typer.Typer(
    help="Run compliance scenarios (YAML stories with expectations).", no_args_is_help=True
)
app.add_typer(scenario_app, name="scenario")


@app.command("compile")
def compile_cmd(as_json: JsonFlag = False) -> None:
    """Compile the kit's contracts (cached by input hash and compiler version)."""
    from compliance_kit.build import compile_contracts

    artifacts = compile_contracts()
    rows: list[dict[str, Any]] = [
        {
            "contract": a.name,
            "source": a.source,
            "bytecode_bytes": len(a.deployed_bytecode),
            "compiler": a.compiler_version,
        }
        for a in artifacts.values()
    ]
    if as_json:
        typer.echo(json.dumps({"from_cache": artifacts.from_cache, "contracts": rows}))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"compiled with solc {artifacts.compiler_version}"
        + (" (cache hit)" if artifacts.from_cache else "")
    )
    for column in ("contract", "source", "runtime size", "compiler"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row["contract"]),
            str(row["source"]),
            f"{row['bytecode_bytes']:,} B",
            str(row["compiler"]),
        )
    Console().print(table)


@app.command()
def demo() -> None:
    """The main job: a compliance story, then the bundled scenario library, on the embedded chain.

    Exits 1 when any scenario's expectation fails.
    """
    from compliance_kit.demo import run_demo
    from compliance_kit.scenarios import bundled_scenarios, load_scenario, report, run_scenario

    run_demo()
    loaded = [load_scenario(path) for path in bundled_scenarios()]
    results = [run_scenario(item) for item in loaded]
    report.print_report(results)
    if not all(r.passed for r in results):
        raise SystemExit(EXIT_FAILED)


ChainId = Annotated[
    int | None,
    typer.Option(
        "--chain-id",
        envvar="COMPLIANCE_KIT_CHAIN_ID",
        help="Refuse to continue unless the chain reports this id.",
    ),
]


@chain_app.command("info")
def chain_info(rpc_url: RpcUrl = None, chain_id: ChainId = None, as_json: JsonFlag = False) -> None:
    """Connect and show chain id, latest block, time and the funded accounts."""
    from compliance_kit.chain import connect

    chain = connect(rpc_url)
    if chain_id is not None and chain.chain_id != chain_id:
        chain.close()
        raise ChainIdMismatch(chain_id, chain.chain_id, where=rpc_url or "the embedded chain")
    info = {
        "backend": type(chain).__name__,
        "chain_id": chain.chain_id,
        "block": chain.block_number(),
        "timestamp": chain.timestamp(),
        "accounts": [a.address for a in chain.accounts],
    }
    chain.close()
    if as_json:
        typer.echo(json.dumps(info))
        return
    for key, value in info.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        typer.echo(f"{key:>10}: {shown}")


@chain_app.command("balance")
def chain_balance(
    address: Annotated[str, typer.Argument(help="Account address (0x + 40 hex digits).")],
    rpc_url: RpcUrl = None,
    as_json: JsonFlag = False,
) -> None:
    """Show the ether balance of ADDRESS (validated before connecting)."""
    from compliance_kit.chain import connect
    from compliance_kit.units import format_units, to_address

    account = to_address(address, field="address")
    chain = connect(rpc_url)
    wei = chain.get_balance(account)
    chain.close()
    if as_json:
        typer.echo(json.dumps({"address": account, "wei": str(wei)}))
    else:
        typer.echo(f"{account}: {format_units(wei, 18)} ETH")


@bench_app.command("throughput")
def bench_throughput(
    transfers: Annotated[int, typer.Option(min=10, max=100_000, help="Transfers per run.")] = 300,
    as_json: JsonFlag = False,
) -> None:
    """ERC-20 transfers per second: the kit's path vs web3.py defaults, same contract and chain."""
    from compliance_kit.bench import throughput

    result = throughput.run(transfers)
    if as_json:
        typer.echo(throughput.as_json(result))
        return
    typer.echo(
        f"{result.transfers} transfers of PlainERC20 on the embedded chain\n"
        f"  web3.py defaults (no coincurve):  {result.naive_tx_per_s:8.1f} tx/s\n"
        f"  compliance-kit:                   {result.kit_tx_per_s:8.1f} tx/s  "
        f"({result.ratio:.1f}x)\n"
        f"  compliance-kit, batched blocks:   {result.kit_batched_tx_per_s:8.1f} tx/s  "
        f"({result.batched_ratio:.1f}x)"
    )


@bench_app.command("gas")
def bench_gas(as_json: JsonFlag = False) -> None:
    """Gas of each ComplianceStablecoin operation next to OpenZeppelin's, on one fresh chain."""
    from compliance_kit.bench import gas

    rows = gas.run()
    if as_json:
        typer.echo(gas.as_json(rows))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="gas per operation: ComplianceStablecoin vs OpenZeppelin ERC-20")
    for column in ("operation", "gas", "OZ gas", "ratio", "target"):
        table.add_column(column, justify="left" if column == "operation" else "right")
    for row in rows:
        target = gas.TARGETS.get(row.operation)
        verdict = "" if target is None else f"≤ {target:,} {'✓' if row.gas <= target else '✗'}"
        table.add_row(
            row.operation,
            f"{row.gas:,}",
            "-" if row.oz_gas is None else f"{row.oz_gas:,}",
            "-" if row.ratio is None else f"{row.ratio:.3f}",
            verdict,
        )
    Console().print(table)


@scenario_app.command("run")
def scenario_run(
    files: Annotated[
        list[str] | None,
        typer.Argument(help="Scenario YAML files (default: the bundled library)."),
    ] = None,
    as_json: JsonFlag = False,
    report_dir: Annotated[
        str | None,
        typer.Option(
            "--report",
            metavar="DIR",
            help="Also write a self-contained HTML report with charts to DIR/index.html "
            "(needs the 'report' extra: matplotlib).",
        ),
    ] = None,
    rpc_url: RpcUrl = None,
) -> None:
    """Run scenarios and report each step; exit 1 when an expectation or check fails, 3 when
    the node stops answering.

    With --rpc-url (a dev node: anvil or hardhat) the systems are deployed there once per
    profile and the node is reverted to its prior state at the end.
    """
    from compliance_kit.scenarios import bundled_scenarios, load_scenario, report, run_scenarios

    if report_dir is not None:
        from compliance_kit.scenarios.html import require_matplotlib

        require_matplotlib()  # before anything runs
    paths = files or [str(p) for p in bundled_scenarios()]
    loaded = [load_scenario(path) for path in paths]  # every file validated before any runs
    with report.progress_bar(enabled=not as_json) as progress:
        results = run_scenarios(loaded, rpc_url=rpc_url, progress=progress)
    if as_json:
        typer.echo(report.as_json(results))
    else:
        report.print_report(results)
    if report_dir is not None:
        from compliance_kit.scenarios.html import write_html_report

        written = write_html_report(results, report_dir)
        typer.echo(f"HTML report: {written}", err=as_json)
    if any(r.node_fault is not None for r in results):
        raise SystemExit(EXIT_ENVIRONMENT)
    if not all(r.passed for r in results):
        raise SystemExit(EXIT_FAILED)


@scenario_app.command("schema")
def scenario_schema() -> None:
    """Print the JSON Schema of a scenario file."""
    from compliance_kit.scenarios.schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))

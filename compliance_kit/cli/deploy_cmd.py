"""``compliance-kit deploy``: a ReserveAttestor and a ComplianceStablecoin from a profile."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from compliance_kit.cli import output
from compliance_kit.cli.app import app
from compliance_kit.cli.options import JsonFlag, Target, connection_options
from compliance_kit.cli.session import connect, load, require_node

if TYPE_CHECKING:
    from compliance_kit.chain.base import Chain
    from compliance_kit.settings import Settings
    from compliance_kit.system import SystemConfig

#: role fields of ``[deploy]``: when none is given, a dev node's dev accounts take the roles
ROLE_FIELDS = (
    "admin",
    "master_minter",
    "minters",
    "kyc_operator",
    "compliance_officer",
    "pauser",
    "treasury",
    "attestor",
    "auditors",
    "kyc_providers",
    "seizure_escrow",
)


@app.command("deploy")
@connection_options()
def deploy(
    target: Target,
    profile: Annotated[
        str | None,
        typer.Option(help="Jurisdiction profile: fatf, us, eu, hk, sg, or a TOML/YAML file."),
    ] = None,
    name: Annotated[str | None, typer.Option(help="Token name.")] = None,
    symbol: Annotated[str | None, typer.Option(help="Token symbol.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing manifest file.")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Deploy on a throwaway embedded chain to check; write nothing."
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Deploy the attestor and the token under a profile and write the manifest.

    [deploy] in the config file sets name, symbol, profile, overrides and the role holders; on a
    dev node (anvil) without role holders, its dev accounts take the roles.
    """
    from compliance_kit.policy import load_profile
    from compliance_kit.settings import ConfigError
    from compliance_kit.system import deploy_system

    settings = load(target)
    fields = dict(settings.deploy)
    for key, value in (("profile", profile), ("name", name), ("symbol", symbol)):
        if value is not None:
            fields[key] = value
    fields.setdefault("profile", "us")
    load_profile(fields["profile"], fields.get("overrides"))  # an unknown profile: exit 2 now
    path = settings.manifest
    if not dry_run:
        require_node(settings, "deploy")
        if path.exists() and not force:
            raise ConfigError(
                f"{path} already exists: it may be the record of a live deployment; pass "
                "--force to overwrite it, or --manifest NEW.json",
                field="manifest",
            )
    chain = _chain(settings, dry_run)
    try:
        system_config = _system_config(fields, chain, settings)
        sender = _sender(system_config.admin, chain)
        system = deploy_system(system_config, chain, sender=sender)
        if not dry_run:
            system.write_manifest(path)
        summary: dict[str, Any] = {
            "manifest": None if dry_run else str(path),
            "dry_run": dry_run,
            "chain_id": system.manifest.chain_id,
            "profile": system.manifest.profile_id,
            "token": system.manifest.token.model_dump(),
            "addresses": system.addresses,
            "transactions": len(system.manifest.steps),
            "block": system.manifest.block_number,
        }
    finally:
        chain.close()
    if as_json:
        output.emit_json(summary)
        return
    token = summary["token"]
    typer.echo(
        f"deployed {token['name']} ({token['symbol']}, {token['decimals']} decimals) under the "
        f"{summary['profile']} profile on chain {summary['chain_id']} in "
        f"{summary['transactions']} transactions"
    )
    for key, address in system.addresses.items():
        typer.echo(f"  {key:>8}: {address}")
    typer.echo("  (dry run: nothing written)" if dry_run else f"  manifest: {path}")


def _chain(settings: Settings, dry_run: bool) -> Chain:
    if dry_run:
        from compliance_kit.chain.embedded import Embedded

        return Embedded()
    return connect(settings, "deploy", sign=True)


def _system_config(fields: dict[str, Any], chain: Chain, settings: Settings) -> SystemConfig:
    """``[deploy]`` as a ``SystemConfig``; role holders from the dev accounts when none is
    given."""
    from pydantic import ValidationError

    from compliance_kit.settings import ConfigError
    from compliance_kit.system import SystemConfig

    source = f"{settings_source(settings)} [deploy]"
    try:
        if any(field in fields for field in ROLE_FIELDS):
            return SystemConfig.model_validate(fields)
        if len(chain.accounts) < 10:
            raise ConfigError(
                f"{source} names no role holders and the node offers no dev accounts to take "
                f"them: list {', '.join(ROLE_FIELDS[:8])} (and minters, seizure_escrow)",
                field="deploy.admin",
            )
        return SystemConfig.for_dev_accounts(chain, **fields)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{source}: {where}: {first['msg']}", field=f"deploy.{where}") from None


def settings_source(settings: Settings) -> str:
    """Where the settings came from, for messages."""
    from compliance_kit.settings import Settings as Base

    file: Path | None = getattr(type(settings), "_toml_file", None)
    return str(file) if file is not None and type(settings) is not Base else "settings"


def _sender(admin: str, chain: Chain) -> Any:
    from compliance_kit.settings import ConfigError

    for account in chain.accounts:
        if account.address == admin:
            return account
    raise ConfigError(
        f"the admin {admin} deploys and configures the system, and its key is not among the "
        "signers: set COMPLIANCE_KIT_PRIVATE_KEY or --keystore to the admin's key",
        field="deploy.admin",
    )

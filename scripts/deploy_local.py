"""Deploy a compliance system locally and write its manifest.

    python scripts/deploy_local.py                       # embedded chain, HK profile
    python scripts/deploy_local.py --profile eu --manifest eu.json

On the embedded chain the deployment lives as long as this process. To keep one across commands,
start a node (`compliance-kit node --state chain.json`) and pass `--rpc-url http://127.0.0.1:8545`;
the CLI then finds the system through the manifest.
"""

from __future__ import annotations

import argparse

from compliance_kit import SystemConfig, connect, deploy_system
from compliance_kit.admin import IssuerAdmin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="hk", help="fatf, us, eu, hk, sg or a profile file")
    parser.add_argument("--manifest", default="deployment.json", help="where to write it")
    parser.add_argument("--rpc-url", default=None, help="a dev node (default: embedded chain)")
    args = parser.parse_args()

    chain = connect(args.rpc_url)  # Embedded() without a URL
    # the chain's dev accounts take the roles: 0 admin, 1 master minter, 2 minter, 3 KYC
    # operator, 4 compliance officer, 5 pauser, 6 treasury, 7 attestor, 8 KYC provider, 9 escrow
    config = SystemConfig.for_dev_accounts(
        chain, profile=args.profile, name="Local Dollar", symbol="LUSD"
    )
    system = deploy_system(config, chain)
    path = system.write_manifest(args.manifest)

    print(f"deployed under the {system.policy.id} profile on chain {chain.chain_id}:")
    for key, address in system.addresses.items():
        print(f"  {key:>20}: {address}")
    print(f"manifest: {path}")
    parameters = system.read_parameters()
    print(f"redemption SLA {parameters.redemption_sla} s, reserves max age {parameters.max_age} s")
    status = IssuerAdmin(system).status()
    print(f"supply {status.supply} {status.symbol}; minting waits for the first attestation")


if __name__ == "__main__":
    main()

"""A complete compliance system: deploy it from a jurisdiction profile, and find it again later.

    config = SystemConfig.for_dev_accounts(chain, profile="hk")
    system = deploy_system(config, chain)  # ReserveAttestor + ComplianceStablecoin, configured
    system.write_manifest("deployment.json")
    system = load_system("deployment.json", chain)  # checks chain id and the code at each address

Modules: ``config`` (who holds which role, which profile), ``deploy`` (the planned, reported
deployment), ``manifest`` (the JSON record later commands read), ``deployed`` (the live system),
``load`` (a system back from its manifest).
"""

from compliance_kit.system.config import DEV_ROLE_ORDER, ROLES, Minter, RoleHolders, SystemConfig
from compliance_kit.system.deploy import DeploymentFailed, deploy_system
from compliance_kit.system.deployed import DeployedSystem
from compliance_kit.system.load import load_system
from compliance_kit.system.manifest import Manifest, ManifestError

__all__ = [
    "DEV_ROLE_ORDER",
    "ROLES",
    "DeployedSystem",
    "DeploymentFailed",
    "Manifest",
    "ManifestError",
    "Minter",
    "RoleHolders",
    "SystemConfig",
    "deploy_system",
    "load_system",
]

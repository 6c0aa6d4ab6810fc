"""Configuration: command-line options > ``COMPLIANCE_KIT_*`` environment > a TOML file > defaults.

    rpc_url = "http://127.0.0.1:8545"     # COMPLIANCE_KIT_RPC_URL
    chain_id = 31337                      # COMPLIANCE_KIT_CHAIN_ID (refuse any other chain)
    manifest = "deployment.json"          # COMPLIANCE_KIT_MANIFEST
    keystore = "keys/operator.json"       # COMPLIANCE_KIT_KEYSTORE

    [deploy]                              # what `compliance-kit deploy` deploys
    name = "HK Dollar"
    symbol = "HKDX"
    profile = "hk"
    # role holders (admin, master_minter, minters, ...): omit them on a dev node to use its
    # dev accounts; see SystemConfig

The file is ``--config FILE`` or ``COMPLIANCE_KIT_CONFIG``. Secrets never live in it: the private
key comes from ``COMPLIANCE_KIT_PRIVATE_KEY``, the keystore password from
``COMPLIANCE_KIT_KEYSTORE_PASSWORD`` or a prompt (see :mod:`compliance_kit.keys`). Unknown keys
are errors; every error names the file and the field.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, ClassVar

from pydantic import SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from compliance_kit.exceptions import ComplianceKitError

ENV_PREFIX = "COMPLIANCE_KIT_"
CONFIG_ENV = "COMPLIANCE_KIT_CONFIG"
#: settings that may come from the environment only, never from a file
SECRET_FIELDS = ("private_key", "keystore_password")


class ConfigError(ComplianceKitError):
    """The configuration is missing or invalid: settings file, manifest path, keys, node URL.

    ``field`` names the setting concerned (``"rpc_url"``, ``"keystore"``, ``"deploy.symbol"``).
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


class Settings(BaseSettings):
    """Where the deployment is and how to sign for it."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", frozen=True)

    rpc_url: str | None = None
    """JSON-RPC node of the deployment (admin commands need one)."""
    chain_id: int | None = None
    """Refuse any chain that reports another id."""
    manifest: Path = Path("deployment.json")
    """The deployment manifest written by ``deploy``."""
    keystore: Path | None = None
    """An encrypted keystore (eth-account / geth JSON) to sign with."""
    keystore_password: SecretStr | None = None
    private_key: SecretStr | None = None
    deploy: dict[str, Any] = {}
    """``SystemConfig`` fields for ``compliance-kit deploy`` (name, symbol, profile, roles)."""

    _toml_file: ClassVar[Path | None] = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if cls._toml_file is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=cls._toml_file))
        return tuple(sources)


def load_settings(config_file: str | os.PathLike[str] | None = None, **options: Any) -> Settings:
    """Settings from ``options`` (None values are skipped), the environment and the TOML file
    (``config_file``, else ``COMPLIANCE_KIT_CONFIG`` if set). Raises :class:`ConfigError`."""
    path = config_file if config_file is not None else os.environ.get(CONFIG_ENV) or None
    toml_file = Path(path) if path is not None else None
    if toml_file is not None:
        _check_file(toml_file)
    source = toml_file or "the environment"
    given = {k: v for k, v in options.items() if v is not None}
    bound = type("Settings", (Settings,), {"_toml_file": toml_file, "__module__": __name__})
    try:
        return bound(**given)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ConfigError(f"{source}: {where}: {first['msg']}{more}", field=where) from None


def _check_file(path: Path) -> None:
    """A readable TOML file without secrets in it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist", field="config") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}", field="config") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}", field="config") from None
    for secret in SECRET_FIELDS:
        if secret in data:
            env = ENV_PREFIX + secret.upper()
            raise ConfigError(
                f"{path}: {secret} does not belong in a config file: set {env} in the "
                "environment instead (and remove it from the file)",
                field=secret,
            )


__all__ = ["CONFIG_ENV", "ConfigError", "Settings", "load_settings"]

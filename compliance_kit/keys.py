"""Signing keys for a real node: an encrypted keystore, or a private key from the environment.

    account = load_keystore("keys/operator.json")   # password: argument, env, or a prompt
    account = key_from_env()                        # COMPLIANCE_KIT_PRIVATE_KEY

Keys are never printed, logged, or put in a repr or an error message: errors say which file or
variable is wrong and why, not what it holds. On the embedded chain and on a dev node (anvil) the
well-known dev accounts sign instead (``chain.accounts``).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from compliance_kit.settings import ConfigError

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount
    from pydantic import SecretStr

    from compliance_kit.settings import Settings

PRIVATE_KEY_ENV = "COMPLIANCE_KIT_PRIVATE_KEY"
PASSWORD_ENV = "COMPLIANCE_KIT_KEYSTORE_PASSWORD"

Prompt = Callable[[str], str]


class KeyLoadError(ConfigError):
    """A key could not be loaded (missing file, not a keystore, wrong password, malformed key).
    The message never contains key material or the password."""


def key_from_env(variable: str = PRIVATE_KEY_ENV) -> LocalAccount | None:
    """The account of the private key in ``variable`` (None when it is not set)."""
    value = os.environ.get(variable)
    return None if not value else account_from_key(value, source=variable)


def account_from_key(secret: str | SecretStr, *, source: str = PRIVATE_KEY_ENV) -> LocalAccount:
    """The account of a hex private key (``0x`` optional); ``source`` names where it came from."""
    from eth_account import Account

    text = _reveal(secret).strip()
    body = text[2:] if text[:2].lower() == "0x" else text
    if len(body) != 64 or any(c not in "0123456789abcdefABCDEF" for c in body):
        raise KeyLoadError(
            f"{source} is not a private key: expected 64 hex digits (optionally 0x-prefixed)",
            field="private_key",
        )
    try:
        return Account.from_key(bytes.fromhex(body))
    except Exception:  # e.g. zero or beyond the curve order; the library's text is not shown
        raise KeyLoadError(
            f"{source} is not a valid secp256k1 private key", field="private_key"
        ) from None


def load_keystore(
    path: str | os.PathLike[str],
    password: str | SecretStr | None = None,
    *,
    prompt: Prompt | None = None,
) -> LocalAccount:
    """Decrypt an eth-account / geth keystore file.

    The password is ``password``, else ``COMPLIANCE_KIT_KEYSTORE_PASSWORD``, else asked with
    ``prompt`` (default: a hidden terminal prompt, when there is a terminal).
    """
    from eth_account import Account

    file = Path(path)
    try:
        keystore = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyLoadError(f"keystore {file} does not exist", field="keystore") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not JSON"
        raise KeyLoadError(f"cannot read keystore {file}: {reason}", field="keystore") from None
    if not isinstance(keystore, dict) or "crypto" not in {k.lower() for k in keystore}:
        raise KeyLoadError(
            f"{file} is not an encrypted keystore (no 'crypto' section)", field="keystore"
        )
    secret = _password(file, password, prompt)
    try:
        key = Account.decrypt(keystore, secret)
    except Exception as exc:
        reason = "wrong password" if "mac mismatch" in str(exc).lower() else "cannot decrypt it"
        raise KeyLoadError(f"keystore {file}: {reason}", field="keystore_password") from None
    return Account.from_key(key)


def write_keystore(
    account: LocalAccount,
    password: str,
    path: str | os.PathLike[str],
    *,
    iterations: int | None = None,
) -> Path:
    """Encrypt ``account`` (scrypt) into a keystore file readable only by its owner."""
    from eth_account import Account

    data = Account.encrypt(account.key, password, kdf="scrypt", iterations=iterations)
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    return file


def signers_from_settings(
    settings: Settings, *, prompt: Prompt | None = None
) -> list[LocalAccount]:
    """The keys the settings configure: the private key, then the keystore (empty: none)."""
    found: list[LocalAccount] = []
    if settings.private_key is not None:
        found.append(account_from_key(settings.private_key))
    if settings.keystore is not None:
        found.append(load_keystore(settings.keystore, settings.keystore_password, prompt=prompt))
    return found


def _reveal(secret: str | SecretStr) -> str:
    return secret if isinstance(secret, str) else secret.get_secret_value()


def _password(file: Path, password: str | SecretStr | None, prompt: Prompt | None) -> str:
    if password is not None:
        return _reveal(password)
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env is not None:
        return from_env
    if prompt is None and sys.stdin is not None and sys.stdin.isatty():
        import getpass

        prompt = getpass.getpass
    if prompt is None:
        raise KeyLoadError(
            f"keystore {file} needs its password: set {PASSWORD_ENV} or run in a terminal to be "
            "asked",
            field="keystore_password",
        )
    return prompt(f"password for {file}: ")


__all__ = [
    "PASSWORD_ENV",
    "PRIVATE_KEY_ENV",
    "KeyLoadError",
    "account_from_key",
    "key_from_env",
    "load_keystore",
    "signers_from_settings",
    "write_keystore",
]

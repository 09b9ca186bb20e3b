"""Trainers' accounts: ``ADMIN_ACCOUNTS`` holds ``name:hash`` entries; passwords are never stored.

Make an entry (asks for the password twice):

    python -m api.admin.accounts 张警官          (make admin-account NAME=张警官)
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import secrets
import sys
from dataclasses import dataclass
from typing import Dict, List, Optional

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 390_000
MIN_PASSWORD_CHARS = 10
MAX_NAME_CHARS = 32


class AccountError(ValueError):
    """An ``ADMIN_ACCOUNTS`` entry or a new password that cannot be used."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, iterations: int = ITERATIONS, salt: Optional[bytes] = None) -> str:
    """``pbkdf2_sha256$iterations$salt$hash`` of ``password`` (salt random unless given)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${_b64(salt)}${_b64(digest)}"


def password_matches(password: str, encoded: str) -> bool:
    """Whether ``password`` hashes to ``encoded`` (constant-time comparison)."""
    algorithm, iterations, salt, digest = encoded.split("$")
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), base64.b64decode(salt), int(iterations))
    return hmac.compare_digest(candidate, base64.b64decode(digest))


@dataclass(frozen=True)
class Account:
    name: str
    password_hash: str

    @property
    def credential(self) -> str:
        """A short fingerprint of the password hash: a session opened with an older password (or for
        a removed account) no longer matches."""
        return hashlib.sha256(self.password_hash.encode("ascii")).hexdigest()[:16]


def parse_account(entry: str) -> Account:
    """One ``name:pbkdf2_sha256$…`` entry, checked."""
    name, separator, encoded = entry.partition(":")
    name = name.strip()
    if not separator or not name or len(name) > MAX_NAME_CHARS:
        raise AccountError(f"ADMIN_ACCOUNTS entry {entry[:40]!r}: expected name:hash (make admin-account NAME=…)")
    parts = encoded.split("$")
    if len(parts) != 4 or parts[0] != ALGORITHM or not parts[1].isdigit():
        raise AccountError(f"ADMIN_ACCOUNTS entry for {name!r}: the hash is not {ALGORITHM}$iterations$salt$hash")
    try:
        base64.b64decode(parts[2], validate=True), base64.b64decode(parts[3], validate=True)
    except ValueError as invalid:
        raise AccountError(f"ADMIN_ACCOUNTS entry for {name!r}: salt or hash is not base64") from invalid
    return Account(name, encoded)


def accounts_by_name(entries: List[str]) -> Dict[str, Account]:
    """The configured accounts by name; a repeated name is an error."""
    accounts: Dict[str, Account] = {}
    for entry in entries:
        account = parse_account(entry)
        if account.name in accounts:
            raise AccountError(f"ADMIN_ACCOUNTS names {account.name!r} twice")
        accounts[account.name] = account
    return accounts


def new_entry(name: str, password: str) -> str:
    """An ``ADMIN_ACCOUNTS`` entry for a new account."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"the password needs {MIN_PASSWORD_CHARS}+ characters")
    entry = f"{name.strip()}:{hash_password(password)}"
    parse_account(entry)
    return entry


def main(argv: Optional[List[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    if sys.stdin.isatty():
        password = getpass.getpass(f"password for {args[0]}: ")
        if password != getpass.getpass("again: "):
            print("the two passwords differ", file=sys.stderr)
            return 1
    else:  # a provisioning script: the password once, on the first line of standard input
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            print("no password on standard input", file=sys.stderr)
            return 1
    try:
        entry = new_entry(args[0], password)
    except AccountError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"add to ADMIN_ACCOUNTS (a JSON list), e.g. ADMIN_ACCOUNTS='[\"{entry}\"]'")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How a server runs: what it serves, where it listens, and who may ask."""

from __future__ import annotations

import ipaddress
import json
import os

import attrs

from servicekit.errors import ServicekitError

DEFAULT_MAX_BODY = 64 * 1024
"""Bytes a request body may have: a booking or an intake is a few hundred."""

MIN_TOKEN = 16
SETTINGS_VARIABLE = "SERVICEKIT_SERVE_SETTINGS"
"""How the command line hands its settings to worker processes (never the token)."""
TOKEN_VARIABLE = "SERVICEKIT_TOKEN"


@attrs.frozen
class Settings:
    """What `servicekit serve` was asked to do.

    `source` is a catalogue file, or a directory whose `*.toml` files are each served under
    their own id (the file name without `.toml`). A server on anything but loopback needs a
    `token`, checked as a bearer token on every endpoint but `/health`.
    """

    source: str
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    token: str | None = attrs.field(default=None, repr=False)
    cors_origins: tuple[str, ...] = ()
    max_body: int = DEFAULT_MAX_BODY
    access_log: bool = False
    """Log every request's method, path and status (a reverse proxy usually does)."""
    poll_interval: float = 0.5
    """Seconds between looks at the served files for changes."""
    plugin_modules: tuple[str, ...] = ()
    blocked_plugins: tuple[str, ...] = ()

    def check(self) -> None:
        """Refuse a server anyone on the network could use without a token."""
        if self.token is not None and len(self.token) < MIN_TOKEN:
            raise ServicekitError(
                f"the token is {len(self.token)} characters; it needs at least {MIN_TOKEN}",
                hint="make one with: python3 -c 'import secrets; print(secrets.token_urlsafe())'",
            )
        if self.token is None and not is_loopback(self.host):
            raise ServicekitError(
                f"--host {self.host} lets other machines in, so it needs a token",
                hint=f"give --token or set {TOKEN_VARIABLE}; clients then send "
                "'Authorization: Bearer TOKEN'",
            )
        if self.workers < 1:
            raise ServicekitError(f"--workers {self.workers}: give 1 or more")

    def to_environ(self) -> str:
        """The settings for a worker process; the token travels in its own variable."""
        data = attrs.asdict(self, filter=lambda field, _value: field.name != "token")
        return json.dumps(data)

    @classmethod
    def from_environ(cls) -> Settings:
        data = json.loads(os.environ[SETTINGS_VARIABLE])
        lists = {key: tuple(value) for key, value in data.items() if isinstance(value, list)}
        return cls(**{**data, **lists}, token=os.environ.get(TOKEN_VARIABLE) or None)


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False

"""The egress guard: patient text goes only to a server on this machine or the local network.

An endpoint is accepted when every address its host resolves to is loopback or private (RFC 1918,
unique local, link-local). Anything else needs an explicit `--allow-remote-llm`.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

from graphbuilder.core.errors import ConfigError

Resolver = Callable[[str], list[str]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def resolve_host(host: str) -> list[str]:
    """Every address `host` resolves to (an IP literal resolves to itself)."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})


def check_endpoint(url: str, allow_remote: bool, resolve: Resolver = resolve_host) -> str:
    """The endpoint's base URL (no trailing `/v1`); refuses a non-local host unless allowed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"llm.endpoint: {url!r} is not an http(s) URL — e.g. http://127.0.0.1:8000"
        )
    base = url.rstrip("/").removesuffix("/v1")
    if allow_remote:
        return base
    host = parts.hostname
    try:
        addresses = [ipaddress.ip_address(a.split("%")[0]) for a in resolve(host)]
    except (OSError, ValueError) as error:
        raise ConfigError(
            f"llm.endpoint: cannot resolve {host!r} ({error}) to check that it is local — "
            "give its IP address, or --allow-remote-llm if it is a server you trust"
        ) from None
    remote = [str(address) for address in addresses if not _is_local(address)]
    if remote or not addresses:
        raise ConfigError(
            f"llm.endpoint: {host!r} is not on this machine or the local network "
            f"({', '.join(remote) or 'no address'}); report text would leave the hospital — "
            "use a local server, or pass --allow-remote-llm if this one is inside the hospital"
        )
    return base


def _is_local(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _is_local(address.ipv4_mapped)
    return address.is_loopback or address.is_private or address.is_link_local

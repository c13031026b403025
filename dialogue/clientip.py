"""The address of the client behind the proxies we trust.

Behind a reverse proxy every request arrives from the proxy's address, so
counting failed log-ins or public look-ups by REMOTE_ADDR would count all
citizens as one. The proxies we run (TRUSTED_PROXIES: addresses or networks)
append the address they received the request from to X-Forwarded-For; reading
that header from the right and skipping our own proxies gives the first address
nobody we trust vouches for. A peer we do not trust may write anything in the
header, so then the header is ignored and the peer is the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(value: str):
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:51234"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def is_trusted(address, networks) -> bool:
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def client_ip(request) -> str:
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    peer = _parse(request.META.get("REMOTE_ADDR", "") or "")
    if peer is None:
        return ""
    if not networks or not is_trusted(peer, networks):
        return str(peer)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    client = peer
    for raw in reversed(hops):
        hop = _parse(raw)
        if hop is None:
            # Garbage in the header: the last proxy we trust only vouches for what it saw.
            break
        client = hop
        if not is_trusted(hop, networks):
            break
    return str(client)

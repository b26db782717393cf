"""The egress guard: report text goes to this machine or the local network only."""

from __future__ import annotations

import pytest

from graphbuilder.core.errors import ConfigError
from graphbuilder.extract.backends.llm.egress import check_endpoint


def resolver(*addresses: str):  # type: ignore[no-untyped-def]
    return lambda host: list(addresses)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "http://localhost:8000/v1",
        "http://10.2.3.4:8000/",
        "https://192.168.1.20",
        "http://[::1]:8000",
        "http://[fd00::5]:8000",
    ],
)
def test_loopback_and_private_addresses_are_accepted(url: str) -> None:
    base = check_endpoint(url, allow_remote=False)
    assert not base.endswith(("/", "/v1"))


def test_a_public_address_is_refused_unless_allowed() -> None:
    with pytest.raises(ConfigError, match=r"'8\.8\.8\.8' is not on this machine or the local net"):
        check_endpoint("http://8.8.8.8:8000", allow_remote=False)
    assert check_endpoint("http://8.8.8.8:8000/v1", allow_remote=True) == "http://8.8.8.8:8000"


def test_a_host_name_is_judged_by_every_address_it_resolves_to() -> None:
    local = resolver("10.0.0.7")
    mixed = resolver("10.0.0.7", "34.1.2.3")
    assert check_endpoint("http://gpu.hopital.local:8000", False, local)
    with pytest.raises(ConfigError, match=r"34\.1\.2\.3.*--allow-remote-llm"):
        check_endpoint("http://gpu.hopital.local:8000", False, mixed)


def test_an_unresolvable_host_is_refused_with_a_way_out() -> None:
    def fails(host: str) -> list[str]:
        raise OSError("Name or service not known")

    with pytest.raises(ConfigError, match=r"resolve 'nowhere\.invalid'.*give its IP"):
        check_endpoint("http://nowhere.invalid:8000", False, fails)


@pytest.mark.parametrize("url", ["127.0.0.1:8000", "ftp://127.0.0.1", "http://"])
def test_an_endpoint_must_be_an_http_url(url: str) -> None:
    with pytest.raises(ConfigError, match="is not an http"):
        check_endpoint(url, allow_remote=True)

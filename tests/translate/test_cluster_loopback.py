"""A head on 127.0.0.1 only (started with Ray's loopback switch, as the README says to keep it off the network),
joined by its address or by `auto`: ray.init swapped 127.0.0.1 for the machine's network address and retried
there for ever."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("ray")

from toolkit.errors import ClusterError
from toolkit.translate import cluster


@pytest.mark.parametrize("address", ["127.0.0.1:6391", "localhost:6391", "[::1]:6391"])
def test_a_driver_joining_a_head_on_loopback_keeps_its_address(address: str) -> None:
    # In a process of its own: Ray reads the switch when it is imported.
    script = (
        "import sys\n"
        "from toolkit.translate.cluster import _import_ray\n"
        "_import_ray(sys.argv[1])\n"
        "from ray._private.services import canonicalize_bootstrap_address\n"
        "print(canonicalize_bootstrap_address(sys.argv[1]))\n"
    )
    env = {key: value for key, value in os.environ.items() if key != cluster.LOOPBACK_ONLY_VARIABLE}
    joined = subprocess.run(
        [sys.executable, "-c", script, address], capture_output=True, text=True, env=env, timeout=120, check=True
    ).stdout.split()[-1]
    assert joined.rsplit(":", 1)[0].strip("[]") in ("127.0.0.1", "::1")


def test_auto_finding_a_head_on_loopback_says_how_to_join_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cluster.LOOPBACK_ONLY_VARIABLE, raising=False)
    monkeypatch.delenv(cluster.ADDRESS_VARIABLE, raising=False)
    monkeypatch.setattr(cluster, "_head_found_here", lambda: ("127.0.0.1", 6391))
    monkeypatch.setattr(cluster, "_joined_at", lambda host: "192.0.2.2")  # the machine's network address
    with pytest.raises(ClusterError, match=r"listens on 127\.0\.0\.1 only .* --cluster 127\.0\.0\.1:6391, or run with"):
        cluster._check_auto_on_loopback("auto")
    monkeypatch.setenv(cluster.LOOPBACK_ONLY_VARIABLE, "0")
    cluster._check_auto_on_loopback("auto")  # switched alike: ray.init finds it


def test_auto_finding_a_head_on_the_network_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cluster.LOOPBACK_ONLY_VARIABLE, raising=False)
    monkeypatch.delenv(cluster.ADDRESS_VARIABLE, raising=False)
    monkeypatch.setattr(cluster, "_head_found_here", lambda: ("192.0.2.7", 6379))
    cluster._check_auto_on_loopback("auto")


def test_auto_finding_a_head_on_loopback_goes_on_where_the_machine_has_no_other_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # In a network namespace of loopback alone, Ray's swap gives 127.0.0.1 back and ray.init finds the head: the
    # refusal stopped the memory-limit runs of tests/catalog/test_cluster.py, whose heads run in such a namespace.
    monkeypatch.delenv(cluster.LOOPBACK_ONLY_VARIABLE, raising=False)
    monkeypatch.delenv(cluster.ADDRESS_VARIABLE, raising=False)
    monkeypatch.setattr(cluster, "_head_found_here", lambda: ("127.0.0.1", 6391))
    monkeypatch.setattr(cluster, "_joined_at", lambda host: "127.0.0.1")
    cluster._check_auto_on_loopback("auto")


def test_auto_finding_a_head_on_loopback_that_wants_a_token_says_so_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Following the advice (--cluster 127.0.0.1:PORT) was refused next for the token Ray 2.60's `ray start` asks for.
    import grpc

    monkeypatch.delenv(cluster.LOOPBACK_ONLY_VARIABLE, raising=False)
    monkeypatch.delenv(cluster.ADDRESS_VARIABLE, raising=False)
    monkeypatch.delenv(cluster.AUTH_MODE_VARIABLE, raising=False)
    monkeypatch.setattr(cluster, "_head_found_here", lambda: ("127.0.0.1", 6391))
    monkeypatch.setattr(cluster, "_joined_at", lambda host: "192.0.2.2")
    asked = []
    monkeypatch.setattr(
        cluster,
        "_first_call_status",
        lambda address, endpoint: asked.append(address) or grpc.StatusCode.UNAUTHENTICATED,
    )
    with pytest.raises(ClusterError) as raised:
        cluster._check_auto_on_loopback("auto")
    assert asked == ["127.0.0.1:6391"]
    said = str(raised.value)
    assert "--cluster 127.0.0.1:6391, or run with" in said
    assert said.endswith(f"; and {cluster._refused_authentication('127.0.0.1:6391')}")
    assert "RAY_AUTH_MODE=token" in said and "\n" not in said

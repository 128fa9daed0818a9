"""The check before ray.init, against a gRPC server that implements none of Ray's calls."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent import futures

import pytest

grpc = pytest.importorskip("grpc")
ray = pytest.importorskip("ray")

from toolkit.errors import ClusterError  # noqa: E402
from toolkit.translate.cluster import _check_admitted  # noqa: E402


@pytest.fixture
def bare_grpc_port() -> Iterator[int]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=1))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield port
    finally:
        server.stop(None)


def test_a_head_port_without_the_first_call_names_both_causes(bare_grpc_port: int) -> None:
    # UNIMPLEMENTED on a head's port is another gRPC service, or a head of a Ray older than GetClusterId:
    # the line told only the first, and sent the user of an older cluster looking for another port.
    address = f"127.0.0.1:{bare_grpc_port}"
    with pytest.raises(ClusterError) as raised:
        _check_admitted(address, ("127.0.0.1", bare_grpc_port))
    message = str(raised.value)
    assert "not as a Ray head's GCS port" in message
    assert f"or a head of a Ray older than this driver's {ray.__version__}" in message


def test_a_client_port_without_the_first_call_is_another_service(bare_grpc_port: int) -> None:
    address = f"ray://127.0.0.1:{bare_grpc_port}"
    with pytest.raises(ClusterError) as raised:
        _check_admitted(address, ("127.0.0.1", bare_grpc_port))
    assert "not as a Ray Client server" in str(raised.value) and "older" not in str(raised.value)

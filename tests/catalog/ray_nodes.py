"""A real Ray cluster on this machine for tests: each node is `ray start --block`, a child process of the test in
a process group of its own, stopped through that group's id (never by name).

Ray advertises the machine's network address even for `--node-ip-address 127.0.0.1` and binds its ports on
every interface. So the nodes, and every process that connects to them, run inside a network namespace of the
test's own whose only interface is loopback (`unshare --net`, entered with `nsenter`): there Ray finds no other
address, and nothing it opens is reachable from outside the namespace. Ports are chosen free, session files live
in a folder of the test's own (short: Ray's Unix sockets live there and their paths are limited to 107 bytes).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAY = Path(sys.executable).with_name("ray")
NODE_START_SECONDS = 120
# Each node's object store holds the model files once (83 MB for the zh->en package) and the batches in flight.
OBJECT_STORE_BYTES = 150_000_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ray_environment(base: dict[str, str] | None = None, auth_token: str | None = None) -> dict[str, str]:
    """For the nodes and for every process that connects to them: no usage statistics (offline), and token
    authentication with the token given, else none (Ray turns it on when a token file of an earlier local run
    lies in ~/.ray)."""
    env = {name: value for name, value in (os.environ if base is None else base).items() if "RAY_AUTH" not in name}
    env["RAY_USAGE_STATS_ENABLED"] = "0"
    env.update(
        {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": auth_token} if auth_token else {"RAY_AUTH_MODE": "disabled"}
    )
    return env


def _loopback_namespace() -> subprocess.Popen:
    """A process holding a new network namespace with its loopback interface up, and nothing else."""
    holder = subprocess.Popen(
        ["unshare", "--net", "sh", "-c", "ip link set lo up && echo up && exec sleep infinity"],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    if holder.stdout.readline().strip() != "up":
        holder.wait(timeout=30)
        raise RuntimeError(f"could not make a network namespace for the Ray test cluster (exit {holder.returncode})")
    return holder


class RayCluster:
    def __init__(self, auth_token: str | None = None) -> None:
        """`auth_token`: the nodes admit only processes that present it (RAY_AUTH_MODE=token)."""
        self.auth_token = auth_token
        self.folder = Path(tempfile.mkdtemp(prefix="tkray-"))
        self.port = free_port()
        self.client_port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.nodes: list[subprocess.Popen] = []
        self.namespace = _loopback_namespace()

    def inside(self, command: list[str]) -> list[str]:
        """The command, run in the cluster's network namespace."""
        return ["nsenter", f"--net=/proc/{self.namespace.pid}/ns/net", "--", *command]

    def _start(self, *arguments: str) -> subprocess.Popen:
        log = (self.folder / f"node-{len(self.nodes)}.log").open("wb")
        process = subprocess.Popen(
            self.inside(
                [str(RAY), "start", "--block", "--node-ip-address", "127.0.0.1", "--disable-usage-stats", *arguments]
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=ray_environment(auth_token=self.auth_token),
            start_new_session=True,
        )
        self.nodes.append(process)
        return process

    def start_head(self, cpus: int = 1) -> subprocess.Popen:
        head = self._start(
            "--head",
            "--port",
            str(self.port),
            "--ray-client-server-port",
            str(self.client_port),
            "--num-cpus",
            str(cpus),
            "--object-store-memory",
            str(OBJECT_STORE_BYTES),
            "--include-dashboard",
            "false",
            "--temp-dir",
            str(self.folder / "ray"),
        )
        self.wait_for_nodes(1)
        return head

    def add_node(self, cpus: int = 1) -> subprocess.Popen:
        count = self.alive_nodes() + 1
        node = self._start(
            "--address",
            self.address,
            "--num-cpus",
            str(cpus),
            "--object-store-memory",
            str(OBJECT_STORE_BYTES),
        )
        self.wait_for_nodes(count)
        return node

    def alive_nodes(self) -> int:
        """Live nodes, as `ray status` (a separate process: the test itself never connects to the cluster)."""
        status = subprocess.run(
            self.inside([str(RAY), "status", "--address", self.address]),
            capture_output=True,
            text=True,
            env=ray_environment(auth_token=self.auth_token),
            timeout=60,
        )
        if status.returncode != 0:
            return 0
        active = status.stdout.split("Active:", 1)[-1].split("Pending:", 1)[0]
        return sum(1 for line in active.splitlines() if line.strip().startswith("1 node_"))

    def wait_for_nodes(self, count: int) -> None:
        deadline = time.monotonic() + NODE_START_SECONDS
        while self.alive_nodes() < count:
            for node in self.nodes:
                if node.poll() is not None:
                    raise RuntimeError(f"a Ray node exited with {node.returncode}: {self.logs()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Ray cluster did not reach {count} nodes: {self.logs()}")
            time.sleep(1)

    def stop_node(self, node: subprocess.Popen) -> None:
        """The node and every process it started (raylet, workers), through the process group of our child."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(node.pid, signal.SIGKILL)
        node.wait(timeout=60)

    def logs(self) -> str:
        return "\n".join(path.read_text(errors="replace")[-2000:] for path in sorted(self.folder.glob("node-*.log")))

    def stop(self) -> None:
        """SIGTERM lets `ray start` stop its node; what is left of its process group after that is killed."""
        for node in reversed(self.nodes):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(node.pid, signal.SIGTERM)
        for node in reversed(self.nodes):
            with contextlib.suppress(subprocess.TimeoutExpired):
                node.wait(timeout=30)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(node.pid, signal.SIGKILL)
            node.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.namespace.pid, signal.SIGKILL)
        self.namespace.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)

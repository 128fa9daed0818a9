"""Translation on a Ray cluster: a pool of Ray actors, each holding the package's CTranslate2 model, is the
engine's model (`ModelLike`) and nothing else changes.

This process (the driver) still does everything around the model exactly as on one machine: sentence
segmentation, token-budget batches, decoding, output checks and the catalogs. Only batches of tokens travel,
so the drafts are the ones one machine makes. The model files reach the workers through Ray's object store,
put there once: no node needs the package installed or a shared file system. A worker lost mid-run (its
process or its whole node) has its batches sent to the workers left; a cluster that cannot be reached is one
ClusterError raised before any catalog is touched. A package whose model fails on the workers, to load or to
translate, is named as on one machine: a model that does not load, before any catalog is touched; one that fails
to translate (its error raised in this process, as one machine's model raises it), with the drafts made so far kept.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from toolkit import limits
from toolkit.config import AUTO_CLUSTER, LOCAL_CLUSTER, ray_endpoint
from toolkit.errors import ClusterError, shown_path, toolkit_install_command
from toolkit.interrupts import uninterrupted
from toolkit.store.disk import cause
from toolkit.store.files import is_regular_file, matching, read_file
from toolkit.translate.ctranslate import Best, Device, pick_device
from toolkit.translate.packages import (
    LOAD_FAILURES,
    TRANSLATION_FAILURES,
    InstalledPackage,
    load_failure,
    model_bytes,
)
from toolkit.translate.settings import (
    CLUSTER_CONNECT_TIMEOUT_SECONDS,
    CLUSTER_START_TIMEOUT_SECONDS,
    LOCAL_OBJECT_STORE_BYTES,
    MAX_BATCHES_PER_CALL,
    RAY_DRIVER_BYTES,
    RAY_DRIVER_GROUP_BYTES,
    RAY_DRIVER_MODEL_COPIES,
    RAY_GROUP_MODEL_COPIES,
    RAY_LOCAL_PROCESS_BYTES,
    RAY_LOCAL_SERVICES_GROUP_BYTES,
    RAY_STORE_QUESTION_BYTES,
    RAY_WORKER_GROUP_BYTES,
)

LOOPBACK_ONLY_VARIABLE = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
# Where Ray finds the cluster it is told `auto` to join.
ADDRESS_VARIABLE = "RAY_ADDRESS"
# Where Ray keeps its session files (sockets, logs) on this machine, else /tmp/ray.
TMPDIR_VARIABLE = "RAY_TMPDIR"
AUTH_MODE_VARIABLE = "RAY_AUTH_MODE"
TOKEN_PLACES = (
    "the head's ~/.ray/auth_token copied to the same place here, or named by RAY_AUTH_TOKEN_PATH, or in RAY_AUTH_TOKEN"
)


@dataclass(frozen=True)
class WorkerSlots:
    cpu: int  # workers of one CPU core each
    gpu: int  # workers of one GPU each


def worker_slots(nodes: list[dict]) -> WorkerSlots:
    """One worker per GPU on nodes that have GPUs, else one per CPU core, over the live nodes of `ray.nodes()`.

    A GPU node's cores feed its GPU workers; a CTranslate2 worker on a core beside a GPU would only slow it.
    """
    cpu = gpu = 0
    for node in nodes:
        if not node.get("Alive"):
            continue
        resources = node.get("Resources", {})
        gpus = int(resources.get("GPU", 0))
        if gpus:
            gpu += gpus
        else:
            cpu += int(resources.get("CPU", 0))
    return WorkerSlots(cpu, gpu)


def read_model_files(model_dir: Path) -> dict[str, bytes]:
    """The CTranslate2 model folder of a package as {file name: bytes}, which `ctranslate2.Translator` loads
    from memory (its `files` argument)."""
    return {path.name: read_file(path) for path in matching(model_dir, "*") if is_regular_file(path)}


class TranslationWorker:
    """The body of one Ray actor: a CTranslate2 model loaded once from the files given, groups of whole batches
    in, the best hypothesis of each sentence out. One thread: the actor holds one CPU core, or one GPU."""

    def __init__(self, model_files: dict[str, bytes]):
        self._device = pick_device()  # first: it says what the OpenMP runtime refuses before it is loaded
        import ctranslate2

        self._load_failure: Exception | None = None
        try:
            self._model = ctranslate2.Translator(
                "argos-package",  # with `files`, only a name for the model held in memory
                files=model_files,
                device=self._device.name,
                compute_type=self._device.compute_type,
                inter_threads=1,
                intra_threads=1,
            )
        except LOAD_FAILURES as error:
            # Raised here, the actor would die and its driver learn only the error's text (ActorDiedError);
            # raised by `device`, the error itself reaches the driver, which names the package as one machine does.
            self._load_failure = error

    def device(self) -> Device:
        """The worker's device, once its model is loaded; the error loading it raised, if it did not load."""
        if self._load_failure is not None:
            raise self._load_failure
        return self._device

    def translate(self, batches: list[tuple[list[list[str]], dict[str, Any]]]) -> list[list[Best]]:
        """Each batch translated on its own, as one machine translates it (so the drafts are the same), with each
        sentence's best hypothesis and its score when the engine asked for scores."""
        return [
            [(result.hypotheses[0], result.scores[:1]) for result in self._model.translate_batch(source, **options)]
            for source, options in batches
        ]


class _Call:
    """One actor call: a group of batches sent to one worker together, and what came back (or that it was lost)."""

    def __init__(self, worker: Any, reference: Any):
        self.worker = worker
        self.reference = reference
        self.outputs: list[list[Best]] | None = None
        self.lost = False


class _Batch:
    """One batch on its way through the pool: waiting for its group, sent in a call, sent again if that call's
    worker is lost. Its results are the engine's all at once (`BatchResultsLike`), no object a sentence."""

    def __init__(self, pool: WorkerPool, source: list[list[str]], options: dict[str, Any]):
        self._pool = pool
        self.source = source
        self.options = options
        self.call: _Call | None = None  # None while the batch waits for the rest of its group
        self.place = 0  # its place in its call's group
        pool.submit(self)

    def best_hypotheses(self) -> list[Best]:
        while True:
            # A batch without a call waits in the pool's group: the engine needs it now, so the group goes as it is.
            call = self._pool.send() if self.call is None else self.call
            outputs = self._pool.collect(call)
            if outputs is not None:
                return outputs[self.place]
            self.call = None
            self._pool.submit(self)


class WorkerPool:
    """The Ray actors as one CTranslate2-like model: `translate_batch` hands the batch to the pool and returns at
    once; its results wait for it. `num_translators` (how many batches the engine keeps in flight) follows the
    workers still alive.

    Batches go to the least busy worker in groups, one actor call a group: Ray's call and fetch cost the driver
    about 0.7 ms of CPU each (bench/cluster.py), as much as drafting and writing back several sentences. A group
    grows, up to MAX_BATCHES_PER_CALL, while the results are back before the driver asks for them (the workers
    keep ahead: the driver is the limit), and halves whenever the driver has to wait for one (the workers are the
    limit: smaller groups spread the work over more of them and bring each result back sooner). Each batch is
    still translated on its own, so the drafts do not depend on the grouping."""

    def __init__(self, ray: Any, workers: list[Any], device: Device, address: str):
        self._ray = ray
        self._busy: dict[Any, int] = dict.fromkeys(workers, 0)  # each worker's calls not yet collected
        self.device = device
        self._address = address
        self._waiting: list[_Batch] = []  # the group being gathered
        self._group = 1
        self._memory_kills_before = _memory_kills()

    @property
    def num_translators(self) -> int:
        return max(1, len(self._busy))

    def translate_batch(self, source: list[list[str]], **options: Any) -> _Batch:
        options.pop("asynchronous", None)  # a worker runs its batches synchronously; the pool is the async part
        return _Batch(self, source, options)

    def submit(self, batch: _Batch) -> None:
        self._waiting.append(batch)
        if len(self._waiting) >= self._group:
            self.send()

    def send(self) -> _Call:
        """The group gathered so far, in one call to the least busy worker (the call, which each batch holds)."""
        if not self._busy:
            raise ClusterError(f"every worker of the Ray cluster at {self._address} was lost; run again to finish")
        group, self._waiting = self._waiting, []
        worker = min(self._busy, key=self._busy.__getitem__)
        self._busy[worker] += 1
        call = _Call(worker, worker.translate.remote([(batch.source, batch.options) for batch in group]))
        for place, batch in enumerate(group):
            batch.call, batch.place = call, place
        return call

    def collect(self, call: _Call) -> list[list[Best]] | None:
        """The outputs of the call's batches, or None when its worker was lost and the batch must go elsewhere."""
        if call.outputs is None and not call.lost:
            self._fetch(call)
        return call.outputs

    def _fetch(self, call: _Call) -> None:
        ray = self._ray
        ready, _ = ray.wait([call.reference], timeout=0)
        self._group = min(self._group + 1, MAX_BATCHES_PER_CALL) if ready else max(1, self._group // 2)
        try:
            call.outputs = ray.get(call.reference)
        except ray.exceptions.RayTaskError as error:
            if isinstance(error.cause, TRANSLATION_FAILURES):
                # The model's own failure, raised here as on one machine: the package's model names it
                # (packages.translator_for).
                raise error.cause from None
            raise ClusterError(f"a worker of the Ray cluster at {self._address} failed: {_first_line(error)}") from None
        except ray.exceptions.RayError as error:
            call.lost = True
            if call.worker in self._busy:
                del self._busy[call.worker]
                # ActorDiedError's account is its error_msg; the other errors of a lost worker have only their text.
                account = getattr(error, "error_msg", None) or str(error)
                click.echo(
                    f"toolkit: warning: lost a worker of the Ray cluster at {self._address}: "
                    f"{lost_worker_cause(account, self._memory_limit_met())}; "
                    f"its batches go to the {len(self._busy)} left",
                    err=True,
                )
            return
        if call.worker in self._busy:
            self._busy[call.worker] -= 1

    def _memory_limit_met(self) -> str | None:
        """The limit on memory a lost worker most likely met, in words: the run's control group's, when the kernel
        has killed one of its processes for want of memory since the pool started; else, for `--cluster local`,
        `ulimit -v`, which its workers inherit from this process and meet without a word of their own (a cluster
        started elsewhere has limits of its own); None without either."""
        group = limits.control_group()
        if group is not None and group.memory_kills > self._memory_kills_before:
            return f"the kernel killed it for want of memory: {limits.group_limit(group)}"
        if self._address == LOCAL_CLUSTER and limits.memory_limited():
            return f"memory may have run out under this run's limit on memory ({limits.memory_limit()})"
        return None


def _memory_kills() -> int:
    group = limits.control_group()
    return 0 if group is None else group.memory_kills


# Ray's account of a lost worker (ActorDiedError's error_msg, the text of its other errors): a header, the actor's
# fields ("\tpid: 929"), the cause, and advice about Ray's own options (--enable-resource-isolation), which are not
# the toolkit's to offer. The toolkit says the cause from the fields.
_WORKER_PID = re.compile(r"^\s*pid: (\d+)\s*$", re.MULTILINE)
_EXIT_TYPE = re.compile(r"Worker exit type: (\w+)")
_DIED_BECAUSE = re.compile(r"(?:is dead|died) because (.+?)\.(?:\s|$)")  # "killed by `ray.kill`." whole
# WorkerCrashedError's text, a worker that ended while running a task: a SYSTEM_ERROR exit without the fields.
_WORKER_CRASHED = "The worker died unexpectedly"


def lost_worker_cause(account: str, memory_limit_met: str | None) -> str:
    """Why a worker of the cluster was lost, in the toolkit's words, from Ray's `account` of it and, for a process
    that ended without a word, the limit on memory it most likely met (`WorkerPool._memory_limit_met`)."""
    pid = _WORKER_PID.search(account)
    process = f"its process (pid {pid[1]})" if pid else "its process"
    exit_type = _EXIT_TYPE.search(account)
    if exit_type is not None and exit_type[1] == "NODE_OUT_OF_MEMORY":
        return f"Ray stopped {process}, its node running low on memory"
    if (exit_type is not None and exit_type[1] == "SYSTEM_ERROR") or account.startswith(_WORKER_CRASHED):
        return f"{process} ended without a word: " + (memory_limit_met or "killed (SIGKILL) or crashed")
    if (died := _DIED_BECAUSE.search(account)) is not None:
        return f"it died because {died[1]}"
    lines = [line.strip() for line in account.splitlines() if line.strip()]
    return (lines or ["Ray gave no cause"])[0].rstrip(".")


def _first_line(error: BaseException) -> str:
    """The cause of a Ray error in one line: Ray's own messages carry tracebacks and advice over many lines."""
    cause = getattr(error, "cause", None)
    if isinstance(cause, BaseException) and not isinstance(cause, type(error)):
        error = cause
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    meaningful = [line for line in lines if not line.startswith(("Traceback", "File ", "ray::", "^"))]
    return (meaningful or lines or [type(error).__name__])[-1]


def _on_loopback(host: str) -> bool:
    with suppress(ValueError):
        return ipaddress.ip_address(host).is_loopback
    return host.lower() == "localhost"


def _import_ray(address: str) -> Any:
    endpoint = address_endpoint(address)
    if address == LOCAL_CLUSTER or (endpoint is not None and _on_loopback(endpoint[0])):
        # A cluster of this machine only: Ray reads this at import and then advertises and binds 127.0.0.1
        # instead of the machine's network address (its name says Windows or macOS; it is Ray's loopback switch).
        # A driver joining a head on 127.0.0.1 needs it too: without it ray.init swaps 127.0.0.1 for the
        # machine's network address, where a head started with it does not listen, and retried there for ever.
        os.environ.setdefault(LOOPBACK_ONLY_VARIABLE, "0")
    try:
        import ray
    except ImportError as error:
        if limits.line_for(error):  # installed, but memory ran out loading it: the limit is what to name
            raise
        # The address is toolkit.toml's [cluster] address as often as --cluster's: the message names both.
        raise ClusterError(
            f"drafting with Ray (cluster address {address}) needs Ray, which is not installed (to draft without it: "
            "no --cluster, and no [cluster] address in toolkit.toml); install it with: "
            f"{toolkit_install_command('cluster')}"
        ) from None
    return ray


def _target(address: str) -> tuple[str, str]:
    """The address Ray connects to, and how a message names it: told `auto`, Ray joins the cluster the variable
    RAY_ADDRESS names when it is set, and only else the one started on this machine."""
    variable = os.environ.get(ADDRESS_VARIABLE, "").strip()
    if address != AUTO_CLUSTER or not variable or variable == AUTO_CLUSTER:
        return address, address
    return variable, f"{variable} (the variable {ADDRESS_VARIABLE}, which the address auto reads)"


def address_endpoint(address: str) -> tuple[str, int] | None:
    """The (host, port) a Ray address names, for `auto` the one RAY_ADDRESS names (_target); None for `local`, and
    for `auto` without the variable, which name no endpoint."""
    target, _ = _target(address)
    try:
        return ray_endpoint(target)
    except ValueError as error:
        if target == address:
            raise ClusterError(str(error)) from None
        # The variable's: the setting was checked with the others.
        raise ClusterError(f"{error}, in the variable {ADDRESS_VARIABLE}, which the address auto reads") from None


# An HTTP/2 client's connection preface and an empty SETTINGS frame: a gRPC server (Ray's head, and its
# ray:// client server) answers with its own SETTINGS frame at once.
_HTTP2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"
_SETTINGS_FRAME_TYPE = 4
# The first byte of a TLS record (an alert, a handshake): a head started with RAY_USE_TLS=1 answers the
# plaintext preface so, or closes; it is Ray all the same, and ray.init speaks TLS to it.
_TLS_RECORD_TYPES = (0x15, 0x16)


def _ray_uses_tls() -> bool:
    return os.environ.get("RAY_USE_TLS", "0").lower() in ("1", "true")


def _tls_handshake(connection: socket.socket) -> None:
    """A handshake that ends either way counts as an answer (a head that wants this client's certificate ends
    it with an alert); silence times out like the plaintext probe's."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with suppress(ssl.SSLError):
        context.wrap_socket(connection).close()


def _answer_to_preface(connection: socket.socket) -> str:
    """What answers an HTTP/2 preface: "grpc" (a SETTINGS frame), "tls" (a TLS record) or "other"."""
    connection.sendall(_HTTP2_PREFACE)
    answer = b""
    while len(answer) < 4 and (received := connection.recv(9 - len(answer))):
        answer += received
    if answer[:1] != b"" and answer[0] in _TLS_RECORD_TYPES:
        return "tls"
    return "grpc" if len(answer) >= 4 and answer[3] == _SETTINGS_FRAME_TYPE else "other"


def _check_reachable(address: str) -> None:
    """Fail at once when nothing at the address answers as Ray's gRPC does: Ray itself retries an unreachable
    head for minutes, and one that accepts connections but never answers (another program, a firewall that
    swallows packets) for ever. A TLS head answering the plaintext preface is Ray, but one this check cannot
    question further (ray.init speaks TLS to it only with RAY_USE_TLS=1)."""
    endpoint = address_endpoint(address)
    if endpoint is None:
        return
    _, address = _target(address)
    try:
        with socket.create_connection(endpoint, timeout=CLUSTER_CONNECT_TIMEOUT_SECONDS) as connection:
            if _ray_uses_tls():
                _tls_handshake(connection)
                answer = "grpc"  # the admission check's channel speaks TLS, as ray.init's does
            else:
                answer = _answer_to_preface(connection)
    except TimeoutError:
        raise ClusterError(
            f"cannot reach the Ray cluster at {address}: it accepts connections but gave no answer within "
            f"{CLUSTER_CONNECT_TIMEOUT_SECONDS} s (another program on that port?)"
        ) from None
    except OSError as error:
        raise ClusterError(f"cannot reach the Ray cluster at {address}: {error.strerror or error}") from None
    if answer == "other":
        raise ClusterError(
            f"cannot reach the Ray cluster at {address}: what answers there is not Ray (it does not speak gRPC)"
        )
    if answer == "grpc":
        _check_admitted(address, endpoint)


# The first call ray.init makes to each kind of address (a head's GCS port; the client server of ray://), with an
# empty request: its status tells a head that refuses this driver's credentials, or a gRPC service of another kind,
# at once, where ray.init retries for 20 to 30 s, logging a line a second, and then says only "Failed to connect".
_FIRST_CALL = {False: "/ray.rpc.NodeInfoGcsService/GetClusterId", True: "/ray.rpc.RayletDriver/ClusterInfo"}
_OTHER_SERVICE = {
    False: "not as a Ray head's GCS port (ray start --port, 6379 by default); a Ray Client port is written ray://HOST:PORT",
    True: "not as a Ray Client server (ray start --ray-client-server-port, 10001 by default); a head's GCS port is "
    "written without ray://",
}


def _grpc_channel(endpoint: tuple[str, int]) -> Any:
    """A channel to `endpoint` as Ray opens one: its TLS settings and, under RAY_AUTH_MODE=token, its token on every
    call."""
    try:
        from ray._private.grpc_utils import init_grpc_channel
    except ImportError:  # a Ray from before token authentication
        from ray._private.utils import init_grpc_channel
    host, port = endpoint
    return init_grpc_channel(f"[{host}]:{port}" if ":" in host else f"{host}:{port}")


def _first_call_status(address: str, endpoint: tuple[str, int]) -> Any:
    """The gRPC status code of the first call ray.init makes to `endpoint` with this driver's credentials; None when
    it succeeds or no channel opens (Ray's TLS files unreadable and the like: ray.init reports them in its words)."""
    import grpc

    client = address.startswith("ray://")  # as named: RAY_ADDRESS's value first
    try:
        channel = _grpc_channel(endpoint)
    except Exception:
        return None
    try:
        channel.unary_unary(_FIRST_CALL[client])(b"", timeout=CLUSTER_CONNECT_TIMEOUT_SECONDS)
    except grpc.RpcError as error:
        return error.code()
    finally:
        channel.close()
    return None


def _check_admitted(address: str, endpoint: tuple[str, int]) -> None:
    import grpc

    client = address.startswith("ray://")
    code = _first_call_status(address, endpoint)
    if code == grpc.StatusCode.UNAUTHENTICATED:
        raise ClusterError(_refused_authentication(address))
    if code == grpc.StatusCode.UNIMPLEMENTED:
        raise ClusterError(
            f"cannot reach the Ray cluster at {address}: a gRPC service answers there, but {_OTHER_SERVICE[client]}"
            + ("" if client else _older_head())
        )


def _older_head() -> str:
    """The other cause of a head's port without the first call: the head of a Ray from before that call, which
    ray.init would refuse for its version."""
    import ray

    return f"; or a head of a Ray older than this driver's {ray.__version__}: a driver needs the cluster's Ray version"


def _refused_authentication(address: str) -> str:
    if os.environ.get(AUTH_MODE_VARIABLE, "").lower() != "token":
        return (
            f"the Ray cluster at {address} refused this driver for authentication: it wants a token; run with "
            f"{AUTH_MODE_VARIABLE}=token and the cluster's token ({TOKEN_PLACES})"
        )
    return (
        f"the Ray cluster at {address} refused this driver's authentication token (missing or not the cluster's): "
        f"give the cluster's token ({TOKEN_PLACES})"
    )


def _head_found_here() -> tuple[str, int] | None:
    """The GCS endpoint of the head `auto` joins without RAY_ADDRESS, found as ray.init finds it: the cluster
    `ray start` last noted in Ray's folder on this machine (under RAY_TMPDIR, else /tmp/ray), else a head running
    here; None without one (ray.init then says so)."""
    from ray._private.services import get_ray_address_from_environment

    services_log = logging.getLogger("ray._private.services")
    level = services_log.level
    services_log.setLevel(logging.ERROR)  # "Found multiple active Ray instances": ray.init decides, as quietly
    try:
        return ray_endpoint(get_ray_address_from_environment(AUTO_CLUSTER, None))
    except (ConnectionError, ValueError):
        return None
    finally:
        services_log.setLevel(level)


def _object_store_bytes(address: str) -> int:
    """The largest object store of the cluster's live nodes (as its head's GCS lists them): a driver maps the
    store of the node it runs on whole, and which node that is Ray decides. 0 where there is no head's GCS port
    (`ray://`, whose driver maps none; `auto` finding no head) or the GCS does not answer (ray.init says why)."""
    if address == LOCAL_CLUSTER:
        return LOCAL_OBJECT_STORE_BYTES
    target, _ = _target(address)
    endpoint = address_endpoint(address)
    if endpoint is None and target == AUTO_CLUSTER:
        # Joining the head started on this machine, the driver maps that node's store: 600 MB of it went
        # uncounted, and under ulimit -v of 900-1,100 MB the run said only "out of memory" once connected.
        endpoint = _head_found_here()
    if endpoint is None or target.startswith("ray://"):
        return 0
    import grpc
    from ray.core.generated import gcs_pb2, gcs_service_pb2, gcs_service_pb2_grpc

    try:
        channel = _grpc_channel(endpoint)
    except Exception:  # as in _check_admitted: ray.init reports it in its own words
        return 0
    try:
        nodes = gcs_service_pb2_grpc.NodeInfoGcsServiceStub(channel).GetAllNodeInfo(
            gcs_service_pb2.GetAllNodeInfoRequest(), timeout=CLUSTER_CONNECT_TIMEOUT_SECONDS
        )
    except grpc.RpcError:
        return 0
    finally:
        channel.close()
    alive = [node for node in nodes.node_info_list if node.state == gcs_pb2.GcsNodeInfo.ALIVE]
    return int(max((node.resources_total.get("object_store_memory", 0) for node in alive), default=0))


def _check_room(address: str, package: InstalledPackage) -> None:
    """ClusterError naming the limit on memory when what it leaves is less than the run takes: past `ulimit -v`,
    ray.init ended the run by SIGABRT and a C++ stack of up to 170 lines, or hung in gRPC's threads; past a control
    group's limit the kernel killed the driver without a word, or Ray's workers, and the package was blamed."""
    model = model_bytes(package)
    left = limits.address_space_left()
    if left is not None:
        _check_address_space(address, model, left)
    named = _target(address)[1]
    needed = RAY_DRIVER_GROUP_BYTES + RAY_GROUP_MODEL_COPIES * model
    what = f"driving the Ray cluster at {named}"
    if address == LOCAL_CLUSTER:
        # Every process Ray starts for the run is in the run's control group, each worker with the model loaded.
        workers = os.cpu_count() or 1
        needed += RAY_LOCAL_SERVICES_GROUP_BYTES + workers * (RAY_WORKER_GROUP_BYTES + RAY_GROUP_MODEL_COPIES * model)
        what = f"a Ray cluster on this machine for the run (--cluster local, {workers} workers)"
    refused = limits.too_little_in_group(what, needed)
    if refused is not None:
        raise ClusterError(refused)


def _check_address_space(address: str, model: int, left: int) -> None:
    """Under `ulimit -v`, ClusterError naming it when what it leaves (`left`) is less than this driver takes
    (settings.RAY_DRIVER_BYTES), or, for `local`, than each process Ray starts takes."""
    needed = RAY_DRIVER_BYTES + RAY_DRIVER_MODEL_COPIES * model
    # Asking the head for its store's size starts gRPC's threads, which with less room than this killed the run by
    # SIGABRT: the need is then told without the store, already more than is left (a limit asked for that is not
    # yet enough is told again, with the store, by the next run).
    if left >= RAY_STORE_QUESTION_BYTES:
        needed += _object_store_bytes(address)
    refused = limits.too_little_for(f"driving the Ray cluster at {_target(address)[1]}", needed, left)
    if refused is None and address == LOCAL_CLUSTER:
        refused = limits.too_little_for_a_program("each Ray process --cluster local starts", RAY_LOCAL_PROCESS_BYTES)
    if refused is not None:
        raise ClusterError(refused)


def _joined_at(host: str) -> str:
    """Where ray.init looks for a head at loopback `host` (Ray's loopback switch unset): at the machine's network
    address, or at 127.0.0.1 again where the machine has no other (a network namespace of its own)."""
    from ray._private.services import resolve_ip_for_localhost

    return resolve_ip_for_localhost(host)


def _check_auto_on_loopback(address: str) -> None:
    """ClusterError when `auto` finds a head here that listens on 127.0.0.1 only (started with the loopback switch)
    and this driver, not switched alike, would look for it at the machine's network address: ray.init retried
    there for ever, a line of Ray's every few seconds. The variable is read when Ray is imported, which finding the
    head needs, so it is named: the head's own address sets it."""
    if _target(address)[0] != AUTO_CLUSTER or os.environ.get(LOOPBACK_ONLY_VARIABLE, "").strip() == "0":
        return
    head = _head_found_here()
    if head is not None and _on_loopback(head[0]) and not _on_loopback(_joined_at(head[0])):
        import grpc

        found = f"{head[0]}:{head[1]}"
        # Said now, or the run that follows the advice is refused next (Ray 2.60's `ray start` asks for a token).
        token = _first_call_status(found, head) == grpc.StatusCode.UNAUTHENTICATED
        raise ClusterError(
            f"the Ray cluster auto finds on this machine listens on {head[0]} only (its head was started with "
            f"{LOOPBACK_ONLY_VARIABLE}=0): give its address, --cluster {found}, or run with "
            f"{LOOPBACK_ONLY_VARIABLE}=0 as well" + (f"; and {_refused_authentication(found)}" if token else "")
        )


def _connect(ray: Any, address: str) -> None:
    _check_auto_on_loopback(address)
    _check_reachable(address)
    try:
        if address == LOCAL_CLUSTER:
            # Offline by design: Ray's usage statistics would try to reach the internet.
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            with uninterrupted():  # it forks Ray's processes from this thread
                ray.init(
                    # A cluster of its own for this run: without an address Ray joins the cluster it last started
                    # on this machine, or fails on the note a killed one left (/tmp/ray/ray_current_cluster).
                    address=LOCAL_CLUSTER,
                    num_cpus=os.cpu_count() or 1,
                    object_store_memory=LOCAL_OBJECT_STORE_BYTES,
                    include_dashboard=False,
                    log_to_driver=False,
                    logging_level=logging.ERROR,
                )
        else:
            ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR)
        # The driver prints the news its raylets send (a worker died, and Ray's guesses at why, over several lines)
        # whatever log_to_driver says: the toolkit says what became of the run in its own line, and Ray's account
        # stays in the log files of its session. Ray's debugger turns the same switch off while it holds the terminal.
        # A private switch: a Ray without it only prints more, so its absence is no failure.
        with suppress(AttributeError):
            ray._private.worker._worker_logs_enabled = False
    except getattr(ray.exceptions, "AuthenticationError", ()):  # RAY_AUTH_MODE=token and no token here
        raise ClusterError(_refused_authentication(address)) from None
    except Exception as error:  # Ray raises ConnectionError, ValueError, RuntimeError, TimeoutError, grpc errors
        if limits.line_for(error):  # memory ran out connecting: the limit is what to name
            raise
        _, named = _target(address)
        raise ClusterError(
            _session_folder_failure(error)
            or _version_mismatch(named, str(error))
            or _none_started(named, str(error))
            or f"cannot reach the Ray cluster at {named}: {_first_line(error)}"
        ) from None


def _session_folder_failure(error: Exception) -> str | None:
    """A folder of Ray's own here (its session files, under RAY_TMPDIR, else /tmp/ray) that the file system
    refused: "cannot reach the Ray cluster at local: [Errno 20] Not a directory: '.../ray'" named no cause and
    blamed a cluster. A connection's error (ConnectionError) names no file."""
    if not isinstance(error, OSError) or error.filename is None:
        return None
    variable = os.environ.get(TMPDIR_VARIABLE)
    named = f" (under {shown_path(variable)}, which the variable {TMPDIR_VARIABLE} names)" if variable else ""
    return f"Ray cannot use its session folder{named}: {shown_path(os.fsdecode(error.filename))}: {cause(error)}"


def _none_started(address: str, message: str) -> str | None:
    """`auto` finding no cluster, said in the toolkit's terms: Ray's own message sends the user to a `--address`
    flag, which is ray's command's, not the toolkit's."""
    if address != AUTO_CLUSTER or "Could not find any running Ray instance" not in message:
        return None
    return (
        "cannot reach the Ray cluster at auto: no Ray cluster runs on this machine (auto joins the one `ray start "
        f"--head` started here, or the one the variable {ADDRESS_VARIABLE} names); start one, give the head's "
        "address (host:port), or give local to start Ray on this machine for the run"
    )


def _version_mismatch(address: str, message: str) -> str | None:
    """Ray's version check in one line: its message spreads the two versions over six lines, whose last one
    alone ("Python: 3.11.2") would say nothing."""
    if not message.startswith("Version mismatch"):
        return None
    versions = re.findall(r"Ray: (\S+)\s+Python: (\S+)", message)
    if len(versions) != 2:
        return None
    (cluster_ray, cluster_python), (own_ray, own_python) = versions
    return (
        f"the Ray cluster at {address} runs Ray {cluster_ray} on Python {cluster_python}, this toolkit Ray {own_ray} "
        f"on Python {own_python}: a driver needs the cluster's versions of both (install them here, or start the "
        "cluster with these)"
    )


def _device_of(devices: list[Device]) -> Device:
    names = sorted({device.name for device in devices})
    compute_types = sorted({device.compute_type for device in devices})
    return Device("+".join(names), "+".join(compute_types))


def _start_workers(ray: Any, package: InstalledPackage, address: str) -> WorkerPool:
    model_dir = package.path / "model"
    slots = worker_slots(ray.nodes())
    if not slots.cpu and not slots.gpu:
        raise ClusterError(f"the Ray cluster at {address} has no CPU or GPU to run translation workers on")
    try:
        model_files = ray.put(read_model_files(model_dir))
    except OSError as error:
        raise ClusterError(f"cannot read the package's model: {error.strerror or error}", model_dir) from None
    actor = ray.remote(TranslationWorker)
    workers = [actor.options(num_cpus=1, max_restarts=0).remote(model_files) for _ in range(slots.cpu)]
    workers += [actor.options(num_cpus=0, num_gpus=1, max_restarts=0).remote(model_files) for _ in range(slots.gpu)]
    started = {worker.device.remote(): worker for worker in workers}
    ready, waiting = ray.wait(list(started), num_returns=len(started), timeout=CLUSTER_START_TIMEOUT_SECONDS)
    devices: list[Device] = []
    for reference in ready:
        try:
            devices.append(ray.get(reference))
        except ray.exceptions.RayError as error:
            if isinstance(error, ray.exceptions.RayTaskError) and isinstance(error.cause, LOAD_FAILURES):
                raise load_failure(package, "model", error.cause) from None
            raise ClusterError(
                f"the workers of the Ray cluster at {address} cannot load the package: {_first_line(error)}", model_dir
            ) from None
    for reference in waiting:  # no room for them after all (another job took the cores): go on without
        ray.kill(started.pop(reference))
    if not devices:
        raise ClusterError(
            f"no worker of the Ray cluster at {address} started within {CLUSTER_START_TIMEOUT_SECONDS} s"
        )
    return WorkerPool(ray, [started[reference] for reference in ready], _device_of(devices), address)


@contextmanager
def worker_pool(address: str, package: InstalledPackage) -> Iterator[WorkerPool]:
    """Connect to the cluster (or start one on this machine for `local`), start one worker per CPU core or
    GPU with the model in memory, and disconnect at the end (the workers end with the connection)."""
    ray = _import_ray(address)
    _check_room(address, package)
    _connect(ray, address)
    try:
        yield _start_workers(ray, package, address)
    finally:
        ray.shutdown()

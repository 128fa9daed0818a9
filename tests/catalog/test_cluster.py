"""`toolkit translate --cluster`: the real zh->en package on a real Ray cluster of this machine (no mocks of Ray).

Every `toolkit` run is a subprocess, as a user runs it; the cluster's nodes are `ray start --block` children
of the test (ray_nodes.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import control_groups
import polib
import pytest
import zh_projects
from damaged_packages import cut_installed_vocabulary
from ray_nodes import RayCluster, free_port, ray_environment
from zh_projects import SENTENCES, TITLES, command, environment, make_project, write_article

from toolkit import limits
from toolkit.catalog.store import read_catalog
from toolkit.config import load_config
from toolkit.errors import EXIT_FAILURE, EXIT_INCOMPLETE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, ConfigError
from toolkit.translate import cluster as cluster_module
from toolkit.translate.cluster import TranslationWorker, WorkerPool, address_endpoint, lost_worker_cause, worker_slots
from toolkit.translate.ctranslate import Device
from toolkit.translate.settings import CLUSTER_CONNECT_TIMEOUT_SECONDS

# Ray's core warns on stderr that it found no outside address: inside the test's loopback-only network namespace
# (ray_nodes.py) that is true and meant; on a real network the line does not appear.
RAY_NO_EXTERNAL_ADDRESS = re.compile(r"^\[[^]]*\] network_util\.cc:\d+: Failed to determine local IP")

ray = pytest.importorskip("ray", reason="the cluster extra is not installed: pip install -e '.[cluster]'")


def run(
    project: Path, packages: Path, *arguments: str, cluster: RayCluster | None = None, auth_token: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`toolkit` in a subprocess, with the environment that reaches the test cluster (and inside its network
    namespace when there is one), presenting `auth_token` if given. The build's instant is fixed
    (SOURCE_DATE_EPOCH): the feed of catalogs that hold no date is dated by it, and runs are compared byte for byte."""
    return subprocess.run(
        cluster.inside(command(project, *arguments)) if cluster else command(project, *arguments),
        capture_output=True,
        text=True,
        env={**ray_environment(environment(packages), auth_token), "SOURCE_DATE_EPOCH": "1772600767"},
        timeout=zh_projects.TIMEOUT_SECONDS,
    )


def _catalogs(project: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((project / "translations").glob("*.po"))}


def _drafted(project: Path) -> int:
    return sum(
        1
        for path in (project / "translations").glob("*.po")
        for entry in read_catalog(path)
        if entry.msgstr and not entry.obsolete
    )


# --- without a cluster ---------------------------------------------------------------------------------------


def test_worker_slots_are_one_per_gpu_on_gpu_nodes_else_one_per_core_of_live_nodes() -> None:
    nodes = [
        {"Alive": True, "Resources": {"CPU": 4.0}},
        {"Alive": True, "Resources": {"CPU": 8.0, "GPU": 2.0}},
        {"Alive": False, "Resources": {"CPU": 16.0}},
        {"Alive": True, "Resources": {"memory": 1.0}},
    ]
    slots = worker_slots(nodes)
    assert (slots.cpu, slots.gpu) == (4, 2)


@pytest.mark.parametrize(("gpus", "device"), [(1, ("cuda", "int8_float16")), (0, ("cpu", "int8"))])
def test_a_worker_loads_its_model_on_cuda_where_ctranslate2_sees_a_gpu(
    monkeypatch: pytest.MonkeyPatch, gpus: int, device: tuple[str, str]
) -> None:
    import ctranslate2

    loaded: list[dict] = []
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: gpus)
    monkeypatch.setattr(ctranslate2, "Translator", lambda name, **options: loaded.append(options))
    worker = TranslationWorker({"model.bin": b"weights"})
    assert (worker.device().name, worker.device().compute_type) == device
    assert [(options["device"], options["compute_type"], options["files"]) for options in loaded] == [
        (*device, {"model.bin": b"weights"})
    ]


@pytest.mark.parametrize(
    ("address", "endpoint"),
    [
        ("10.0.0.5:6379", ("10.0.0.5", 6379)),
        ("ray://head.example:10001", ("head.example", 10001)),
        ("[::1]:6379", ("::1", 6379)),
        ("auto", None),
        ("local", None),
    ],
)
def test_ray_addresses_name_the_endpoint_checked_before_connecting(address: str, endpoint) -> None:
    assert address_endpoint(address) == endpoint


# Ray 2.60's account of an actor whose worker was killed (SIGKILL) mid-task: ActorDiedError's error_msg as it came.
KILLED_WORKER_ACCOUNT = (
    "The actor died unexpectedly before finishing this task.\n\tclass_name: TranslationWorker\n"
    "\tactor_id: d860de22334b7068d1901d0501000000\n\tpid: 929\n\tip: 127.0.0.1\n"
    "The actor is dead because its worker process has died. Worker exit type: SYSTEM_ERROR Worker exit detail: "
    "Worker unexpectedly exits with a connection error code 2. End of file. Some common causes include: (1) the "
    "process was killed by the OOM killer due to high memory usage, (2) ray stop --force was called, or (3) the "
    "worker crashed unexpectedly due to SIGSEGV or another unexpected error. If the process was killed by the kernel "
    "OOM killer (verifiable by checking for OOM in dmesg of the OOMing node), consider enabling resource isolation "
    "via --enable-resource-isolation to prevent node deaths by resource contention and significant loss of progress "
    "by uninformed kernel OOM killing."
)


class _RayError(Exception):
    pass


class _ActorDiedError(_RayError):
    """What Ray raises for an actor that died: its account in error_msg, as RayActorError keeps it."""

    def __init__(self, error_msg: str) -> None:
        super().__init__(error_msg)
        self.error_msg = error_msg


class _Worker:
    def __init__(self, name: str) -> None:
        self.translate = SimpleNamespace(remote=lambda group: name)


def _lost_worker_warning(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], address: str) -> str:
    """The line a WorkerPool on `address` says when the worker its batch went to dies as Ray tells it."""

    def get(reference: str) -> list:
        if reference == "doomed":
            raise _ActorDiedError(KILLED_WORKER_ACCOUNT)
        return [[]]

    fake_ray = SimpleNamespace(
        wait=lambda references, timeout: (references, []),
        get=get,
        exceptions=SimpleNamespace(RayTaskError=type("RayTaskError", (_RayError,), {}), RayError=_RayError),
    )
    pool = WorkerPool(fake_ray, [_Worker("doomed"), _Worker("kept")], Device("cpu", "int8"), address)
    groups_before = limits.control_group()
    if groups_before is not None:  # the kernel kills the worker in the run's group between the pool's start and now
        monkeypatch.setattr(limits, "control_group", lambda: replace(groups_before, memory_kills=1))
    assert pool.translate_batch([["a"]]).best_hypotheses() == []
    return capsys.readouterr().err


_GROUP = limits.ControlGroup("/sys/fs/cgroup/box", "memory.max", 512 * 1024 * 1024, 500 * 1024 * 1024)


@pytest.mark.parametrize(
    ("address", "group", "address_space_limited", "cause"),
    [
        ("local", None, False, "its process (pid 929) ended without a word: killed (SIGKILL) or crashed"),
        (
            "10.0.0.5:6379",
            _GROUP,
            True,
            "its process (pid 929) ended without a word: the kernel killed it for want of memory: this run's control "
            "group (/sys/fs/cgroup/box) limits its memory to 512 MB (memory.max)",
        ),
        (
            "local",
            None,
            True,
            "its process (pid 929) ended without a word: memory may have run out under this run's limit on memory "
            "(ulimit -v: 2,000,000 kB)",
        ),
        # A cluster started elsewhere has its own limits: this run's `ulimit -v` is not theirs.
        ("10.0.0.5:6379", None, True, "its process (pid 929) ended without a word: killed (SIGKILL) or crashed"),
    ],
)
def test_a_lost_worker_is_told_in_the_toolkit_s_words_naming_the_limit_on_memory_it_met(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    address: str,
    group: limits.ControlGroup | None,
    address_space_limited: bool,
    cause: str,
) -> None:
    monkeypatch.setattr(limits, "control_group", lambda: group)
    monkeypatch.setattr(limits, "memory_limited", lambda: address_space_limited)
    monkeypatch.setattr(limits, "memory_limit", lambda: "ulimit -v: 2,000,000 kB")
    said = _lost_worker_warning(monkeypatch, capsys, address)
    assert (
        said
        == f"toolkit: warning: lost a worker of the Ray cluster at {address}: {cause}; its batches go to the 1 left\n"
    )


@pytest.mark.parametrize(
    ("account", "cause"),
    [
        (
            "The actor died unexpectedly before finishing this task.\n\tclass_name: TranslationWorker\n"
            "The actor died because its node has died. Node Id: 2e43496a377711aa\n\tthe actor's node was terminated",
            "it died because its node has died",
        ),
        (
            "The actor died unexpectedly before finishing this task.\n\tpid: 77\nThe actor is dead because it was "
            "killed by `ray.kill`.",
            "it died because it was killed by `ray.kill`",
        ),
        (
            "The actor died unexpectedly before finishing this task.\n\tpid: 77\nThe actor is dead because its "
            "worker process has died. Worker exit type: NODE_OUT_OF_MEMORY Worker exit detail: Task was killed due to "
            "the node running low on memory.",
            "Ray stopped its process (pid 77), its node running low on memory",
        ),
        (
            "The worker died unexpectedly while executing this task. Check python-core-worker-*.log files for more "
            "information.",
            "its process ended without a word: killed (SIGKILL) or crashed",
        ),
        (
            "The task's local raylet died. Check raylet.out for more information.",
            "The task's local raylet died. Check raylet.out for more information",
        ),
    ],
)
def test_each_way_ray_tells_a_worker_lost_is_said_from_its_fields(account: str, cause: str) -> None:
    assert lost_worker_cause(account, None) == cause


def test_a_ray_without_its_private_switch_for_worker_logs_still_connects(monkeypatch: pytest.MonkeyPatch) -> None:
    # The switch that keeps Ray's news of a dead worker off the driver's terminal is Ray's private one
    # (ray._private.worker._worker_logs_enabled): a Ray that moved it is joined all the same.
    joined: list[str] = []
    monkeypatch.setattr(cluster_module, "_check_reachable", lambda address: None)
    fake_ray = SimpleNamespace(init=lambda address, **options: joined.append(address), exceptions=SimpleNamespace())
    cluster_module._connect(fake_ray, "10.0.0.5:6379")
    assert joined == ["10.0.0.5:6379"]


def test_cluster_address_comes_from_toolkit_toml_and_the_command_line_wins(tmp_path: Path) -> None:
    (tmp_path / "toolkit.toml").write_text('[cluster]\naddress = "10.0.0.5:6379"\n', encoding="utf-8")
    assert load_config(tmp_path).cluster_address == "10.0.0.5:6379"
    assert load_config(tmp_path, cluster_address="local").cluster_address == "local"
    (tmp_path / "toolkit.toml").write_text("[cluster]\naddress = 6379\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cluster\.address"):
        load_config(tmp_path)
    (tmp_path / "toolkit.toml").write_text('[cluster]\nadress = "x:1"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cluster\.adress"):
        load_config(tmp_path)


def _merged_without_model(tmp_path: Path) -> tuple[Path, Path]:
    """A zh project whose catalogs were merged (no model: nothing drafted), and a packages folder."""
    project = make_project(tmp_path / "project", None, articles=2)
    packages = tmp_path / "packages"
    assert run(project, packages, "translate").returncode == EXIT_INCOMPLETE
    return project, packages


@pytest.fixture(scope="module")
def merged_without_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _merged_without_model(tmp_path_factory.mktemp("merged"))[0]


def _project_for_the_cluster(tmp_path: Path, model_file: Path, merged_without_model: Path, address: str) -> Path:
    """A merged project with a changed article to draft (so a run gets as far as the cluster), the package's
    model file and the cluster address in its toolkit.toml."""
    project = tmp_path / "project"
    shutil.copytree(merged_without_model, project)
    (project / "source" / "article-00.txt").write_text("新的标题\n\n会谈在友好的气氛中进行。\n", encoding="utf-8")
    config = (project / "toolkit.toml").read_text(encoding="utf-8")
    (project / "toolkit.toml").write_text(
        f'model_file = "{model_file}"\n{config}\n[cluster]\naddress = "{address}"\n', encoding="utf-8"
    )
    return project


@pytest.mark.parametrize(
    ("address", "exit_code"),
    [("127.0.0.1:{port}", EXIT_FAILURE), ("ray://127.0.0.1:{port}", EXIT_FAILURE), ("not-an-address", EXIT_USAGE)],
)
def test_an_unreachable_or_malformed_cluster_address_is_one_line_and_catalogs_untouched(
    tmp_path: Path, model_file: Path, zh_packages_dir: Path, merged_without_model: Path, address: str, exit_code: int
) -> None:
    """With the package installed (the session's), so that the run gets as far as the cluster. An address that
    names no endpoint is refused with the other settings of toolkit.toml (exit 2), before any catalog is read."""
    # Nothing listens on a free port once the probe socket is closed.
    project = _project_for_the_cluster(tmp_path, model_file, merged_without_model, address.format(port=free_port()))
    before = _catalogs(project)
    started = time.monotonic()
    result = run(project, zh_packages_dir, "translate")
    assert result.returncode == exit_code
    assert result.stderr.count("\n") == 1 and "Ray" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert _catalogs(project) == before, "a failed cluster run changed a catalog"
    assert time.monotonic() - started < CLUSTER_CONNECT_TIMEOUT_SECONDS + 60


def test_without_a_package_the_cluster_is_not_contacted_and_catalogs_still_merge(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", None, articles=1)
    result = run(project, tmp_path / "packages", "translate", "--cluster", "127.0.0.1:9")
    assert result.returncode == EXIT_INCOMPLETE, result.stderr
    assert "Ray" not in result.stderr and "translate-zh_en" in result.stderr
    assert len(_catalogs(project)) == 1


# --- refused by a real head: token authentication, the wrong kind of port, another Ray version -------------

CLUSTER_TOKEN = "0123456789abcdef" * 2


@pytest.fixture(scope="module")
def guarded_cluster() -> Iterator[RayCluster]:
    """A head that admits only the drivers presenting CLUSTER_TOKEN, as `ray start` makes one since Ray 2.60."""
    nodes = RayCluster(auth_token=CLUSTER_TOKEN)
    try:
        nodes.start_head(cpus=1)
        yield nodes
    finally:
        nodes.stop()


def _refused_run(
    cluster: RayCluster,
    packages: Path,
    tmp_path: Path,
    model_file: Path,
    merged_without_model: Path,
    address: str,
    token: str | None,
) -> str:
    """The one line of a translate run the cluster turns away: exit 1 within the connection timeout, catalogs
    untouched (what Ray's core logs about the namespace's missing outside address left aside)."""
    project = _project_for_the_cluster(tmp_path, model_file, merged_without_model, address)
    before = _catalogs(project)
    started = time.monotonic()
    result = run(project, packages, "translate", cluster=cluster, auth_token=token)
    assert result.returncode == EXIT_FAILURE, result.stderr
    assert time.monotonic() - started < CLUSTER_CONNECT_TIMEOUT_SECONDS + 60
    assert _catalogs(project) == before, "a refused cluster run changed a catalog"
    lines = [line for line in result.stderr.splitlines() if not RAY_NO_EXTERNAL_ADDRESS.search(line)]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("address", "token", "expected"),
    [
        ("127.0.0.1:{port}", None, ["refused this driver for authentication", "RAY_AUTH_MODE=token", "auth_token"]),
        ("127.0.0.1:{port}", "not-the-token" * 3, ["refused this driver's authentication token", "auth_token"]),
        ("ray://127.0.0.1:{client_port}", None, ["refused this driver for authentication", "RAY_AUTH_MODE=token"]),
        ("127.0.0.1:{client_port}", CLUSTER_TOKEN, ["not as a Ray head's GCS port", "ray://"]),
        ("ray://127.0.0.1:{port}", CLUSTER_TOKEN, ["not as a Ray Client server", "without ray://"]),
    ],
    ids=["no-token", "wrong-token", "client-no-token", "client-port-as-head", "head-port-as-client"],
)
def test_a_cluster_that_refuses_the_driver_says_why_in_one_line(
    guarded_cluster: RayCluster,
    tmp_path: Path,
    model_file: Path,
    zh_packages_dir: Path,
    merged_without_model: Path,
    address: str,
    token: str | None,
    expected: list[str],
) -> None:
    """Ray retried each of these for 20 to 30 s, logging a line a second, and the toolkit then said "cannot
    reach the Ray cluster": the head was there, it refused the driver's credentials or spoke another service."""
    address = address.format(port=guarded_cluster.port, client_port=guarded_cluster.client_port)
    line = _refused_run(guarded_cluster, zh_packages_dir, tmp_path, model_file, merged_without_model, address, token)
    assert all(words in line for words in expected), line


@pytest.mark.slow
@pytest.mark.parametrize("address", ["127.0.0.1:{port}", "ray://127.0.0.1:{client_port}"])
def test_a_driver_with_the_cluster_s_token_is_admitted_by_the_check(guarded_cluster: RayCluster, address: str) -> None:
    """The check before ray.init refuses no driver that Ray would admit: it presents the token as Ray does."""
    address = address.format(port=guarded_cluster.port, client_port=guarded_cluster.client_port)
    check = "import sys; from toolkit.translate.cluster import _check_reachable; _check_reachable(sys.argv[1])"
    done = subprocess.run(
        guarded_cluster.inside([sys.executable, "-c", check, address]),
        capture_output=True,
        text=True,
        env=ray_environment(auth_token=CLUSTER_TOKEN),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


_SET_CLUSTER_RAY_VERSION = """
import json, sys
from ray._common.usage.usage_constants import CLUSTER_METADATA_KEY
from ray._private.ray_constants import KV_NAMESPACE_CLUSTER
from ray._raylet import GcsClient
gcs = GcsClient(address=sys.argv[1])
metadata = json.loads(gcs.internal_kv_get(CLUSTER_METADATA_KEY, namespace=KV_NAMESPACE_CLUSTER))
print(metadata["ray_version"])
metadata["ray_version"] = sys.argv[2]
gcs.internal_kv_put(CLUSTER_METADATA_KEY, json.dumps(metadata).encode(), True, namespace=KV_NAMESPACE_CLUSTER)
"""


def _set_cluster_ray_version(cluster: RayCluster, version: str) -> str:
    """The Ray version the head tells its drivers it runs (what it told before): what a head of another Ray
    release says, without installing one."""
    done = subprocess.run(
        cluster.inside([sys.executable, "-c", _SET_CLUSTER_RAY_VERSION, cluster.address, version]),
        capture_output=True,
        text=True,
        env=ray_environment(auth_token=cluster.auth_token),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()[-1]


@pytest.mark.slow
def test_a_cluster_of_another_ray_version_names_both_versions_in_one_line(
    guarded_cluster: RayCluster, tmp_path: Path, model_file: Path, zh_packages_dir: Path, merged_without_model: Path
) -> None:
    own = _set_cluster_ray_version(guarded_cluster, "2.59.1")
    try:
        address = guarded_cluster.address
        line = _refused_run(
            guarded_cluster, zh_packages_dir, tmp_path, model_file, merged_without_model, address, CLUSTER_TOKEN
        )
    finally:
        _set_cluster_ray_version(guarded_cluster, own)
    assert f"runs Ray 2.59.1 on Python {sys.version.split()[0]}, this toolkit Ray {own} on" in line, line


# --- on a real cluster: a head and a second node ---------------------------------------------------------


@pytest.fixture(scope="module")
def cluster() -> Iterator[RayCluster]:
    nodes = RayCluster()
    try:
        nodes.start_head(cpus=1)
        nodes.add_node(cpus=1)
        yield nodes
    finally:
        nodes.stop()


ARTICLES = 8
PARAGRAPHS = 8


def _numbered_project(folder: Path, model_file: Path) -> Path:
    """ARTICLES articles of PARAGRAPHS paragraphs of two sentences, every sentence different (numbered), so
    that the drafting takes a dozen batches of the engine: enough for every worker to hold some."""
    project = make_project(folder, model_file, articles=0)
    count = len(SENTENCES)
    for article in range(ARTICLES):
        paragraphs = []
        for index in range(PARAGRAPHS):
            number = article * PARAGRAPHS + index
            paragraphs.append(
                f"{number + 1}日，{SENTENCES[number % count]}据第{number + 7}号报告，{SENTENCES[(number + 5) % count]}"
            )
        write_article(project, f"article-{article:02d}", f"{TITLES[article % len(TITLES)]}（{article}）", paragraphs)
    return project


@pytest.fixture(scope="module")
def one_machine_drafts(model_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The numbered project translated on this machine without Ray: the drafts a cluster must match."""
    folder = tmp_path_factory.mktemp("one-machine")
    project = _numbered_project(folder / "project", model_file)
    result = run(project, folder / "packages", "translate")
    assert result.returncode == EXIT_OK, result.stderr
    return folder / "packages", _catalogs(project)


@pytest.mark.slow
@pytest.mark.parametrize("drafting", ["translate", "publish"])
def test_drafts_on_a_two_node_cluster_are_byte_identical_to_one_machine(
    cluster: RayCluster,
    model_file: Path,
    tmp_path: Path,
    one_machine_drafts: tuple[Path, dict[str, bytes]],
    drafting: str,
) -> None:
    packages, expected = one_machine_drafts
    project = _numbered_project(tmp_path / "project", model_file)
    result = run(project, packages, drafting, "--cluster", cluster.address, cluster=cluster)
    assert result.returncode == EXIT_OK, result.stderr + cluster.logs()
    assert _catalogs(project) == expected
    if drafting == "publish":
        assert (project / "site" / "index.html").is_file()
    again = run(project, packages, "translate", "--cluster", cluster.address, cluster=cluster)
    assert again.returncode == EXIT_OK and "0 files written" in again.stderr, again.stderr
    assert _catalogs(project) == expected


@pytest.fixture(scope="module")
def packages(model_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zh->en package installed, as a first run installs it, in a folder the memory tests' runs read it from."""
    folder = tmp_path_factory.mktemp("installed")
    installed = run(make_project(folder / "project", model_file, 1), folder / "packages", "translate")
    assert installed.returncode == EXIT_OK, installed.stderr
    return folder / "packages"


def _under_a_memory_limit(
    cluster: RayCluster, project: Path, packages: Path, megabytes: int, address: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`translate --cluster` on `cluster` (at `address`, else its head's) under `ulimit -v` of `megabytes`, bounded in
    time: a hang fails the test. `auto` finds the head as `ray start` noted it, in the cluster's own folder."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))

    env = ray_environment(environment(packages))
    if address == "auto":
        env.pop("RAY_ADDRESS", None)
        env["RAY_TMPDIR"] = str(cluster.folder)  # where Ray looks for its note, under ray/
    return subprocess.run(
        cluster.inside(command(project, "translate", "--cluster", address or cluster.address)),
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        preexec_fn=limit,
    )


def test_auto_joining_the_head_started_here_counts_its_object_store(
    cluster: RayCluster, model_file: Path, tmp_path: Path, packages: Path
) -> None:
    # `auto` without RAY_ADDRESS joins the head `ray start` started on this machine, whose object store the driver
    # maps whole: the store went uncounted, and under a limit it leaves no room for the run said only "out of
    # memory" once connected (600 MB store, ulimit -v 900-1,100 MB), not what to raise the limit to.
    project = make_project(tmp_path / "project", model_file, 1)
    result = _under_a_memory_limit(cluster, project, packages, 760, "auto")
    said = [line for line in result.stderr.splitlines() if not RAY_NO_EXTERNAL_ADDRESS.search(line)]
    assert result.returncode == EXIT_FAILURE and len(said) == 1, result.stderr
    assert said[0].startswith("toolkit: driving the Ray cluster at auto takes about "), said
    assert "(ulimit -v: 778,240 kB)" in said[0] and "raise it to at least ulimit -v " in said[0], said
    # What the line asks for is enough.
    enough = int(said[0].rsplit("ulimit -v ", 1)[1].split(",")[0])
    result = _under_a_memory_limit(cluster, project, packages, enough >> 10, "auto")
    assert result.returncode == EXIT_OK, result.stderr
    assert _drafted(project) > 1


@pytest.mark.slow
def test_translating_on_a_cluster_under_any_memory_limit_succeeds_or_says_so_in_one_line(
    cluster: RayCluster, model_file: Path, tmp_path: Path, packages: Path
) -> None:
    # The driver under `ulimit -v` of 150-450 MB died in ray.init by SIGABRT, with gRPC's "pthread_create failed"
    # lines or a C++ stack of up to 170 lines, or hung at 200 MB (killed after 300 s); at 500-790 MB it said only
    # "out of memory" once connected; from 800 MB it worked.
    asked = {}
    for megabytes in [120, 150, 200, 250, 300, 450, 650, 1200]:
        project = make_project(tmp_path / str(megabytes), model_file, 1)
        result = _under_a_memory_limit(cluster, project, packages, megabytes)
        said = [line for line in result.stderr.splitlines() if not RAY_NO_EXTERNAL_ADDRESS.search(line)]
        if result.returncode == EXIT_OK:
            assert _drafted(project) > 1, result.stderr
            continue
        assert len(said) == 1 and said[0].startswith("toolkit: "), (megabytes, result.stderr)
        assert f"ulimit -v: {megabytes << 10:,} kB" in said[0], (megabytes, said)
        if "raise it to at least ulimit -v " in said[0]:
            asked[megabytes] = int(said[0].rsplit("ulimit -v ", 1)[1].split(",")[0])
    assert set(asked) >= {300, 450, 650}, asked  # each named before Ray's own code could die of it
    # What the line asks for is enough.
    enough = make_project(tmp_path / "enough", model_file, 1)
    result = _under_a_memory_limit(cluster, enough, packages, asked[450] >> 10)
    assert result.returncode == EXIT_OK, result.stderr


def _in_a_control_group(
    room: RayCluster, project: Path, packages: Path, address: str, limit_file: Path, megabytes: int
) -> tuple[int, list[str]]:
    """`translate --cluster address` in the network namespace of `room`, in the control group whose memory limit
    `limit_file` sets, of `megabytes`: its exit code and the lines it said, Ray's line about this machine's address
    left out."""
    limit_file.write_text(str(megabytes << 20))
    driver = subprocess.Popen(
        room.inside(command(project, "translate", "--cluster", address)),
        stderr=subprocess.PIPE,
        text=True,
        env={**ray_environment(environment(packages)), "RAY_TMPDIR": str(room.folder)},
        start_new_session=True,
        preexec_fn=lambda: (limit_file.parent / "cgroup.procs").write_text(str(os.getpid())),
    )
    try:
        _, stderr = driver.communicate(timeout=240)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(driver.pid, signal.SIGKILL)
        driver.wait(timeout=60)
    return driver.returncode, [line for line in stderr.splitlines() if not RAY_NO_EXTERNAL_ADDRESS.search(line)]


@pytest.mark.parametrize("local", [True, False], ids=["local", "head elsewhere"])
def test_translating_on_a_cluster_in_a_control_group_too_small_for_it_is_one_line(
    cluster: RayCluster, model_file: Path, tmp_path: Path, packages: Path, local: bool
) -> None:
    # A container's or a systemd unit's limit on memory, not `ulimit -v`: the kernel killed the driver (SIGKILL) with
    # no word, of a head elsewhere at 150-280 MB, of `local` at 400 MB (Ray's agents left running); `local` at
    # 800-940 MB lost its workers and said "the workers ... cannot load the package", blaming the package.
    address, megabytes = ("local", 400) if local else (cluster.address, 200)
    with control_groups.memory_group_limit("cluster") as limit_file:
        project = make_project(tmp_path / "project", model_file, 1)
        code, said = _in_a_control_group(cluster, project, packages, address, limit_file, megabytes)
        assert code == EXIT_FAILURE and len(said) == 1, said
        what = (
            "a Ray cluster on this machine for the run (--cluster local, " if local else "driving the Ray cluster at "
        )
        assert said[0].startswith(f"toolkit: {what}"), said
        assert f"limits its memory to {megabytes} MB ({limit_file.name})" in said[0], said
        assert said[0].endswith(", and run again") and not (project / "translations").exists(), said
        # What the line asks for is enough.
        asked = int(said[0].rsplit("raise the limit to at least ", 1)[1].split(" MB")[0].replace(",", ""))
        code, said = _in_a_control_group(cluster, project, packages, address, limit_file, asked)
        assert code == EXIT_OK, said
        assert _drafted(project) > 1


def _unreadable_model(package_folder: Path) -> None:
    (package_folder / "model" / "model.bin").write_bytes(b"not a CTranslate2 model")


def _site_files(project: Path) -> dict[str, bytes]:
    """The built site, by path under site/ (the search index's own bundle names left out: Pagefind names them by
    a hash of what it indexed), with the project's path written as "~"."""
    site = project / "site"
    return {
        path.relative_to(site).as_posix(): path.read_bytes().replace(os.fsencode(project), b"~")
        for path in sorted(site.rglob("*"))
        if path.is_file() and "pagefind" not in path.relative_to(site).parts
    }


@pytest.mark.slow
@pytest.mark.parametrize("command_name", ["translate", "publish"])
@pytest.mark.parametrize("damage", [_unreadable_model, cut_installed_vocabulary], ids=["model.bin", "vocabulary"])
def test_a_package_damaged_after_install_has_one_aftermath_on_one_machine_and_on_the_cluster(
    cluster: RayCluster, model_file: Path, tmp_path: Path, damage: Callable[[Path], None], command_name: str
) -> None:
    """When translation cannot run at all, the run goes on as without a model, on the cluster as on one machine
    (toolkit/translate/__init__.py): the package named in one line ("reinstall it"), exit 3, the catalogs as they
    were (a reviewed entry in them), every line of stdout and stderr the same, and publish builds the same site
    from what the catalogs hold. The workers' failure to load the package's model (model.bin) stopped the
    cluster's run before the catalogs: no summary, and no site from publish; a vocabulary cut short (the model
    loads, only turning its output into words fails) was Ray's "Invalid token ID" (exit 1) before 2b51981."""
    from toolkit.translate.packages import install_file

    project, packages = _merged_without_model(tmp_path)
    catalog_path = sorted((project / "translations").glob("*.po"))[0]
    catalog = polib.pofile(catalog_path.read_text(encoding="utf-8"))
    _untranslated(catalog)[0].msgstr = "The translator's own sentence, reviewed."
    catalog.save(str(catalog_path))
    one_machine = tmp_path / "one-machine"
    shutil.copytree(project, one_machine)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARGOS_PACKAGES_DIR", str(packages))
        installed = install_file(model_file).path
    damage(installed)
    before = _catalogs(project)
    expected = run(one_machine, packages, command_name)
    result = run(project, packages, command_name, "--cluster", cluster.address, cluster=cluster)
    assert (expected.returncode, result.returncode) == (EXIT_INCOMPLETE, EXIT_INCOMPLETE), result.stderr
    # Every line but Ray's about the test's network namespace.
    said = [line for line in result.stderr.splitlines() if not RAY_NO_EXTERNAL_ADDRESS.search(line)]
    assert said == expected.stderr.splitlines(), result.stderr
    named = [line for line in said if str(installed) in line]
    assert len(named) == 1 and named[0].startswith(f"toolkit: {installed}: ") and "reinstall it" in named[0], said
    assert result.stdout.replace(str(project), "~") == expected.stdout.replace(str(one_machine), "~")
    assert _catalogs(project) == before == _catalogs(one_machine)
    if command_name == "publish":
        assert "wait for a translation model" in result.stdout, result.stdout
        assert f"site: {project / 'site' / 'index.html'}" in result.stdout, result.stdout
        assert _site_files(project) == _site_files(one_machine)
        assert b"own sentence, reviewed." in b"".join(_site_files(project).values())


def _pool_run(cluster: RayCluster, batches: int, latency: float, kill_after: int = -1) -> dict:
    """worker_pool_run.py against the test cluster: the driver's pool over echoing actors. Before the test that
    loses a node: for half a minute Ray still counts a stopped node alive and may place an actor there."""
    script = Path(__file__).with_name("worker_pool_run.py")
    done = subprocess.run(
        cluster.inside([sys.executable, str(script), cluster.address, str(batches), str(latency), str(kill_after)]),
        capture_output=True,
        text=True,
        env=ray_environment(environment(Path(cluster.folder) / "packages")),
        timeout=zh_projects.TIMEOUT_SECONDS,
    )
    assert done.returncode == 0, done.stderr
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "stderr": done.stderr}


@pytest.mark.slow
def test_the_pool_sends_batches_in_groups_while_the_workers_keep_ahead_and_each_batch_gets_its_own_outputs(
    cluster: RayCluster,
) -> None:
    outcome = _pool_run(cluster, batches=200, latency=0.0)
    assert outcome["same"]
    assert outcome["survivors_batches"] == 200
    assert outcome["survivors_calls"] < 200, "no actor call carried more than one batch"


@pytest.mark.slow
def test_the_batches_of_a_lost_workers_groups_go_to_the_others_and_each_batch_gets_its_own_outputs(
    cluster: RayCluster,
) -> None:
    outcome = _pool_run(cluster, batches=120, latency=0.01, kill_after=40)
    assert outcome["same"]
    assert outcome["workers_left"] == 3
    assert "lost a worker" in outcome["stderr"]


def _translating_worker(ancestor: int) -> int | None:
    """The process id of a worker translating a batch that was started under the process `ancestor` (its
    descendants); None when none is."""
    parents: dict[int, int] = {}
    titles: dict[int, bytes] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "stat").read_text()
            titles[int(entry.name)] = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parents[int(entry.name)] = int(status.rsplit(")", 1)[1].split()[1])
    for pid, title in titles.items():
        if b"TranslationWorker" not in title or b"translate" not in title.split(b"TranslationWorker", 1)[1]:
            continue
        process = pid
        while process in parents and process != ancestor:
            process = parents[process]
        if process == ancestor:
            return pid
    return None


def _translating_on(node: subprocess.Popen) -> bool:
    """Whether a worker process started under `node` (its descendants) is translating a batch."""
    return _translating_worker(node.pid) is not None


def _driver_on(cluster: RayCluster, project: Path, packages: Path, **popen: object) -> subprocess.Popen:
    """`translate --cluster` on `cluster` started for `project`, its stderr piped, output discarded."""
    return subprocess.Popen(
        cluster.inside(command(project, "translate", "--cluster", cluster.address)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=ray_environment(environment(packages)),
        **popen,
    )


@pytest.mark.slow
def test_a_node_lost_mid_run_has_its_batches_retried_and_the_drafts_are_the_same(
    cluster: RayCluster, model_file: Path, tmp_path: Path, one_machine_drafts: tuple[Path, dict[str, bytes]]
) -> None:
    packages, expected = one_machine_drafts
    doomed = cluster.add_node(cpus=1)
    project = _numbered_project(tmp_path / "project", model_file)
    process = _driver_on(cluster, project, packages)
    try:
        # A catalog is written once its drafts are back, so the sign that drafting is under way is a worker of
        # the doomed node running a batch (Ray names a worker's process after the task it runs).
        deadline = time.monotonic() + 300
        while not _translating_on(doomed) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before the node could be lost"
        cluster.stop_node(doomed)
        _, stderr = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == EXIT_OK, stderr + cluster.logs()
    assert "lost a worker" in stderr, stderr
    assert _catalogs(project) == expected


@pytest.mark.slow
def test_a_worker_of_cluster_local_lost_mid_run_is_told_in_the_toolkit_s_line_alone(
    model_file: Path, tmp_path: Path, packages: Path
) -> None:
    # A worker of `--cluster local` killed mid-run (the kernel's doing in a small control group): beside the
    # toolkit's line, Ray's driver printed its raylet's news, "(raylet) A worker died or was killed while executing
    # a task by an unexpected system error", and its guesses at the cause, on standard output. Ray's own account
    # stays in the log files of its session.
    room = RayCluster()  # only its network namespace and its short folder: no node is started in it
    project = make_project(tmp_path / "project", model_file, 40, paragraphs=4)
    try:
        driver = subprocess.Popen(
            room.inside(command(project, "translate", "--cluster", "local")),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**ray_environment(environment(packages)), "RAY_TMPDIR": str(room.folder)},
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 300
            while (worker := _translating_worker(driver.pid)) is None and driver.poll() is None:
                assert time.monotonic() < deadline, "no worker started translating"
                time.sleep(0.05)
            assert worker is not None, "the run ended before a worker could be lost"
            os.kill(worker, signal.SIGKILL)
            stdout, stderr = driver.communicate(timeout=zh_projects.TIMEOUT_SECONDS)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(driver.pid, signal.SIGKILL)
            driver.wait(timeout=60)
        said = [line for line in stderr.splitlines() if not RAY_NO_EXTERNAL_ADDRESS.search(line)]
        assert driver.returncode == EXIT_OK, stderr
        assert stdout == "" and len(said) == 2, stdout + stderr
        # Said from Ray's account of the worker (its pid, its exit), not Ray's advice about options of its own.
        assert re.fullmatch(
            f"toolkit: warning: lost a worker of the Ray cluster at local: its process \\(pid {worker}\\) ended "
            r"without a word: killed \(SIGKILL\) or crashed; its batches go to the \d+ left",
            said[0],
        ), said
        assert said[1].startswith("translate: 40 articles, 200 entries drafted"), said
        ray_log = room.folder / "ray" / "session_latest" / "logs" / "gcs_server.out"
        assert "exit_type = SYSTEM_ERROR, exit_detail = Worker unexpectedly exits" in ray_log.read_text(errors="ignore")
    finally:
        room.stop()


@pytest.mark.slow
def test_cluster_local_starts_its_own_ray_even_beside_the_note_of_a_killed_one(
    model_file: Path, tmp_path: Path, one_machine_drafts: tuple[Path, dict[str, bytes]]
) -> None:
    """`--cluster local` is Ray started for this run: a Ray head killed earlier on this machine leaves its
    address in Ray's temporary folder (ray_current_cluster), and Ray, given no address, joined that and failed
    ("When connecting to an existing cluster, num_cpus ... must not be provided"). Inside a loopback-only
    namespace of the test's own, with Ray's temporary folder the test's (RAY_TMPDIR)."""
    packages, expected = one_machine_drafts
    project = _numbered_project(tmp_path / "project", model_file)
    room = RayCluster()  # only its network namespace and its short folder: no node is started in it
    try:
        (room.folder / "ray").mkdir()
        (room.folder / "ray" / "ray_current_cluster").write_text(f"127.0.0.1:{free_port()}", encoding="utf-8")
        driver = subprocess.Popen(
            room.inside(command(project, "translate", "--cluster", "local")),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**ray_environment(environment(packages)), "RAY_TMPDIR": str(room.folder)},
            start_new_session=True,
        )
        try:
            _, stderr = driver.communicate(timeout=zh_projects.TIMEOUT_SECONDS)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(driver.pid, signal.SIGKILL)
            driver.wait(timeout=60)
        assert driver.returncode == EXIT_OK, stderr
        assert _catalogs(project) == expected
    finally:
        room.stop()


@pytest.mark.slow
def test_cluster_local_under_a_memory_limit_too_small_for_ray_s_processes_is_one_line(
    model_file: Path, tmp_path: Path, packages: Path
) -> None:
    # Each process Ray starts for the run gets the run's limit whole: at 1,400 MB the run hung (stopped after
    # 150 s), at 2,000 MB a worker ran out loading the model after 130 s.
    room = RayCluster()  # only its network namespace and its short folder: no node is started in it

    def translate_locally(project: Path, megabytes: int) -> tuple[int, list[str]]:
        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))

        driver = subprocess.Popen(
            room.inside(command(project, "translate", "--cluster", "local")),
            stderr=subprocess.PIPE,
            text=True,
            env={**ray_environment(environment(packages)), "RAY_TMPDIR": str(room.folder)},
            start_new_session=True,
            preexec_fn=limit,
        )
        try:
            _, stderr = driver.communicate(timeout=240)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(driver.pid, signal.SIGKILL)
            driver.wait(timeout=60)
        return driver.returncode, [line for line in stderr.splitlines() if not RAY_NO_EXTERNAL_ADDRESS.search(line)]

    try:
        code, said = translate_locally(make_project(tmp_path / "1400", model_file, 1), 1400)
        assert code == EXIT_FAILURE and len(said) == 1, said
        assert said[0].startswith("toolkit: each Ray process --cluster local starts takes about "), said
        assert "(ulimit -v: 1,433,600 kB)" in said[0] and said[0].endswith(", and run again"), said
        asked = int(said[0].rsplit("ulimit -v ", 1)[1].split(",")[0])
        code, said = translate_locally(make_project(tmp_path / "asked", model_file, 1), asked >> 10)
        assert code == EXIT_OK, said
    finally:
        room.stop()


@pytest.mark.slow
def test_cluster_local_in_a_control_group_its_batches_outgrow_stops_in_one_line_with_its_drafts_saved(
    model_file: Path, tmp_path: Path, packages: Path
) -> None:
    # `--cluster local` starts Ray's workers in the run's control group, but their batches were not watched as one
    # machine's are: at 1,100 MB the kernel killed a worker mid-run (once in two runs), Ray printed its "(raylet) A
    # worker died" line, and the run warned of a lost worker in Ray's words (its guesses at the cause), the limit
    # unnamed; the other run ended only because the kernel took back enough page cache in time.
    room = RayCluster()  # only its network namespace and its short folder: no node is started in it
    try:
        with control_groups.memory_group_limit("cluster-batches") as limit_file:
            project = make_project(tmp_path / "project", model_file, 120, paragraphs=4)
            code, said = _in_a_control_group(room, project, packages, "local", limit_file, 1100)
    finally:
        room.stop()
    assert code == EXIT_INCOMPLETE and len(said) == 2, said
    assert "translating the next batch of sentences takes about " in said[0], said
    assert f"limits its memory to 1,100 MB ({limit_file.name}), " in said[0], said
    assert said[0].endswith(", and run again; what was drafted before it is saved"), said
    drafted = int(re.search(r", (\d+) entries drafted", said[1])[1])
    assert 0 < drafted == _drafted(project) < 600, said


def _entries_drafted(catalogs: dict[str, bytes]) -> int:
    return sum(
        1 for text in catalogs.values() for entry in polib.pofile(text.decode()) if entry.msgstr and not entry.obsolete
    )


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_a_driver_stopped_mid_run_keeps_the_drafts_saved_and_the_rerun_drafts_only_the_rest(
    cluster: RayCluster,
    model_file: Path,
    tmp_path: Path,
    one_machine_drafts: tuple[Path, dict[str, bytes]],
    stop: signal.Signals,
) -> None:
    """The per-paragraph save holds on a cluster as on one machine: the whole project is one chunk of the engine,
    so a catalog on disk before the run ends was saved paragraph by paragraph. The driver is stopped at the first
    one, killed outright or by a Ctrl-C (which saves every draft made, and exits 130); the next run drafts only
    what no file held, and the catalogs are then those of one machine."""
    packages, expected = one_machine_drafts
    project = _numbered_project(tmp_path / "project", model_file)
    driver = _driver_on(cluster, project, packages, start_new_session=True)
    try:
        deadline = time.monotonic() + zh_projects.TIMEOUT_SECONDS
        while driver.poll() is None and not _drafted(project) and time.monotonic() < deadline:
            time.sleep(0.02)
        os.killpg(driver.pid, stop)
        _, stderr = driver.communicate(timeout=120)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(driver.pid, signal.SIGKILL)
        driver.wait(timeout=60)
    assert driver.returncode == (-stop if stop == signal.SIGKILL else EXIT_INTERRUPTED), stderr
    assert "Traceback" not in stderr, stderr
    saved = _drafted(project)
    left = _entries_drafted(expected) - saved
    assert left, f"every draft was on disk at the first save ({saved}): nothing was saved before the chunk's end"
    again = run(project, packages, "translate", "--cluster", cluster.address, cluster=cluster)
    assert again.returncode == EXIT_OK, again.stderr + cluster.logs()
    drafted_again = re.search(r"(\d+) (?:entry|entries) drafted", again.stderr)
    assert drafted_again and int(drafted_again[1]) == left, f"{saved} saved before the stop; {again.stderr}"
    assert _catalogs(project) == expected


def _untranslated(catalog: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in catalog if not entry.msgstr and not entry.obsolete]


def _translator_saves_partway(translations: Path) -> tuple[Path, polib.POEntry, polib.POEntry] | None:
    """A translator saves a catalog in an editor once one holds a machine draft and entries still to draft: they
    type a reviewed translation into an untranslated entry and mark a draft reviewed. Of those catalogs, the
    one with the most entries to draft, so that the driver writes it again after the save (a save from a copy
    read before the driver's last write of the file would undo drafts, as it would after the run). The file and
    the two entries as saved, or None when no catalog is partway."""
    catalogs = {path: polib.pofile(path.read_text(encoding="utf-8")) for path in translations.glob("*.po")}
    partway = [path for path, catalog in catalogs.items() if _untranslated(catalog) and catalog.fuzzy_entries()]
    if not partway:
        return None
    path = max(partway, key=lambda path: len(_untranslated(catalogs[path])))
    catalog = catalogs[path]
    typed, marked = _untranslated(catalog)[-1], catalog.fuzzy_entries()[0]
    typed.msgstr = "The translator's own sentence, reviewed."
    typed.tcomment = "checked with the desk"
    marked.flags.remove("fuzzy")
    catalog.save(str(path))
    return path, typed, marked


@pytest.mark.slow
def test_a_translator_saving_a_catalog_while_the_cluster_drafts_keeps_their_entries_and_the_rest_is_drafted(
    cluster: RayCluster, model_file: Path, tmp_path: Path, one_machine_drafts: tuple[Path, dict[str, bytes]]
) -> None:
    """The driver writes a catalog paragraph by paragraph as the workers' drafts come back; a translator saves
    one that is partway drafted, a reviewed translation typed into an entry still to draft and a draft marked
    reviewed. Both stay as saved; every other entry gets the draft one machine gives it."""
    packages, expected = one_machine_drafts
    project = _numbered_project(tmp_path / "project", model_file)
    driver = _driver_on(cluster, project, packages, start_new_session=True)
    saved = None
    try:
        deadline = time.monotonic() + zh_projects.TIMEOUT_SECONDS
        while saved is None and driver.poll() is None and time.monotonic() < deadline:
            saved = _translator_saves_partway(project / "translations")
            time.sleep(0.02)
        _, stderr = driver.communicate(timeout=zh_projects.TIMEOUT_SECONDS)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(driver.pid, signal.SIGKILL)
        driver.wait(timeout=60)
    assert saved, "no catalog was ever on disk partway drafted: the translator had nothing to save during the run"
    assert driver.returncode == EXIT_OK, stderr + cluster.logs()
    assert "Traceback" not in stderr, stderr
    path, typed, marked = saved
    assert {name: data for name, data in _catalogs(project).items() if name != path.name} == {
        name: data for name, data in expected.items() if name != path.name
    }
    after = {(entry.msgctxt, entry.msgid): entry for entry in read_catalog(path)}
    for mine in (typed, marked):
        theirs = after.pop((mine.msgctxt, mine.msgid))
        assert (theirs.msgstr, theirs.flags, theirs.tcomment) == (mine.msgstr, mine.flags, mine.tcomment)
    drafted = {
        (entry.msgctxt, entry.msgid): (entry.msgstr, entry.flags)
        for entry in polib.pofile(expected[path.name].decode())
        if (entry.msgctxt, entry.msgid) not in {(typed.msgctxt, typed.msgid), (marked.msgctxt, marked.msgid)}
    }
    assert {key: (entry.msgstr, entry.flags) for key, entry in after.items()} == drafted

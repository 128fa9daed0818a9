from __future__ import annotations

import errno
import os
import resource
import tracemalloc
from pathlib import Path

import pytest

from toolkit.errors import FileSystemError
from toolkit.store import files
from toolkit.store.files import (
    atomic_write_text,
    link_or_copy,
    remove_temp_files,
    sync_file_system,
    write_scratch,
    write_scratch_chunks,
)


def test_atomic_write_creates_parents_and_leaves_no_temp(tmp_path: Path):
    target = tmp_path / "a" / "b.po"
    atomic_write_text(target, "نص")
    assert target.read_text(encoding="utf-8") == "نص"
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.po"]


def test_failed_write_keeps_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "keep.po"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(FileSystemError) as raised:
        atomic_write_text(target, "new")
    assert str(raised.value) == f"{target}: cannot write: no space left on the device; free some space and run again"
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.po"]
    assert os.listdir(tmp_path) == ["keep.po"]


def test_new_files_get_the_umask_mode_and_replaced_files_keep_theirs(tmp_path: Path):
    old_umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.html"
        atomic_write_text(fresh, "x")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.po"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(0o664)
        atomic_write_text(kept, "new")
        assert kept.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old_umask)


def test_link_or_copy_shares_the_file_and_copies_where_links_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    source = tmp_path / "a.html"
    source.write_bytes(b"page")
    link_or_copy(source, tmp_path / "linked.html")
    assert (tmp_path / "linked.html").stat().st_ino == source.stat().st_ino

    def no_links(*args: object) -> None:
        raise OSError("links not supported here")

    monkeypatch.setattr("toolkit.store.files.os.link", no_links)
    link_or_copy(source, tmp_path / "copied.html")
    assert (tmp_path / "copied.html").read_bytes() == b"page"
    assert (tmp_path / "copied.html").stat().st_ino != source.stat().st_ino


def test_a_new_scratch_file_never_writes_through_what_is_at_its_name(tmp_path: Path):
    """A render worker stages a page where the build may have linked another article's page from the live site
    (two catalogs that claim one page): the live file keeps its bytes, the name gets a file of its own."""
    live = tmp_path / "site" / "page.html"
    live.parent.mkdir()
    live.write_bytes(b"live page")
    staged = tmp_path / "staging" / "articles" / "page.html"
    write_scratch(staged, b"first")  # its folder made
    assert staged.read_bytes() == b"first"
    staged.unlink()
    os.link(live, staged)
    write_scratch(staged, b"rendered page")
    assert staged.read_bytes() == b"rendered page"
    assert live.read_bytes() == b"live page"
    assert staged.stat().st_ino != live.stat().st_ino
    (tmp_path / "link.html").symlink_to(live)
    write_scratch(tmp_path / "link.html", b"x")
    assert not (tmp_path / "link.html").is_symlink() and live.read_bytes() == b"live page"
    os.unlink(staged)
    os.link(live, staged)
    write_scratch_chunks(staged, iter([b"down", b"loaded"]))
    assert staged.read_bytes() == b"downloaded" and live.read_bytes() == b"live page"


def test_sync_file_system_falls_back_to_sync_without_syncfs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    synced: list[bool] = []
    sync_file_system(tmp_path)  # syncfs(2) on Linux: returns without error
    monkeypatch.setattr("toolkit.store.files.ctypes.CDLL", lambda *args, **kwargs: object())
    monkeypatch.setattr("toolkit.store.files.os.sync", lambda: synced.append(True))
    sync_file_system(tmp_path)
    assert synced == [True]


def test_a_name_that_fills_the_file_system_limit_still_gets_a_temporary_name(tmp_path: Path):
    """The temporary file beside a 250-byte name (a long Arabic headline) is cut short, not refused."""
    target = tmp_path / ("خبر" * 41 + "x.po")
    assert len(target.name.encode()) == 250
    atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert os.listdir(tmp_path) == [target.name]


def test_grouped_writes_appear_together_at_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    old, new = tmp_path / "old.po", tmp_path / "sub" / "new.po"
    old.write_bytes(b"before")
    old.chmod(0o640)
    writes = files.AtomicWrites()
    writes.stage(old, [b"aft", b"er"])
    writes.stage(new, [b"fresh"])
    assert old.read_bytes() == b"before" and not new.exists()
    flushes: list[str] = []
    monkeypatch.setattr(files, "sync_file_system", lambda path: flushes.append("file system"))
    assert writes.commit() == [old, new]
    assert flushes == ["file system"]  # one flush for the group, not an fsync a file
    assert (old.read_bytes(), new.read_bytes()) == (b"after", b"fresh")
    assert old.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["new.po", "old.po", "sub"]
    assert writes.commit() == []


def test_a_grouped_write_that_cannot_be_put_in_place_leaves_no_temporary_file(tmp_path: Path):
    target = tmp_path / "x.po"
    writes = files.AtomicWrites()
    writes.stage(target, [b"text"])
    target.mkdir()  # a folder where the file goes: the rename fails
    with pytest.raises(FileSystemError):
        writes.commit()
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"] and target.is_dir()


def test_a_file_placed_before_a_later_one_failed_is_still_told_placed(tmp_path: Path):
    """A linked catalog replaced by a file says so when placed (catalog/store): a commit that failed at a later
    file said nothing of the earlier ones, and the next run no longer sees them as links."""
    first, second = tmp_path / "a.po", tmp_path / "b.po"
    told: list[str] = []
    writes = files.AtomicWrites()
    writes.stage(first, [b"a"], when_placed=lambda: told.append("a"))
    writes.stage(second, [b"b"], when_placed=lambda: told.append("b"))
    second.mkdir()  # a folder where the second file goes: its rename fails
    with pytest.raises(FileSystemError):
        writes.commit()
    assert first.read_bytes() == b"a" and told == ["a"]


def test_a_staged_write_whose_close_fails_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """On NFS a full disk or quota often shows only at close()."""
    target = tmp_path / "x.po"
    target.write_bytes(b"before")
    real_close = os.close
    closes: list[int] = []

    def close_out_of_quota(handle: int) -> None:
        closes.append(handle)
        real_close(handle)
        if len(closes) == 1:
            raise OSError(errno.EDQUOT, os.strerror(errno.EDQUOT))

    monkeypatch.setattr(files.os, "close", close_out_of_quota)
    writes = files.AtomicWrites()
    with pytest.raises(FileSystemError, match="quota"):
        writes.stage(target, [b"after"])
    monkeypatch.undo()
    assert len(closes) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"] and target.read_bytes() == b"before"
    assert writes.commit() == []


def test_file_mode_tells_nothing_there_from_a_path_that_cannot_be_looked_at(tmp_path: Path):
    (tmp_path / "file").write_text("x")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert files.file_mode(tmp_path / "missing") is None
    assert files.is_regular_file(tmp_path / "file") and not files.is_folder(tmp_path / "file")
    assert files.is_folder(tmp_path) and not files.is_regular_file(tmp_path)
    assert files.file_mode(loop, follow_links=False) is not None
    with pytest.raises(FileSystemError, match="cannot look at it: too many levels of symbolic links") as raised:
        files.is_regular_file(loop)
    assert raised.value.path == loop
    with pytest.raises(FileSystemError, match="a part of the path is a file"):
        files.file_mode(tmp_path / "file" / "below")


def test_open_regular_file_refuses_a_pipe_and_without_following_a_link(tmp_path: Path):
    target = tmp_path / "target"
    target.write_bytes(b"bytes")
    link = tmp_path / "link"
    link.symlink_to(target)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with files.open_regular_file(link) as (handle, status):
        assert handle.read() == b"bytes" and status.st_size == 5
    with pytest.raises(OSError) as refused_link:
        files.open_regular_file(link, follow_links=False).__enter__()
    assert refused_link.value.errno == errno.ELOOP
    with pytest.raises(OSError, match="not a regular file"):
        files.read_regular_file(pipe)


def test_a_scratch_folder_is_removed_also_when_its_work_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(files.tempfile, "tempdir", str(tmp_path))
    with pytest.raises(RuntimeError), files.scratch_folder("toolkit-test-") as scratch:
        files.write_scratch_chunks(scratch / "part", iter([b"a", b"b"]))
        assert (scratch / "part").read_bytes() == b"ab"
        raise RuntimeError("the work failed")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(files.tempfile, "tempdir", str(tmp_path / "missing"))
    with pytest.raises(FileSystemError, match="cannot make a temporary folder: no such file"):
        files.scratch_folder("toolkit-test-").__enter__()


def test_file_status_is_none_for_nothing_and_names_a_path_it_cannot_look_at(tmp_path: Path):
    assert files.file_status(tmp_path / "missing") is None
    assert files.file_status("a\0b") is None
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert files.file_status(loop, follow_links=False) is not None and files.is_link(loop)
    with pytest.raises(FileSystemError) as raised:
        files.file_status(loop)
    assert raised.value.path == loop and "too many levels of symbolic links" in str(raised.value)


def test_read_file_names_the_file_it_cannot_read_and_never_waits_on_a_fifo(tmp_path: Path):
    (tmp_path / "data").write_bytes(b"\x00\x01")
    assert files.read_file(tmp_path / "data") == b"\x00\x01"
    os.mkfifo(tmp_path / "fifo")
    for name in ("fifo", "missing"):
        with pytest.raises(FileSystemError) as raised:
            files.read_file(tmp_path / name)
        assert raised.value.path == tmp_path / name and "cannot read" in str(raised.value)


def test_files_under_lists_regular_files_in_every_sub_folder_without_following_links(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.css").write_text("x", encoding="utf-8")
    (tmp_path / "top.js").write_text("y", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "a")
    (tmp_path / "file-link").symlink_to(tmp_path / "top.js")
    assert files.files_under(tmp_path) == [tmp_path / "a" / "b" / "deep.css", tmp_path / "top.js"]


def test_a_model_file_that_cannot_be_read_is_named_not_left_out(tmp_path: Path):
    from toolkit.translate.cluster import read_model_files

    (tmp_path / "model.bin").write_bytes(b"weights")
    (tmp_path / "sub").mkdir()
    assert read_model_files(tmp_path) == {"model.bin": b"weights"}
    (tmp_path / "config.json").symlink_to(tmp_path / "config.json")  # a link loop, which Path.is_file() hides
    with pytest.raises(FileSystemError) as raised:
        read_model_files(tmp_path)
    assert raised.value.path == tmp_path / "config.json"


def test_entries_under_lists_a_tree_as_a_walk_does_and_names_a_folder_it_cannot_list(tmp_path: Path) -> None:
    (tmp_path / "b" / "__pycache__").mkdir(parents=True)
    (tmp_path / "b" / "x.py").write_text("", encoding="utf-8")
    (tmp_path / "a.py").write_text("", encoding="utf-8")
    (tmp_path / "c").symlink_to(tmp_path / "b")  # listed, not followed
    names = [path.relative_to(tmp_path).as_posix() for path in files.entries_under(tmp_path, skip="__pycache__")]
    assert names == ["a.py", "b", "c", "b/x.py"]
    assert [path.name for path in files.entries_under(tmp_path, recursive=False)] == ["a.py", "b", "c"]
    assert files.entries_under(tmp_path / "missing") == []
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(FileSystemError, match="cannot list: too many levels of symbolic links") as raised:
        files.entries_under(loop)
    assert raised.value.path == loop


def test_remove_tree_removes_everything_without_following_links(tmp_path: Path) -> None:
    """A tree of thousands of entries, nested folders and links, removed whole as it is listed; a link's target
    outside the tree is left as it is, and a link given as the tree is not followed."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("kept")
    tree = tmp_path / "tree"
    for folder in ("a", "a/b", "a/b/c", "d"):
        (tree / folder).mkdir(parents=True)
    for number in range(5000):
        (tree / "a" / f"page-{number}.html").write_text("page")
    (tree / "a/b/c/deep.txt").write_text("deep")
    (tree / "d/link-to-outside").symlink_to(outside)
    (tree / "file-link").symlink_to(outside / "keep.txt")
    link = tmp_path / "link-to-tree"
    link.symlink_to(outside)
    files.remove_tree(link)
    assert link.is_symlink() and (outside / "keep.txt").read_text() == "kept"
    files.remove_tree(tree)
    assert not tree.exists()
    assert (outside / "keep.txt").read_text() == "kept"
    files.remove_tree(tmp_path / "never-there")


def test_remove_tree_removes_a_tree_deeper_than_the_recursion_and_descriptor_limits(tmp_path: Path) -> None:
    """A folder under site/ nested past Python's recursion limit ended every later build in a RecursionError (the
    old site's removal, then the leftovers' at each start), and one past the descriptor limit was left: the
    removal held a descriptor and a call per level. Here 300 levels under a limit of 64 descriptors (not past
    the recursion limit: pytest's own clean-up of a failed run's folder would recurse too). A folder it may not
    empty is passed over, the rest removed."""
    tree = tmp_path / "tree"
    (tree / "d").mkdir(parents=True)
    (tree / "d" / "beside.txt").write_text("beside")
    folder = os.open(tree / "d", os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(300):  # past PATH_MAX too: made one level below the other
        os.mkdir("d", dir_fd=folder)
        inner = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=folder)
        os.close(folder)
        folder = inner
    os.close(os.open("page.html", os.O_WRONLY | os.O_CREAT, dir_fd=folder))
    os.close(folder)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))
    try:
        files.remove_tree(tree)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert not tree.exists()
    locked = tmp_path / "locked"
    (locked / "kept" / "inner").mkdir(parents=True)
    (locked / "kept" / "inner" / "file.txt").write_text("x")
    (locked / "gone" / "inner").mkdir(parents=True)
    (locked / "kept").chmod(0o500)
    try:
        files.remove_tree(locked)
        if os.geteuid() != 0:
            assert sorted(path.name for path in locked.iterdir()) == ["kept"]
    finally:
        if (locked / "kept").exists():
            (locked / "kept").chmod(0o700)
    files.remove_tree(locked)
    assert not locked.exists()


def test_a_folder_of_many_pages_is_checked_against_the_names_expected_without_holding_its_entries(
    tmp_path: Path,
) -> None:
    """A build looks through the site in place for what no build made (files.move_out_unexpected) and prunes the
    previous site it stages in (prune_tree), folder by folder: the articles/ folder of a 100,000-article site
    holds 200,000 pages, whose listing as entries and the set of names the manifest expects took 45 MB there
    (7.7 MB for the 20,000 here)."""
    folder = tmp_path / "site" / "articles"
    folder.mkdir(parents=True)
    # Sorted, as the manifest gives them; one is a folder (its name ends in "/").
    names = [f"article-{number:06d}.html" + ("/" if number == 7 else "") for number in range(20_000)]
    for name in names:
        if name.endswith("/"):
            (folder / name).mkdir()
        else:
            (folder / name).touch()
    (folder / "stray.txt").touch()

    def expecting(pages: list[str]):
        return lambda prefix: iter({"": ["articles/"], "articles/": pages}.get(prefix, []))

    tracemalloc.start()
    try:
        moved = files.move_out_unexpected(tmp_path / "site", expecting(names), tmp_path / "kept")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert moved == ["articles/stray.txt"]
    assert peak < 2_500_000, f"{peak:,} bytes to walk a folder of {len(names):,} pages"
    assert files.prune_tree(tmp_path / "site", expecting(names[:10]))
    assert sorted(os.listdir(folder)) == [name.rstrip("/") for name in names[:10]]


def test_the_inodes_of_a_folder_s_pages_are_listed_one_at_a_time(tmp_path: Path) -> None:
    """What a build stages over the previous site is told from its listing of articles/ (200,000 pages at
    100,000 articles): a dict of them took 16 MB there."""
    (tmp_path / "sub").mkdir()
    for number in range(20_000):
        (tmp_path / f"article-{number:06d}.html").touch()
    expected = {entry.name: entry.inode() for entry in os.scandir(tmp_path) if entry.is_file()}
    assert dict(files.file_inodes(tmp_path)) == expected
    tracemalloc.start()
    try:
        listed = sum(1 for _ in files.file_inodes(tmp_path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert listed == len(expected)
    assert peak < 200_000, f"{peak:,} bytes held to list {listed:,} pages"
    assert list(files.file_inodes(tmp_path / "missing")) == []


def test_a_read_that_fails_names_the_file_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read's EIO names no file (the system has only a descriptor): one not caught by its reader's caller reached
    the build's last resort, which said it of site/."""
    path = tmp_path / "page.html"
    path.write_bytes(b"<p>text</p>")
    real_fdopen = os.fdopen

    class FailingReads:
        def __init__(self, handle) -> None:
            self._handle = handle

        def read(self, *arguments):
            raise OSError(errno.EIO, os.strerror(errno.EIO))

        def __enter__(self):
            return self

        def __exit__(self, *exc_info):
            self._handle.close()

    monkeypatch.setattr(files.os, "fdopen", lambda *arguments: FailingReads(real_fdopen(*arguments)))
    with pytest.raises(OSError) as raised:
        files.read_regular_file(path)
    assert raised.value.filename == str(path) and raised.value.errno == errno.EIO


def test_only_the_temporary_files_of_killed_writes_are_removed(tmp_path: Path):
    (tmp_path / "a.po").write_text("whole", encoding="utf-8")
    (tmp_path / ".a.po.4242-0.tmp").write_text("half a catalog", encoding="utf-8")
    (tmp_path / ".a.po.k3j2l1.tmp").write_text("an older toolkit's", encoding="utf-8")
    for mine in ("notes.tmp", ".notes.tmp"):
        (tmp_path / mine).write_text("mine", encoding="utf-8")
    (tmp_path / ".folder.1-1.tmp").mkdir()
    (tmp_path / ".link.1-2.tmp").symlink_to(tmp_path / "a.po")
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / ".b.po.4242-1.tmp").write_text("another folder's", encoding="utf-8")
    removed = remove_temp_files(tmp_path)
    assert removed == [tmp_path / ".a.po.4242-0.tmp", tmp_path / ".a.po.k3j2l1.tmp"]
    kept = [".folder.1-1.tmp", ".link.1-2.tmp", ".notes.tmp", "a.po", "inner", "notes.tmp"]
    assert sorted(path.name for path in tmp_path.iterdir()) == kept
    assert (tmp_path / "inner" / ".b.po.4242-1.tmp").is_file()
    assert remove_temp_files(tmp_path / "missing") == []

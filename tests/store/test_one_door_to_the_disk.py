"""Every file-system operation of the toolkit goes through toolkit/store/, which turns an OSError into one line
naming the path, the operation and the cause (issue 10): outside toolkit/store/ no call touches the disk, a read
(a status, a listing) no more than a write, a rename or a removal, and not inside `with on_disk(...)` either:
what the store has a function for is done by that function, in one home."""

from __future__ import annotations

import ast
from pathlib import Path

TOOLKIT = Path(__file__).resolve().parent.parent.parent / "toolkit"

# Methods of pathlib.Path (and os.DirEntry) that touch the disk. `open`, `stat` and `replace` are left out:
# other objects have methods of those names (BuiltManifest.open, str.replace); their os. forms are checked.
PATH_METHODS = {
    "read_bytes", "read_text", "write_bytes", "write_text", "exists", "is_file", "is_dir", "is_symlink",
    "iterdir", "glob", "rglob", "mkdir", "unlink", "rmdir", "touch", "lstat", "chmod", "symlink_to",
    "hardlink_to", "resolve", "readlink", "samefile", "rename",
}  # fmt: skip
MODULE_CALLS = {
    "os": {
        "stat", "lstat", "listdir", "scandir", "replace", "rename", "remove", "unlink", "mkdir", "makedirs",
        "rmdir", "open", "link", "symlink", "chmod", "access", "statvfs", "truncate", "utime", "walk",
    },
    "os.path": {"exists", "lexists", "isdir", "isfile", "islink", "getsize", "getmtime", "realpath"},
    "io": {"open"},
    "shutil": {"*"},
    "tempfile": {"mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryDirectory", "TemporaryFile"},
    # Given a path (not the text the store read), polib opens the file itself.
    "polib": {"pofile", "mofile"},
}  # fmt: skip
# What a path is turned into for polib: a call of these is a path, a call of anything else the file's text.
PATH_CONVERSIONS = {"str", "os.fspath"}


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _aliases(tree: ast.AST) -> dict[str, str]:
    """The names a module's imports bind to the modules checked, as what they stand for: `import os.path as
    osp` binds osp to os.path, `from os import walk` walk to os.walk, `from shutil import rmtree as rm` rm to
    shutil.rmtree."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {name.asname: name.name for name in node.names if name.asname}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            aliases |= {name.asname or name.name: f"{node.module}.{name.name}" for name in node.names}
    return {name: full for name, full in aliases.items() if full.split(".")[0] in MODULE_CALLS}


def _resolved(node: ast.expr, aliases: dict[str, str]) -> str:
    head, dot, rest = _dotted(node).partition(".")
    return f"{aliases[head]}{dot}{rest}" if head in aliases else f"{head}{dot}{rest}"


def _is_text(argument: ast.expr | None) -> bool:
    return isinstance(argument, ast.Call) and _dotted(argument.func) not in PATH_CONVERSIONS


def _touches_disk(call: ast.Call, aliases: dict[str, str]) -> str | None:
    function = call.func
    full = _resolved(function, aliases)
    if full == "open":
        return "open"
    owner, _, name = full.rpartition(".")
    names = MODULE_CALLS.get(owner)
    if names is not None:
        if owner == "polib" and _is_text(call.args[0] if call.args else None):
            return None
        return full if "*" in names or name in names else None
    if not isinstance(function, ast.Attribute):
        return None
    owner = _dotted(function.value)
    if function.attr in PATH_METHODS and owner not in ("re", "str", "self._connection"):
        return f".{function.attr}()"
    plain = all(isinstance(argument, ast.Constant) and isinstance(argument.value, str) for argument in call.args)
    if function.attr in ("stat", "open") and plain and not call.keywords:  # Path.stat(), Path.open("rb")
        return f".{function.attr}()"
    if function.attr == "stat" and [keyword.arg for keyword in call.keywords] == ["follow_symlinks"]:
        return ".stat()"  # os.DirEntry's and Path's, not following links
    return None


# The calls outside toolkit/store/ that touch no file of a project: (module, call) -> why.
NOT_PROJECT_FILES = {
    ("toolkit/cli.py", "os.open"): "the null device, where output goes once the terminal's reader is gone",
    ("toolkit/errors.py", ".read_text()"): "importlib.metadata's, of the toolkit's own installation record",
    # Given a name, not a call, polib is taken to open a path: here the name holds the catalog's text as read.
    ("toolkit/catalog/store.py", "polib.pofile"): "the text read_catalog read through the store, made ready for polib",
    # Read under a limit on memory, where importing the store's modules is what may run out.
    ("toolkit/limits.py", "open"): "the kernel's account of this process's size, /proc/self/statm",
}


def _raw_calls(path: Path) -> list[str]:
    """`file:line: call` for each disk-touching call."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = _aliases(tree)
    for node in ast.walk(tree):
        what = _touches_disk(node, aliases) if isinstance(node, ast.Call) else None
        if what:
            found.append((node.lineno, f"{path.relative_to(TOOLKIT.parent)}:{node.lineno}: {what}"))
    return [line for _, line in sorted(found)]


def test_no_file_system_call_is_made_outside_toolkit_store() -> None:
    modules = [path for path in sorted(TOOLKIT.rglob("*.py")) if "store" not in path.relative_to(TOOLKIT).parts]
    raw = [
        call
        for module in modules
        for call in _raw_calls(module)
        if (str(module.relative_to(TOOLKIT.parent)), call.split(": ", 1)[1]) not in NOT_PROJECT_FILES
    ]
    assert not raw, "route these through a function of toolkit/store/ (files.py, listing.py):\n" + "\n".join(raw)


SAMPLE = """
import os
import os.path as osp
import polib
from io import open as opened
from os import walk
from shutil import rmtree as remove_all
def f(p, text):
    os.stat(p)
    osp.realpath(p)
    walk(p)
    remove_all(p)
    opened(p)
    polib.pofile(str(p))
    polib.pofile(text.decode())
    with on_disk('read', p):
        p.read_bytes()
    with on_disk('list', p), os.scandir(p) as entries:
        [entry.stat(follow_symlinks=False) for entry in entries if entry.is_dir()]
"""


def test_the_check_finds_a_raw_call_under_any_name() -> None:
    sample = TOOLKIT.parent / "tests" / "store" / "_sample_module.py"
    sample.write_text(SAMPLE, encoding="utf-8")
    try:
        found = [line.split(": ", 1)[1] for line in _raw_calls(sample)]
    finally:
        sample.unlink()
    # Inside `with on_disk(...)` too: a read there was let through, a second home for what the store does.
    assert found == [
        "os.stat", "os.path.realpath", "os.walk", "shutil.rmtree", "io.open", "polib.pofile", ".read_bytes()",
        "os.scandir", ".is_dir()", ".stat()",
    ]  # fmt: skip

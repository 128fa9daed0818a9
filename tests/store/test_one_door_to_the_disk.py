"""Every file-system operation of the toolkit goes through toolkit/store/, which turns an OSError into one line
naming the path, the operation and the cause (issue 10): outside toolkit/store/ a call that touches the disk
is made only inside `with on_disk(...)`, which does the same."""

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
        "rmdir", "open", "link", "symlink", "chmod", "access", "statvfs", "truncate", "utime",
    },
    "os.path": {"exists", "lexists", "isdir", "isfile", "islink", "getsize", "getmtime"},
    "shutil": {"*"},
    "tempfile": {"mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryDirectory", "TemporaryFile"},
}  # fmt: skip


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _touches_disk(call: ast.Call) -> str | None:
    function = call.func
    if isinstance(function, ast.Name) and function.id == "open":
        return "open"
    if not isinstance(function, ast.Attribute):
        return None
    owner = _dotted(function.value)
    names = MODULE_CALLS.get(owner)
    if names is not None:
        return f"{owner}.{function.attr}" if "*" in names or function.attr in names else None
    if function.attr in PATH_METHODS and owner not in ("re", "str", "self._connection"):
        return f".{function.attr}()"
    plain = all(isinstance(argument, ast.Constant) and isinstance(argument.value, str) for argument in call.args)
    if function.attr in ("stat", "open") and plain and not call.keywords:  # Path.stat(), Path.open("rb")
        return f".{function.attr}()"
    return None


def _guards(expression: ast.expr) -> bool:
    """Whether a `with` item turns an OSError into a ToolkitError (on_disk) or drops it (suppress(OSError))."""
    if not isinstance(expression, ast.Call):
        return False
    name = _dotted(expression.func)
    return name.endswith("on_disk") or (
        name.endswith("suppress") and any(_dotted(argument) == "OSError" for argument in expression.args)
    )


def _raw_calls(path: Path) -> list[str]:
    """`file:line: call` for each disk-touching call not inside `with on_disk(...)` (or suppress(OSError))."""
    found = []

    def visit(node: ast.AST, guarded: bool) -> None:
        if isinstance(node, ast.With | ast.AsyncWith):
            guarded = guarded or any(_guards(item.context_expr) for item in node.items)
        if isinstance(node, ast.Call) and not guarded and (what := _touches_disk(node)):
            found.append(f"{path.relative_to(TOOLKIT.parent)}:{node.lineno}: {what}")
        for child in ast.iter_child_nodes(node):
            visit(child, guarded)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def test_no_file_system_call_outside_toolkit_store_escapes_on_disk() -> None:
    modules = [path for path in sorted(TOOLKIT.rglob("*.py")) if "store" not in path.relative_to(TOOLKIT).parts]
    raw = [call for module in modules for call in _raw_calls(module)]
    assert not raw, "route these through toolkit/store/ (or inside `with on_disk(...)`):\n" + "\n".join(raw)


def test_the_check_finds_a_raw_call() -> None:
    tree = "import os\ndef f(p):\n    os.stat(p)\n    with on_disk('read', p):\n        p.read_bytes()\n"
    sample = TOOLKIT.parent / "tests" / "store" / "_sample_module.py"
    sample.write_text(tree, encoding="utf-8")
    try:
        assert [line.split(": ", 1)[1] for line in _raw_calls(sample)] == ["os.stat"]
    finally:
        sample.unlink()

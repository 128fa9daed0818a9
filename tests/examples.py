"""How many examples a property test draws: all of them in a run that includes the slow tests (CI runs
everything), a quarter in the quick run (`pytest -m "not slow"`), which people run often. tests/conftest.py
says which run this is before any test module is imported."""

from __future__ import annotations

QUICK_SHARE = 4
_quick_run = False


def set_quick_run(quick: bool) -> None:
    global _quick_run
    _quick_run = quick


def quick_run() -> bool:
    return _quick_run


def examples(count: int) -> int:
    return max(1, count // QUICK_SHARE) if _quick_run else count

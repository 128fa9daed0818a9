"""Where the read-only shared material lives: ../shared beside the repo (also in CI)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DEVDATA = SHARED / "devdata"
MODELS = SHARED / "models"

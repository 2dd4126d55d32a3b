"""Shared fixtures: where the test data (real seed and corpus reports with their truth files) lives.

The data is in the repository (``tests/data``, see its README); ``GONGKAI_TEST_DATA`` points elsewhere.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GONGKAI_TEST_DATA", ROOT / "tests" / "data"))
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
TRUTH = CORPUS / "truth"
ARTIFACTS = Path(os.environ.get("GONGKAI_ARTIFACTS", ROOT / "test-artifacts"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        raise RuntimeError(f"test data not found at {SHARED}: set GONGKAI_TEST_DATA")
    return SHARED


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def truth_for_seed(path: Path) -> Path:
    return TRUTH / f"seed-{path.stem}.json"

"""Fixtures of the render tests: example data files, random valid reports, a one-shot PDF batch."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from gongkai.render.sample import random_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def diff(a: dict, b: dict) -> dict:
    """Keys whose values differ between two flat exports (for readable assertion messages)."""
    return {k: (a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


def fixed_reports(n: int, start: int = 0) -> list:
    """``n`` random valid reports, alternating formats, from fixed seeds."""
    return [random_report(random.Random(start + i), "2019" if i % 2 else "2021") for i in range(n)]

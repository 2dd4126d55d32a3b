"""The readers' fast Location constructor gives ordinary, equal, hashable, frozen Locations."""
from __future__ import annotations

import dataclasses

import pytest

from gongkai.ingest.document import location
from gongkai.model import Location


def test_fast_location_is_a_location():
    fast = location("a.docx", 2, 1, 3, 4)
    slow = Location(file="a.docx", page=2, table=1, row=3, col=4)
    assert isinstance(fast, Location) and fast == slow and hash(fast) == hash(slow)
    assert location("a.txt", line=7) == Location(file="a.txt", line=7)
    assert fast.describe() == slow.describe() and fast.to_dict() == slow.to_dict()
    assert dataclasses.replace(fast, file=None) == dataclasses.replace(slow, file=None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.row = 9  # type: ignore[misc]

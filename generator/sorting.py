"""Sorting many items by several integer keys at once, for the archive-wide stages.

Packing the keys into one 64-bit integer sorts several times faster than
``np.lexsort`` on separate arrays; keys too wide to pack fall back to it.
"""

from __future__ import annotations

import hashlib

import numpy as np


def stable_hash(text: str) -> int:
    """A 64-bit number for ``text``, the same in every run and process (Python's ``hash`` is salted): for
    choices that must depend on an item alone, not on its place among the others."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def bits(values: np.ndarray) -> int:
    """How many bits the largest of ``values`` (non-negative integers) takes, at least one."""
    return max(int(values.max(initial=0)).bit_length(), 1)


def packed_order(keys: list[np.ndarray], widths: list[int]) -> np.ndarray:
    """The stable order sorting by ``keys[0]``, then ``keys[1]``... (non-negative integers of ``widths`` bits)."""
    if sum(widths) > 62:
        return np.lexsort(keys[::-1])
    packed = np.zeros(len(keys[0]), dtype=np.int64)
    for key, width in zip(keys, widths):
        packed = (packed << width) | key.astype(np.int64)
    return np.argsort(packed, kind="stable")


def first_of_each(groups: np.ndarray, count: int) -> np.ndarray:
    """A mask of the first ``count`` items of each run of equal values in ``groups`` (sorted)."""
    return np.arange(len(groups)) - np.searchsorted(groups, groups) < count

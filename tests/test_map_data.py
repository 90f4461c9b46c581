"""The bundled ASEAN map (server/pages/data/asean.json) and the script that makes it (scripts/make_asean_map.py)."""
from __future__ import annotations

import importlib.util
import re

import pytest
import yaml

from server.pages.asean_map_svg import map_data
from tests.conftest import ROOT

STATES = {"brunei", "cambodia", "indonesia", "laos", "malaysia", "myanmar", "philippines", "singapore", "thailand",
          "timor-leste", "vietnam"}
PATH = re.compile(r"(M-?\d+(\.\d+)?,-?\d+(\.\d+)?(L-?\d+(\.\d+)?,-?\d+(\.\d+)?)+Z)+")


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("make_asean_map", ROOT / "scripts" / "make_asean_map.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_eleven_states_are_keyed_by_the_gazetteers_state_ids():
    data = map_data()
    assert set(data["states"]) == STATES
    gazetteer = yaml.safe_load((ROOT / "corpus" / "gazetteer.yaml").read_text(encoding="utf-8"))
    states = {e["id"] for e in gazetteer if e.get("type") == "State"}
    assert STATES <= states
    assert "Natural Earth" in data["source"] and "public domain" in data["licence"]


def test_every_shape_is_closed_path_data_inside_the_view():
    data = map_data()
    for key, state in data["states"].items():
        assert PATH.fullmatch(state["d"]), key
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", state["d"])]
        xs, ys = numbers[0::2], numbers[1::2]
        assert 0 <= min(xs) and max(xs) <= data["width"] + 0.1, key
        assert 0 <= min(ys) and max(ys) <= data["height"] + 0.1, key
        x, y = state["label"]
        assert 0 <= x <= data["width"] and 0 <= y <= data["height"], key
    assert {k for k, s in data["states"].items() if s["small"]} == {"singapore", "brunei"}
    # Geography survives the projection: Myanmar is west of Vietnam, Indonesia south of the Philippines.
    label = {k: s["label"] for k, s in data["states"].items()}
    assert label["myanmar"][0] < label["vietnam"][0] and label["indonesia"][1] > label["philippines"][1]


def test_the_script_decodes_topojson_arcs_and_joins_rings(script):
    """A square split into two arcs, one used reversed: the ring is the square, closed once."""
    topology = {
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [10, 0], [0, 10]], [[0, 0], [10, 0], [0, 10]]],  # (0,0)-(10,0)-(10,10); (0,0)-(10,0)-(10,10)
    }
    arcs = script.decode_arcs(topology)
    assert arcs[0] == [(0, 0), (10, 0), (10, 10)]
    ring = script.ring(arcs, [0, ~1])  # the second arc reversed: (10,10)-(10,0)-(0,0)
    assert ring == [(0, 0), (10, 0), (10, 10), (10, 0), (0, 0)]
    line = [(0, 0), (1, 0.01), (2, 0), (3, 5), (4, 0)]
    assert script.simplify(line, 0.5) == [(0, 0), (2, 0), (3, 5), (4, 0)]
    assert script.area([(0, 0), (4, 0), (4, 3), (0, 3)]) == 12

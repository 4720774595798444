"""minigrad.save / minigrad.load accept PyTorch's keywords (map_location, weights_only,
pickle arguments), refusing what they cannot honour with a message naming it."""

import io
import pickle

import pytest

import minigrad as mg
from minigrad import nn


def test_state_dict_round_trip_with_pytorchs_keywords(tmp_path):
    model = nn.Linear(3, 2)
    path = tmp_path / "model.pth"
    mg.save(model.state_dict(), path, pickle_protocol=4, _use_new_zipfile_serialization=True)

    class Device:
        type = "cpu"

    for kw in [
        {},
        {"map_location": "cpu"},
        {"map_location": Device()},
        {"map_location": {"cuda:0": "cpu"}},
        {"map_location": lambda s, loc: s},
        {"weights_only": False},
        {"weights_only": True, "mmap": True},
    ]:
        other = nn.Linear(3, 2)
        other.load_state_dict(mg.load(path, **kw))
        assert (other.weight.array == model.weight.array).all(), kw


def test_what_cannot_be_honoured_is_refused(tmp_path):
    path = tmp_path / "m.pth"
    mg.save({"a": mg.ones(2)}, path)
    with pytest.raises(RuntimeError, match="map_location 'cuda:0' is not available"):
        mg.load(path, map_location="cuda:0")
    with pytest.raises(TypeError, match="pickle_module not supported"):
        mg.load(path, pickle_module=pickle)
    with pytest.raises(TypeError, match="encoding not supported"):
        mg.load(path, encoding="latin1")
    with pytest.raises(TypeError, match="save: pickle_module is not supported"):
        mg.save({}, path, pickle_module=pickle)
    with open(path) as text, pytest.raises(TypeError, match="opened in text mode"):
        mg.load(text)
    raw = io.BytesIO(pickle.dumps({"a": 1}))
    with pytest.raises(ValueError, match="minigrad never unpickles"):
        mg.load(raw, weights_only=False)

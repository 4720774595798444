"""Tests for minigrad.nn.container: Sequential, ModuleList, ModuleDict (indexing, editing,
registration, repr)."""

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn


def test_sequential_indexing_len_iteration_and_editing():
    layers = [nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)]
    seq = nn.Sequential(*layers)
    assert len(seq) == 3 and list(seq) == layers
    assert seq[0] is layers[0] and seq[-1] is layers[2]
    sub = seq[1:]
    assert isinstance(sub, nn.Sequential) and list(sub) == layers[1:]
    assert [n for n, _ in sub.named_children()] == ["1", "2"]
    x = mg.randn(4, 2)
    np.testing.assert_allclose(seq(x).array, layers[2](layers[1](layers[0](x))).array)
    seq.append(nn.Sigmoid())
    assert len(seq) == 4
    del seq[1]
    assert [n for n, _ in seq.named_children()] == ["0", "1", "2"]
    assert isinstance(seq[1], nn.Linear)
    seq.insert(1, nn.Tanh())
    assert isinstance(seq[1], nn.Tanh) and len(seq) == 4
    seq[0] = nn.Identity()
    assert isinstance(seq[0], nn.Identity)
    named = nn.Sequential({"a": nn.ReLU(), "b": nn.Tanh()})
    assert [n for n, _ in named.named_children()] == ["a", "b"]
    with pytest.raises(IndexError, match="Sequential: index 9 is out of range for length 4"):
        seq[9]
    with pytest.raises(TypeError, match="Sequential indices must be integers or slices, not str"):
        seq["0"]


def test_module_list():
    ml = nn.ModuleList([nn.Linear(2, 2)])
    ml.append(nn.ReLU()).extend([nn.Tanh()])
    ml.insert(0, nn.Sigmoid())
    assert [type(m).__name__ for m in ml] == ["Sigmoid", "Linear", "ReLU", "Tanh"]
    assert len(list(ml.parameters())) == 2
    assert isinstance(ml[1:3], nn.ModuleList) and len(ml[1:3]) == 2
    del ml[0]
    assert isinstance(ml[0], nn.Linear) and [n for n, _ in ml.named_children()] == ["0", "1", "2"]
    with pytest.raises(NotImplementedError):
        ml(1)
    with pytest.raises(TypeError, match="ModuleList.extend: expected an iterable of modules"):
        ml.extend(nn.ReLU())
    with pytest.raises(IndexError, match="ModuleList: index -9 is out of range for length 3"):
        ml[-9]


def test_module_dict():
    md = nn.ModuleDict({"a": nn.Linear(1, 1)})
    md["b"] = nn.ReLU()
    md.update([("c", nn.Tanh())])
    assert list(md) == ["a", "b", "c"] and "b" in md and len(md) == 3
    assert [k for k, _ in md.items()] == list(md.keys())
    assert isinstance(md.pop("b"), nn.ReLU) and list(md) == ["a", "c"]
    assert [n for n, _ in md.named_parameters()] == ["a.weight", "a.bias"]
    with pytest.raises(KeyError, match=r"ModuleDict has no key 'z'; keys: \['a', 'c'\]"):
        md["z"]
    md.clear()
    assert len(md) == 0


def test_nested_repr_matches_pytorch(torch):
    def build(lib):
        return lib.nn.Sequential(
            lib.nn.Conv2d(1, 8, 5),
            lib.nn.ModuleDict({"act": lib.nn.ReLU()}),
            lib.nn.ModuleList([lib.nn.Linear(2, 2) for _ in range(3)] + [lib.nn.Tanh()]),
            lib.nn.Sequential(),
        )

    assert repr(build(mg)) == repr(build(torch))

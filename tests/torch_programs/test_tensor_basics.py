"""The PyTorch "Tensors" tutorial (pytorch.org/tutorials/beginner/basics/tensorqs_tutorial),
ported mechanically: the tutorial's body runs with ``torch`` bound to minigrad and to PyTorch,
and every value it prints is compared. Only change: ``torch.matmul(..., out=y3)`` (minigrad has
no ``out=``) is written ``y3 = torch.matmul(...)``."""

import numpy as np
import pytest

import minigrad

# These tests compare with PyTorch's own defaults (float32), whatever the torch fixture set.
pytestmark = pytest.mark.usefixtures("pytorch_defaults")

real_torch = pytest.importorskip("torch")


def tutorial(torch, rand_values):
    seen = {}
    data = [[1, 2], [3, 4]]
    x_data = torch.tensor(data)
    np_array = np.array(data)
    x_np = torch.from_numpy(np_array)
    x_ones = torch.ones_like(x_data)  # retains the properties of x_data
    x_rand = torch.rand_like(x_data, dtype=torch.float)  # overrides the datatype of x_data
    seen["ones_like"], seen["rand_like_shape"] = x_ones, x_rand.shape
    seen["x_np"] = x_np

    shape = (2, 3)
    rand_tensor = torch.rand(shape)
    ones_tensor = torch.ones(shape)
    zeros_tensor = torch.zeros(shape)
    seen["shapes"] = (rand_tensor.shape, ones_tensor, zeros_tensor)

    tensor = torch.tensor(rand_values)  # the tutorial draws torch.rand(3, 4)
    seen["attributes"] = (tuple(tensor.shape), str(tensor.dtype), str(tensor.device))
    if torch.accelerator.is_available():
        tensor = tensor.to(torch.accelerator.current_accelerator())

    tensor = torch.ones(4, 4)
    seen["first row"] = tensor[0]
    seen["first column"] = tensor[:, 0]
    seen["last column"] = tensor[..., -1]
    tensor[:, 1] = 0
    seen["tensor"] = tensor.clone()

    t1 = torch.cat([tensor, tensor, tensor], dim=1)
    seen["cat"] = t1

    tensor = torch.tensor(rand_values)
    y1 = tensor @ tensor.T
    y2 = tensor.matmul(tensor.T)
    y3 = torch.matmul(tensor, tensor.T)
    z1 = tensor * tensor
    z2 = tensor.mul(tensor)
    z3 = torch.mul(tensor, tensor) if hasattr(torch, "mul") else torch.multiply(tensor, tensor)
    seen["products"] = (y1, y2, y3, z1, z2, z3)

    agg = tensor.sum()
    agg_item = agg.item()
    seen["agg_item"] = (agg_item, type(agg_item).__name__)

    tensor.add_(5)
    seen["add_"] = tensor

    t = torch.ones(5)
    n = t.numpy()
    t.add_(1)
    seen["bridge t->n"] = (t, n.copy())
    n = np.ones(5)
    t = torch.from_numpy(n)
    np.add(n, 1, out=n)
    seen["bridge n->t"] = (t.clone(), n.copy())
    return seen


def test_the_tensors_tutorial_runs_and_agrees_with_pytorch(assert_same):
    values = np.random.default_rng(0).random((3, 4)).astype(np.float32).tolist()
    mine, theirs = tutorial(minigrad, values), tutorial(real_torch, values)
    assert mine.keys() == theirs.keys()
    for key in mine:
        assert_same(mine[key], theirs[key], key)

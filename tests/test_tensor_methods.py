"""Tests for the Tensor's PyTorch methods and the top-level functions of the same names
(minigrad._tensor_methods, minigrad.functions) against PyTorch: forward values, gradients,
and float64 gradchecks to second order."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.testing import gradcheck, gradgradcheck

# These tests compare with PyTorch's own defaults (float32), whatever the torch fixture set.
pytestmark = pytest.mark.usefixtures("pytorch_defaults")

torch = pytest.importorskip("torch")


@pytest.fixture(autouse=True)
def _pytorch_default_float32():
    """The shared ``torch`` fixture makes PyTorch's default float64; these tests compare
    dtypes with minigrad's default (float32), so PyTorch's is float32 while they run."""
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    yield
    torch.set_default_dtype(old)


rng = np.random.default_rng(0)
X = rng.standard_normal((2, 3, 4))
M = rng.standard_normal((3, 4))
V = rng.standard_normal(4)

# name: (function of (module, tensor), input array). Each is called on minigrad and torch.
METHODS = {
    "view": (lambda m, x: x.view(4, -1), X),
    "view_tuple": (lambda m, x: x.view((6, 4)), X),
    "view_as": (lambda m, x: x.view_as(x.reshape(-1)), X),
    "reshape_as": (lambda m, x: x.reshape_as(x.reshape(6, 4)), X),
    "expand": (lambda m, x: x[:1].expand(3, -1, 3, 4), X),
    "expand_as": (lambda m, x: x[:, :1].expand_as(x), X),
    "flatten": (lambda m, x: x.flatten(1), X),
    "flatten_range": (lambda m, x: x.flatten(0, 1), X),
    "unflatten": (lambda m, x: x.unflatten(2, (2, 2)), X),
    "permute": (lambda m, x: x.permute(2, 0, 1), X),
    "permute_tuple": (lambda m, x: x.permute((1, 2, 0)), X),
    "transpose": (lambda m, x: x.transpose(0, 2), X),
    "transpose_neg": (lambda m, x: x.transpose(-1, -2), X),
    "swapaxes": (lambda m, x: x.swapaxes(0, 1), X),
    "movedim": (lambda m, x: x.movedim(0, -1), X),
    "t": (lambda m, x: x.t(), M),
    "T": (lambda m, x: x.T, M),
    "mT": (lambda m, x: x.mT, X),
    "squeeze": (lambda m, x: x[:, :1].squeeze(), X),
    "squeeze_dim": (lambda m, x: x[:, :1].squeeze(1), X),
    "squeeze_non1": (lambda m, x: x.squeeze(0), X),
    "unsqueeze": (lambda m, x: x.unsqueeze(-1), X),
    "narrow": (lambda m, x: x.narrow(2, 1, 2), X),
    "chunk": (lambda m, x: m.stack(x.chunk(3, dim=2)[:1] * 1, 0), X),
    "chunk_uneven": (lambda m, x: m.cat(m.arange(5.0, dtype=m.float64).chunk(3)[1:]) * x.sum(), X),
    "split_size": (lambda m, x: x.split(3, dim=2)[1], X),
    "split_sizes": (lambda m, x: x.split([1, 3], dim=2)[1], X),
    "unbind": (lambda m, x: x.unbind(1)[2], X),
    "repeat": (lambda m, x: x.repeat(2, 1, 3), X),
    "repeat_more_dims": (lambda m, x: M_(m, x).repeat(2, 1, 2), M),
    "tile": (lambda m, x: x.tile((2,)), M),
    "flip": (lambda m, x: x.flip(0, 2), X),
    "flip_tuple": (lambda m, x: x.flip((1,)), X),
    "roll": (lambda m, x: x.roll(1, 2), X),
    "roll_dims": (lambda m, x: x.roll((1, -2), (0, 2)), X),
    "roll_flat": (lambda m, x: x.roll(5), X),
    "clone": (lambda m, x: x.clone() * 2, X),
    "contiguous": (lambda m, x: x.transpose(0, 1).contiguous(), X),
    "rsqrt": (lambda m, x: (x * x + 1).rsqrt(), X),
    "square": (lambda m, x: x.square(), X),
    "reciprocal": (lambda m, x: (x * x + 1).reciprocal(), X),
    "softmax": (lambda m, x: x.softmax(dim=1), X),
    "log_softmax": (lambda m, x: x.log_softmax(-1), X),
    "clamp": (lambda m, x: x.clamp(-0.5, 0.5), X),
    "clamp_min": (lambda m, x: x.clamp(min=0.1), X),
    "clip": (lambda m, x: x.clip(max=0.2), X),
    "clamp_tensor": (lambda m, x: x.clamp(min=x[0] * 0.5), X),
    "add_alpha": (lambda m, x: x.add(x * x, alpha=2), X),
    "sub_alpha": (lambda m, x: x.sub(1.5, alpha=2), X),
    "mul": (lambda m, x: x.mul(x), X),
    "div": (lambda m, x: x.div(x * x + 1), X),
    "pow": (lambda m, x: x.pow(2), X),
    "pow_tensor": (lambda m, x: (x * x + 1).pow(x), X),
    "neg": (lambda m, x: x.neg(), X),
    "lerp": (lambda m, x: x.lerp(x * x, 0.3), X),
    "addcmul": (lambda m, x: x.addcmul(x, x, value=0.5), X),
    "masked_fill": (lambda m, x: x.masked_fill(x > 0, 0.5), X),
    "where": (lambda m, x: x.where(x > 0, x * 3), X),
    "torch_where": (lambda m, x: m.where(x > 0, x, 0.0), X),
    "gather": (lambda m, x: x.gather(1, m.tensor([[0, 2], [1, 1], [2, 0]])), M),
    "take_along_dim": (lambda m, x: m.take_along_dim(x, m.tensor([[0], [3], [1]]), 1), M),
    "take": (lambda m, x: x.take(m.tensor([[0, 5], [11, 5]])), M),
    "index_select": (lambda m, x: x.index_select(1, m.tensor([3, 0, 3])), M),
    "masked_select": (lambda m, x: x.masked_select(x > 0), M),
    "scatter": (lambda m, x: x.scatter(1, m.tensor([[0], [2], [1]]), x[:, 3:] * 5), M),
    "scatter_value": (lambda m, x: x.scatter(0, m.tensor([[0, 1, 2, 0]]), 2.0), M),
    "scatter_add": (
        lambda m, x: x.scatter_add(1, m.tensor([[0, 0], [2, 1], [1, 1]]), x[:, :2] * 2),
        M,
    ),
    "index_add": (lambda m, x: x.index_add(1, m.tensor([0, 0]), x[:, :2] * 3), M),
    "mm": (lambda m, x: x.mm(x.t()), M),
    "matmul": (lambda m, x: x.matmul(x.transpose(1, 2)), X),
    "bmm": (lambda m, x: x.bmm(x.transpose(1, 2)), X),
    "mv": (lambda m, x: x.mv(x[0]), M),
    "dot": (lambda m, x: x.dot(x * 2), V),
    "outer": (lambda m, x: x.outer(x[:2]), V),
    "torch_transpose": (lambda m, x: m.transpose(x, 0, 1), X),
    "torch_cat": (lambda m, x: m.cat([x, x * 2], dim=1), X),
    "torch_stack": (lambda m, x: m.stack([x, x], dim=-1), X),
    "torch_hstack": (lambda m, x: m.hstack([x, x]), M),
    "torch_vstack": (lambda m, x: m.vstack([x, x[0]]), M),
    "torch_einsum_list": (lambda m, x: m.einsum("ij,kj->ik", [x, x]), M),
    "torch_addmm": (lambda m, x: m.addmm(x[:, :3], x, x.t(), beta=0.5, alpha=2), M),
    "torch_squeeze": (lambda m, x: m.squeeze(m.unsqueeze(x, 0), 0), M),
}


def M_(m, x):
    return x


@pytest.mark.parametrize("name", METHODS)
def test_method_matches_pytorch_forward_and_gradient(name):
    fn, a = METHODS[name]
    x = mg.tensor(a, requires_grad=True)
    tx = torch.tensor(a, requires_grad=True)
    out, tout = fn(mg, x), fn(torch, tx)
    assert out.shape == tuple(tout.shape)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-10, atol=1e-12)
    w = rng.standard_normal(out.shape)
    (out * mg.tensor(w)).sum().backward()
    (tout * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(x.grad.array, tx.grad.numpy(), rtol=1e-10, atol=1e-12)


KINKED = {"clamp", "clamp_min", "clip", "clamp_tensor", "masked_fill", "where", "torch_where"}
SMOOTH = [n for n in METHODS if n not in KINKED | {"masked_select"}]


@pytest.mark.parametrize("name", SMOOTH)
def test_method_gradients_of_first_and_second_order(name):
    fn, a = METHODS[name]
    x = mg.tensor(a, requires_grad=True)
    assert gradcheck(lambda t: fn(mg, t), [x])
    assert gradgradcheck(lambda t: fn(mg, t), [x])


COMPARISONS = ["eq", "ne", "lt", "le", "gt", "ge", "greater", "less_equal", "not_equal"]


@pytest.mark.parametrize("name", COMPARISONS)
def test_comparison_methods(name):
    a, b = np.array([1.0, 2.0, 3.0]), np.array([2.0, 2.0, 1.0])
    got = getattr(mg.tensor(a), name)(mg.tensor(b))
    want = getattr(torch.tensor(a), name)(torch.tensor(b))
    assert got.dtype == np.bool_ and got.tolist() == want.tolist()
    assert getattr(mg, name if hasattr(torch, name) else "eq")(mg.tensor(a), 2.0).dtype == bool


def test_closeness_and_equality():
    a = mg.tensor([1.0, 2.0])
    assert a.isclose(a + 1e-9).tolist() == [True, True]
    assert a.allclose(a + 1e-9) and not a.allclose(a + 1)
    assert mg.equal(a, mg.tensor([1.0, 2.0])) and not mg.equal(a, mg.tensor([1.0]))
    assert torch.equal(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0]))
    assert a.equal(mg.tensor([1.0, 2.0])) is True


def test_where_with_one_argument_and_nonzero():
    x = mg.tensor([[0, 1], [2, 0]])
    tx = torch.tensor([[0, 1], [2, 0]])
    assert x.nonzero().tolist() == tx.nonzero().tolist()
    assert [t.tolist() for t in mg.where(x > 0)] == [t.tolist() for t in torch.where(tx > 0)]


BAD = [
    ("transpose_dim", lambda m: m.zeros(2, 3).transpose(0, 2), IndexError),
    ("t_3d", lambda m: m.zeros(2, 3, 4).t(), RuntimeError),
    ("permute_len", lambda m: m.zeros(2, 3).permute(0), RuntimeError),
    ("expand", lambda m: m.zeros(2, 3).expand(4, 3), RuntimeError),
    ("split_sum", lambda m: m.zeros(4).split([1, 2]), RuntimeError),
    ("repeat_short", lambda m: m.zeros(2, 3).repeat(2), RuntimeError),
    ("mm_shapes", lambda m: m.zeros(2, 3).mm(m.zeros(4, 2)), RuntimeError),
    ("mm_1d", lambda m: m.zeros(3).mm(m.zeros(3, 2)), RuntimeError),
    ("bmm_2d", lambda m: m.zeros(2, 3).bmm(m.zeros(3, 2)), RuntimeError),
    ("dot_len", lambda m: m.zeros(3).dot(m.zeros(4)), RuntimeError),
    ("gather_ndim", lambda m: m.zeros(3, 4).gather(1, m.tensor([0, 1])), RuntimeError),
    ("gather_range", lambda m: m.zeros(3, 4).gather(1, m.tensor([[5]])), RuntimeError),
    ("gather_dtype", lambda m: m.zeros(3, 4).gather(1, m.tensor([[0.0]])), RuntimeError),
    ("index_select_2d", lambda m: m.zeros(3, 4).index_select(1, m.tensor([[0]])), IndexError),
    (
        "masked_fill_int",
        lambda m: m.zeros(4).masked_fill(m.tensor([1, 0, 0, 0]), 1.0),
        RuntimeError,
    ),
    ("narrow", lambda m: m.zeros(3, 4).narrow(1, 2, 3), RuntimeError),
    ("take", lambda m: m.zeros(3, 4).take(m.tensor([20])), IndexError),
    ("size_dim", lambda m: m.zeros(2).size(3), IndexError),
    ("chunk_0", lambda m: m.zeros(3).chunk(0), RuntimeError),
    ("mT_1d", lambda m: m.zeros(3).mT, RuntimeError),
    ("clamp_none", lambda m: m.zeros(3).clamp(), RuntimeError),
]


@pytest.mark.parametrize("call, exc", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_raises_pytorchs_error_type(call, exc):
    with pytest.raises(exc):
        call(torch)
    with pytest.raises(exc):
        call(mg)


def test_meshgrid_tril_triu_pow_mul_match_pytorch():
    a, b, c = np.arange(3.0), np.arange(4.0), np.arange(2.0)
    for indexing in ("ij", "xy"):
        got = mg.meshgrid(mg.tensor(a), mg.tensor(b), mg.tensor(c), indexing=indexing)
        want = torch.meshgrid(torch.tensor(a), torch.tensor(b), torch.tensor(c), indexing=indexing)
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g.array, w.numpy())
    for d in (-1, 0, 2):
        np.testing.assert_array_equal(
            mg.tril(mg.tensor(X), d).array, torch.tril(torch.tensor(X), d)
        )
        np.testing.assert_array_equal(mg.tensor(X).triu(d).array, torch.tensor(X).triu(d))
    assert mg.pow(2, mg.tensor([1, 2])).tolist() == torch.pow(2, torch.tensor([1, 2])).tolist()
    assert mg.mul(mg.tensor([1, 2]), 1.5).dtype == np.float32
    x = mg.tensor(M, requires_grad=True)
    assert gradgradcheck(lambda t: mg.tril(t, 1) * mg.pow(t, 2), [x])
    assert gradcheck(lambda t: mg.meshgrid(t[0], t[1])[1], [x])

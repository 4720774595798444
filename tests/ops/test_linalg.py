"""matmul and einsum: forward vs NumPy, gradients vs central differences and PyTorch, 1-D
promotion, broadcast batch dimensions, every notation einsum accepts, and bad input.

Operands are drawn with ``minigrad.testing.strategies`` (matmul's shapes with
``hypothesis.extra.numpy``'s gufunc-signature shapes, which the toolkit has no counterpart
for); the gradient properties run ``check_gradients`` to second order.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minigrad as mg
from minigrad.ops.linalg import MatMul
from minigrad.testing import check_gradients, gradcheck, gradgradcheck
from minigrad.testing import strategies as mst

finite = st.floats(-2, 2, allow_nan=False, allow_infinity=False)
rng = np.random.default_rng(0)


def t(a):
    return mg.tensor(a, requires_grad=True)


def randn(*shape):
    return rng.standard_normal(shape)


# --------------------------------------------------------------------------------------------
# matmul
# --------------------------------------------------------------------------------------------

# NumPy's matmul signature: an optional (1-D) m and p, batch dimensions broadcast.
matmul_shapes = hnp.mutually_broadcastable_shapes(
    signature=np.matmul.signature, max_dims=2, max_side=3
).map(lambda b: b.input_shapes)


@st.composite
def matmul_operands(draw):
    """Two float64 tensors whose shapes ``matmul`` accepts."""
    return tuple(draw(mst.tensors(s, elements=finite)) for s in draw(matmul_shapes))


@given(matmul_operands())
def test_matmul_matches_numpy(operands):
    a, b = operands
    out = mg.matmul(a, b)
    expected = np.matmul(a.array, b.array)
    assert out.shape == expected.shape
    np.testing.assert_allclose(out.array, expected, rtol=1e-12, atol=1e-12)


def test_matmul_differentiates_twice():
    check_gradients(lambda operands: mg.matmul(*operands), operands=matmul_operands(), order=2)


@given(operands=matmul_operands())
def test_matmul_gradients_match_torch(operands, torch):
    ours_a, ours_b = operands
    out = ours_a @ ours_b
    g = randn(*out.shape)
    out.backward(mg.tensor(g))
    ta = torch.tensor(ours_a.array, requires_grad=True)
    tb = torch.tensor(ours_b.array, requires_grad=True)
    (ta @ tb).backward(torch.tensor(g))
    np.testing.assert_allclose(ours_a.grad.array, ta.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours_b.grad.array, tb.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(
    ("sa", "sb", "out"),
    [
        ((3,), (3,), ()),
        ((3,), (2, 3, 4), (2, 4)),
        ((2, 4, 3), (3,), (2, 4)),
        ((3,), (3, 4), (4,)),
        ((5, 1, 2, 3), (4, 3, 2), (5, 4, 2, 2)),
        ((2, 3), (6, 3, 1), (6, 2, 1)),
    ],
)
def test_matmul_promotes_1d_and_broadcasts_batches_like_numpy(sa, sb, out):
    a, b = t(randn(*sa)), t(randn(*sb))
    result = mg.matmul(a, b)
    assert result.shape == out
    np.testing.assert_allclose(result.array, np.matmul(a.array, b.array), rtol=1e-12)
    assert gradcheck(mg.matmul, [a, b])
    assert gradgradcheck(mg.matmul, [a, b])


@pytest.mark.parametrize("ta", [False, True])
@pytest.mark.parametrize("tb", [False, True])
def test_matmul_primitive_transpose_flags_differentiate_to_third_order(ta, tb):
    # The VJPs of each flag combination use the other combinations, so checking the
    # gradient of the gradient walks through all four.
    a = t(randn(2, 4, 3) if ta else randn(2, 3, 4))
    b = t(randn(5, 4) if tb else randn(4, 5))
    op = lambda x, y: MatMul.apply(x, y, ta=ta, tb=tb)
    expected = np.matmul(a.array.swapaxes(-1, -2) if ta else a.array, b.array.T if tb else b.array)
    np.testing.assert_allclose(op(a, b).array, expected, rtol=1e-12)
    assert gradcheck(op, [a, b])
    assert gradgradcheck(op, [a, b])

    def grad_a(x, y):
        return mg.autograd.grad((op(x, y) ** 2).sum(), x, create_graph=True)[0]

    assert gradgradcheck(grad_a, [a, b])  # third order of op(a) @ op(b)


def test_matmul_through_transposed_views(torch):
    w, x = randn(4, 3), randn(5, 3)
    ours_w, ours_x = t(w), t(x)
    (ours_x @ ours_w.T).sum().backward()
    tw, tx = torch.tensor(w, requires_grad=True), torch.tensor(x, requires_grad=True)
    (tx @ tw.T).sum().backward()
    np.testing.assert_allclose(ours_w.grad.array, tw.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours_x.grad.array, tx.grad.numpy(), rtol=1e-12)


def test_matmul_skips_gradients_nobody_needs(monkeypatch):
    calls = []
    forward = MatMul.forward
    monkeypatch.setattr(
        MatMul, "forward", staticmethod(lambda *a, **k: calls.append(1) or forward(*a, **k))
    )
    a, b = t(randn(3, 4)), mg.tensor(randn(4, 2))
    (a @ b).sum().backward()
    assert len(calls) == 2  # the forward and dA; dB is never computed
    assert b.grad is None and a.grad.shape == (3, 4)


def test_matmul_keeps_float32_and_accepts_arrays_and_ints():
    a = mg.ones(2, 3, requires_grad=True)
    out = a @ np.ones((3, 2), np.float32)
    assert out.dtype == np.float32
    out.sum().backward()
    assert a.grad.dtype == np.float32
    np.testing.assert_array_equal(a.grad.array, np.full((2, 3), 2.0))
    left = np.ones((4, 2), np.float32) @ a
    assert left.shape == (4, 3) and left.requires_grad
    ints = mg.tensor(np.arange(6).reshape(2, 3)) @ mg.tensor(np.arange(3))
    np.testing.assert_array_equal(ints.array, [5, 14])


def test_matmul_bad_shapes_name_both_shapes():
    with pytest.raises(ValueError, match=r"matmul: shapes \(2, 3\) and \(4, 5\) are not aligned"):
        mg.ones(2, 3) @ mg.ones(4, 5)
    with pytest.raises(ValueError, match=r"matmul: shapes \(3,\) and \(4,\) are not aligned"):
        mg.matmul(mg.ones(3), mg.ones(4))
    with pytest.raises(
        ValueError,
        match=r"matmul: the batch dimensions of shapes \(2, 3, 4\) "
        r"and \(5, 4, 1\) do not broadcast",
    ):
        mg.matmul(mg.ones(2, 3, 4), mg.ones(5, 4, 1))
    with pytest.raises(
        ValueError,
        match=r"matmul: operands must have at least 1 dimension, "
        r"got shapes \(\) and \(3,\)",
    ):
        mg.matmul(mg.tensor(2.0), mg.ones(3))
    with pytest.raises(TypeError, match="matmul: expected a Tensor or an array, got str"):
        mg.matmul(mg.ones(3), "x")


# --------------------------------------------------------------------------------------------
# einsum
# --------------------------------------------------------------------------------------------

NOTATIONS = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("ij,jk", [(2, 3), (3, 4)]),  # implicit mode
    ("ba", [(2, 3)]),  # implicit: the output is alphabetical, so a transpose
    ("Ba,ab", [(2, 3), (3, 4)]),  # implicit: ASCII order, upper case first
    ("ii", [(3, 3)]),  # trace
    ("ii->i", [(3, 3)]),  # diagonal
    ("iij->j", [(2, 2, 3)]),
    ("iii->", [(2, 2, 2)]),
    ("i,i->", [(4,), (4,)]),
    ("i,j->ij", [(2,), (3,)]),
    ("ij->", [(2, 3)]),
    ("ij->ji", [(2, 3)]),
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
    ("...ij,...jk->...ik", [(2, 1, 2, 3), (4, 3, 2)]),  # broadcast ellipsis of unequal rank
    ("...i,i", [(2, 3), (3,)]),  # implicit with ellipsis
    ("i...->...i", [(2, 3, 1)]),
    ("ij...,j...->i...", [(2, 3, 4), (3, 1)]),
    ("bi,i->b", [(3, 1), (4,)]),  # a size-1 label broadcasts against size 4
    ("ij,ij->ij", [(1, 4), (3, 1)]),
    (",i->i", [(), (3,)]),
    ("i,i,i->", [(3,), (3,), (3,)]),
    ("ab,bc,cd->ad", [(2, 3), (3, 2), (2, 2)]),
    (" ij , jk -> ik ", [(2, 3), (3, 2)]),
]


@pytest.mark.parametrize(("subscripts", "shapes"), NOTATIONS)
def test_einsum_matches_numpy_and_differentiates_twice(subscripts, shapes):
    ops = [t(randn(*s)) for s in shapes]
    out = mg.einsum(subscripts, *ops)
    expected = np.einsum(subscripts, *[o.array for o in ops])
    assert out.shape == expected.shape
    np.testing.assert_allclose(out.array, expected, rtol=1e-12, atol=1e-12)
    fn = lambda *xs: mg.einsum(subscripts, *xs)
    assert gradcheck(fn, ops)
    assert gradgradcheck(fn, ops)


@pytest.mark.parametrize(
    ("subscripts", "shapes"),
    [n for n in NOTATIONS if n[0] not in ("bi,i->b", "ij,ij->ij", "Ba,ab")],
)
def test_einsum_gradients_match_torch(subscripts, shapes, torch):
    arrays = [randn(*s) for s in shapes]
    ours = [t(a) for a in arrays]
    out = mg.einsum(subscripts, *ours)
    g = randn(*out.shape)
    out.backward(mg.tensor(g))
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    torch.einsum(subscripts.replace(" ", ""), *theirs).backward(torch.tensor(g))
    for o, th in zip(ours, theirs):
        np.testing.assert_allclose(o.grad.array, th.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_einsum_trace_and_diagonal_put_the_gradient_on_the_diagonal():
    a = t(randn(3, 3))
    mg.einsum("ii", a).backward()
    np.testing.assert_array_equal(a.grad.array, np.eye(3))
    b = t(randn(3, 3))
    mg.einsum("ii->i", b).backward(mg.tensor(np.array([1.0, 2.0, 3.0])))
    np.testing.assert_array_equal(b.grad.array, np.diag([1.0, 2.0, 3.0]))


@st.composite
def einsum_case(draw):
    """Random explicit einsum problems: 1-3 operands over labels a-d, repeats allowed."""
    sizes = dict(zip("abcd", draw(st.lists(st.integers(1, 3), min_size=4, max_size=4))))
    terms = draw(st.lists(st.text("abcd", max_size=3), min_size=1, max_size=3))
    used = sorted(set("".join(terms)))
    out = "".join(draw(st.permutations(used))[: draw(st.integers(0, len(used)))])
    operands = [draw(mst.tensors(tuple(sizes[c] for c in term), elements=finite)) for term in terms]
    return f"{','.join(terms)}->{out}", operands


@given(case=einsum_case())
def test_einsum_random_problems_match_numpy(case):
    subscripts, operands = case
    np.testing.assert_allclose(
        mg.einsum(subscripts, *operands).array,
        np.einsum(subscripts, *[o.array for o in operands]),
        rtol=1e-10,
        atol=1e-12,
    )


def test_einsum_random_problems_differentiate_twice():
    check_gradients(lambda case: mg.einsum(case[0], *case[1]), case=einsum_case(), order=2)


def test_einsum_same_tensor_twice_and_constants():
    x = t(randn(4))
    mg.einsum("i,i->", x, x).backward()
    np.testing.assert_allclose(x.grad.array, 2 * x.array)
    w = t(randn(2, 4))
    out = mg.einsum("ij,j->i", w, np.ones(4))
    out.sum().backward()
    np.testing.assert_array_equal(w.grad.array, np.ones((2, 4)))


def test_einsum_keeps_float32():
    a = mg.ones(2, 3, requires_grad=True)
    out = mg.einsum("ij->j", a)
    assert out.dtype == np.float32
    out.sum().backward()
    assert a.grad.dtype == np.float32


@pytest.mark.parametrize(
    ("subscripts", "shapes", "message"),
    [
        ("ij,jk->ik", [(2, 3)], r"einsum: subscripts 'ij,jk->ik' name 2 operand\(s\) but 1"),
        (
            "ij->i",
            [(2, 3, 4)],
            r"einsum: term 'ij' has 2 label\(s\) but operand 0 has shape "
            r"\(2, 3, 4\)",
        ),
        ("ijk", [(2, 3)], r"einsum: term 'ijk' has 3 label\(s\) but operand 0 has shape \(2, 3\)"),
        (
            "ij,jk->ik",
            [(2, 3), (4, 5)],
            r"einsum: label 'j' has size 3 in operand 0 \(shape "
            r"\(2, 3\)\) but 4 in operand 1 \(shape \(4, 5\)\)",
        ),
        ("ii->i", [(2, 3)], r"einsum: label 'i' repeats in operand 0 .*shape \(2, 3\)"),
        ("ij->ii", [(2, 2)], r"einsum: output label 'i' repeats"),
        ("ij->k", [(2, 2)], r"einsum: output label 'k' is in no input"),
        ("i1->i", [(2, 2)], r"einsum: invalid subscripts 'i1->i' \(bad term 'i1'\)"),
        ("i->i->i", [(2,)], r"einsum: invalid subscripts"),
        ("......i->i", [(2,)], r"einsum: invalid subscripts"),
        ("...i->i", [(2, 3)], r"einsum: the inputs of '...i->i' have dimensions under '...'"),
    ],
)
def test_einsum_bad_input_raises(subscripts, shapes, message):
    with pytest.raises(ValueError, match=message):
        mg.einsum(subscripts, *[mg.ones(*s) for s in shapes])


def test_einsum_subscripts_must_be_a_string():
    with pytest.raises(TypeError, match="einsum: subscripts must be a str, got list"):
        mg.einsum([0, 1], mg.ones(2, 2))

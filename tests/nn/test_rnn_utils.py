"""pack_padded_sequence, pad_packed_sequence, pad_sequence, pack_sequence against PyTorch."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.nn import rnn_utils as U

rng = np.random.default_rng(3)


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("lengths", [[4, 4, 2], [1, 4, 3], [3]])
def test_pack_and_pad_round_trip_match_torch(torch, batch_first, lengths):
    shape = (len(lengths), 4, 2) if batch_first else (4, len(lengths), 2)
    x = rng.standard_normal(shape)
    xm, xt = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    sort = lengths == sorted(lengths, reverse=True)
    pm = U.pack_padded_sequence(xm, lengths, batch_first, enforce_sorted=sort)
    pt = torch.nn.utils.rnn.pack_padded_sequence(xt, lengths, batch_first, enforce_sorted=sort)
    np.testing.assert_array_equal(pm.data.array, pt.data.detach().numpy())
    np.testing.assert_array_equal(pm.batch_sizes.array, pt.batch_sizes.numpy())
    for a, b in [
        (pm.sorted_indices, pt.sorted_indices),
        (pm.unsorted_indices, pt.unsorted_indices),
    ]:
        assert (a is None) == (b is None) and (a is None or a.tolist() == b.tolist())
    ym, lm = U.pad_packed_sequence(pm, batch_first, padding_value=-1.0, total_length=5)
    yt, lt = torch.nn.utils.rnn.pad_packed_sequence(pt, batch_first, -1.0, total_length=5)
    np.testing.assert_array_equal(ym.array, yt.detach().numpy())
    np.testing.assert_array_equal(lm.array, lt.numpy())
    g = rng.standard_normal(ym.shape)
    ym.backward(mg.tensor(g))
    yt.backward(torch.tensor(g))
    np.testing.assert_array_equal(xm.grad.array, xt.grad.numpy())


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("side", ["right", "left"])
def test_pad_sequence_and_pack_sequence_match_torch(torch, batch_first, side):
    seqs = [rng.standard_normal((n, 2)) for n in (3, 1, 2)]
    ym = U.pad_sequence([mg.tensor(s) for s in seqs], batch_first, 7.0, side)
    yt = torch.nn.utils.rnn.pad_sequence([torch.tensor(s) for s in seqs], batch_first, 7.0, side)
    np.testing.assert_array_equal(ym.array, yt.numpy())
    pm = U.pack_sequence([mg.tensor(s) for s in seqs], enforce_sorted=False)
    pt = torch.nn.utils.rnn.pack_sequence([torch.tensor(s) for s in seqs], enforce_sorted=False)
    np.testing.assert_array_equal(pm.data.array, pt.data.numpy())
    parts = U.unpad_sequence(U.pad_sequence([mg.tensor(s) for s in seqs]), [3, 1, 2])
    for a, b in zip(parts, seqs):
        np.testing.assert_array_equal(a.array, b)


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: U.pack_padded_sequence(mg.zeros(3, 2, 1), [2, 3]), "not sorted"),
        (lambda: U.pack_padded_sequence(mg.zeros(3, 2, 1), [4, 3]), "do not fit"),
        (lambda: U.pack_padded_sequence(mg.zeros(3, 2, 1), [3, 0]), "positive"),
        (lambda: U.pad_sequence([mg.zeros(2, 1), mg.zeros(2, 2)]), "trailing shapes"),
        (lambda: U.pad_sequence([mg.zeros(2)], padding_side="up"), "padding_side"),
        (
            lambda: U.pad_packed_sequence(U.pack_sequence([mg.zeros(3, 1)]), total_length=2),
            "total_length",
        ),
    ],
)
def test_bad_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_reachable_under_pytorchs_path():
    import minigrad.nn.utils.rnn as by_import

    assert by_import is U and mg.nn.utils.rnn.pad_sequence is U.pad_sequence

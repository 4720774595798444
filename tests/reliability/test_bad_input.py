"""A catalogue of bad input across the public API: wrong shapes, wrong dtypes, NaN, empty
arrays, negative sizes and wrong types. Each raises ValueError/TypeError/IndexError whose
message names the op and the argument (and the shapes where they matter) before any work is
done: never an AttributeError or a raw NumPy message from deep inside, never a wrong result.
"""

from __future__ import annotations

import inspect
import re
import warnings

import numpy as np
import pytest

import minigrad as mg
import minigrad.numpy as mnp
from minigrad import nn
from minigrad import optim as optim
from minigrad.data import DataLoader, TensorDataset, random_split
from minigrad.nn import functional as F
from minigrad.ops import elementwise as ew_ops
from minigrad.ops import shape as shape_ops


def T(*shape, dtype=np.float32, fill=1.0):
    return mg.tensor(np.full(shape, fill, dtype))


def I(*values):  # noqa: E743 - integer class indices
    return mg.tensor(np.array(values, np.int64))


def params():
    return nn.Linear(2, 2).parameters()


NAN = float("nan")

# (id, call, exception, regex the message must match)
CASES = [
    # ---- creation ------------------------------------------------------------------------
    ("tensor/str", lambda: mg.tensor("abc"), TypeError, r"tensor: cannot make a tensor from str"),
    ("tensor/ragged", lambda: mg.tensor([[1.0], [1.0, 2.0]]), ValueError, r"tensor: .*list"),
    (
        "tensor/object-array",
        lambda: mg.tensor(np.array([object()])),
        TypeError,
        r"tensor: .*dtype object",
    ),
    (
        "tensor/int-requires-grad",
        lambda: mg.tensor([1, 2], requires_grad=True),
        TypeError,
        r"only floating-point tensors can require gradients; .* int64",
    ),
    ("zeros/negative", lambda: mg.zeros(-1, 2), ValueError, r"zeros: negative dimension .*-1, 2"),
    ("zeros/float-size", lambda: mg.zeros(2.5), TypeError, r"zeros: shape must be integers"),
    ("ones/None", lambda: mg.ones(None), TypeError, r"ones: shape must be integers"),
    ("randn/negative", lambda: mg.randn(3, -1), ValueError, r"randn: negative dimension"),
    ("rand/str", lambda: mg.rand("3"), TypeError, r"rand: shape must be integers"),
    ("full/negative", lambda: mg.full((-1,), 1.0), ValueError, r"full: negative dimension"),
    ("full/None-shape", lambda: mg.full(None, 1.0), TypeError, r"full: shape must be integers"),
    (
        "full/nan-into-int",
        lambda: mg.full((2,), NAN, dtype=np.int64),
        ValueError,
        r"full: fill_value=nan does not fit the integer dtype",
    ),
    ("eye/negative", lambda: mg.eye(-1), ValueError, r"eye: negative dimension"),
    ("arange/zero-step", lambda: mg.arange(0, 5, 0), ValueError, r"arange: step must not be zero"),
    ("arange/None", lambda: mg.arange(None), TypeError, r"arange: start must be a number"),
    (
        "zeros_like/ndarray",
        lambda: mg.zeros_like(np.ones(3)),
        TypeError,
        r"zeros_like: expected a Tensor, got ndarray",
    ),
    ("ones_like/None", lambda: mg.ones_like(None), TypeError, r"ones_like: expected a Tensor"),
    # ---- element-wise ----------------------------------------------------------------------
    (
        "add/shapes",
        lambda: mg.add(T(2, 3), T(4)),
        ValueError,
        r"add: operands could not be broadcast together: shapes \(2, 3\) and \(4,\)",
    ),
    (
        "multiply/list-shape",
        lambda: mg.multiply(T(2), [1.0, 2.0, 3.0]),
        ValueError,
        r"multiply: .* shapes \(2,\) and \(3,\)",
    ),
    ("add/str", lambda: mg.add(T(2), "a"), TypeError, r"add: operand 1 .* got str"),
    ("subtract/None", lambda: T(2) - None, TypeError, r"subtract: operand 1 .* got NoneType"),
    ("exp/None", lambda: mg.exp(None), TypeError, r"exp: expected a Tensor, got NoneType"),
    ("relu/str", lambda: mg.relu("x"), TypeError, r"relu: expected a Tensor, got str"),
    ("negative/dict", lambda: mg.negative({}), TypeError, r"negative: expected a Tensor"),
    (
        "astype/bad-dtype",
        lambda: ew_ops.astype(T(2), "notatype"),
        TypeError,
        r"astype: dtype 'notatype' is not a NumPy dtype",
    ),
    (
        "astype/None-tensor",
        lambda: ew_ops.astype(None, "float32"),
        TypeError,
        r"astype: expected a Tensor",
    ),
    (
        "where/float-condition",
        lambda: mg.where(T(2), T(2), T(2)),
        TypeError,
        r"where: condition must be boolean, got dtype float32",
    ),
    (
        "where/shapes",
        lambda: mg.where(T(2) > 0, T(3), T(2)),
        ValueError,
        r"where: condition, a and b could not be broadcast together: shapes \(2,\), \(3,\)",
    ),
    ("less/shapes", lambda: T(2) < T(3), ValueError, r"less: .*\(2,\) and \(3,\)"),
    # ---- reductions ------------------------------------------------------------------------
    (
        "sum/axis-range",
        lambda: mg.sum(T(2, 3), axis=2),
        ValueError,
        r"sum: axis 2 is out of range for a tensor of shape \(2, 3\)",
    ),
    (
        "mean/float-axis",
        lambda: mg.mean(T(2, 3), axis=1.0),
        TypeError,
        r"mean: axis must be an int or a tuple of ints, got 1.0",
    ),
    ("sum/repeated-axis", lambda: mg.sum(T(2, 3), axis=(1, -1)), ValueError, r"sum: repeated axis"),
    (
        "max/empty-axis",
        lambda: mg.max(T(0, 3), axis=0),
        ValueError,
        r"max: cannot reduce an empty axis \(axis=0, shape \(0, 3\)\)",
    ),
    ("min/empty", lambda: mg.min(T(0)), ValueError, r"min: cannot reduce an empty axis"),
    (
        "argmax/tuple-axis",
        lambda: mg.argmax(T(2, 3), axis=(0, 1)),
        TypeError,
        r"argmax: axis must be an int",
    ),
    (
        "logsumexp/axis",
        lambda: mg.logsumexp(T(3), axis=-2),
        ValueError,
        r"logsumexp: axis -2 is out of range",
    ),
    ("var/str", lambda: mg.var("x"), TypeError, r"var: expected a Tensor, got str"),
    (
        "sum_to/shapes",
        lambda: mg.sum_to(T(2, 3), (4,)),
        ValueError,
        r"sum_to: shape \(2, 3\) does not broadcast from \(4,\)",
    ),
    ("sum_to/None", lambda: mg.sum_to(None, (1,)), TypeError, r"sum_to: expected a Tensor"),
    # ---- shape ops ---------------------------------------------------------------------------
    (
        "reshape/size",
        lambda: mg.reshape(T(2, 3), (4, 2)),
        ValueError,
        r"reshape: cannot reshape a tensor of shape \(2, 3\) \(6 elements\) into shape \(4, 2\)",
    ),
    (
        "reshape/negative",
        lambda: mg.reshape(T(2, 3), (-2, 3)),
        ValueError,
        r"reshape: shape \(-2, 3\) may hold non-negative sizes and at most one -1",
    ),
    (
        "reshape/two-minus-one",
        lambda: mg.reshape(T(2, 3), (-1, -1)),
        ValueError,
        r"reshape: shape \(-1, -1\)",
    ),
    (
        "reshape/float",
        lambda: mg.reshape(T(2, 3), (3.0, 2)),
        TypeError,
        r"reshape: shape must be an int or a sequence of ints",
    ),
    (
        "reshape/None-tensor",
        lambda: mg.reshape(None, (1,)),
        TypeError,
        r"reshape: expected a Tensor, got NoneType",
    ),
    (
        "transpose/repeated",
        lambda: mg.permute(T(2, 3), (0, 0)),
        ValueError,
        r"permute: repeated dim in dims=\(0, 0\)",
    ),
    (
        "transpose/length",
        lambda: mg.permute(T(2, 3), (0,)),
        ValueError,
        r"permute: number of dimensions .* input.dim\(\) = 2 is not equal to len\(dims\) = 1",
    ),
    ("transpose/str", lambda: mg.transpose("ab", 0, 1), TypeError, r"transpose: expected a Tensor"),
    (
        "squeeze/non-1",
        lambda: mg.squeeze(T(2, 3), 2),
        IndexError,
        r"squeeze: dim 2 is out of range for a tensor of 2 dimension",
    ),
    (
        "expand_dims/range",
        lambda: shape_ops.expand_dims(T(2), 3),
        ValueError,
        r"expand_dims: axis 3 is out of range",
    ),
    (
        "flatten/order",
        lambda: mg.flatten(T(2, 3, 4), 2, 1),
        ValueError,
        r"flatten: start_dim 2 comes after end_dim 1",
    ),
    (
        "broadcast_to/shapes",
        lambda: mg.broadcast_to(T(2, 3), (3, 3)),
        ValueError,
        r"broadcast_to: cannot broadcast shape \(2, 3\) to \(3, 3\)",
    ),
    (
        "broadcast_to/negative",
        lambda: mg.broadcast_to(T(1), (-1,)),
        ValueError,
        r"broadcast_to: cannot broadcast shape \(1,\) to \(-1,\)",
    ),
    (
        "concatenate/shapes",
        lambda: mg.concatenate([T(2, 3), T(2, 4)]),
        ValueError,
        r"concatenate: tensors\[1\] has shape \(2, 4\) but tensors\[0\] has shape \(2, 3\)",
    ),
    ("concatenate/empty", lambda: mg.concatenate([]), ValueError, r"concatenate: tensors is empty"),
    (
        "concatenate/tensor",
        lambda: mg.concatenate(T(2, 3)),
        TypeError,
        r"concatenate: tensors must be a list or tuple of tensors, got Tensor",
    ),
    (
        "stack/shapes",
        lambda: mg.stack([T(2), T(3)]),
        ValueError,
        r"stack: tensors\[1\] has shape \(3,\) but tensors\[0\] has shape \(2,\)",
    ),
    (
        "split/uneven",
        lambda: mg.split(T(5), [2, 2]),
        ValueError,
        r"split: split_with_sizes expects split_sizes to sum exactly to 5",
    ),
    (
        "split/zero",
        lambda: mg.split(T(4), 0),
        ValueError,
        r"split: split_size must be a positive int, got 0",
    ),
    (
        "pad/negative",
        lambda: shape_ops.pad(T(3), (-1, 0)),
        ValueError,
        r"pad: pad_width \(-1, 0\) has negative widths",
    ),
    (
        "pad/rank",
        lambda: shape_ops.pad(T(3, 3), ((1, 1),) * 3),
        ValueError,
        r"pad: pad_width .* does not fit a tensor of shape \(3, 3\)",
    ),
    ("flip/axis", lambda: mg.flip(T(3), 1), ValueError, r"flip: dim 1 is out of range"),
    (
        "swapaxes/axis2",
        lambda: mg.swapaxes(T(3), 0, 1),
        ValueError,
        r"swapaxes: dim 1 is out of range",
    ),
    # ---- indexing ----------------------------------------------------------------------------
    (
        "getitem/out-of-bounds",
        lambda: T(3)[5],
        IndexError,
        r"getitem: index 5 is out of bounds for axis 0 with size 3 .*tensor shape \(3,\)",
    ),
    ("getitem/too-many", lambda: T(3)[0, 0], IndexError, r"getitem: too many indices"),
    (
        "getitem/float",
        lambda: T(3)[1.0],
        TypeError,
        r"getitem: invalid index item 1.0 of type float",
    ),
    ("getitem/str", lambda: T(3)["a"], TypeError, r"getitem: invalid index item 'a' of type str"),
    (
        "getitem/bool-shape",
        lambda: T(3)[np.array([True, False])],
        IndexError,
        r"getitem: boolean index did not match",
    ),
    (
        "getitem/array-out-of-bounds",
        lambda: T(3)[np.array([0, 7])],
        IndexError,
        r"getitem: index 7 is out of bounds",
    ),
    (
        "setitem/out-of-bounds",
        lambda: T(3).__setitem__(5, 1.0),
        IndexError,
        r"__setitem__: index 5 is out of bounds .*tensor shape \(3,\)",
    ),
    (
        "setitem/nan-into-int",
        lambda: T(3, dtype=np.int64).__setitem__(0, NAN),
        ValueError,
        r"__setitem__: cannot convert float NaN to integer",
    ),
    (
        "setitem/shape",
        lambda: T(3).__setitem__(slice(None), np.ones(4)),
        ValueError,
        r"__setitem__: could not broadcast",
    ),
    (
        "copy_/shapes",
        lambda: T(2).copy_(np.ones(3)),
        ValueError,
        r"copy_: cannot broadcast \(3,\) to \(2,\)",
    ),
    # ---- linear algebra ------------------------------------------------------------------------
    (
        "matmul/shapes",
        lambda: mg.matmul(T(2, 3), T(2, 3)),
        ValueError,
        r"matmul: shapes \(2, 3\) and \(2, 3\) are not aligned",
    ),
    (
        "matmul/0-d",
        lambda: mg.matmul(T(), T(3)),
        ValueError,
        r"matmul: operands must have at least 1 dimension",
    ),
    (
        "einsum/sizes",
        lambda: mg.einsum("ij,jk->ik", T(2, 3), T(4, 5)),
        ValueError,
        r"einsum: label 'j' has size 3 in operand 0 \(shape \(2, 3\)\) but 4 in operand 1",
    ),
    (
        "einsum/operands",
        lambda: mg.einsum("ij,jk->ik", T(2, 3)),
        ValueError,
        r"einsum: subscripts 'ij,jk->ik' name 2 operand\(s\) but 1 were given",
    ),
    (
        "einsum/output-repeat",
        lambda: mg.einsum("ij->kk", T(2, 3)),
        ValueError,
        r"einsum: output label 'k' repeats",
    ),
    # ---- autograd ------------------------------------------------------------------------------
    (
        "backward/non-scalar",
        lambda: (T(2) * mg.tensor([1.0, 2.0], requires_grad=True)).backward(),
        RuntimeError,
        r"grad can be implicitly created only for scalar outputs; .* shape \(2,\)",
    ),
    (
        "backward/gradient-shape",
        lambda: (mg.tensor([1.0, 2.0], requires_grad=True) * 2).backward(mg.ones(3)),
        ValueError,
        r"backward: gradient has shape \(3,\) but the output has shape \(2,\)",
    ),
    (
        "backward/no-graph",
        lambda: T(2).sum().backward(),
        RuntimeError,
        r"backward: the output \(shape \(\)\) does not require grad",
    ),
    (
        "grad/not-a-leaf-input",
        lambda: mg.autograd.grad(mg.tensor(1.0, requires_grad=True) * 2, T(1)),
        ValueError,
        r"grad: inputs\[0\] is not a Tensor that requires grad",
    ),
    ("item/size", lambda: T(2).item(), ValueError, r"item: the tensor has 2 elements, not 1"),
    ("bool/size", lambda: bool(T(2)), ValueError, r"truth value of a tensor with 2 elements"),
    # ---- nn.functional -----------------------------------------------------------------------
    (
        "linear/shapes",
        lambda: F.linear(T(2, 3), T(4, 5)),
        ValueError,
        r"linear: input of shape \(2, 3\) does not fit weight of shape \(4, 5\)",
    ),
    (
        "linear/bias",
        lambda: F.linear(T(2, 3), T(4, 3), T(5)),
        ValueError,
        r"linear: bias must have shape \(4,\) to match weight \(4, 3\), got \(5,\)",
    ),
    (
        "linear/ndarray",
        lambda: F.linear(np.ones((2, 3)), T(4, 3)),
        TypeError,
        r"linear: input must be a Tensor, got ndarray",
    ),
    (
        "softmax/dim",
        lambda: F.softmax(T(2, 3), dim=2),
        IndexError,
        r"softmax: dim 2 is out of range for an input of shape \(2, 3\)",
    ),
    (
        "softmax/str-dim",
        lambda: F.softmax(T(2, 3), dim="1"),
        TypeError,
        r"softmax: dim must be an int, got '1'",
    ),
    (
        "log_softmax/int",
        lambda: F.log_softmax(T(2, 3, dtype=np.int64), dim=1),
        TypeError,
        r"log_softmax: input must be floating point, got dtype int64",
    ),
    (
        "dropout/p",
        lambda: F.dropout(T(3), p=1.5),
        ValueError,
        r"dropout: p must be between 0 and 1",
    ),
    ("dropout/nan", lambda: F.dropout(T(3), p=NAN), ValueError, r"dropout: p must be .* got nan"),
    (
        "cross_entropy/target-shape",
        lambda: F.cross_entropy(T(4, 3), I(0, 0, 0, 0, 0)),
        ValueError,
        r"cross_entropy: for input of shape \(4, 3\) the target of class indices must have shape "
        r"\(4,\), got \(5,\)",
    ),
    (
        "cross_entropy/class-range",
        lambda: F.cross_entropy(T(4, 3), I(0, 1, 2, 3)),
        IndexError,
        r"cross_entropy: target values must be class indices in \[0, 2\] .* got 3",
    ),
    (
        "cross_entropy/negative-class",
        lambda: F.cross_entropy(T(4, 3), I(0, 1, 2, -2)),
        IndexError,
        r"cross_entropy: target values .* got -2",
    ),
    (
        "cross_entropy/float-target-shape",
        lambda: F.cross_entropy(T(4, 3), mg.tensor([0.0, 1.0, 2.0, 1.0])),
        ValueError,
        r"cross_entropy: a probability target must have the input's shape \(4, 3\), got \(4,\)",
    ),
    (
        "cross_entropy/reduction",
        lambda: F.cross_entropy(T(4, 3), I(0, 1, 2, 1), reduction="avg"),
        ValueError,
        r"cross_entropy: reduction must be one of 'none', 'mean', 'sum', got 'avg'",
    ),
    (
        "cross_entropy/weight",
        lambda: F.cross_entropy(T(4, 3), I(0, 1, 2, 1), weight=T(4)),
        ValueError,
        r"cross_entropy: weight must have shape \(3,\) \(one per class\), got \(4,\)",
    ),
    (
        "cross_entropy/0-d",
        lambda: F.cross_entropy(T(), I(0)),
        ValueError,
        r"cross_entropy: input must be \(C,\), \(N, C\) or \(N, C, d1, \.\.\.\), got a 0-d",
    ),
    (
        "cross_entropy/unbatched-target",
        lambda: F.cross_entropy(T(3), I(0, 1, 2)),
        ValueError,
        r"cross_entropy: for unbatched input of shape \(3,\) the target of class indices must "
        r"be 0-d, got shape \(3,\)",
    ),
    (
        "nll_loss/class-range",
        lambda: F.nll_loss(T(4, 3), I(0, 1, 2, 3)),
        IndexError,
        r"nll_loss: target values must be class indices in \[0, 2\]",
    ),
    (
        "binary_cross_entropy/range",
        lambda: F.binary_cross_entropy(mg.tensor([1.5]), mg.tensor([1.0])),
        ValueError,
        r"binary_cross_entropy: input must hold probabilities in \[0, 1\], got values in \[1.5",
    ),
    (
        "binary_cross_entropy/shapes",
        lambda: F.binary_cross_entropy(mg.tensor([0.5, 0.5]), mg.tensor([1.0])),
        ValueError,
        r"binary_cross_entropy: target must have the input's shape \(2,\), got \(1,\)",
    ),
    (
        "bce_with_logits/shapes",
        lambda: F.binary_cross_entropy_with_logits(T(4, 1), T(4)),
        ValueError,
        r"binary_cross_entropy_with_logits: target must have the input's shape \(4, 1\)",
    ),
    (
        "bce_with_logits/pos_weight",
        lambda: F.binary_cross_entropy_with_logits(T(4, 3), T(4, 3), pos_weight=T(2)),
        ValueError,
        r"binary_cross_entropy_with_logits: pos_weight of shape \(2,\) does not broadcast",
    ),
    (
        "one_hot/float",
        lambda: F.one_hot(T(3)),
        TypeError,
        r"one_hot: tensor must hold integer class indices, got dtype float32",
    ),
    (
        "one_hot/range",
        lambda: F.one_hot(I(0, 5), 3),
        ValueError,
        r"one_hot: class values must be in \[0, 2\] \(num_classes=3\), got 5",
    ),
    (
        "one_hot/empty",
        lambda: F.one_hot(mg.tensor(np.zeros(0, np.int64))),
        ValueError,
        r"one_hot: cannot infer num_classes from an empty tensor",
    ),
    # Issue 17: the functional embedding refuses what nn.Embedding refuses; errors name the
    # call and the argument.
    (
        "embedding/padding_idx-range",
        lambda: F.embedding(I(0, 1), T(5, 2), padding_idx=10),
        ValueError,
        r"embedding: padding_idx must be within \[-5, 4\] \(num_embeddings=5\), got 10",
    ),
    (
        "dropout/str-p",
        lambda: F.dropout(T(3), "0.5"),
        TypeError,
        r"dropout: p must be a real number, got '0.5'",
    ),
    (
        "mse_loss/shapes",
        lambda: F.mse_loss(T(2, 3), T(4, 3)),
        ValueError,
        r"mse_loss: input of shape \(2, 3\) and target of shape \(4, 3\) do not match",
    ),
    (
        "l1_loss/shapes",
        lambda: F.l1_loss(T(2, 3), T(4, 3)),
        ValueError,
        r"l1_loss: input of shape \(2, 3\) and target of shape \(4, 3\) do not match",
    ),
    (
        "LeakyReLU/str-slope",
        lambda: mg.nn.LeakyReLU("a")(T(3)),
        TypeError,
        r"LeakyReLU: negative_slope must be a real number, got 'a'",
    ),
    (
        "embedding/range",
        lambda: F.embedding(I(5), T(3, 2)),
        IndexError,
        r"embedding: index 5 is out of range for 3 embeddings \(weight \(3, 2\)\)",
    ),
    (
        "embedding/float-index",
        lambda: F.embedding(T(2), T(3, 2)),
        TypeError,
        r"embedding: input must hold integer indices, got dtype float32",
    ),
    (
        "batch_norm/running-shape",
        lambda: F.batch_norm(T(4, 3), T(2), T(2), training=False),
        ValueError,
        r"batch_norm: running_mean must have shape \(3,\) for input \(4, 3\)",
    ),
    (
        "batch_norm/one-sample",
        lambda: F.batch_norm(T(1, 3), T(3), T(3), training=True),
        ValueError,
        r"batch_norm: expected more than 1 value per channel when training",
    ),
    # ---- convolution and pooling ---------------------------------------------------------------
    (
        "conv2d/channels",
        lambda: F.conv2d(T(1, 2, 5, 5), T(3, 3, 3, 3)),
        ValueError,
        r"conv2d: weight of shape \(3, 3, 3, 3\) with groups=1 expects 3 input channels, but the "
        r"input of shape \(1, 2, 5, 5\) has 2",
    ),
    (
        "conv2d/rank",
        lambda: F.conv2d(T(5, 5), T(3, 1, 3, 3)),
        ValueError,
        r"conv2d: expected input of rank 4 \(N, C, \*spatial\) or 3 .* got shape \(5, 5\)",
    ),
    (
        "conv2d/kernel-too-big",
        lambda: F.conv2d(T(1, 1, 2, 2), T(1, 1, 3, 3)),
        ValueError,
        r"conv2d: the kernel .* is larger than the padded input",
    ),
    (
        "conv2d/stride-0",
        lambda: F.conv2d(T(1, 1, 5, 5), T(1, 1, 3, 3), stride=0),
        ValueError,
        r"conv2d: stride must be positive, got \(0, 0\)",
    ),
    (
        "conv2d/negative-padding",
        lambda: F.conv2d(T(1, 1, 5, 5), T(1, 1, 3, 3), padding=-1),
        ValueError,
        r"conv2d: padding must be non-negative",
    ),
    (
        "conv2d/bias",
        lambda: F.conv2d(T(1, 1, 5, 5), T(2, 1, 3, 3), bias=T(3)),
        ValueError,
        r"conv2d: bias must have shape \(2,\) \(one per output channel\), got \(3,\)",
    ),
    (
        "conv2d/int",
        lambda: F.conv2d(T(1, 1, 5, 5, dtype=np.int64), T(1, 1, 3, 3)),
        TypeError,
        r"conv2d: input must be a floating-point tensor, got dtype int64",
    ),
    (
        "conv2d/groups",
        lambda: F.conv2d(T(1, 4, 5, 5), T(2, 4, 3, 3), groups=3),
        ValueError,
        r"conv2d: input channels .* must be divisible by groups=3",
    ),
    (
        "conv2d/padding-str",
        lambda: F.conv2d(T(1, 1, 5, 5), T(1, 1, 3, 3), padding="bogus"),
        ValueError,
        r"conv2d: padding must be 'valid', 'same', an int or a tuple of 2 ints",
    ),
    (
        "conv2d/empty-kernel",
        lambda: F.conv2d(T(1, 1, 5, 5), T(2, 1, 0, 0)),
        ValueError,
        r"conv2d: the kernel must not be empty",
    ),
    (
        "max_pool2d/kernel-0",
        lambda: F.max_pool2d(T(1, 1, 4, 4), 0),
        ValueError,
        r"max_pool2d: kernel_size must be positive, got \(0, 0\)",
    ),
    (
        "max_pool2d/too-big",
        lambda: F.max_pool2d(T(1, 1, 2, 2), 3),
        ValueError,
        r"max_pool2d: the output size \(0, 0\) is too small",
    ),
    (
        "max_pool2d/padding",
        lambda: F.max_pool2d(T(1, 1, 4, 4), 2, padding=2),
        ValueError,
        r"max_pool2d: padding \(2, 2\) must be at most half the kernel size",
    ),
    (
        "max_pool2d/rank",
        lambda: F.max_pool2d(T(4, 4), 2),
        ValueError,
        r"max_pool2d: expected input of rank 4",
    ),
    (
        "max_pool2d/int",
        lambda: F.max_pool2d(T(1, 1, 4, 4, dtype=np.int64), 2),
        TypeError,
        r"max_pool2d: input must be a floating-point tensor",
    ),
    (
        "avg_pool2d/negative-stride",
        lambda: F.avg_pool2d(T(1, 1, 4, 4), 2, stride=-1),
        ValueError,
        r"avg_pool2d: stride must be positive",
    ),
    (
        "adaptive_avg_pool2d/zero",
        lambda: F.adaptive_avg_pool2d(T(1, 1, 4, 4), 0),
        ValueError,
        r"adaptive_avg_pool2d: output_size must be positive",
    ),
    # ---- layers --------------------------------------------------------------------------------
    (
        "Linear/negative",
        lambda: nn.Linear(-1, 3),
        ValueError,
        r"Linear: sizes must be non-negative integers",
    ),
    ("Linear/float", lambda: nn.Linear(2.5, 3), ValueError, r"Linear: sizes must be non-negative"),
    (
        "Linear/input-shape",
        lambda: nn.Linear(3, 2)(T(4, 5)),
        ValueError,
        r"Linear\(in_features=3, out_features=2, bias=True\): expected input of shape \(\*, 3\), "
        r"got \(4, 5\)",
    ),
    (
        "Linear/ndarray",
        lambda: nn.Linear(3, 2)(np.ones((4, 3), np.float32)),
        TypeError,
        r"linear: input must be a Tensor, got ndarray",
    ),
    (
        "Conv2d/negative",
        lambda: nn.Conv2d(1, -2, 3),
        ValueError,
        r"Conv2d: out_channels=-2 must be positive",
    ),
    (
        "Conv2d/groups",
        lambda: nn.Conv2d(3, 2, 3, groups=2),
        ValueError,
        r"Conv2d: in_channels=3 must be positive and divisible by groups=2",
    ),
    (
        "Conv2d/input-channels",
        lambda: nn.Conv2d(3, 2, 3)(T(1, 1, 5, 5)),
        ValueError,
        r"Conv2d\(3, 2, .*\): expected input of shape \(N, 3, H, W\) or \(3, H, W\), "
        r"got \(1, 1, 5, 5\)",
    ),
    (
        "Conv2d/padding_mode",
        lambda: nn.Conv2d(1, 2, 3, padding_mode="wat"),
        ValueError,
        r"Conv2d: only padding_mode='zeros' is supported, got 'wat'",
    ),
    (
        "MaxPool2d/negative-kernel",
        lambda: nn.MaxPool2d(-1)(T(1, 1, 4, 4)),
        ValueError,
        r"max_pool2d: kernel_size must be positive, got \(-1, -1\)",
    ),
    (
        "BatchNorm1d/features",
        lambda: nn.BatchNorm1d(3)(T(4, 5)),
        ValueError,
        r"BatchNorm1d\(3, .*\): expected input of shape \(N, 3\) or \(N, 3, L\), got \(4, 5\)",
    ),
    (
        "BatchNorm2d/rank",
        lambda: nn.BatchNorm2d(3)(T(4, 3)),
        ValueError,
        r"BatchNorm2d\(3, .*\): expected input of shape \(N, 3, H, W\), got \(4, 3\)",
    ),
    ("Dropout/p", lambda: nn.Dropout(2.0), ValueError, r"Dropout: p must be between 0 and 1"),
    (
        "Embedding/negative",
        lambda: nn.Embedding(-1, 3),
        ValueError,
        r"Embedding: sizes must be non-negative integers",
    ),
    (
        "Embedding/index",
        lambda: nn.Embedding(3, 2)(I(3)),
        IndexError,
        r"embedding: index 3 is out of range for 3 embeddings",
    ),
    (
        "CrossEntropyLoss/reduction",
        lambda: nn.CrossEntropyLoss(reduction="bogus"),
        ValueError,
        r"CrossEntropyLoss: reduction must be one of",
    ),
    (
        "Sequential/not-a-module",
        lambda: nn.Sequential(3),
        TypeError,
        r"add_module: int is not a Module subclass",
    ),
    (
        "Flatten/dim",
        lambda: nn.Flatten(start_dim=3)(T(2, 3)),
        ValueError,
        r"flatten: start_dim 3 is out of range",
    ),
    ("Softmax/dim", lambda: nn.Softmax(dim=3)(T(2, 3)), IndexError, r"softmax: dim 3"),
    (
        "Parameter/int",
        lambda: nn.Parameter(np.ones(3, np.int64)),
        TypeError,
        r"only floating-point tensors can require gradients",
    ),
    (
        "register_parameter/ndarray",
        lambda: nn.Linear(2, 2).register_parameter("w", np.ones(2)),
        TypeError,
        r"cannot assign ndarray as parameter 'w' \(a Parameter or None expected\)",
    ),
    (
        "load_state_dict/not-a-mapping",
        lambda: nn.Linear(2, 2).load_state_dict([1, 2]),
        TypeError,
        r"load_state_dict: expected a mapping of names to arrays, got list",
    ),
    # ---- optim ---------------------------------------------------------------------------------
    (
        "SGD/negative-lr",
        lambda: optim.SGD(params(), lr=-1),
        ValueError,
        r"SGD: invalid lr=-1; it must be >= 0.0",
    ),
    ("SGD/nan-lr", lambda: optim.SGD(params(), lr=NAN), ValueError, r"SGD: invalid lr=nan"),
    ("SGD/empty", lambda: optim.SGD([], lr=0.1), ValueError, r"SGD: got an empty parameter list"),
    (
        "SGD/tensor",
        lambda: optim.SGD(T(2), lr=0.1),
        TypeError,
        r"SGD: params must be an iterable of Tensors or of dicts",
    ),
    (
        "SGD/nesterov",
        lambda: optim.SGD(params(), lr=0.1, nesterov=True),
        ValueError,
        r"SGD: nesterov=True needs momentum > 0 and dampening == 0",
    ),
    (
        "SGD/nan-momentum",
        lambda: optim.SGD(params(), lr=0.1, momentum=NAN),
        ValueError,
        r"SGD: invalid momentum=nan",
    ),
    (
        "Adam/betas",
        lambda: optim.Adam(params(), betas=(1.5, 0.9)),
        ValueError,
        r"Adam: invalid betas\[0\]=1.5; it must be in \[0.0, 1.0\)",
    ),
    ("Adam/nan-eps", lambda: optim.Adam(params(), eps=NAN), ValueError, r"Adam: invalid eps=nan"),
    (
        "Adam/str-lr",
        lambda: optim.Adam(params(), lr="a"),
        TypeError,
        r"Adam: lr must be a real number, got str",
    ),
    (
        "RMSprop/alpha",
        lambda: optim.RMSprop(params(), alpha=-1),
        ValueError,
        r"RMSprop: invalid alpha=-1",
    ),
    ("Adagrad/lr", lambda: optim.Adagrad(params(), lr=-1), ValueError, r"Adagrad: invalid lr=-1"),
    (
        "StepLR/step_size",
        lambda: optim.lr_scheduler.StepLR(optim.SGD(params(), lr=0.1), 0),
        ValueError,
        r"StepLR: invalid step_size=0; it must be >= 1",
    ),
    (
        "StepLR/not-an-optimizer",
        lambda: optim.lr_scheduler.StepLR("opt", step_size=1),
        TypeError,
        r"StepLR: expected an Optimizer, got str",
    ),
    # ---- data ----------------------------------------------------------------------------------
    (
        "TensorDataset/sizes",
        lambda: TensorDataset(T(3), T(4)),
        ValueError,
        r"TensorDataset: all tensors need the same first dimension .* \[\(3,\), \(4,\)\]",
    ),
    (
        "TensorDataset/index",
        lambda: TensorDataset(T(3))[5],
        IndexError,
        r"TensorDataset: index 5 is out of range for a dataset of 3 samples",
    ),
    (
        "DataLoader/batch_size-0",
        lambda: DataLoader(TensorDataset(T(3)), batch_size=0),
        ValueError,
        r"DataLoader: batch_size must be at least 1, got 0",
    ),
    (
        "DataLoader/batch_size-float",
        lambda: DataLoader(TensorDataset(T(3)), batch_size=2.5),
        TypeError,
        r"DataLoader: batch_size must be an int, got 2.5",
    ),
    (
        "random_split/sum",
        lambda: random_split(TensorDataset(T(3)), [2, 2]),
        ValueError,
        r"random_split: lengths \[2, 2\] must be ints summing to the dataset's length 3",
    ),
    (
        "random_split/negative",
        lambda: random_split(TensorDataset(T(3)), [4, -1]),
        ValueError,
        r"random_split: lengths must not be negative",
    ),
    # ---- serialization -------------------------------------------------------------------------
    (
        "save/object",
        lambda: mg.save({"a": object()}, "/nonexistent/x.npz"),
        TypeError,
        r"save: cannot store object at obj\['a'\]",
    ),
    (
        "save/path-type",
        lambda: mg.save({}, 3.5),
        TypeError,
        r"save: f must be a path or a binary file object, got float",
    ),
    (
        "load/path-type",
        lambda: mg.load(3),
        TypeError,
        r"load: f must be a path or a binary file object, got int",
    ),
    # ---- issue 17: errors that name the call ------------------------------------------------
    ("clip/str-min", lambda: mg.clip(T(3), "a", 1.0), TypeError, r"clip: min must be a number"),
    ("clamp/str-min", lambda: mg.clamp(T(3), "a"), TypeError, r"clamp: min must be a number"),
    ("clamp/str-max", lambda: mg.clamp(T(3), max="a"), TypeError, r"clamp: max must be a number"),
    ("np.clip/str-min", lambda: mnp.clip(T(3), "a", 1.0), TypeError, r"clip: a_min must be"),
    ("cat/None-entry", lambda: mg.cat([T(3), None]), TypeError, r"cat: tensors\[1\] .*NoneType"),
    (
        "np.concatenate/None-entry",
        lambda: mnp.concatenate([T(3), None]),
        TypeError,
        r"concatenate: .*NoneType",
    ),
    ("full/str-fill", lambda: mg.full((2,), "x"), TypeError, r"full: fill_value must be a number"),
    ("add/None", lambda: T(3) + None, TypeError, r"add: operand 1 .*got NoneType"),
    ("mul/str", lambda: T(3) * "a", TypeError, r"multiply: operand 1 .*got str"),
    ("rsub/None", lambda: None - T(3), TypeError, r"subtract: operand 0 .*got NoneType"),
    (
        "split/0-d",
        lambda: mg.split(mg.tensor(1.0), 1),
        ValueError,
        r"split: a 0-d tensor has no dimension to split",
    ),
    (
        "np.split/0-d",
        lambda: mnp.split(mg.tensor(1.0), 1),
        ValueError,
        r"split: a 0-d array has no axis to split",
    ),
    (
        "Function.apply/str-operand",
        lambda: ew_ops.Add.apply(T(3), "a"),
        TypeError,
        r"Add: positional argument 1 must be a Tensor, an ndarray, a number or None, got str",
    ),
]


@pytest.mark.parametrize("call, exc, match", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_raises_a_clear_error(call, exc, match):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning instead of the error would be a defect too
        with pytest.raises(exc, match=match):
            call()


def test_case_ids_are_unique():
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------------------------
# Sweeps: every public function gets arguments of the wrong type
# --------------------------------------------------------------------------------------------

SKIP = {
    "save",
    "load",
    "manual_seed",
    "default_generator",
    "grad",
    "value_and_grad",
    "is_grad_enabled",
    "tensor",
    "arange",
    "full",
    "zeros",
    "ones",
    "rand",
    "randn",
    "eye",
    "is_tensor",  # answers False for anything that is not a Tensor, as PyTorch's
    "set_default_device",  # None is PyTorch's "back to the default"; test_tensor_device.py
    "set_printoptions",  # None leaves an option as it is, as PyTorch's
    "compile",  # None is PyTorch's decorator form; test_legacy_names.py
}


def public_functions():
    found = {}
    for prefix, module, names in (
        ("mg", mg, [n for n in dir(mg) if not n.startswith("_")]),
        ("F", F, F.__all__),
    ):
        for name in names:
            fn = getattr(module, name)
            if inspect.isfunction(fn) and name not in SKIP:
                found[f"{prefix}.{name}"] = fn
    return found


PUBLIC = public_functions()
WRONG = {"str": "abc", "None": None, "dict": {"a": 1}, "object": object()}


@pytest.mark.parametrize("bad", WRONG.values(), ids=WRONG.keys())
@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_public_function_rejects_a_wrong_type_naming_itself(name, bad):
    fn = PUBLIC[name]
    required = [
        p
        for p in inspect.signature(fn).parameters.values()
        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    good = T(2, 3)
    args = [bad] + [good] * (len(required) - 1)
    if name in ("mg.concatenate", "mg.stack"):
        args = [[bad]]
    elif name == "mg.einsum":
        args = ["ij->i", bad]
    with pytest.raises((TypeError, ValueError, IndexError)) as err:
        fn(*args)
    short = name.split(".")[1]
    message = str(err.value)
    # An alias may name itself (true_divide is div) or the op it runs with the operand (gt:
    # greater, lerp: subtract).
    named = short in message or fn.__name__ in message  # true_divide is div
    assert named or re.match(r"\w+: operand \d", message), message


LAYERS = {  # id: (make the layer, the op its errors name)
    "Linear": (lambda: nn.Linear(3, 2), "linear"),
    "Conv1d": (lambda: nn.Conv1d(2, 2, 3), "conv1d"),
    "Conv2d": (lambda: nn.Conv2d(2, 2, 3), "conv2d"),
    "ConvTranspose2d": (lambda: nn.ConvTranspose2d(2, 2, 3), "conv_transpose2d"),
    "MaxPool2d": (lambda: nn.MaxPool2d(2), "max_pool2d"),
    "AvgPool1d": (lambda: nn.AvgPool1d(2), "avg_pool1d"),
    "AdaptiveAvgPool2d": (lambda: nn.AdaptiveAvgPool2d(1), "adaptive_avg_pool2d"),
    "BatchNorm1d": (lambda: nn.BatchNorm1d(2), "batch_norm"),
    "BatchNorm2d": (lambda: nn.BatchNorm2d(2), "batch_norm"),
    "Dropout": (lambda: nn.Dropout(0.5), "dropout"),
    "Embedding": (lambda: nn.Embedding(4, 2), "embedding"),
    "Softmax": (lambda: nn.Softmax(dim=1), "softmax"),
    "Flatten": (nn.Flatten, "flatten"),
    "CrossEntropyLoss": (lambda: lambda x: nn.CrossEntropyLoss()(x, I(0)), "cross_entropy"),
    "MSELoss": (lambda: lambda x: nn.MSELoss()(x, T(1)), "mse_loss"),
}


@pytest.mark.parametrize("bad", [*WRONG.values(), [[1.0, 2.0, 3.0]]], ids=[*WRONG, "list"])
@pytest.mark.parametrize("name", LAYERS)
def test_every_layer_rejects_a_non_tensor_input(name, bad):
    layer, op = LAYERS[name]
    with pytest.raises((TypeError, ValueError)) as err:
        layer()(bad)
    message = str(err.value)
    assert message.startswith(name) or message.startswith(op), message  # the layer or its op


# --------------------------------------------------------------------------------------------
# Errors come before any work
# --------------------------------------------------------------------------------------------


def test_a_refused_inplace_update_changes_nothing():
    t = mg.tensor([1.0, 2.0, 3.0])
    for bad in (lambda: t.copy_(np.ones(4)), lambda: t.__setitem__(7, 0.0)):
        with pytest.raises((ValueError, IndexError)):
            bad()
    assert t.tolist() == [1.0, 2.0, 3.0] and t._version == 0


def test_a_refused_op_records_no_graph_node():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(ValueError):
        x + mg.ones(3)
    y = (x * 2).sum()
    y.backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_nan_flows_through_like_numpy_instead_of_being_silently_replaced():
    x = mg.tensor([[1.0, NAN], [0.0, 2.0]])
    assert np.isnan(mg.max(x).item())
    assert np.isnan(F.max_pool2d(x.reshape(1, 1, 2, 2), 2).item())
    assert np.isnan(F.softmax(x, dim=1).array[0]).all()
    assert np.isnan(mg.relu(x).array[0, 1])
    assert mg.argmax(x).item() == 1  # NumPy's rule: the first NaN wins


def test_valid_empty_inputs_work_like_pytorch(torch):
    x = mg.zeros(0, 3, requires_grad=True)
    w = mg.randn(2, 3, requires_grad=True)
    out = F.linear(x, w)
    assert out.shape == (0, 2)
    out.sum().backward()
    assert x.grad.shape == (0, 3) and w.grad.tolist() == [[0.0] * 3] * 2
    assert mg.sum(mg.zeros(0, 3), axis=0).tolist() == [0.0, 0.0, 0.0]
    conv = F.conv2d(mg.zeros(0, 1, 5, 5), mg.ones(2, 1, 3, 3))
    assert conv.shape == tuple(
        torch.nn.functional.conv2d(torch.zeros(0, 1, 5, 5), torch.ones(2, 1, 3, 3)).shape
    )
    assert list(DataLoader(TensorDataset(T(0, 3)), batch_size=2)) == []

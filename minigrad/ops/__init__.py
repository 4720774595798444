"""The primitive ops, grouped by kind; each op's forward and VJP side by side.

- ``elementwise``: arithmetic, maximum/minimum, where, clip, astype
- ``unary``: exp, log, sqrt, abs, sin, cos, tanh, sigmoid, relu
- ``compare``: comparisons, logic, sign, isnan/isfinite (no gradient)
- ``reduce``: sums, means, variances, products, averages, counts, any/all; ``sum_to``
- ``extreme``: max/min, ptp, arg-reductions, logsumexp, vector norms
- ``scan``: cumsum, cumprod, logcumsumexp, cummax/cummin, diff
- ``sort``: sort, argsort, partition, topk, kthvalue, median, take_along_axis
- ``shape``: reshape, transpose, broadcasting, flipping
- ``join``: concatenate, stack, split, constant padding
- ``getitem``: ``x[index]`` and its scatter-add VJP
- ``indexing``: gather, scatter, index_select, masked_fill... (PyTorch's selection ops)
- ``linalg``: matmul, einsum
- ``conv``: convolution, transposed convolution
- ``pool``: fixed-window pooling (max, average)
- ``adaptive_pool``: adaptive pooling (average, max) to a given output size
"""

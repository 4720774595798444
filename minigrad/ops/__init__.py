"""The primitive ops, grouped by kind; each op's forward and VJP side by side.

- ``elementwise``: arithmetic, unary math, activations, comparisons
- ``reduce``: sums, means, variances, max/min, logsumexp, arg-reductions
- ``shape``: reshape, transpose, broadcasting, joining, splitting, padding, flipping
- ``indexing``: ``x[index]`` and its scatter-add VJP
- ``linalg``: matmul, einsum
- ``conv``: convolution, transposed convolution
- ``pool``: fixed-window pooling (max, average)
- ``adaptive_pool``: adaptive pooling (average, max) to a given output size
"""

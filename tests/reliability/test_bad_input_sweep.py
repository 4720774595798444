"""Every public function of both faces, called with each of its arguments in turn replaced by
``None``, by a string, by a list of the wrong depth (where the argument takes tensors) and by
a tensor of the wrong dtype (issue 17).

The verdict is the face's own library: the NumPy face is judged against NumPy, the PyTorch
face against PyTorch, on the same call (Tensors given as ndarrays / torch tensors).

- If the oracle refuses the call, minigrad must raise ``TypeError``/``ValueError`` whose
  message names the function.
- If the oracle accepts it, minigrad must give the same result (values, shape; NumPy's dtype
  too). The NumPy face may instead refuse data it has no dtype for (complex, strings,
  objects: ``np.unique(None)`` is an object array) with a ``TypeError`` naming the function,
  and must never return such a Tensor: its tensors are bool, int and real float.
- A wrong dtype the oracle refuses (``torch.abs`` of bool, NumPy's bool subtraction) may be
  accepted: minigrad may do more than the oracle's kernels. The PyTorch face may also refuse
  (naming itself) a dtype PyTorch takes (``torch.outer`` of bool and float): it has fewer
  kernels; the NumPy face may not.
- A function with no namesake in the oracle must raise for ``None`` (where ``None`` is not the
  default), for a string and for the wrong depth; a wrong dtype may be accepted.

A function is called first as ``SAMPLES`` says (or with a float tensor per required argument,
``ARG`` values chosen by the argument's name; both in ``bad_input_samples.py``); each argument
is then replaced in turn. A
function the probes do not fit is in ``SKIP`` with the reason; a case that fails and is kept
is in ``XFAIL`` with the reason (strict: each function's failing cases must be exactly its
entries).
"""

from __future__ import annotations

import importlib.util
import inspect
import warnings
from typing import Any

import numpy as np
import pytest

# PyTorch is the PyTorch face's oracle (and the samples build on it): without it, skip.
torch = pytest.importorskip("torch")
import torch.nn.functional as TF  # noqa: E402
from bad_input_samples import ARG, SAMPLES, X  # noqa: E402

import minigrad as mg  # noqa: E402
import minigrad.numpy as mnp  # noqa: E402
from minigrad.nn import functional as F  # noqa: E402

_GLOBAL = "sets global state (the random seed, the default device): tested on its own"
_PRINT = "print settings, not arrays: global state"
_IN_PLACE = ("np.copyto", "np.fill_diagonal", "np.place", "np.put", "np.put_along_axis",
             "np.putmask")  # fmt: skip

SKIP = {
    # ---- PyTorch face
    "mg.grad": "a function transform: takes a callable, checked when called",
    "mg.value_and_grad": "a function transform: takes a callable, checked when called",
    "mg.set_default_device": _GLOBAL,
    "mg.manual_seed": _GLOBAL,
    "mg.seed": _GLOBAL,
    "mg.load": "a string is a path (test_hostile_checkpoints.py covers load)",
    "mg.save": "the first argument may be any object; a string is a path (test_checkpoints.py)",
    "mg.default_generator": "takes no argument",
    "mg.from_numpy": "takes an ndarray, not a Tensor (test_creation.py covers its checks)",
    "mg.compile": "takes a callable (None: PyTorch's decorator form); tests/test_legacy_names.py",
    "mg.set_printoptions": "print settings, global state; None leaves an option as it is, as "
    "PyTorch's",
    **dict.fromkeys(
        (
            "mg.set_num_threads",
            "mg.get_num_threads",
            "mg.set_num_interop_threads",
            "mg.get_num_interop_threads",
        ),
        "thread counts, global state: tests/test_threads.py (minigrad has 1 inter-op thread)",
    ),
    "mg.set_rng_state": "sets the global generator's state; its tensor is get_rng_state's, "
    "whose format is minigrad's own (tests/test_torch_runtime.py)",
    "mg.use_deterministic_algorithms": "a global switch (calling PyTorch's would change the "
    "other tests' oracle): tests/test_torch_runtime.py",
    "mg.set_float32_matmul_precision": "a global switch (calling PyTorch's would change the "
    "other tests' oracle); PyTorch warns and ignores an unknown precision, minigrad raises "
    "ValueError: tests/test_torch_runtime.py",
    # ---- NumPy face
    "np.apply_along_axis": "the first argument is a function",
    "np.printoptions": _PRINT,
    "np.set_printoptions": _PRINT,
    "np.get_printoptions": _PRINT,
    "np.sort_complex": "its result is complex: always refused, naming itself",
    **dict.fromkeys(_IN_PLACE, "changes an array in place: always refused, naming itself"),
}
# Arguments minigrad adds to the oracle's signature (valid values, no oracle to judge them).
OWN_ARGUMENTS = {
    "mg.tensor(name)": "minigrad's own: the tensor's name in graph diagrams",
    "np.reshape(newshape)": "NumPy < 2.4's name for shape, still taken (2.4 removed it)",
    **{
        f"F.{n}(generator)": "minigrad's own: the random generator to draw from"
        for n in ("alpha_dropout", "feature_alpha_dropout", "rrelu")
    },
}
NONDETERMINISTIC = {"mg.rand", "mg.randn", "mg.randint", "mg.randperm", "mg.normal",
                    "mg.bernoulli", "mg.multinomial", "mg.rand_like", "mg.randn_like",
                    "mg.randint_like", "mg.empty", "mg.empty_like", "np.empty",
                    "np.empty_like", "mg.initial_seed",
                    # a library object (a device, a dtype): not comparable
                    "mg.get_default_device", "mg.get_default_dtype", "mg.promote_types",
                    "mg.result_type",
                    "F.dropout", "F.dropout1d", "F.dropout2d", "F.dropout3d",
                    "F.alpha_dropout", "F.feature_alpha_dropout", "F.rrelu",
                    "F.gumbel_softmax", "mg.poisson",
                    # the generator's state: minigrad's own format, not PyTorch's
                    "mg.get_rng_state",
                    "multivariate_normal.rvs", "dirichlet.rvs"}  # fmt: skip
# The oracle's namesake when the name differs (NumPy 2 removed trapz).
ORACLE_NAME = {"np.trapz": "trapezoid"}

# Cases failing today, each with its reason: "face.name(argument=probe)".
_OP_KEYWORD = (
    "an internal keyword (op=, the name an alias's errors use) is in the public signature "
    "(functions.py, being split: for the integrator)"
)
_REQUIRES_GRAD_NONE = (
    "PyTorch's factories take requires_grad=None but tensor() and normal() do not; minigrad "
    "takes None everywhere"
)
_BATCH_STATS = (
    "in eval mode without running statistics minigrad normalises with the batch's, PyTorch "
    "raises (nn/functional.py, shared: for the integrator)"
)
_NORMALIZE_NONE = (
    "PyTorch's normalize takes p=None or dim=None (the norm of everything); minigrad refuses, "
    "naming itself (nn/_distance.py, split's)"
)
_DEGENERATE = (
    "a=dtype is an all-True (singular) matrix: SciPy's LAPACK driver returns some answer for "
    "it, minigrad's (NumPy's) another or a refusal naming the function"
)
_BOOL_FLOAT32 = (
    "SciPy computes bool input in its float32 loop; minigrad.scipy computes it in float64"
)
XFAIL: dict[str, str] = {
    "mg.argsort(stable=None)": "torch.sort takes stable=None, torch.argsort does not; minigrad "
    "takes it in both",
    "mg.clamp(op=str)": _OP_KEYWORD,
    "mg.clamp(op=None)": _OP_KEYWORD,
    "mg.movedim(op=str)": _OP_KEYWORD,
    "mg.movedim(op=None)": _OP_KEYWORD,
    "mg.normal(requires_grad=None)": _REQUIRES_GRAD_NONE,
    "mg.tensor(requires_grad=None)": _REQUIRES_GRAD_NONE,
    "F.batch_norm(running_mean=None)": _BATCH_STATS,
    "F.batch_norm(running_var=None)": _BATCH_STATS,
    "F.normalize(p=None)": _NORMALIZE_NONE,
    "F.normalize(dim=None)": _NORMALIZE_NONE,
    "np.interp(xp=dtype)": "xp is [True, True, True], not increasing: NumPy's result is "
    "unspecified there (it says so) and differs from minigrad's",
    # ---- minigrad.scipy
    **{f"linalg.{n}(a=dtype)": _DEGENERATE for n in ("eigh", "eigvalsh", "pinv", "qr", "svd")},
    "linalg.sqrtm(A=dtype)": _DEGENERATE,
    "linalg.cho_factor()": "cho_factor's c holds zeros outside its triangle; SciPy's holds "
    "whatever was there (it says so): the triangles are equal",
    "linalg.eigh()": "eigenvectors are unique up to sign, and SciPy's LAPACK driver (syevr) "
    "picks other signs than NumPy's (syevd): the eigenvalues and |v| are equal",
    "linalg.solve_triangular(trans=str)": "SciPy passes an unknown trans on to LAPACK, which "
    "takes it; minigrad refuses it, naming solve_triangular",
    "linalg.solve_triangular(trans=dtype)": "SciPy passes trans=0.5 on to LAPACK, which "
    "takes it; minigrad refuses it, naming solve_triangular",
    "linalg.solve_triangular(trans=None)": "SciPy passes trans=None on to LAPACK, which "
    "takes it; minigrad refuses it, naming solve_triangular",
    **{f"special.{n}(x=dtype)": _BOOL_FLOAT32 for n in ("entr", "erfcinv", "erfinv", "ndtri")},
    "special.polygamma(n=dtype)": "SciPy gives NaN for a non-integer order n; minigrad "
    "refuses it, naming polygamma",
}


def _public(prefix: str, module: Any) -> dict[str, Any]:
    names = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
    return {
        f"{prefix}.{n}": getattr(module, n)
        for n in names
        if inspect.isfunction(getattr(module, n, None))
    }


FUNCTIONS = {**_public("mg", mg), **_public("F", F), **_public("np", mnp)}
FACE = {"mg": (mg, torch), "F": (F, TF), "np": (mnp, np)}
# minigrad.scipy, judged against SciPy as the NumPy face is against NumPy (where SciPy is here).
if importlib.util.find_spec("scipy") is not None:
    import scipy.linalg
    import scipy.signal
    import scipy.special
    import scipy.stats

    import minigrad.scipy.linalg
    import minigrad.scipy.signal
    import minigrad.scipy.special
    import minigrad.scipy.stats

    SCIPY_FACES = {
        "special": (minigrad.scipy.special, scipy.special),
        "linalg": (minigrad.scipy.linalg, scipy.linalg),
        "signal": (minigrad.scipy.signal, scipy.signal),
        **{
            dist: (getattr(minigrad.scipy.stats, dist), getattr(scipy.stats, dist))
            for dist in minigrad.scipy.stats.__all__
        },
    }
    FACE |= SCIPY_FACES
    for _prefix, (_module, _) in SCIPY_FACES.items():
        FUNCTIONS |= _public(_prefix, _module)
NUMPY_LIKE = {"np", *FACE} - {"mg", "F"}  # the faces whose oracle takes ndarrays


def _oracle(name: str) -> Any:
    face, short = name.split(".", 1)
    return getattr(FACE[face][1], ORACLE_NAME.get(name, short), None)


def _baseline(name: str, fn: Any) -> tuple[list, dict, list]:
    """The sample call (arguments as ndarrays), and the parameters it can probe."""
    sig = inspect.signature(fn)
    params = [p for p in sig.parameters.values() if p.kind not in (p.VAR_KEYWORD,)]
    if name in SAMPLES:
        args, kwargs = SAMPLES[name]
        args, kwargs = list(args), dict(kwargs)
    else:
        positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        req = [p for p in params if p.default is p.empty and p.kind in positional]
        if not req and any(p.kind is p.VAR_POSITIONAL for p in params):
            req = [p for p in params if p.kind is p.VAR_POSITIONAL]
        args, kwargs = [ARG.get(p.name, X) for p in req], {}
    return args, kwargs, params


def _as(face: str, x: Any) -> Any:
    """The argument as the library ``face`` takes it: minigrad Tensors, torch tensors or
    ndarrays."""
    if isinstance(x, np.ndarray) and x.dtype.kind not in "USO":
        if face == "np" and x.dtype.kind == "c":
            return x  # the NumPy face has no complex Tensors: the user's ndarray
        if face == "mg":
            return mg.tensor(x.astype(np.float32) if x.dtype == np.float64 else x)
        if face == "torch":
            return torch.from_numpy(x.astype(np.float32) if x.dtype == np.float64 else x)
        if face == "scipy":  # a copy: SciPy's overwrite_a=<truthy probe> writes into it
            return x.copy()
        return mnp.asarray(x) if face == "np" else x
    if isinstance(x, (list, tuple)) and not isinstance(x, str):
        return type(x)(_as(face, i) for i in x)
    if face == "torch" and isinstance(x, np.dtype):
        return getattr(torch, x.name)
    return x


def _data(x: Any) -> Any:
    if isinstance(x, mg.Tensor):
        return np.asarray(x.array)
    if isinstance(x, torch.Tensor):
        return x.detach().numpy()
    if isinstance(x, (list, tuple)):
        return [_data(i) for i in x]
    if isinstance(x, (np.ndarray, np.generic, int, float, bool)):
        return np.asarray(x)
    return x


def _same(a: Any, b: Any, face: str) -> bool:
    a, b = _data(a), _data(b)
    if isinstance(a, list) or isinstance(b, list):
        return (
            isinstance(a, list)
            and isinstance(b, list)
            and len(a) == len(b)
            and all(_same(x, y, face) for x, y in zip(a, b))
        )
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        if a.shape != b.shape or (face == "np" and a.dtype != b.dtype):
            return False
        if a.dtype.kind in "fcbiu" and b.dtype.kind in "fcbiu":
            return bool(np.allclose(a, b, equal_nan=True, rtol=1e-4))
        return bool(np.array_equal(a, b))
    return type(a) is type(b) and a == b


def _run(fn: Any, args: list, kwargs: dict) -> tuple[bool, Any]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return True, fn(*args, **kwargs)
    except Exception as e:
        return False, e


def _probes(value: Any, default: Any) -> dict[str, Any]:
    """The bad values for one argument whose valid sample is ``value``."""
    out: dict[str, Any] = {"str": "abc"}
    if default is not None:
        out["None"] = None
    if isinstance(value, np.ndarray):
        out["depth"] = [[1.0, 2.0], [3.0]]
        wrong = {"f": bool, "b": np.float64, "i": np.float64, "u": np.float64}
        out["dtype"] = value.astype(wrong[value.dtype.kind])
        if value.dtype.kind == "f":
            out["complex"] = value.astype(np.complex128)
    elif isinstance(value, (list, tuple)) and any(isinstance(v, np.ndarray) for v in value):
        out["depth"] = [list(value)]
    elif type(value) is int:
        out["dtype"] = value + 0.5  # a float where an int (an axis, a count, a size) goes
    return out


def _foreign(x: Any) -> bool:
    if isinstance(x, np.ndarray):
        return x.dtype.kind in "cUSOV"
    if isinstance(x, (list, tuple)):
        return any(_foreign(i) for i in x)
    return x is None or isinstance(x, (str, complex))


def _holds_foreign(x: Any) -> bool:
    if isinstance(x, mg.Tensor):
        return x.dtype.kind in "cOUSV"
    if isinstance(x, (list, tuple)):
        return any(_holds_foreign(i) for i in x)
    return False


def _verdict(name: str, fn: Any, args: list, kwargs: dict, probe: str, bad: Any) -> str | None:
    """None if minigrad answered the call as the rules above say, else what went wrong."""
    face = "np" if name.split(".", 1)[0] in NUMPY_LIKE else "mg"  # F: the PyTorch face too
    oracle = _oracle(name)
    ok, out = _run(fn, _as(face, args), _as(face, kwargs))
    if probe == "baseline" and not ok:
        return f"the sample call fails: {type(out).__name__}: {out}"[:200]
    if oracle is not None:
        theirs = "torch" if face == "mg" else "numpy" if name.startswith("np.") else "scipy"
        o_ok, o_out = _run(oracle, _as(theirs, args), _as(theirs, kwargs))
    if not ok:
        if not isinstance(out, (TypeError, ValueError)):
            return f"{type(out).__name__}: {out}"[:200]
        short = name.split(".", 1)[1]
        if short not in str(out) and fn.__name__ not in str(out):
            return f"unnamed {type(out).__name__}: {out}"[:200]
        refused = face == "np" and isinstance(out, TypeError)
        foreign = refused and (_foreign(bad) or (oracle is not None and o_ok and _foreign(o_out)))
        narrower = face == "mg" and probe in ("dtype", "complex")
        if oracle is not None and o_ok and not (foreign or narrower):
            return f"the oracle accepts it; minigrad: {out}"[:200]
        return None
    if oracle is None:
        return None if probe in ("baseline", "dtype", "complex") else "no error"
    if face == "np" and _holds_foreign(out):
        return f"a result minigrad has no dtype for: {out!r}"[:200]
    if not o_ok and probe in ("dtype", "complex"):
        return None  # a dtype the oracle's kernels lack (bool arithmetic...): minigrad may do more
    if not o_ok:
        return f"no error (the oracle: {type(o_out).__name__}: {o_out})"[:200]
    if name in NONDETERMINISTIC:
        return None
    return None if _same(out, o_out, face) else "a different result from the oracle"


def _calls(name: str) -> list[tuple[str, list, dict, str, Any]]:
    """(label, args, kwargs, probe, bad value): the sample call, then each argument replaced."""
    fn = FUNCTIONS[name]
    args, kwargs, params = _baseline(name, fn)
    calls = [(f"{name}()", args, kwargs, "baseline", None)]
    named = [p for p in params if p.kind is not p.VAR_POSITIONAL]
    star = next((p.name for p in params if p.kind is p.VAR_POSITIONAL), "args")
    for j, value in enumerate(args):
        p = named[j] if j < len(named) and named[j].kind is not named[j].KEYWORD_ONLY else None
        label, default = (p.name, p.default) if p is not None else (f"{star}[{j}]", p)
        if f"{name}({label})" in OWN_ARGUMENTS:
            continue
        for probe, bad in _probes(value, default).items():
            changed = [*args[:j], bad, *args[j + 1 :]]
            calls.append((f"{name}({label}={probe})", changed, kwargs, probe, bad))
    for p in named[len(args) :]:
        if p.kind is p.POSITIONAL_ONLY or f"{name}({p.name})" in OWN_ARGUMENTS:
            continue
        value = kwargs.get(p.name, p.default)
        for probe, bad in _probes(value, p.default).items():
            calls.append((f"{name}({p.name}={probe})", args, {**kwargs, p.name: bad}, probe, bad))
    return calls


SWEPT = sorted(n for n in FUNCTIONS if n not in SKIP)


@pytest.mark.parametrize("name", SWEPT)
def test_each_argument_refused_or_as_the_oracle(name):
    fn = FUNCTIONS[name]
    failing = {}
    for label, args, kwargs, probe, bad in _calls(name):
        why = _verdict(name, fn, args, kwargs, probe, bad)
        if why is not None:
            failing[label] = why
    expected = {case for case in XFAIL if case.startswith(name + "(")}
    unexpected = {k: v for k, v in failing.items() if k not in expected}
    fixed = expected - set(failing)
    assert not unexpected and not fixed, (unexpected, fixed)


def test_skip_and_xfail_name_real_functions():
    assert set(SKIP) <= set(FUNCTIONS), set(SKIP) - set(FUNCTIONS)
    assert set(SWEPT) >= NONDETERMINISTIC, NONDETERMINISTIC - set(SWEPT)
    for case in OWN_ARGUMENTS:
        name, arg = case[:-1].split("(")
        assert arg in inspect.signature(FUNCTIONS[name]).parameters, case
    names = {case.split("(")[0] for case in XFAIL}
    assert names <= set(SWEPT), names - set(SWEPT)


def test_the_sweep_covers_both_faces_and_every_argument():
    assert sum(name.startswith("mg.") for name in SWEPT) > 150
    assert sum(name.startswith("F.") for name in SWEPT) > 75
    assert sum(name.startswith("np.") for name in SWEPT) > 250
    calls = sum(len(_calls(name)) for name in SWEPT)
    assert calls > 8 * len(SWEPT), calls

"""Shared test setup: hypothesis profiles and the optional PyTorch oracle.

Profiles: ``ci`` (more examples, derandomized, chosen when ``CI=true``) and ``dev`` (quick,
the default locally). ``HYPOTHESIS_PROFILE`` overrides both.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev")
)


@pytest.fixture(scope="session")
def torch():
    """PyTorch as a test oracle; tests that use it are skipped where it is not installed."""
    torch = pytest.importorskip("torch")
    torch.set_default_dtype(torch.float64)
    return torch


@pytest.fixture(scope="module")
def pytorch_defaults():
    """PyTorch's own default dtype (float32) for a module whose tests compare minigrad's
    dtype rules with PyTorch's (the ``torch`` fixture makes it float64 for the others)."""
    torch = pytest.importorskip("torch")
    default = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    yield torch
    torch.set_default_dtype(default)

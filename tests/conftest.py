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


@pytest.fixture
def torch():
    """PyTorch as a test oracle, its default dtype float64 for the test (and put back after,
    so tests that compare with PyTorch's own defaults see float32); tests that use it are
    skipped where PyTorch is not installed."""
    torch = pytest.importorskip("torch")
    default = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield torch
    torch.set_default_dtype(default)

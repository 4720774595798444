"""minigrad.backends.cpu: the malloc setting that keeps freed memory, and PyTorch's query."""

import os
import platform
import subprocess
import sys

import pytest

import minigrad as mg
from minigrad.backends import cpu

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


def _kept_in_child(env_value: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "MINIGRAD_KEEP_FREED_MEMORY"}
    if env_value is not None:
        env["MINIGRAD_KEEP_FREED_MEMORY"] = env_value
    code = "import minigrad; print(minigrad.backends.cpu.keeps_freed_memory())"
    return subprocess.check_output([sys.executable, "-c", code], env=env, text=True).strip()


@pytest.mark.skipif(not GLIBC, reason="the setting exists on glibc only")
def test_on_by_default_and_off_by_environment():
    assert _kept_in_child(None) == "True"
    assert _kept_in_child("0") == "False"
    assert _kept_in_child("false") == "False"


@pytest.mark.skipif(not GLIBC, reason="the setting exists on glibc only")
def test_switch_off_and_on():
    try:
        assert cpu.keep_freed_memory(False) is True
        assert not cpu.keeps_freed_memory()
        assert cpu.keep_freed_memory(True) is True
        assert cpu.keeps_freed_memory()
    finally:
        cpu.keep_freed_memory(True)


@pytest.mark.skipif(GLIBC, reason="elsewhere the setting is refused, not faked")
def test_refused_without_glibc():
    assert cpu.keep_freed_memory(True) is False
    assert not cpu.keeps_freed_memory()


def test_bad_argument_names_the_call():
    with pytest.raises(TypeError, match="keep_freed_memory: enabled must be a bool, got str"):
        cpu.keep_freed_memory("yes")


def test_cpu_capability_is_a_pytorch_spelling():
    assert mg.backends.cpu.get_cpu_capability() in {"AVX512", "AVX2", "DEFAULT"}

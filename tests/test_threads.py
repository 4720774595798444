"""set_num_threads and friends: PyTorch's names, acting on NumPy's BLAS."""

import pytest
import threadpoolctl

import minigrad as mg


def _blas_threads():
    return [i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]


@pytest.fixture
def restore_threads():
    before = mg.get_num_threads()
    yield
    mg.set_num_threads(before)


@pytest.mark.skipif(not _blas_threads(), reason="NumPy's BLAS is not visible to threadpoolctl")
def test_set_num_threads_sets_the_blas_pool(restore_threads):
    mg.set_num_threads(1)
    assert mg.get_num_threads() == 1
    assert set(_blas_threads()) == {1}
    mg.set_num_threads(2)
    assert mg.get_num_threads() == 2
    assert set(_blas_threads()) == {2}


def test_interop_threads_are_one():
    mg.set_num_interop_threads(4)
    assert mg.get_num_interop_threads() == 1


@pytest.mark.parametrize("fn", [mg.set_num_threads, mg.set_num_interop_threads])
@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", True, None])
def test_bad_counts_name_the_call(fn, bad):
    with pytest.raises(
        ValueError, match=f"{fn.__name__}: the number of threads must be a positive int"
    ):
        fn(bad)

"""Two of HIPS autograd's examples that differentiate through ``autograd.scipy``, ported
mechanically (``autograd.numpy`` -> ``minigrad.numpy``, ``autograd.scipy`` ->
``minigrad.scipy``, ``autograd.grad`` -> ``minigrad.func.grad``), with their plotting left out:
``examples/gaussian_process.py`` (kernel hyperparameters by ``scipy.optimize.minimize`` on
``value_and_grad`` of ``mvn.logpdf``) and ``examples/black_box_svi.py`` (a reparameterised
variational lower bound of ``norm.logpdf`` terms, optimised by Adam)."""

import numpy as onp
import pytest

scipy_optimize = pytest.importorskip("scipy.optimize")
scipy_stats = pytest.importorskip("scipy.stats")

import numpy.random as npr  # noqa: E402

import minigrad.numpy as np  # noqa: E402
import minigrad.scipy.stats.multivariate_normal as mvn  # noqa: E402
import minigrad.scipy.stats.norm as norm  # noqa: E402
from minigrad.func import grad, value_and_grad  # noqa: E402
from minigrad.numpy.linalg import solve  # noqa: E402


def _numerical_grad(f, x, eps=1e-6):
    x = onp.asarray(x, dtype=float)
    out = onp.zeros_like(x)
    for i in range(x.size):
        d = onp.zeros_like(x)
        d.flat[i] = eps
        out.flat[i] = (float(f(x + d)) - float(f(x - d))) / (2 * eps)
    return out


# --- examples/gaussian_process.py --------------------------------------------------------


def make_gp_funs(cov_func, num_cov_params):
    def unpack_kernel_params(params):
        mean = params[0]
        cov_params = params[2:]
        noise_scale = np.exp(params[1]) + 0.0001
        return mean, cov_params, noise_scale

    def predict(params, x, y, xstar):
        mean, cov_params, noise_scale = unpack_kernel_params(params)
        cov_f_f = cov_func(cov_params, xstar, xstar)
        cov_y_f = cov_func(cov_params, x, xstar)
        cov_y_y = cov_func(cov_params, x, x) + noise_scale * np.eye(len(y))
        pred_mean = mean + np.dot(solve(cov_y_y, cov_y_f).T, y - mean)
        pred_cov = cov_f_f - np.dot(solve(cov_y_y, cov_y_f).T, cov_y_f)
        return pred_mean, pred_cov

    def log_marginal_likelihood(params, x, y):
        mean, cov_params, noise_scale = unpack_kernel_params(params)
        cov_y_y = cov_func(cov_params, x, x) + noise_scale * np.eye(len(y))
        prior_mean = mean * np.ones(len(y))
        return mvn.logpdf(y, prior_mean, cov_y_y)

    return num_cov_params + 2, predict, log_marginal_likelihood


def rbf_covariance(kernel_params, x, xp):
    output_scale = np.exp(kernel_params[0])
    lengthscales = np.exp(kernel_params[1:])
    diffs = np.expand_dims(x / lengthscales, 1) - np.expand_dims(xp / lengthscales, 0)
    return output_scale * np.exp(-0.5 * np.sum(diffs**2, axis=2))


def build_toy_dataset(D=1, n_data=20, noise_std=0.1):
    rs = npr.RandomState(0)
    # autograd's example passes num=n_data / 2, a float NumPy 2 refuses.
    inputs = np.concatenate(
        [np.linspace(0, 3, num=n_data // 2), np.linspace(6, 8, num=n_data // 2)]
    )
    targets = (np.cos(inputs) + rs.randn(n_data) * noise_std) / 2.0
    inputs = (inputs - 4.0) / 2.0
    inputs = inputs.reshape((len(inputs), D))
    return inputs, targets


def test_gaussian_process_fits_its_kernel_by_scipy_minimize():
    D = 1
    num_params, predict, log_marginal_likelihood = make_gp_funs(rbf_covariance, D + 1)
    X, y = build_toy_dataset(D=D)

    def objective(params):
        return -log_marginal_likelihood(params, X, y)

    rs = npr.RandomState(0)
    init_params = 0.1 * rs.randn(num_params)

    # The value is SciPy's multivariate normal log density of the same covariance.
    Xa, ya = onp.asarray(X), onp.asarray(y)
    out_scale, length = onp.exp(init_params[2]), onp.exp(init_params[3])
    K = out_scale * onp.exp(-0.5 * ((Xa - Xa.T) / length) ** 2)
    K += (onp.exp(init_params[1]) + 0.0001) * onp.eye(len(ya))
    expected = scipy_stats.multivariate_normal.logpdf(ya, init_params[0] * onp.ones(len(ya)), K)
    value, g = value_and_grad(objective)(init_params)
    assert float(value) == pytest.approx(-expected, rel=1e-10)
    onp.testing.assert_allclose(
        onp.asarray(g), _numerical_grad(objective, init_params), rtol=1e-5, atol=1e-7
    )

    result = scipy_optimize.minimize(
        value_and_grad(objective), init_params, jac=True, method="CG", options={"maxiter": 50}
    )
    assert result.fun < float(value) - 5.0  # the fit improves the marginal likelihood
    pred_mean, pred_cov = predict(result.x, X, y, np.reshape(np.linspace(-7, 7, 30), (30, 1)))
    assert pred_mean.shape == (30,) and pred_cov.shape == (30, 30)
    assert onp.all(onp.diag(onp.asarray(pred_cov)) > -1e-8)


# --- examples/black_box_svi.py -----------------------------------------------------------


def black_box_variational_inference(logprob, D, num_samples):
    def unpack_params(params):
        mean, log_std = params[:D], params[D:]
        return mean, log_std

    def gaussian_entropy(log_std):
        return 0.5 * D * (1.0 + np.log(2 * np.pi)) + np.sum(log_std)

    rs = npr.RandomState(0)

    def variational_objective(params, t):
        mean, log_std = unpack_params(params)
        samples = rs.randn(num_samples, D) * np.exp(log_std) + mean
        lower_bound = gaussian_entropy(log_std) + np.mean(logprob(samples, t))
        return -lower_bound

    gradient = grad(variational_objective)
    return variational_objective, gradient, unpack_params


def log_posterior(x, t):
    mu, log_sigma = x[:, 0], x[:, 1]
    prior = norm.logpdf(log_sigma, 0, 1.35)
    likelihood = norm.logpdf(mu, 0, np.exp(log_sigma))
    return prior + likelihood


def adam(grad, x, num_iters, step_size, b1=0.9, b2=0.999, eps=10**-8):
    """autograd.misc.optimizers.adam, on a flat parameter vector."""
    m, v = onp.zeros(len(x)), onp.zeros(len(x))
    for i in range(num_iters):
        g = onp.asarray(grad(x, i))
        m = (1 - b1) * g + b1 * m
        v = (1 - b2) * (g**2) + b2 * v
        mhat, vhat = m / (1 - b1 ** (i + 1)), v / (1 - b2 ** (i + 1))
        x = x - step_size * mhat / (onp.sqrt(vhat) + eps)
    return x


def test_black_box_svi_raises_its_lower_bound():
    D = 2
    _, gradient, unpack_params = black_box_variational_inference(log_posterior, D, 200)
    init = onp.concatenate([-1 * onp.ones(D), -5 * onp.ones(D)])

    # The gradient of one fixed-sample estimate is its numerical gradient.
    rs = npr.RandomState(1)
    eps_samples = rs.randn(200, D)

    def fixed(params):
        mean, log_std = params[:D], params[D:]
        samples = eps_samples * np.exp(log_std) + mean
        entropy = 0.5 * D * (1.0 + onp.log(2 * onp.pi)) + np.sum(log_std)
        return -(entropy + np.mean(log_posterior(samples, 0)))

    onp.testing.assert_allclose(
        onp.asarray(grad(fixed)(init)), _numerical_grad(fixed, init), rtol=1e-6
    )

    before = float(fixed(init))
    params = adam(gradient, init, num_iters=300, step_size=0.1)
    assert float(fixed(params)) < before - 10.0
    mean, log_std = unpack_params(params)
    assert onp.all(onp.isfinite(onp.asarray(mean))) and onp.all(onp.isfinite(onp.asarray(log_std)))

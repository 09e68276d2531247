import numpy as np
import pytest

from nnlesson import nn_cost_function, one_hot, theta_from_wb, ufldl_cost, wb_from_theta

from conftest import central_difference, random_network, rel_error


def test_converters_are_inverses(rng):
    thetas, _, _ = random_network(rng, [3, 4, 2], m=1)
    Ws, bs = wb_from_theta(thetas)
    assert [W.shape for W in Ws] == [(4, 3), (2, 4)] and [b.shape for b in bs] == [(4,), (2,)]
    for t, back in zip(thetas, theta_from_wb(Ws, bs)):
        np.testing.assert_array_equal(t, back)


@pytest.mark.parametrize("lam", [0.0, 0.9])
def test_ufldl_cost_equals_the_theta_convention_with_lambda_over_m(rng, lam):
    # J_UFLDL(W, b; λ/m) on (Xᵀ, Yᵀ) == J_Ng(Θ; λ) with the half squared error:
    # both data terms are (1/m) Σ ½‖h - y‖², and λ_UFLDL/2 ΣW² = λ/(2m) ΣW² when λ_UFLDL = λ/m.
    thetas, X, y = random_network(rng, [4, 5, 3], m=6)
    Y = one_hot(y, 3)
    J, grads = nn_cost_function(thetas, X, Y, lam=lam, cost="half_squared_error")
    Ws, bs = wb_from_theta(thetas)
    J_u, dWs, dbs = ufldl_cost(Ws, bs, X.T, Y.T, lam / 6)
    assert J_u == pytest.approx(J, rel=1e-14)
    for g, dW, db in zip(grads, dWs, dbs):
        np.testing.assert_allclose(g[:, 1:], dW, rtol=1e-13, atol=1e-16)
        np.testing.assert_allclose(g[:, 0], db, rtol=1e-13, atol=1e-16)


def test_ufldl_gradient_matches_central_differences(rng):
    Ws = [rng.normal(size=(3, 2)), rng.normal(size=(2, 3))]
    bs = [rng.normal(size=3), rng.normal(size=2)]
    X, Y = rng.normal(size=(2, 4)), rng.random((2, 4))
    _, dWs, dbs = ufldl_cost(Ws, bs, X, Y, 0.2)
    for l in range(2):

        def f_W(W, l=l):
            return ufldl_cost([W if i == l else Ws[i] for i in range(2)], bs, X, Y, 0.2)[0]

        def f_b(b, l=l):
            return ufldl_cost(Ws, [b if i == l else bs[i] for i in range(2)], X, Y, 0.2)[0]

        assert rel_error(dWs[l], central_difference(f_W, Ws[l])) < 1e-9
        assert rel_error(dbs[l], central_difference(f_b, bs[l])) < 1e-9


def test_ufldl_cost_explains_the_column_convention(rng):
    Ws, bs = [np.zeros((2, 3))], [np.zeros(2)]
    with pytest.raises(ValueError, match="UFLDL puts examples in columns"):
        ufldl_cost(Ws, bs, np.zeros((5, 3)), np.zeros((2, 5)), 0.0)
    with pytest.raises(ValueError, match=r"Y must have shape \(2, 3\)"):
        ufldl_cost(Ws, bs, np.zeros((3, 3)), np.zeros((3, 2)), 0.0)
    with pytest.raises(ValueError, match=r"bs\[0\] must have shape \(2,\)"):
        theta_from_wb(Ws, [np.zeros(3)])
    with pytest.raises(ValueError, match="one entry per layer"):
        theta_from_wb(Ws, [])

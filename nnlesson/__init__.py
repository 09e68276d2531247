"""nnlesson: the math of training a fully connected neural network, step by step.

The companion package of the notebooks in ``notebooks/``. Every function
here is derived in one of them and says which.

Notation
--------
The letters mean the same thing in every docstring and every notebook:

=========  ==============================================================
``m``      number of training examples; ``X`` has shape ``(m, n)``, one
           example per row
``n``      number of input features, ``n = s_1``
``K``      number of output units (classes), ``K = s_L``
``L``      number of layers, counting the input and output layers
``s_l``    number of units in layer ``l``, bias unit *not* counted
``Θ^(l)``  weights from layer ``l`` to layer ``l+1``, shape
           ``(s_{l+1}, s_l + 1)``; column 0 multiplies the bias unit
``z^(l)``  ``(m, s_l)``, input of layer ``l``'s units: ``[1 a^(l-1)] Θ^(l-1)ᵀ``
``a^(l)``  ``(m, s_l)``, output of layer ``l``'s units: ``g(z^(l))``;
           ``a^(1) = X``
``δ^(l)``  ``(m, s_l)``, the delta (UFLDL: residual) of layer ``l``
``λ``      regularization strength, ``lam`` in code
=========  ==============================================================

Where the math and the code number things differently:

* layers are numbered ``1..L`` in the notebooks; in Python ``thetas[0]`` is
  ``Θ^(1)``. ``ForwardPass.a(l)`` and ``BackwardPass.delta(l)`` take the
  notebooks' numbers;
* the articles' MATLAB labels run ``1..K``; ours run ``0..K-1``;
* MATLAB's ``Theta1(:)`` unrolls column by column, numpy's ``ravel()`` row
  by row: ``unroll(thetas, order="F")`` gives MATLAB's vector;
* UFLDL puts examples in columns and keeps ``W^(l)`` and ``b^(l)`` apart
  (``nnlesson.ufldl``).
"""

from .activations import relu, relu_gradient, sigmoid, sigmoid_gradient, softmax, tanh, tanh_gradient
from .labels import one_hot
from .network import (
    BackwardPass,
    ForwardPass,
    backpropagate,
    forward_propagate,
    nn_cost_function,
    nn_cost_function_unrolled,
    predict,
)
from .neuron import relu_neuron_mse
from .params import debug_initialize_weights, rand_initialize_weights, roll, theta_shapes, unroll
from .per_example import nn_cost_function_loop
from .problem import Problem, prepare
from .ufldl import theta_from_wb, ufldl_cost, wb_from_theta

__version__ = "0.1.0"

__all__ = [
    "sigmoid",
    "sigmoid_gradient",
    "relu",
    "relu_gradient",
    "tanh",
    "tanh_gradient",
    "softmax",
    "one_hot",
    "forward_propagate",
    "backpropagate",
    "nn_cost_function",
    "nn_cost_function_unrolled",
    "nn_cost_function_loop",
    "predict",
    "ForwardPass",
    "BackwardPass",
    "unroll",
    "roll",
    "theta_shapes",
    "rand_initialize_weights",
    "debug_initialize_weights",
    "ufldl_cost",
    "theta_from_wb",
    "wb_from_theta",
    "relu_neuron_mse",
    "prepare",
    "Problem",
]

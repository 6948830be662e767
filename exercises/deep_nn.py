"""Building your deep neural network, step by step.

You will implement the building blocks of an L-layer network, layer by layer:

    [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID

Notation (as in the lectures): L layers (hidden layers plus the output layer);
layer l has n[l] units; W[l] has shape (n[l], n[l-1]) and b[l] shape (n[l], 1);
Z[l] = W[l] A[l-1] + b[l], A[l] = g[l](Z[l]), A[0] = X of shape (n_x, m).

Conventions the grader relies on:
- parameters: a dict with keys "W1", "b1", ..., "WL", "bL".
- caches: a linear cache is the tuple (A_prev, W, b); an activation cache is Z;
  a layer's cache is the tuple (linear_cache, activation_cache).
- gradients: a dict with keys "dA0", ..., "dA{L-1}", "dW1", "db1", ..., "dWL", "dbL"
  (the 2017-2020 notebook's numbering "dA1", ..., "dAL" is accepted too).
- The course's templates seed np.random inside the initialisers (np.random.seed(1) in
  initialize_parameters, np.random.seed(3) in initialize_parameters_deep); keeping those
  lines or leaving them out are both fine.
- Costs are plain Python floats. Never change the arguments you are given in place.

The provided helpers (dnn_utils, not graded) are:
    A, cache = sigmoid(Z)        A, cache = relu(Z)        (cache is Z)
    dZ = sigmoid_backward(dA, cache)    dZ = relu_backward(dA, cache)

The application (deep_nn_application) uses the course's provided copies of these building
blocks (dnn_app_utils), as the course's notebook does; it may import yours from here instead.
"""

import copy  # noqa: F401  (useful in update_parameters)

import numpy as np

from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward  # noqa: F401  (provided helpers)


def initialize_parameters(n_x, n_h, n_y):
    """
    Parameters of a 2-layer network (LINEAR -> RELU -> LINEAR -> SIGMOID).

    Argument:
    n_x -- size of the input layer
    n_h -- size of the hidden layer
    n_y -- size of the output layer

    Returns:
    parameters -- python dictionary containing your parameters:
                    W1 -- weight matrix of shape (n_h, n_x): np.random.randn(n_h, n_x) * 0.01
                    b1 -- bias vector of shape (n_h, 1): zeros
                    W2 -- weight matrix of shape (n_y, n_h): np.random.randn(n_y, n_h) * 0.01
                    b2 -- bias vector of shape (n_y, 1): zeros

    Draw W1 before W2. The course's template starts with np.random.seed(1): keep it or leave it out.
    """
    # YOUR CODE HERE (4 lines)
    raise NotImplementedError("initialize_parameters")


def initialize_parameters_deep(layer_dims):
    """
    Parameters of an L-layer network.

    Arguments:
    layer_dims -- python list containing the dimensions of each layer in our network,
                  layer_dims[0] = n_x is the size of the input

    Returns:
    parameters -- python dictionary containing your parameters "W1", "b1", ..., "WL", "bL":
                    Wl -- weight matrix of shape (layer_dims[l], layer_dims[l-1])
                    bl -- bias vector of shape (layer_dims[l], 1)

    Initialisation: Wl = np.random.randn(layer_dims[l], layer_dims[l-1]) * 0.01 (small random
    weights, drawn W1, W2, ... in this order) and bl = np.zeros((layer_dims[l], 1)).
    The course's template seeds with np.random.seed(3) on the first line; keeping that line
    or leaving it out are both fine.
    """
    parameters = {}
    L = len(layer_dims)  # number of layers in the network, counting the input

    # YOUR CODE HERE (a loop over l = 1 .. L-1, 2 lines in it)
    raise NotImplementedError("initialize_parameters_deep")


def linear_forward(A, W, b):
    """
    Implement the linear part of a layer's forward propagation.

    Arguments:
    A -- activations from previous layer (or input data): (size of previous layer, number of examples)
    W -- weights matrix: numpy array of shape (size of current layer, size of previous layer)
    b -- bias vector, numpy array of shape (size of the current layer, 1)

    Returns:
    Z -- the input of the activation function, also called pre-activation parameter,
         shape (size of current layer, number of examples)
    cache -- a python tuple containing "A", "W" and "b"; stored for computing the backward pass efficiently
    """
    # YOUR CODE HERE (2 lines)
    raise NotImplementedError("linear_forward")


def linear_activation_forward(A_prev, W, b, activation):
    """
    Implement the forward propagation for the LINEAR->ACTIVATION layer

    Arguments:
    A_prev -- activations from previous layer (or input data): (size of previous layer, number of examples)
    W -- weights matrix: numpy array of shape (size of current layer, size of previous layer)
    b -- bias vector, numpy array of shape (size of the current layer, 1)
    activation -- the activation to be used in this layer, stored as a text string: "sigmoid" or "relu"

    Returns:
    A -- the output of the activation function, also called the post-activation value
    cache -- a python tuple (linear_cache, activation_cache): linear_cache from linear_forward,
             activation_cache (= Z) from sigmoid() or relu()
    """
    # YOUR CODE HERE (use linear_forward, then sigmoid or relu)
    raise NotImplementedError("linear_activation_forward")


def L_model_forward(X, parameters):
    """
    Implement forward propagation for the [LINEAR->RELU]*(L-1)->LINEAR->SIGMOID computation

    Arguments:
    X -- data, numpy array of shape (input size, number of examples)
    parameters -- output of initialize_parameters_deep()

    Returns:
    AL -- activation value from the output (last) layer, shape (1, number of examples)
    caches -- list of caches containing every cache of linear_activation_forward()
              (there are L of them, indexed from 0 to L-1)
    """
    caches = []
    A = X
    L = len(parameters) // 2  # number of layers in the neural network

    # Implement [LINEAR -> RELU]*(L-1). Add "cache" to the "caches" list.
    # The for loop starts at 1 because layer 0 is the input
    # YOUR CODE HERE

    # Implement LINEAR -> SIGMOID. Add "cache" to the "caches" list.
    # YOUR CODE HERE
    raise NotImplementedError("L_model_forward")


def compute_cost(AL, Y):
    """
    Implement the cross-entropy cost: -(1/m) * sum( Y log(AL) + (1 - Y) log(1 - AL) ).

    Arguments:
    AL -- probability vector corresponding to your label predictions, shape (1, number of examples)
    Y -- true "label" vector (for example: containing 0 if non-cat, 1 if cat), shape (1, number of examples)

    Returns:
    cost -- cross-entropy cost, a plain Python float
    """
    m = Y.shape[1]
    # YOUR CODE HERE
    raise NotImplementedError("compute_cost")


def linear_backward(dZ, cache):
    """
    Implement the linear portion of backward propagation for a single layer (layer l)

    Arguments:
    dZ -- Gradient of the cost with respect to the linear output (of current layer l), shape (n[l], m)
    cache -- tuple of values (A_prev, W, b) coming from the forward propagation in the current layer

    Returns:
    dA_prev -- Gradient with respect to the activation (of the previous layer l-1), same shape as A_prev
    dW -- Gradient of the cost with respect to W (current layer l), same shape as W
    db -- Gradient of the cost with respect to b (current layer l), same shape as b

    The formulas (m = number of examples):
        dW = (1/m) dZ A_prev.T     db = (1/m) * sum of dZ over the examples (axis=1, keepdims=True)
        dA_prev = W.T dZ
    """
    A_prev, W, b = cache
    m = A_prev.shape[1]
    # YOUR CODE HERE (3 lines)
    raise NotImplementedError("linear_backward")


def linear_activation_backward(dA, cache, activation):
    """
    Implement the backward propagation for the LINEAR->ACTIVATION layer.

    Arguments:
    dA -- post-activation gradient for current layer l
    cache -- tuple of values (linear_cache, activation_cache) we store for computing backward propagation efficiently
    activation -- the activation to be used in this layer, stored as a text string: "sigmoid" or "relu"

    Returns:
    dA_prev -- Gradient of the cost with respect to the activation (of the previous layer l-1), same shape as A_prev
    dW -- Gradient of the cost with respect to W (current layer l), same shape as W
    db -- Gradient of the cost with respect to b (current layer l), same shape as b

    Use relu_backward or sigmoid_backward (provided) to get dZ, then linear_backward.
    """
    linear_cache, activation_cache = cache
    # YOUR CODE HERE
    raise NotImplementedError("linear_activation_backward")


def L_model_backward(AL, Y, caches):
    """
    Implement the backward propagation for the [LINEAR->RELU] * (L-1) -> LINEAR -> SIGMOID group

    Arguments:
    AL -- probability vector, output of the forward propagation (L_model_forward())
    Y -- true "label" vector (containing 0 if non-cat, 1 if cat)
    caches -- list of caches containing:
                every cache of linear_activation_forward() with "relu" (caches[l], for l in range(L-1) i.e l = 0...L-2)
                the cache of linear_activation_forward() with "sigmoid" (caches[L-1])

    Returns:
    grads -- A dictionary with the gradients
             grads["dA" + str(l)] = ...   for l = 0 .. L-1
             grads["dW" + str(l)] = ...   for l = 1 .. L
             grads["db" + str(l)] = ...   for l = 1 .. L

    Start from dAL = -(Y / AL - (1 - Y) / (1 - AL)), go through layer L with "sigmoid",
    then through layers L-1, ..., 1 with "relu".
    """
    grads = {}
    L = len(caches)  # the number of layers
    Y = Y.reshape(AL.shape)  # after this line, Y is the same shape as AL

    # Initializing the backpropagation
    # YOUR CODE HERE (1 line)

    # Lth layer (SIGMOID -> LINEAR) gradients.
    # YOUR CODE HERE

    # Loop from l=L-2 to l=0: (RELU -> LINEAR) gradients.
    # YOUR CODE HERE
    raise NotImplementedError("L_model_backward")


def update_parameters(params, grads, learning_rate):
    """
    Update parameters using gradient descent

    Arguments:
    params -- python dictionary containing your parameters
    grads -- python dictionary containing your gradients, output of L_model_backward

    Returns:
    parameters -- a NEW python dictionary containing your updated parameters
                  parameters["W" + str(l)] = ...
                  parameters["b" + str(l)] = ...
    Work on a copy (copy.deepcopy(params)) and write W = W - ..., so that the caller's
    dictionary and arrays stay as they were.
    """
    parameters = copy.deepcopy(params)
    L = len(parameters) // 2  # number of layers in the neural network

    # Update rule for each parameter. Use a for loop.
    # YOUR CODE HERE
    raise NotImplementedError("update_parameters")

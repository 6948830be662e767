"""Public checks for `deep_nn_application`: the two models on a tiny fixed data set.

These are what you can run yourself with `grade`. When your submission is graded,
hidden checks also train your models on other random data, with other learning
rates and iteration counts, and look at what print_cost=True prints.

The models are built from your deep_nn building blocks: a model is only checked here
once the building blocks it uses get their own examples (those of deep_nn's public
checks) right, so one mistake in deep_nn is not charged again here.
"""

import numpy as np
import pytest

from grader.exercise.compare import expect_close
from grader.exercise.proxy import StudentProblem

X = np.array([[0.05, 0.29, 0.72, 0.02, 0.21, 0.05, 0.3, 0.66], [0.31, 0.58, 0.07, 0.87, 0.13, 0.18, 0.5, 0.86], [0.76, 0.97, 0.76, 0.38, 0.41, 0.71, 0.27, 0.85], [0.91, 0.76, 0.52, 0.17, 0.3, 0.28, 0.33, 0.46]])
Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]])

L_MODEL_PARAMETERS = {
    'W1': np.array([[-0.15, -0.24, 0.05, 0.18, 0.13], [0.65, 0.57, 0.25, -0.17, -0.05], [0.71, 0.11, -0.66, -0.34, -0.29], [0.58, -0.05, 1.13, 0.33, 0.06]]),
    'b1': np.array([[-0.13], [0.29], [-0.07], [-0.25]]),
    'W2': np.array([[0.28, 0.01, 0.59, -0.04], [-1.43, 0.39, -0.94, 0.77], [0.91, -0.21, -0.58, -0.7]]),
    'b2': np.array([[0.26], [-0.06], [-0.18]]),
    'W3': np.array([[-0.12, 1.04, 0.17]]),
    'b3': np.array([[0.22]]),
}
LINEAR_CACHE = (np.array([[0.79, -0.45, -0.48, 0.49], [0.5, 0.79, 0.17, -1.75], [0.63, 0.5, 1.02, -0.85], [2.52, -1.23, 0.73, 0.05], [-0.49, 0.82, -0.28, -2.34]]), np.array([[-1.17, 0.46, 2.24, -1.48, -0.02], [1.45, 0.61, -0.38, -1.42, -1.78], [-0.75, -0.37, -2.25, -1.69, 0.3]]), np.array([[-0.41], [-0.75], [-0.41]]))
ACTIVATION_CACHE = (
    (np.array([[0.13, -1.35, 1.55], [0.7, -0.81, -1.64], [0.33, 1.22, 0.1]]), np.array([[1.88, 0.53, 0.8], [-0.31, 0.38, -0.23]]), np.array([[-1.89], [2.47]])),
    np.array([[-1.0106, -3.8813, 0.2348], [2.6198, 2.3001, 1.3433]]),
)  # ((A_prev, W, b), Z)
AL = np.array([[0.3157527194, 0.5812921381]])
CACHES = [
    (
        (np.array([[-0.81, 0.93], [1.64, 2.07], [0.71, 0.75], [1.46, 1.74]]), np.array([[0.73, 0.61, -0.32, -0.8], [0.44, -0.05, -0.03, -0.44], [-0.65, 0.7, 0.23, -0.53]]), np.array([[0.12], [0.09], [0.16]])),
        np.array([[-0.8661, 0.4296], [-1.0121, -0.3924], [1.224, 0.2548]]),
    ),
    (
        (np.array([[0.0, 0.4296], [0.0, 0.0], [1.224, 0.2548]]), np.array([[1.12, -0.02, -0.64]]), np.array([[0.01]])),
        np.array([[-0.77336, 0.32808]]),
    ),
]  # L_model_forward(X, parameters)[1] for a 2-layer network
PARAMS = {
    'W1': np.array([[-0.65, 0.55, 0.21, 0.35], [-0.57, 0.41, -0.51, 0.52], [-0.3, -1.12, 0.5, -0.71]]),
    'b1': np.array([[1.44], [0.44], [0.47]]),
    'W2': np.array([[0.1, -0.06, -2.39]]),
    'b2': np.array([[1.22]]),
}
GRADS = {
    'dW1': np.array([[-0.81, 0.96, -0.64, -0.14], [-0.22, -1.04, -0.17, 0.48], [-0.41, -1.26, -0.57, 0.25]]),
    'db1': np.array([[1.15], [0.84], [0.29]]),
    'dW2': np.array([[-1.0, 0.91, 0.02]]),
    'db2': np.array([[-0.24]]),
}

# example -> (function, seed or None, args, expected). Also used to decide whether a
# caller can be checked (initialisers must then match the course's draws exactly).
EXAMPLES = {
    "initialize_parameters": ("initialize_parameters", 1, (3, 2, 1), {
        'W1': np.array([[0.01624345364, -0.006117564137, -0.005281717523], [-0.01072968622, 0.008654076293, -0.02301538697]]),
        'b1': np.array([[0.0], [0.0]]),
        'W2': np.array([[0.01744811764, -0.007612069009]]),
        'b2': np.array([[0.0]]),
    }),
    "initialize_parameters_deep": ("initialize_parameters_deep", 3, ([5, 4, 3],), {
        'W1': np.array([[0.7998989706, 0.1952131397, 0.04315497965, -0.8333792721, -0.1240517754], [-0.1586530387, -0.03700311543, -0.2804032271, -0.0195960809, -0.2134183912], [-0.5875781804, 0.3956151554, 0.3941374104, 0.7645443166, 0.02237572501], [-0.1809772416, -0.243892383, -0.6916056807, 0.4393280724, -0.4924124138]]),
        'b1': np.array([[0.0], [0.0], [0.0], [0.0]]),
        'W2': np.array([[-0.5925232635, -0.1028249497, 0.7430741775, 0.1183581336], [-0.51189257, -0.3564966001, 0.3126224831, -0.08025668159], [-0.3844181752, -0.1150153611, 0.3725281332, 0.9880553916]]),
        'b2': np.array([[0.0], [0.0], [0.0]]),
    }),
    "linear_forward": ("linear_forward", None, (np.array([[0.44, -0.33], [2.43, -0.25], [0.11, 1.58]]), np.array([[-0.91, -0.59, 0.19]]), np.array([[-0.33]])), (
        np.array([[-2.1432, 0.418]]),
        (np.array([[0.44, -0.33], [2.43, -0.25], [0.11, 1.58]]), np.array([[-0.91, -0.59, 0.19]]), np.array([[-0.33]])),
    )),
    "linear_activation_forward sigmoid": ("linear_activation_forward", None, (np.array([[-1.19, -0.2], [-0.36, 0.6], [-1.66, -0.7]]), np.array([[1.15, 1.86, -1.51]]), np.array([[0.64]]), "sigmoid"), (
        np.array([[0.7518493593, 0.9297594423]]),
        (
            (np.array([[-1.19, -0.2], [-0.36, 0.6], [-1.66, -0.7]]), np.array([[1.15, 1.86, -1.51]]), np.array([[0.64]])),
            np.array([[1.1085, 2.583]]),
        ),
    )),
    "linear_activation_forward relu": ("linear_activation_forward", None, (np.array([[-1.19, -0.2], [-0.36, 0.6], [-1.66, -0.7]]), np.array([[1.15, 1.86, -1.51]]), np.array([[0.64]]), "relu"), (
        np.array([[1.1085, 2.583]]),
        (
            (np.array([[-1.19, -0.2], [-0.36, 0.6], [-1.66, -0.7]]), np.array([[1.15, 1.86, -1.51]]), np.array([[0.64]])),
            np.array([[1.1085, 2.583]]),
        ),
    )),
    "L_model_forward": ("L_model_forward", None, (np.array([[-0.98, -0.86, -0.87, -0.42], [1.0, 0.71, 0.06, -0.36], [0.0, -0.11, 0.79, -0.63], [-0.01, -0.1, -0.05, 0.25], [0.2, 1.33, -0.09, 1.56]]), L_MODEL_PARAMETERS), (
        np.array([[0.5531051213, 0.5470428385, 0.5523430208, 0.5465506159]]),
        [
            (
                (np.array([[-0.98, -0.86, -0.87, -0.42], [1.0, 0.71, 0.06, -0.36], [0.0, -0.11, 0.79, -0.63], [-0.01, -0.1, -0.05, 0.25], [0.2, 1.33, -0.09, 1.56]]), np.array([[-0.15, -0.24, 0.05, 0.18, 0.13], [0.65, 0.57, 0.25, -0.17, -0.05], [0.71, 0.11, -0.66, -0.34, -0.29], [0.58, -0.05, 1.13, 0.33, 0.06]]), np.array([[-0.13], [0.29], [-0.07], [-0.25]])),
                np.array([[-0.1988, -0.022, 0.0049, 0.2357], [0.2147, 0.0587, -0.0308, -0.4662], [-0.7104, -0.8816, -1.1594, -0.5294], [-0.8597, -0.8618, 0.1132, -1.0114]]),
            ),
            (
                (np.array([[0.0, 0.0, 0.0049, 0.2357], [0.2147, 0.0587, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.1132, 0.0]]), np.array([[0.28, 0.01, 0.59, -0.04], [-1.43, 0.39, -0.94, 0.77], [0.91, -0.21, -0.58, -0.7]]), np.array([[0.26], [-0.06], [-0.18]])),
                np.array([[0.262147, 0.260587, 0.256844, 0.325996], [0.023733, -0.037107, 0.020157, -0.397051], [-0.225087, -0.192327, -0.254781, 0.034487]]),
            ),
            (
                (np.array([[0.262147, 0.260587, 0.256844, 0.325996], [0.023733, 0.0, 0.020157, 0.0], [0.0, 0.0, 0.0, 0.034487]]), np.array([[-0.12, 1.04, 0.17]]), np.array([[0.22]])),
                np.array([[0.21322468, 0.18872956, 0.210142, 0.18674327]]),
            ),
        ],
    )),
    "compute_cost": ("compute_cost", None, (np.array([[0.8, 0.9, 0.4]]), np.array([[1.0, 1.0, 0.0]])), 0.279776563579),
    "linear_backward": ("linear_backward", None, (np.array([[0.78, 1.02, 1.06, -0.71], [-0.22, -0.76, -0.71, 1.14], [-0.5, -0.08, -0.69, -0.59]]), LINEAR_CACHE), (np.array([[-0.8566, -2.2354, -1.7522, 2.9262], [0.4096, 0.0352, 0.3098, 0.5871], [2.9558, 2.7536, 4.1967, -0.6961], [0.003, -0.2952, 0.6055, 0.4291], [0.226, 1.3084, 1.0356, -2.192]]), np.array([[-0.174875, 0.654625, 0.671525, 0.362325, 0.4547], [0.2669, -0.706525, -0.55295, -0.020225, -0.74605], [-0.079225, 0.1505, -0.139325, -0.4237, 0.4383]]), np.array([[0.5375], [-0.1375], [-0.465]]))),
    "linear_activation_backward sigmoid": ("linear_activation_backward", None, (np.array([[1.7, 1.01, -3.13], [1.14, -1.87, -1.78]]), ACTIVATION_CACHE, "sigmoid"), (np.array([[0.6029285425, 0.08560074696, -1.3604409], [0.2036855104, -0.04824841542, -0.5200800712], [0.2494909049, 0.05161530208, -0.5502549384]]), np.array([[-0.3933561663, 0.4941320484, 0.0189909283], [-0.07813449902, 0.218353012, -0.06478108026]]), np.array([[-0.1397389078], [-0.1249632569]]))),
    "linear_activation_backward relu": ("linear_activation_backward", None, (np.array([[1.7, 1.01, -3.13], [1.14, -1.87, -1.78]]), ACTIVATION_CACHE, "relu"), (np.array([[-0.3534, 0.5797, -5.3326], [0.4332, -0.7106, -2.3353], [-0.2622, 0.4301, -2.0946]]), np.array([[-1.617166667, 1.711066667, -0.1043333333], [-0.02876666667, 1.743966667, -0.6944]]), np.array([[-1.043333333], [-0.8366666667]]))),
    "L_model_backward": ("L_model_backward", None, (AL, np.array([[1.0, 0.0]]), CACHES), {
        'dA1': np.array([[-0.7663569543, 0.6510471947], [0.01368494561, -0.01162584276], [0.4379182596, -0.3720269684]]),
        'dW2': np.array([[0.1248615513, 0.0, -0.3447027173]]),
        'db2': np.array([[-0.05147757123]]),
        'dA0': np.array([[-0.2846468687, 0.7170819816], [0.3065427817, 0.1367199109], [0.1007211997, -0.293901305], [-0.2320966776, -0.3236634625]]),
        'dW1': np.array([[0.3027369455, 0.6738338465, 0.244142698, 0.5664110594], [0.0, 0.0, 0.0, 0.0], [-0.3503494354, -0.02595493944, 0.015950869, -0.003983133014]]),
        'db1': np.array([[0.3255235973], [0.0], [0.03294564559]]),
    }),
    "update_parameters": ("update_parameters", None, (PARAMS, GRADS, 0.1), {
        'W1': np.array([[-0.569, 0.454, 0.274, 0.364], [-0.548, 0.514, -0.493, 0.472], [-0.259, -0.994, 0.557, -0.735]]),
        'b1': np.array([[1.325], [0.356], [0.441]]),
        'W2': np.array([[0.2, -0.151, -2.392]]),
        'b2': np.array([[1.244]]),
    }),
}

# example -> [(what the mistake is, which part of the result it shows in (None: all), that part)]
KNOWN_MISTAKES = {
    'linear_activation_backward sigmoid': [
        ('for "sigmoid" use sigmoid_backward(dA, activation_cache), not relu_backward', None, (np.array([[-0.3534, 0.5797, -5.3326], [0.4332, -0.7106, -2.3353], [-0.2622, 0.4301, -2.0946]]), np.array([[-1.617166667, 1.711066667, -0.1043333333], [-0.02876666667, 1.743966667, -0.6944]]), np.array([[-1.043333333], [-0.8366666667]]))),
        ('dZ = sigmoid_backward(dA, activation_cache) first: the derivative of the activation is missing', None, (np.array([[2.8426, 2.4785, -5.3326], [1.3342, -0.1753, -2.3353], [1.0978, 1.2381, -2.0946]]), np.array([[-1.998, 1.835033333, 0.4934], [-0.02876666667, 1.743966667, -0.6944]]), np.array([[-0.14], [-0.8366666667]]))),
    ],
    'linear_activation_backward relu': [
        ('for "relu" use relu_backward(dA, activation_cache), not sigmoid_backward', None, (np.array([[0.6029285425, 0.08560074696, -1.3604409], [0.2036855104, -0.04824841542, -0.5200800712], [0.2494909049, 0.05161530208, -0.5502549384]]), np.array([[-0.3933561663, 0.4941320484, 0.0189909283], [-0.07813449902, 0.218353012, -0.06478108026]]), np.array([[-0.1397389078], [-0.1249632569]]))),
        ('dZ = relu_backward(dA, activation_cache) first: the derivative of the activation is missing', None, (np.array([[2.8426, 2.4785, -5.3326], [1.3342, -0.1753, -2.3353], [1.0978, 1.2381, -2.0946]]), np.array([[-1.998, 1.835033333, 0.4934], [-0.02876666667, 1.743966667, -0.6944]]), np.array([[-0.14], [-0.8366666667]]))),
    ],
    'L_model_forward': [
        ('the output layer uses "sigmoid", not "relu"', 0, np.array([[0.21322468, 0.18872956, 0.210142, 0.18674327]])),
        ('the hidden layers use "relu", not "sigmoid"', 0, np.array([[0.6438447495, 0.6421683222, 0.6529948002, 0.6297794408]])),
    ],
    'L_model_backward': [
        ('the output layer is a sigmoid: go back through it with "sigmoid", not "relu"', None, {'dW2': np.array([[0.5130068469, 0.0, 0.3042694241]]), 'db2': np.array([[1.194150016]]), 'dA1': np.array([[0.0, 2.674896036], [0.0, -0.04776600064], [0.0, -1.528512021]]), 'dW1': np.array([[1.243826657, 2.768517397, 1.003086013, 2.327159551], [0.0, 0.0, 0.0, 0.0], [-0.7107580895, -1.582009941, -0.5731920077, -1.329805458]]), 'db1': np.array([[1.337448018], [0.0], [-0.7642560103]]), 'dA0': np.array([[0.0, 2.94620692], [0.0, 0.5617281675], [0.0, -1.207524496], [0.0, -1.329805458]])}),
        ('dAL has the wrong sign: dAL = -(Y / AL - (1 - Y) / (1 - AL))', None, {'dW2': np.array([[-0.1248615513, 0.0, 0.3447027173]]), 'db2': np.array([[0.05147757123]]), 'dA1': np.array([[0.7663569543, -0.6510471947], [-0.01368494561, 0.01162584276], [-0.4379182596, 0.3720269684]]), 'dW1': np.array([[-0.3027369455, -0.6738338465, -0.244142698, -0.5664110594], [0.0, 0.0, 0.0, 0.0], [0.3503494354, 0.02595493944, -0.015950869, 0.003983133014]]), 'db1': np.array([[-0.3255235973], [0.0], [-0.03294564559]]), 'dA0': np.array([[0.2846468687, -0.7170819816], [-0.3065427817, -0.1367199109], [-0.1007211997, 0.293901305], [0.2320966776, 0.3236634625]])}),
    ],
}
EXAMPLES["initialize_parameters as two_layer_model calls it"] = ("initialize_parameters", 1, (4, 3, 1), {
    'W1': np.array([[0.01624345364, -0.006117564137, -0.005281717523, -0.01072968622], [0.008654076293, -0.02301538697, 0.01744811764, -0.007612069009], [0.003190390961, -0.002493703755, 0.01462107937, -0.02060140709]]),
    'b1': np.array([[0.0], [0.0], [0.0]]),
    'W2': np.array([[-0.00322417204, -0.003840543547, 0.01133769442]]),
    'b2': np.array([[0.0]]),
})
EXAMPLES["initialize_parameters_deep as L_layer_model calls it"] = ("initialize_parameters_deep", 1, ([4, 3, 2, 1],), {
    'W1': np.array([[0.8121726818, -0.3058782068, -0.2640858761, -0.5364843111], [0.4327038147, -1.150769348, 0.8724058821, -0.3806034504], [0.159519548, -0.1246851877, 0.7310539685, -1.030070355]]),
    'b1': np.array([[0.0], [0.0], [0.0]]),
    'W2': np.array([[-0.1861476595, -0.2217338851, 0.6545820927], [-0.6350225193, -0.09955147205, -0.5068317939]]),
    'b2': np.array([[0.0], [0.0]]),
    'W3': np.array([[0.02984962656, 0.4121125898]]),
    'b3': np.array([[0.0]]),
})


def _plain(value):
    """A 0-d array counts as the float it holds (what np.squeeze gives back)."""
    if isinstance(value, np.ndarray) and value.shape == ():
        return value[()]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    return value


def _once(wrong):
    if len(wrong) == 1:
        return f"checked once {wrong[0]} gets its own example right"
    return f"checked once {', '.join(wrong[:-1])} and {wrong[-1]} get their own examples right"


def _needs(student, *examples):
    """Skip the calling check unless every building block gets its own example exactly right."""
    wrong = []
    for example in examples:
        function, seed, args, expected = EXAMPLES[example]
        view = student if seed is None else student.seeded(seed)
        try:
            result = _plain(getattr(view, function)(*args))
            if isinstance(result, dict) and isinstance(expected, dict):  # an extra dA{L} is fine
                result = {k: v for k, v in result.items() if k in expected or not k.startswith("dA")}
            expect_close(result, expected, example)
        except (AssertionError, StudentProblem):
            if function + "()" not in wrong:
                wrong.append(function + "()")
    if wrong:
        pytest.skip(_once(wrong) + " (in deep_nn)")


@pytest.mark.function("two_layer_model")
@pytest.mark.points(2)
def test_two_layer_model_example(student):
    # np.random.seed(1) right before the call, as in the course
    call = "two_layer_model(X, Y, (4, 3, 1), learning_rate=0.3, num_iterations=12) after np.random.seed(1)"
    try:
        parameters, costs = _plain(student.seeded(1).two_layer_model(X, Y, (4, 3, 1), learning_rate=0.3, num_iterations=12))
        expect_close(list(costs), [0.693149346695], "costs from " + call, reveal=True)
        expect_close(parameters, {
            'W1': np.array([[0.01574127533, -0.006166387027, -0.005811794619, -0.01109237055], [0.008087406609, -0.02306955234, 0.01709298933, -0.008001704645], [0.007413866027, -0.001977900294, 0.01860054934, -0.01750922566]]),
            'b1': np.array([[-0.0006974698637], [-0.0006921975298], [0.003105159837]]),
            'W2': np.array([[-0.003020369631, -0.001543285012, 0.01381746203]]),
            'b2': np.array([[-3.260373038e-05]]),
        }, "parameters from " + call, reveal=True)
    except (AssertionError, StudentProblem, TypeError, ValueError):
        _needs(student, "initialize_parameters as two_layer_model calls it", "linear_activation_forward sigmoid",
               "linear_activation_forward relu", "compute_cost", "linear_activation_backward sigmoid",
               "linear_activation_backward relu", "update_parameters")
        raise


@pytest.mark.function("L_layer_model")
@pytest.mark.points(2)
def test_L_layer_model_example(student):
    # np.random.seed(1) right before the call, as in the course
    call = "L_layer_model(X, Y, [4, 3, 2, 1], learning_rate=0.3, num_iterations=12) after np.random.seed(1)"
    try:
        parameters, costs = _plain(student.seeded(1).L_layer_model(X, Y, [4, 3, 2, 1], learning_rate=0.3, num_iterations=12))
        expect_close(list(costs), [0.693098112788], "costs from " + call, reveal=True)
        expect_close(parameters, {
            'W1': np.array([[0.8121726818, -0.3058782068, -0.2640858761, -0.5364843111], [0.432785787, -1.150474248, 0.8735698898, -0.3801444052], [0.162439631, -0.121795797, 0.7315544526, -1.029282389]]),
            'b1': np.array([[0.0], [0.001639447448], [-0.0004417239729]]),
            'W2': np.array([[-0.1861476595, -0.2241510385, 0.6540744629], [-0.6350225193, -0.09955147205, -0.5068317939]]),
            'b2': np.array([[-0.0006752446443], [0.0]]),
            'W3': np.array([[0.03615649292, 0.4121125898]]),
            'b3': np.array([[-0.0004167812146]]),
        }, "parameters from " + call, reveal=True)
    except (AssertionError, StudentProblem, TypeError, ValueError):
        _needs(student, "initialize_parameters_deep as L_layer_model calls it", "L_model_forward", "compute_cost", "L_model_backward",
               "update_parameters")
        raise

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
    (np.array([[1.64, 2.07], [0.71, 0.75], [1.46, 1.74]]), np.array([[1.47, 1.21, -0.63]]), np.array([[-1.6]])),
    np.array([[0.7501, 1.2542]]),
)  # ((A_prev, W, b), Z)
AL = np.array([[0.4324873408, 0.3752971464]])
CACHES = [
    (
        (np.array([[0.88, -0.09], [-0.06, -0.89], [-1.3, 1.4], [0.47, -1.07]]), np.array([[0.2, 0.15, 0.26, 1.12], [-0.02, -0.64, 0.02, -0.32], [0.27, 0.11, 0.17, -0.28]]), np.array([[0.12], [-0.15], [0.16]])),
        np.array([[0.4754, -0.8659], [-0.3056, 0.7918], [0.0384, 0.5754]]),
    ),
    (
        (np.array([[0.4754, 0.0], [0.0, 0.7918], [0.0384, 0.5754]]), np.array([[-0.15, -0.56, 0.25]]), np.array([[-0.21]])),
        np.array([[-0.27171, -0.509558]]),
    ),
]  # L_model_forward(X, parameters)[1] for a 2-layer network
PARAMS = {
    'W1': np.array([[1.44, 0.44, 0.47, 0.1], [-0.06, -2.39, 1.22, -0.81], [0.96, -0.64, -0.14, -0.22]]),
    'b1': np.array([[-1.04], [-0.17], [0.48]]),
    'W2': np.array([[-0.41, -1.26, -0.57]]),
    'b2': np.array([[0.25]]),
}
GRADS = {
    'dW1': np.array([[1.15, 0.84, 0.29, -1.0], [0.91, 0.02, -0.24, 0.91], [0.62, 0.5, -1.15, -0.61]]),
    'db1': np.array([[-1.7], [0.19], [0.03]]),
    'dW2': np.array([[0.93, 0.21, -0.37]]),
    'db2': np.array([[2.11]]),
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
    "linear_activation_backward sigmoid": ("linear_activation_backward", None, (np.array([[-0.81, 0.93]]), ACTIVATION_CACHE, "sigmoid"), (np.array([[-0.2594382712, 0.2361002385], [-0.21355123, 0.1943410126], [0.1111878305, -0.1011858165]]), np.array([[0.02151317311, -0.00242380737, 0.01089610172]]), np.array([[-0.007938106356]]))),
    "linear_activation_backward relu": ("linear_activation_backward", None, (np.array([[-0.81, 0.93]]), ACTIVATION_CACHE, "relu"), (np.array([[-1.1907, 1.3671], [-0.9801, 1.1253], [0.5103, -0.5859]]), np.array([[0.29835, 0.0612, 0.2178]]), np.array([[0.06]]))),
    "L_model_backward": ("L_model_backward", None, (AL, np.array([[1.0, 0.0]]), CACHES), {
        'dA1': np.array([[0.08512689888, -0.05629457196], [0.3178070891, -0.210166402], [-0.1418781648, 0.0938242866]]),
        'dW2': np.array([[-0.1348977591, 0.1485801403, 0.09707674596]]),
        'db2': np.array([[-0.09610775641]]),
        'dA0': np.array([[-0.02128172472, 0.02953588542], [-0.002837563296, 0.1448271688], [-0.001986294307, 0.01174680068], [0.1350680129, 0.04098244839]]),
        'dW1': np.array([[0.03745583551, -0.002553806966, -0.05533248427, 0.02000482124], [0.009457488089, 0.09352404888, -0.1471164814, 0.1124390251], [-0.06664848541, -0.03749546259, 0.1578978077, -0.08353736206]]),
        'db1': np.array([[0.04256344944], [-0.105083201], [-0.0240269391]]),
    }),
    "update_parameters": ("update_parameters", None, (PARAMS, GRADS, 0.1), {
        'W1': np.array([[1.325, 0.356, 0.441, 0.2], [-0.151, -2.392, 1.244, -0.901], [0.898, -0.69, -0.025, -0.159]]),
        'b1': np.array([[-0.87], [-0.189], [0.477]]),
        'W2': np.array([[-0.503, -1.281, -0.533]]),
        'b2': np.array([[0.039]]),
    }),
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

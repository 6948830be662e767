"""Auto-grader for 'Neural Networks and Deep Learning'.

The engine in this package knows nothing about neural networks: course content
(quiz banks, exercise stubs, reference solutions and checks) lives outside it and
is loaded at run time, so adding a quiz item or an exercise never touches it.
"""

from grader.version import __version__

__all__ = ["__version__", "check"]


def check(*only: str, **options):
    """Grade the current workspace from Jupyter: `check("deep_nn.L_model_backward")`, `check("deep_nn")`, `check()`.

    Same results as `grade check` (grader/inline.py); the engine is imported on the first call,
    so `import grader` stays light.
    """
    from grader.inline import check as _check

    return _check(*only, **options)

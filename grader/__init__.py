"""Auto-grader for 'Neural Networks and Deep Learning'.

The engine in this package knows nothing about neural networks: course content
(quiz banks, exercise stubs, reference solutions and checks) lives outside it and
is loaded at run time, so adding a quiz item or an exercise never touches it.
"""

__version__ = "0.1.0"

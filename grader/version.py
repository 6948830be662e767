"""The grader's version, in a module of its own so that what records it imports nothing else.

A receipt and a release name the grader that made them. Were they to read
`grader.__version__`, they would depend on the package's __init__, which reaches
(lazily, through Jupyter's `check()`) the whole grading run that writes receipts: a
cycle. The package re-exports it as `grader.__version__`; pyproject.toml holds the same number.
"""

__version__ = "0.1.0"

"""An infinite loop in one function: a timeout for it, the worker restarts for the rest."""
TARGET = "add"


def add(a, b):
    while True:
        pass

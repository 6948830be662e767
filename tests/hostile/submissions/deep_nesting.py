"""Returns a list nested 100000 levels deep."""
TARGET = "describe"


def describe(d):
    out = []
    for _ in range(100000):
        out = [out]
    return out

"""Raises an exception whose message cannot even be printed."""
TARGET = "scale"


class Nasty(Exception):
    def __str__(self):
        raise RuntimeError("no message for you")


def scale(x, k):
    raise Nasty()

"""Writes garbage into the worker's socket to the grader, then answers correctly."""
import os

TARGET = "total"


def total(xs):
    for fd in range(3, 8):
        try:
            os.write(fd, b"\xff" * 64)
        except OSError:
            pass
    return float(sum(xs))

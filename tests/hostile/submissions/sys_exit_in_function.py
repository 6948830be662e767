"""Calls sys.exit() inside a graded function."""
import sys

TARGET = "total"


def total(xs):
    sys.exit(0)

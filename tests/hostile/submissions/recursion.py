"""Recurses without end."""
TARGET = "add"


def add(a, b):
    return add(a, b) + 1

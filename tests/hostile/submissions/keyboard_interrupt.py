"""Raises KeyboardInterrupt, and sends itself SIGINT, inside graded functions."""
import os
import signal

TARGET = ["init", "add"]


def init(n):
    raise KeyboardInterrupt


def add(a, b):
    os.kill(os.getpid(), signal.SIGINT)
    return a + b + 1

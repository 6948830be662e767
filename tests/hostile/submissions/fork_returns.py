"""Forks once and lets the child return too (it must not answer for the worker)."""
import os

TARGET = "total"


def total(xs):
    os.fork()
    return -1.0

"""Ends the worker process with os._exit() inside a graded function."""
import os

TARGET = "describe"


def describe(d):
    os._exit(0)

"""Forks exactly twice: one child sleeps, one escapes into its own session; the answer is wrong."""
import os
import time

TARGET = "add"


def add(a, b):
    for escape in (False, True):
        if os.fork() == 0:
            if escape:
                os.setsid()
            time.sleep(60)
            os._exit(0)
    return a - b

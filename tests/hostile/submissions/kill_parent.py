"""Kills its parent (the fork server): the grader starts a new one and goes on."""
import os
import signal

TARGET = "init"


def init(n):
    os.kill(os.getppid(), signal.SIGKILL)
    return None

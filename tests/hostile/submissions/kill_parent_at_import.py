"""Kills its parent (the fork server) while it is imported.

Each import kills the fork server and, shortly after, the worker itself; whether a
call gets through first is a race, so this module's score is left open ("?"). What
is tested: the other module is not charged, the grader goes on, nothing is left.
"""
import os
import signal

TARGET = "?"

os.kill(os.getppid(), signal.SIGKILL)

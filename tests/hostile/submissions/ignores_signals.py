"""Ignores every catchable signal, then loops forever: stopped by the call time limit all the same."""
import signal

TARGET = "add"


def add(a, b):
    for sig in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGUSR1):
        signal.signal(sig, signal.SIG_IGN)
    while True:
        pass

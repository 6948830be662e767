"""Starts a thread that keeps printing after the call returned (and a wrong answer)."""
import threading
import time

TARGET = "normalize_rows"


def _chatter():
    while True:
        print("still here")
        time.sleep(0.001)


def normalize_rows(x):
    threading.Thread(target=_chatter, daemon=True).start()
    return x

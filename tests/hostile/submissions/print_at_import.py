"""Prints 5 MB while it is imported, and is otherwise correct: nothing is lost."""
import sys

TARGET = None

for _ in range(5000):
    print("x" * 1000)
    sys.stderr.write("e" * 10 + "\n")

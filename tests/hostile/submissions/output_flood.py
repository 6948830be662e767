"""Prints without end: contained by the output file's size limit; the report stays short."""
TARGET = "add"


def add(a, b):
    while True:
        print("spam " * 200)

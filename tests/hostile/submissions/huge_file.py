"""Writes a file without end: the file-size limit stops it with an error."""
TARGET = "describe"


def describe(d):
    with open("huge.bin", "wb") as f:
        while True:
            f.write(b"\0" * (1 << 20))

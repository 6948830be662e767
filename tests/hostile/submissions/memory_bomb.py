"""Allocates until the address-space limit stops it (MemoryError, not a frozen machine)."""
TARGET = "scale"


def scale(x, k):
    blocks = []
    while True:
        blocks.append(bytearray(64 * 1024 * 1024))

"""Correct: image2vector with reshape(-1, 1)."""

TARGET = None

def image2vector(image):
    return image.reshape(-1, 1)

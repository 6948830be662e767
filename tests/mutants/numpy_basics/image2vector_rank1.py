"""image2vector returns a rank-1 array (k,) instead of a column (k, 1)."""

TARGET = "image2vector"

def image2vector(image):
    return image.reshape(-1)

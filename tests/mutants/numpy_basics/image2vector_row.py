"""image2vector returns a row (1, k) instead of a column (k, 1)."""

TARGET = "image2vector"

def image2vector(image):
    return image.reshape(1, image.shape[0] * image.shape[1] * image.shape[2])

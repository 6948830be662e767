"""image2vector unrolls in column-major (Fortran) order: the right shape, the wrong element order."""

TARGET = "image2vector"

def image2vector(image):
    return image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1, order="F")

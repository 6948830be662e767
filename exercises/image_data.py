"""A small synthetic image data set standing in for the course's cat pictures (not graded).

`load_data()` draws every picture from a fixed seed, so the data are the same on every
machine and nothing is downloaded. Each picture (12 x 12 pixels, RGB, uint8) shows a
dark animal on a light background: a body, a round head at one end and an upright tail
at one end, at a slightly random place, in a random colour, with pixel noise.

The rule (label 1 = "cat") is compositional: a cat's head and tail are at *opposite*
ends of its body. Neither "head on the left" nor "tail on the left" says anything about
the label alone; only their combination does (an XOR of two parts), which a network has
to compose from part detectors. Pointed ears are a weak hint: most cats have them, few
non-cats do.

As in the course, flatten and scale before training::

    train_x_orig, train_y, test_x_orig, test_y, classes = load_data()
    train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.   # (432, 209)
    test_x = test_x_orig.reshape(test_x_orig.shape[0], -1).T / 255.      # (432, 50)
"""

import numpy as np

SEED = 4
SIZE = 12
M_TRAIN = 209
M_TEST = 50


def _picture(rng, size):
    """One picture (size, size, 3) in [0, 1] and its label."""
    s = size / 16.0
    yy, xx = np.mgrid[0:size, 0:size]
    img = np.ones((size, size, 3)) * rng.uniform(0.55, 0.95, 3)  # light background
    colour = rng.uniform(0.0, 0.45, 3)  # dark animal
    cx = size / 2 + rng.integers(-1, 2)
    cy = size / 2 + 1.5 * s + rng.integers(-1, 2)
    body = ((xx - cx) / (4.0 * s)) ** 2 + ((yy - cy) / (2.5 * s)) ** 2 <= 1
    head_left = rng.random() < 0.5
    tail_left = rng.random() < 0.5
    label = int(head_left != tail_left)
    hx = cx - 4.5 * s if head_left else cx + 4.5 * s
    hy = cy - 2.5 * s
    head = ((xx - hx) / (2.0 * s)) ** 2 + ((yy - hy) / (2.0 * s)) ** 2 <= 1
    tx = cx - 4.5 * s if tail_left else cx + 4.5 * s
    tail = (np.abs(xx - tx) <= 0.5) & (yy >= cy - 5 * s) & (yy <= cy)
    shape = body | head | tail
    if rng.random() < (0.8 if label else 0.2):  # ears: a weak hint
        for ex in (hx - 1.2 * s, hx + 1.2 * s):
            shape |= (np.abs(xx - ex) <= 0.5) & (yy >= hy - 3.0 * s) & (yy < hy - 1.5 * s)
    img[shape] = colour
    img = img + rng.normal(0, 0.12, (size, size, 3))
    return np.clip(img, 0, 1), label


def _pictures(rng, m, size):
    x = np.zeros((m, size, size, 3), dtype=np.uint8)
    y = np.zeros((1, m), dtype=np.int64)
    for i in range(m):
        img, y[0, i] = _picture(rng, size)
        x[i] = np.round(img * 255).astype(np.uint8)
    return x, y


def load_data(seed=SEED):
    """The synthetic "cat" data set, in the course's format.

    Returns:
    train_x_orig -- uint8 array (209, 12, 12, 3): training pictures
    train_y -- int array (1, 209): training labels (0 = non-cat, 1 = cat)
    test_x_orig -- uint8 array (50, 12, 12, 3): test pictures
    test_y -- int array (1, 50): test labels
    classes -- array([b'non-cat', b'cat']): the class names
    """
    rng = np.random.default_rng(seed)  # its own generator: np.random is left alone
    train_x_orig, train_y = _pictures(rng, M_TRAIN, SIZE)
    test_x_orig, test_y = _pictures(rng, M_TEST, SIZE)
    classes = np.array([b"non-cat", b"cat"])
    return train_x_orig, train_y, test_x_orig, test_y, classes

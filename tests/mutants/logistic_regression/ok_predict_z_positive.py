"""Correct: predict thresholds z = w.T X + b at 0 (the same as A > 0.5), as ints."""

TARGET = None

def predict(w, b, X):
    return ((w.T @ X + b) > 0).astype(int)

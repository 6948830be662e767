"""Correct: L1 summed in a Python loop, returning a plain float."""

TARGET = None

def L1(yhat, y):
    loss = 0.0
    for a, b in zip(yhat, y):
        loss += abs(b - a)
    return loss

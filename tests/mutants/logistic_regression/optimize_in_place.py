"""optimize updates w in place (w -= ...): the right result, but the caller's w is changed."""

TARGET = "optimize"

def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw, db = grads["dw"], grads["db"]
        w -= learning_rate * dw
        b -= learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, {"dw": dw, "db": db}, costs

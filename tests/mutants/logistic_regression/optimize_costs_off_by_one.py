"""optimize records the cost at iterations 99, 199, ... instead of 0, 100, 200, ..."""

TARGET = "optimize"

def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw, db = grads["dw"], grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        if (i + 1) % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, {"dw": dw, "db": db}, costs

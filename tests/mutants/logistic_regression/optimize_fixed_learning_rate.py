"""optimize ignores its learning_rate argument and always uses 0.009."""

TARGET = "optimize"

def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw, db = grads["dw"], grads["db"]
        w = w - 0.009 * dw
        b = b - 0.009 * db
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, {"dw": dw, "db": db}, costs

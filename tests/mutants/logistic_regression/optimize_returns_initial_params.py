"""optimize updates local copies but returns the parameters it was given."""

TARGET = "optimize"

def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    w_new, b_new = w, b
    for i in range(num_iterations):
        grads, cost = propagate(w_new, b_new, X, Y)
        dw, db = grads["dw"], grads["db"]
        w_new = w_new - learning_rate * dw
        b_new = b_new - learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, {"dw": dw, "db": db}, costs

"""model passes learning_rate and num_iterations to optimize in the wrong order."""

TARGET = "model"

def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, learning_rate, num_iterations, print_cost)
    w, b = params["w"], params["b"]
    return {"costs": costs,
            "Y_prediction_test": predict(w, b, X_test),
            "Y_prediction_train": predict(w, b, X_train),
            "w": w, "b": b,
            "learning_rate": learning_rate,
            "num_iterations": num_iterations}

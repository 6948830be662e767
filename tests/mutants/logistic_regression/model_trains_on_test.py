"""model runs gradient descent on the test set instead of the training set."""

TARGET = "model"

def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_test.shape[0])
    params, grads, costs = optimize(w, b, X_test, Y_test, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    return {"costs": costs,
            "Y_prediction_test": predict(w, b, X_test),
            "Y_prediction_train": predict(w, b, X_train),
            "w": w, "b": b,
            "learning_rate": learning_rate,
            "num_iterations": num_iterations}

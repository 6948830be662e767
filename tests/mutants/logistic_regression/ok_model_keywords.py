"""Correct: model calling everything with keyword arguments and building d with dict()."""

TARGET = None

def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(dim=X_train.shape[0])
    params, _, costs = optimize(w=w, b=b, X=X_train, Y=Y_train, num_iterations=num_iterations,
                                learning_rate=learning_rate, print_cost=print_cost)
    if print_cost:
        print("trained")
    return dict(
        costs=costs,
        Y_prediction_test=predict(w=params["w"], b=params["b"], X=X_test),
        Y_prediction_train=predict(w=params["w"], b=params["b"], X=X_train),
        w=params["w"],
        b=params["b"],
        learning_rate=learning_rate,
        num_iterations=num_iterations,
    )

"""An infinite loop at the top level: the module never imports, so all of it scores 0."""
TARGET = "*"

while True:
    pass

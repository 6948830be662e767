"""Calls sys.exit() while the module is imported."""
import sys

TARGET = "*"

sys.exit(0)

"""One small module per report format, each rendering the same `Report`."""

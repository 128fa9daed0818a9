"""One module per command, each with a `run()` that the CLI calls after loading the config."""

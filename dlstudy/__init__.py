"""dlstudy: the command line that wires ingest, assistant, ui and eval together."""

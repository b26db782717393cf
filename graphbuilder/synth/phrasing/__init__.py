"""French phrase banks of the synthetic reports, one module per kind of text."""

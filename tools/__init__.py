"""Developer tools for graphbuilder (not part of the installed package)."""

"""Rule passes over the assembled patient facts: RECIST 1.1 timepoints and source conflicts."""

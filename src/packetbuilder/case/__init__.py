"""Stage 1, the case: the case-file model, its loader, and the data the rules read (profiles)."""

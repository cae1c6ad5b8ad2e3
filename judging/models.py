"""Rounds, criteria, juries, conflicts, assignment, scoring and selection (to come)."""

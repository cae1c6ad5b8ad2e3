"""Citizen proposals, attachments, teams and supports (to come)."""

"""Projections: the notification log turned into read-model tables."""

"""Encryption of personal information: data keys per data subject, wrapped by epoch KEKs."""

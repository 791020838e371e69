"""Command handlers: a command in, one aggregate changed and saved, the new version out."""

"""Read-only answers to staff questions, as public models."""

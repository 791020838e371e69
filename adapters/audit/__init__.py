"""The auditor's guarantees: a hash chain over the stored history, signed checkpoints, exports."""

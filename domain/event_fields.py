"""Which fields of a stored event are the event's own data, and which never leave the service."""

# The library's and the context's bookkeeping, not the event's own fields.
BOOKKEEPING = frozenset(
    {"originator_id", "originator_version", "originator_topic", "timestamp", "meta"}
)
# Never shown or sent anywhere, encrypted or not.
CREDENTIALS = frozenset({"password_hash"})

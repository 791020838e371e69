"""PostgreSQL: the event store's recorder, the service's own tables, and the database itself."""

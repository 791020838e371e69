"""Everything that touches the outside: HTTP, PostgreSQL, Kafka, messaging channels, the CLI."""

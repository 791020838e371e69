"""Local servers that speak each provider's protocol, for tests: the Graph API (WhatsApp),
BulkSMS and an SMTP relay with STARTTLS. Each records what it accepted and can be told to fail."""

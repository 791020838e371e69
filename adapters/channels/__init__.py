"""The customer's channels behind one port: WhatsApp (Meta's Cloud API), SMS (BulkSMS) and
email (SMTP with STARTTLS), with the sender that follows the log and the webhooks' parsers."""

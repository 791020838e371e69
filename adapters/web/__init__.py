"""The staff workspace: server-rendered pages at `/` on the same commands and queries as the API
(`/v1`), signed in with a session cookie, every form proved to come from one of its pages."""

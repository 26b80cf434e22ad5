"""The read side: what the pages, the exports and the status page ask of the database (no HTTP, no sync)."""

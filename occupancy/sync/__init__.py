"""The feeds: fetch from the intra client, normalise, upsert. Plain functions that return what they changed."""

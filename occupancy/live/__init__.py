"""Push: what changed is told to every open page within a second.

`versions` bumps a version per cluster in Redis once a write commits and publishes the news on one
channel; the ETag poll answers from the same numbers. `streams` holds the one subscriber of each web
process and the Server-Sent Events streams it feeds. Sync calls `versions`; nothing here calls sync.
"""

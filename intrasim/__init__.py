"""intrasim: a stand-in for the 42 intra API v2 over a generated, living campus.

It shares no code with Occupancy's client, so each checks the other. See README.md.
"""

"""Campus layouts: the file format (format.py), where each seat and shape sits (plan.py), versions (versions.py)."""

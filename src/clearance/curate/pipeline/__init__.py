"""The curate pipeline: phases over shards on disk, run by an executor (see ``run.py``)."""

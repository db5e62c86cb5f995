"""The ``clearance`` command line."""

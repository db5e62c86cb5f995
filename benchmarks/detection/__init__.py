"""Detection evaluation: real and generated corpora, planted copies, recall and precision.

Everything is gathered from the machine at run time and seeded, so nothing large is committed
and a second seed or corpus mix gives an independent check (see ``docs/bench/detection.md``).
"""

"""clearance: keep generative AI within copyright and license terms."""

__version__ = "0.1.0"

"""Text normalization: fold case and accents, split into tokens, hash them, all with offsets kept."""

from clearance.text.tokens import CODE, WORDS, Channel, TokenStream, tokenize

__all__ = ["CODE", "WORDS", "Channel", "TokenStream", "tokenize"]

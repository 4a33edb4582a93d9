"""hrc-bot: answers questions about Human Rights Cities from its material, with citations."""

__version__ = "0.1.0"

"""briefing: Korean news in, a daily English briefing out.

The library API lives in the stage modules (``ingest``, ``glossary``, ``translate``,
``summarize``, ``pipeline``, ``render``); importing this package loads none of them, so
``import briefing`` stays instant and never pulls in torch.
"""

__version__ = "0.1.0"

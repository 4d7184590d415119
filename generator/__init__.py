"""A static website generator for multilingual, right-to-left news archives.

The package is a pipeline of stage modules composed in `generator.pipeline`.
"""

__version__ = "0.1.0"

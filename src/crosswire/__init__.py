"""crosswire: news reports about violent incidents in, a trustworthy incident record out."""

__version__ = "0.1.0"

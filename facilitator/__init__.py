"""facilitator: run COPES and CPCH training workshops from the terminal."""

__version__ = "0.1.0"

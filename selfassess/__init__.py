"""selfassess: self-assessment, evidence packs and scoping documents for council peer challenges."""

__version__ = "0.5.0"

"""ccsc-gov: the governance of a cancer-research centre, from agenda to approved minutes."""

__version__ = "0.1.0"

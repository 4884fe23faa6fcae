"""ccsc-gov: the governance of a cancer-research centre, from agenda to approved minutes."""

import logging

__version__ = "0.1.0"

# The app's records go to its log file once the command line starts it (core/settings/logs.py);
# until then, and in a library use, they go nowhere rather than to standard error.
logging.getLogger(__name__).addHandler(logging.NullHandler())

"""`python -m ccsc_gov`: the same as the `ccsc-gov` command."""

import sys

from ccsc_gov.cli.start import main

sys.exit(main())

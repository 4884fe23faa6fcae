"""The command line: a thin layer over the same core services the GUI uses."""

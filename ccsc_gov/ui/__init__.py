"""The PySide6 desktop front end: windows, dialogs and table models over the core services."""

"""Persistence: the models, opening the database, migrations, backups, the audit trail,
the record locks and the version checks against lost updates."""

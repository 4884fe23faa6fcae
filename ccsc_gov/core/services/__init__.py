"""Plain functions over a Session: the one way the GUI, the command line and tests change data.

Services never commit (the caller owns the transaction), take keyword-only arguments, return
frozen dataclasses rather than live ORM objects, and raise
`ccsc_gov.core.governance.errors.UserError`
subclasses for anything a clerk can put right.
"""

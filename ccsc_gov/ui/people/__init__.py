"""People and bodies: everyone on record, a body's members and their terms of office, the
bodies themselves, and their versioned terms of reference with the quorum rule in plain words.

The main window reaches them through `menu.PeopleAndBodies`, which imports each window's module
when it is first opened."""

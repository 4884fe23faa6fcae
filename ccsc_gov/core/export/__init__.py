"""Word, Excel, calendar and PDF writers over frozen snapshots of the governance data."""

"""The domain, persistence and exports; never imports Qt."""

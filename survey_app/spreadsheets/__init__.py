"""Every .xlsx and .csv read and write, and the one atomic-write helper."""

"""The laptop's SQLite database: the record log, its projections, and the repositories."""

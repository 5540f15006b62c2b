"""A run's evidence: its folder and lock, its journal, the scrubbing of secrets, its reports."""

"""The migration: plan, reauthenticate, switch, verify, report; plain functions over page objects."""

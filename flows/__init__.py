"""The migration: plan, reauthenticate, switch, verify, report.

Plain functions over page objects, with typed inputs and results.
"""

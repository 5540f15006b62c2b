"""The procedure's steps: plain functions over page objects, one `tracing.group` each.

navigate (the way to a screen), plan, reauth, switch, activate, verify, rollback; the
runs (flows/runs/) put them together.
"""

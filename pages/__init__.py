"""Page objects: one typed class per screen or component; the only code that knows the DOM.

Each is built from a root that is a Playwright `Page` or `FrameLocator`, checks on
arrival that it is on the right screen, offers intents that return the next page object,
and `expect_*` checks of its own state. None decides the migration or asserts a test's
outcome.
"""

"""The mock Pinterest: login, OAuth consent, API v5 (and v4's shutdown), Ads Manager."""

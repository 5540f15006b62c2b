"""Pinterest's pages: login, OAuth consent, Ads Manager audiences."""

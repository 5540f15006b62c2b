"""The embedded mock sites: a mock Adobe Experience Platform and a mock Pinterest.

Two ASGI apps on two loopback origins. They share nothing but a clock; the mock AEP
talks to the mock Pinterest over HTTP, as the real Platform talks to Pinterest.
Nothing here imports `pages/` or `flows/`: the mocks are sites, not clients.
"""

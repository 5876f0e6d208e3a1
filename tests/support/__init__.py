"""Real helpers for tests: servers on loopback ports, not mocks."""

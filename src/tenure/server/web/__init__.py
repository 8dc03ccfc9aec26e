"""The server-rendered dashboard: pages, login, static assets."""

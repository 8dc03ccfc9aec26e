"""The REST API and the web dashboard (`tenure serve`); `tenure.server.app.create_app` builds it."""

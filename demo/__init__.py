"""The demo: everything `make run` shows, loaded from every app (the top of the layers)."""

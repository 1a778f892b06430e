"""Frameworks as data: the model, finding and loading them (shipped, the user's, a
workspace's own, --frameworks-dir), tailoring profiles, and comparing versions."""

"""The FastAPI gateway: the one public surface in front of the Rasa server (see api/main.py)."""

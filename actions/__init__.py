"""Custom actions of the Rasa action server. Thin: the work is done in guide/ and actions/replies.py."""

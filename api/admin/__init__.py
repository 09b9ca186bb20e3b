"""The station's learning loop in a browser (/admin): trainers' accounts and sessions, the queue of
unanswered questions, teaching into a reviewed NLU file, training, comparison, promotion and the
audit trail. The API lives in api/routers/admin.py, the pages in api/static/admin*.{html,js}."""

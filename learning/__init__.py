"""The learning loop, in one place: what officers asked (``question_log``), what the assistant could not
answer (``queue``, with ``similar_questions``), the trainers' decisions written as reviewed examples
(``reviewed_examples``), training runs (``training``), comparing a new model with the live one
(``model_comparison``), promoting and rolling back the live model (``live_model``), the audit trail
(``audit``) and the station's days the figures count (``calendar``). ``console`` puts them together for
the trainers' console; ``api/admin`` keeps only the web's concerns (accounts, sign-in, sessions, the
request and response models) and ``scripts/`` the command-line translations.

No FastAPI and no Rasa here: the gateway's tables (``api/tables.py``) and its HTTP client to Rasa
(``api/bot.py``) are the only parts of ``api`` it uses.
"""

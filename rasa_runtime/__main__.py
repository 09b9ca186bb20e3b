"""`python -m rasa_runtime <rasa arguments>`: Rasa's command line with the speed-up and the safety
settings installed (see rasa_runtime/__init__.py)."""

import sys

from rasa.__main__ import main

import rasa_runtime

if __name__ == "__main__":
    rasa_runtime.install()
    sys.argv = rasa_runtime.with_auth_token(sys.argv)
    sys.exit(main())

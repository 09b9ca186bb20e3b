"""`python -m rasa_runtime <rasa arguments>`: Rasa's command line with the speed-up installed."""
import sys

from rasa.__main__ import main

import rasa_runtime

if __name__ == "__main__":
    rasa_runtime.install()
    sys.exit(main())

"""Start Shelter Desktop from a checkout: ``python main.py [--data-dir DIR]``."""

import sys

from shelter_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())

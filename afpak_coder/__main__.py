import sys

from afpak_coder.launcher import main

sys.exit(main())

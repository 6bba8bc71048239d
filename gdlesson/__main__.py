"""``python -m gdlesson``: the ``gdlesson`` command."""

from gdlesson.cli.main import main

raise SystemExit(main())

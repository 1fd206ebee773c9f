from notice_tui.cli import main

raise SystemExit(main())

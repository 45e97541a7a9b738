"""Writers and readers of exchange formats (Excel, CSV, REFI-QDA): no Qt."""

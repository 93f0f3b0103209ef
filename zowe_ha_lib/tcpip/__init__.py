"""TCP/IP profile statements: tokenizing, parsing, lint and generation."""

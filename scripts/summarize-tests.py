#!/usr/bin/env python3
"""Prints `N passed, M failed[, K skipped]` from one or more meson testlog.json
files (the main build, the sanitizer build, ...), summed. A missing file
counts as one failure: its phase did not get as far as running tests."""
import json
import os
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    if not os.path.exists(path):
        print(f"summarize-tests: {path} is missing (that phase did not run its tests)", file=sys.stderr)
        failed += 1
        continue
    with open(path, encoding="utf-8") as log:
        for line in log:
            if not line.strip():
                continue
            result = json.loads(line).get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
summary = f"{passed} passed, {failed} failed"
if skipped:
    summary += f", {skipped} skipped"
print(summary)

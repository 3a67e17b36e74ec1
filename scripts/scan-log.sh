#!/usr/bin/env bash
# Checks a server log for personal data: fails if it holds any name, NHS number or email
# that the register (the SQLite file DB) holds, or is not one JSON object a line.
# Run by test.sh on the log of the browser tests' server, after the suite.
# Usage: scripts/scan-log.sh LOG DB
set -euo pipefail
log=$1
db=$2
[ -s "$log" ] || { echo "scan-log: $log is empty or missing" >&2; exit 1; }

python3 - "$log" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as log:
    for number, line in enumerate(log, 1):
        if line.strip():
            try:
                json.loads(line)
            except ValueError:
                sys.exit(f"scan-log: line {number} is not JSON: {line[:200]}")
PY

found=0
checked=0
while IFS= read -r secret; do
  [ -n "$secret" ] || continue
  checked=$((checked + 1))
  if grep -qwF -- "$secret" "$log"; then
    echo "scan-log: the log holds personal data: a value from the register (${#secret} characters, line $(grep -nwF -- "$secret" "$log" | head -1 | cut -d: -f1))" >&2
    found=1
  fi
done < <(sqlite3 -batch -noheader "$db" "
  SELECT family_name FROM people
  UNION SELECT given_name || ' ' || family_name FROM people
  UNION SELECT nhs_number FROM people
  UNION SELECT substr(nhs_number, 1, 3) || ' ' || substr(nhs_number, 4, 3) || ' ' || substr(nhs_number, 7) FROM people
  UNION SELECT family_name FROM referrals
  UNION SELECT nhs_number FROM referrals WHERE nhs_number IS NOT NULL AND nhs_number <> ''
  UNION SELECT email FROM users
  UNION SELECT full_name FROM users")
echo "scan-log: $(wc -l < "$log") lines checked for $checked names, NHS numbers and emails"
exit $found

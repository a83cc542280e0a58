#!/usr/bin/env bash
# The full suite: unit + HTTP tests on SQLite and on PostgreSQL (every storage test on both engines),
# then the browser tests. The SQLite run is the README's test command itself (`npm test`: SQLite is
# the default engine). The browser tests run once, on SQLite: they drive the same server code whose
# storage the two unit runs already cover on both engines, and a second browser run (over five
# minutes on this machine) kept CI past its 15 minutes.
# Then the cluster tests: two app nodes behind nginx on PostgreSQL and Redis.
# Needs PostgreSQL on 127.0.0.1:5432 (TEST_DATABASE_URL to change), Redis on 127.0.0.1:6379, nginx
# and Debian's chromium.
# Ends with one line "N passed, N failed" summed over every run.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
status=0
run() {
  local name=$1; shift
  echo "=== $name"
  local started=$SECONDS
  local rc=0
  "$@" --reporter=default --reporter=json --outputFile="$out/$name.json" || rc=1
  echo "=== $name took $((SECONDS - started)) s"
  [ $rc -eq 0 ] || status=1
  return $rc
}
TEST_DB=sqlite run sqlite npm test --
TEST_DB=postgres run postgres npx vitest run
# The cluster tests mostly wait (on nodes, nginx, faults being restored), as the browser tests
# wait on Chromium: the two run side by side, the cluster's output shown after.
cluster_log=$(mktemp)
run cluster npx vitest run --config vitest.cluster.config.ts > "$cluster_log" 2>&1 &
cluster=$!
TEST_DB=sqlite run e2e-sqlite npx vitest run --config vitest.e2e.config.ts
wait $cluster || status=1
cat "$cluster_log"
rm -f "$cluster_log"
node -e '
  const fs = require("node:fs");
  let passed = 0, failed = 0, files = 0;
  for (const f of fs.readdirSync(process.argv[1])) {
    const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + (r.numTotalTests === 0 ? 1 : 0); files++;
    // Named again here, at the very end, so a failure is found in a log that only keeps its tail.
    for (const file of r.testResults)
      for (const test of file.assertionResults)
        if (test.status === "failed")
          console.log(`FAILED in ${f.replace(/\.json$/, "")}: ${file.name.replace(process.cwd() + "/", "")} > ${test.fullName}: ${String(test.failureMessages?.[0] ?? "").split("\n")[0].slice(0, 300)}`);
    for (const file of r.testResults)
      if (file.status === "failed" && file.assertionResults.length === 0)
        console.log(`FAILED in ${f.replace(/\.json$/, "")}: ${file.name.replace(process.cwd() + "/", "")}: ${String(file.message).slice(0, 300)}`);
  }
  if (files < 4) failed++;
  console.log(`${passed} passed, ${failed} failed`);
' "$out"
rm -rf "$out"
exit $status

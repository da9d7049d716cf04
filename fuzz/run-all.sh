#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS each (default 60), on the seed
# corpus (made by seed.sh when missing); each run's output is in logs/.
# Needs nightly and cargo-fuzz.
#
# Without AddressSanitizer (-s none): candor forbids unsafe code, and
# libFuzzer runs several times as many inputs a second without it;
# panics, overflows (debug assertions are on) and slow inputs are still found.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
[ -d corpus ] || ./seed.sh
mkdir -p logs
status=0
for t in read score text pack expr; do
    case $t in
        pack) len=40000 ;;
        expr) len=512 ;;
        *) len=16384 ;;
    esac
    echo "== $t: $secs s"
    if ! cargo +nightly fuzz run -s none "$t" -- \
        -max_total_time="$secs" -max_len="$len" -timeout=10 -print_final_stats=1 \
        >"logs/$t.log" 2>&1; then
        echo "!! $t failed: see logs/$t.log and artifacts/$t/"
        status=1
    fi
    grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec|SUMMARY)' "logs/$t.log" || true
done
exit $status

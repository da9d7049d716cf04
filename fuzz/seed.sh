#!/usr/bin/env bash
# Fills corpus/<target>/ with seeds from the repository: transcripts of
# every format for `read`, `score` and `text`; pack files for `pack`; the
# default pack's match expressions for `expr`. corpus/ is not committed.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/read corpus/score corpus/text corpus/pack corpus/expr
n=0
while IFS= read -r -d '' f; do
    n=$((n + 1))
    for t in read score text; do
        cp "$f" "corpus/$t/seed-$n"
    done
done < <(find "$root/corpus" "$root/tests/data/peer-formats" "$root/tests/data/transcripts" \
    -type f ! -name '*.toml' ! -name '*.json.json' -size -16k -print0 | sort -z)
n=0
while IFS= read -r -d '' f; do
    n=$((n + 1))
    cp "$f" "corpus/pack/seed-$n"
done < <(find "$root/rules/default" "$root/tests/data/packs" "$root/tests/data/broken-packs" \
    -type f -name '*.toml' -print0 | sort -z)
# Each quoted string of a `match = [...]` list or a concept entry is an expression.
n=0
grep -ho '"[^"]*[|&~(?{=][^"]*"' "$root"/rules/default/*.toml | sed 's/^"//; s/"$//' | sort -u |
    while IFS= read -r e; do
        n=$((n + 1))
        printf '%s' "$e" > "corpus/expr/seed-$n"
    done
for t in read score text pack expr; do
    echo "corpus/$t: $(find "corpus/$t" -type f | wc -l) files"
done

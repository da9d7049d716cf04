#!/usr/bin/env bash
# Runs examples/spark/score_with_spark.py in Spark's local mode on a folder
# (default corpus/) and fails unless every record comes back, in order, with
# the verdicts `candor score FOLDER --format jsonl` gives: the same source ids
# in the same order, and for each the same overall verdict and the same
# verdict for every question. The records go over four slices, so four
# candor processes, and the order across partitions counts.
#
#   scripts/spark-check.sh [FOLDER]
#   CANDOR_ARGS="--rules tests/data/packs/mini" scripts/spark-check.sh tests/data/corpus-mini
#
# Installs what is missing: pyspark from PyPI into a venv under
# target/spark-check (unless python3 already imports it), and the Debian
# packages default-jre-headless, python3 and python3-venv. Writes to
# target/spark-check: expected.jsonl (candor alone), spark.jsonl (through
# Spark), spark.log.
set -euo pipefail
cd "$(dirname "$0")/.."
folder="${1:-corpus}"
out=target/spark-check
mkdir -p "$out"
start=$(date +%s.%N)

fail() {
  echo "spark check FAILED: $*" >&2
  exit 1
}

# apt_install PACKAGE...: Debian packages, the index updated once per run.
apt_updated=
apt_install() {
  echo "installing $* (Debian packages)..."
  export DEBIAN_FRONTEND=noninteractive
  [ -n "$apt_updated" ] || { apt-get update -qq >/dev/null; apt_updated=1; }
  apt-get install -y -qq "$@" >/dev/null
}

command -v java >/dev/null 2>&1 || apt_install default-jre-headless
command -v python3 >/dev/null 2>&1 || apt_install python3

python=python3
if ! python3 -c 'import pyspark' >/dev/null 2>&1; then
  # Debian splits venv's pip bootstrap (ensurepip) into its own package.
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || apt_install python3-venv
  python="$out/venv/bin/python"
  if ! "$python" -c 'import pyspark' >/dev/null 2>&1; then
    echo "installing pyspark (PyPI) into $out/venv..."
    python3 -m venv "$out/venv"
    "$python" -m pip install --quiet --disable-pip-version-check 'pyspark>=4,<5'
  fi
fi
# Spark's Python workers run the same interpreter as the driver.
export PYSPARK_PYTHON="$python" PYSPARK_DRIVER_PYTHON="$python"

cargo build --release --quiet
candor="${CARGO_TARGET_DIR:-target}/release/candor"
export CANDOR="$candor"

# CANDOR_ARGS (split on spaces, as the example splits it) go to both runs.
# candor exits 2 when a file is an error line; those lines are compared too.
"$candor" score "$folder" --format jsonl ${CANDOR_ARGS:-} 2>"$out/expected.log" >"$out/expected.jsonl" || [ $? -eq 2 ] \
  || fail "candor score $folder failed"
rm -f "$out/spark.jsonl"
"$python" examples/spark/score_with_spark.py "$folder" --output "$out/spark.jsonl" >"$out/spark.log" 2>&1 \
  || { tail -n 20 "$out/spark.log" >&2; fail "the Spark job failed (log: $out/spark.log)"; }

elapsed=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
python3 - "$out/expected.jsonl" "$out/spark.jsonl" "$elapsed" <<'PY'
import json
import sys

expected_path, spark_path, elapsed = sys.argv[1:]


def verdicts(path):
    """(source, overall verdict or error, {question id: verdict}) per line, in order."""
    rows = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                r = json.loads(line)
                overall = r.get("error") or r["overall"]["verdict"]
                questions = {q["id"]: q["verdict"] for q in r.get("questions", [])}
                rows.append((r["source"], overall, questions))
    return rows


expected, spark = verdicts(expected_path), verdicts(spark_path)
problems = []
if len(spark) != len(expected):
    problems.append(f"candor alone scored {len(expected)} records, {len(spark)} came back through Spark")
ids, spark_ids = [r[0] for r in expected], [r[0] for r in spark]
if sorted(ids) != sorted(spark_ids):
    missing, extra = set(ids) - set(spark_ids), set(spark_ids) - set(ids)
    problems.append(f"missing {sorted(missing)[:5]}, unexpected {sorted(extra)[:5]}")
elif ids != spark_ids:
    first = next(i for i, (a, b) in enumerate(zip(ids, spark_ids)) if a != b)
    problems.append(f"out of order at record {first + 1}: expected {ids[first]}, got {spark_ids[first]}")
by_id = {source: (overall, questions) for source, overall, questions in spark}
for source, overall, questions in expected:
    if source not in by_id:
        continue
    got_overall, got_questions = by_id[source]
    if got_overall != overall:
        problems.append(f"{source}: overall {got_overall}, expected {overall}")
    for q, verdict in questions.items():
        if got_questions.get(q) != verdict:
            problems.append(f"{source}: {q} {got_questions.get(q)}, expected {verdict}")
    if set(got_questions) - set(questions):
        problems.append(f"{source}: questions {sorted(set(got_questions) - set(questions))} not expected")
if not expected:
    problems.append("candor scored no records")
if problems:
    for p in problems[:20]:
        print(f"  {p}", file=sys.stderr)
    more = f" (first 20 of {len(problems)})" if len(problems) > 20 else ""
    sys.exit(f"spark check FAILED: Spark's reports differ from candor's{more}")
questions = sum(len(q) for _, _, q in expected)
print(
    f"spark check passed: {len(spark)} records back in order over 4 partitions, "
    f"same overall and {questions} question verdicts as candor alone, in {elapsed} s"
)
PY

"""Score transcripts with candor inside Apache Spark, through RDD.pipe.

Each record is one JSON line {"id", "text", "format"?}; Spark pipes every
partition through one `candor score --jsonl-input` process, which answers one
report line per record, in order. Run (local mode, 2 cores):

    pip install pyspark
    cargo build --release
    python3 examples/spark/score_with_spark.py corpus/

Prints, per transcript, its overall verdict and score, then a tally.
"""

import json
import os
import sys
from pathlib import Path

from pyspark.sql import SparkSession

CANDOR = os.environ.get("CANDOR", str(Path(__file__).resolve().parents[2] / "target/release/candor"))
# Extra arguments for candor, e.g. CANDOR_ARGS="--rules my-pack".
CANDOR_ARGS = os.environ.get("CANDOR_ARGS", "")
EXTENSIONS = {".txt", ".md", ".vtt", ".srt", ".json"}


def records(folder):
    for path in sorted(Path(folder).rglob("*")):
        if path.suffix in EXTENSIONS and path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            yield json.dumps({"id": str(path), "text": text})


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "corpus"
    spark = SparkSession.builder.master("local[2]").appName("candor").getOrCreate()
    lines = spark.sparkContext.parallelize(list(records(folder)), numSlices=4)
    reports = lines.pipe(f"{CANDOR} score --jsonl-input {CANDOR_ARGS}").map(json.loads)
    rows = reports.map(
        lambda r: (r["source"], r.get("error") or r["overall"]["verdict"], (r.get("overall") or {}).get("score"))
    ).collect()
    for source, verdict, score in sorted(rows):
        print(f"{verdict:>10} {score if score is not None else '-':>4}  {source}")
    tally = {}
    for _, verdict, _ in rows:
        tally[verdict] = tally.get(verdict, 0) + 1
    print("tally:", json.dumps(tally, sort_keys=True))
    spark.stop()


if __name__ == "__main__":
    main()

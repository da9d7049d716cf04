"""Score transcripts with candor inside Apache Spark, through RDD.pipe.

Each record is one JSON line {"id", "text", "format"?}; Spark pipes every
partition through one `candor score --jsonl-input` process, which answers one
report line per record, in order. Run (local mode, 2 cores):

    pip install pyspark
    cargo build --release
    python3 examples/spark/score_with_spark.py corpus/

Prints, per transcript, its overall verdict and score, then a tally.
`--output FILE` also writes the report lines, as Spark returned them, to FILE
(scripts/spark-check.sh compares them with `candor score corpus/ --format jsonl`).
"""

import argparse
import json
import os
from pathlib import Path

from pyspark.sql import SparkSession

CANDOR = os.environ.get("CANDOR", str(Path(__file__).resolve().parents[2] / "target/release/candor"))
# Extra arguments for candor, e.g. CANDOR_ARGS="--rules my-pack".
CANDOR_ARGS = os.environ.get("CANDOR_ARGS", "")
# The file extensions candor reads. With no "format" in a record, candor
# detects it from the text, then from the id's extension, as it does for files.
EXTENSIONS = {".txt", ".md", ".markdown", ".vtt", ".srt", ".json"}


def records(folder):
    """One JSON line per transcript under folder, in sorted path order."""
    for path in sorted(Path(folder).rglob("*")):
        if path.suffix.lower() in EXTENSIONS and path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            yield json.dumps({"id": str(path), "text": text})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="corpus")
    parser.add_argument("--output", metavar="FILE", help="also write the report lines, in order, to FILE")
    args = parser.parse_args()

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("candor")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # Four slices: each is piped through a candor process of its own.
    lines = spark.sparkContext.parallelize(list(records(args.folder)), numSlices=4)
    # One report line back per record; partitions keep their order.
    reports = lines.pipe(f"{CANDOR} score --jsonl-input {CANDOR_ARGS}").cache()
    if args.output:
        Path(args.output).write_text("".join(line + "\n" for line in reports.collect()), encoding="utf-8")
    rows = (
        reports.map(json.loads)
        .map(lambda r: (r["source"], r.get("error") or r["overall"]["verdict"], (r.get("overall") or {}).get("score")))
        .collect()
    )
    for source, verdict, score in sorted(rows):
        print(f"{verdict:>10} {score if score is not None else '-':>4}  {source}")
    tally = {}
    for _, verdict, _ in rows:
        tally[verdict] = tally.get(verdict, 0) + 1
    print("tally:", json.dumps(tally, sort_keys=True))
    spark.stop()


if __name__ == "__main__":
    main()

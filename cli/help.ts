const COMMON = `  --base B     logarithm base: e (nats) by default, 2 for bits
  --json       print JSON
  --explain    show the derivation step by step, numbers filled in
  -h, --help   this help`;

export const HELP: Record<string, string> = {
  main: `xent — cross-entropy calculators that show their work, and streaming evaluation of prediction files

Usage: xent <command> [options]

Calculators:
  surprisal P                          −log p
  entropy P…                           −Σ p log p
  cross-entropy --target P --pred Q    −Σ p log q (alias: ce)
  kl --target P --pred Q               Σ p log(p/q)
  softmax LOGIT…                       e^z / Σ e^z
  loss --logits Z --label K            cross-entropy loss of one sample (PyTorch's F.cross_entropy)

Evaluation:
  eval FILE                            log loss, accuracy, calibration… of a predictions file
  merge STATE…                         combine the --save-state files of shards
  sql --dialect D --table T …          the SQL computing that state inside a database
  report RESULT…                       the report from that query's result (any partitions)

Options: --help on any command, --version.
Distributions are comma- or space-separated: xent entropy 0.5,0.25,0.25
A list given as - is read from stdin: seq 1 1000000 | xent softmax - --json
Exit codes: 0 success, 1 the library refused the input, 2 bad usage or bad input data.`,

  surprisal: `Usage: xent surprisal P [--base B] [--json] [--explain]

The surprisal (self-information) of an outcome of probability P: −log P.
Example: xent surprisal 0.25 --base 2   → 2 bits

${COMMON}`,

  entropy: `Usage: xent entropy P… [--base B] [--json] [--explain]

The entropy of the distribution P: −Σ pᵢ log pᵢ (0 · log 0 = 0). P must sum to 1.
Example: xent entropy 0.5 0.25 0.25 --base 2   → 1.5 bits

${COMMON}`,

  'cross-entropy': `Usage: xent cross-entropy --target P --pred Q [--base B] [--json] [--explain]
       xent ce …

The cross-entropy of the prediction Q against the true distribution P: −Σ pᵢ log qᵢ.
Example: xent ce --target 1,0 --pred 0.8,0.2   → 0.223144 nats

  --target P   the true distribution, comma-separated
  --pred Q     the predicted distribution, comma-separated
${COMMON}`,

  kl: `Usage: xent kl --target P --pred Q [--base B] [--json] [--explain]

The Kullback–Leibler divergence from P to Q: Σ pᵢ log(pᵢ / qᵢ) = H(P, Q) − H(P).

  --target P   the true distribution, comma-separated
  --pred Q     the predicted distribution, comma-separated
${COMMON}`,

  softmax: `Usage: xent softmax LOGIT… [--json] [--explain]

The softmax of the logits, computed stably (max subtracted, log-sum-exp).
Negative logits may be written as they are: xent softmax -1 0 1

  --json       print JSON
  --explain    show the derivation step by step
  -h, --help   this help`,

  loss: `Usage: xent loss --logits Z --label K [--label-smoothing E] [--base B] [--json] [--explain]

The cross-entropy loss of one sample's logits for the true class K, as PyTorch's F.cross_entropy.
Example: xent loss --logits 2,1,0.1 --label 0 --explain

  --logits Z            the logits, comma-separated
  --label K             the true class, 0-based
  --label-smoothing E   move E of the target's mass onto the uniform distribution (default 0)
${COMMON}`,

  eval: `Usage: xent eval FILE [options]

Evaluates a file of predictions in one streaming pass (constant memory): log loss, perplexity,
accuracy, normalized entropy, expected calibration error with its reliability table, and per-class
count and log loss. FILE is CSV or TSV with a header, JSON Lines, or Parquet, by its extension
(.csv .tsv .jsonl .ndjson .parquet, optionally .gz for the text formats); - reads stdin.

  --label COL            the true class column: a 0-based class index, or a name with --classes
  --classes a,b,c        class names, in the order of the score columns
  --columns c1,c2,…      the score columns (default: every other numeric column, in order);
                         one column means binary: the probability (or logit) of class 1
  --from KIND            probabilities (default) or logits
  --eps E                clip probabilities to [E, 1 − E] before the log (default 1e-15, as
                         scikit-learn's log_loss); the report counts the clipped values
  --renormalize          divide probability rows by their sum instead of rejecting rows that
                         do not sum to 1 within 1e-6
  --sample-weight COL    a column of non-negative row weights
  --base B               logarithm base of the losses: e (nats) by default, 2 for bits
  --format F             csv, tsv, jsonl or parquet, overriding the extension (stdin: csv)
  --skip-bad-lines       skip malformed rows (and count them) instead of stopping
  --max-line-bytes N     the longest line read (default 16777216, 16 MiB)
  --save-state FILE      write the meter's state, for xent merge
  --engine E             js (built in, default) or duckdb: the same report computed by SQL in
                         embedded DuckDB (the optional package @duckdb/node-api), which also
                         reads globs, folders of files (hive-partitioned too) and .zst files
  --progress, --no-progress   force the progress bar on stderr (default: only on a terminal)
  --json                 print one JSON object
  -h, --help             this help

A malformed row stops with one line naming the file, the line (1-based, header counted) and the
column, and exit code 2.`,

  merge: `Usage: xent merge STATE… [--base B] [--json] [--save-state FILE]

Combines the states written by xent eval --save-state on shards of a file; the report equals
evaluating the concatenated file (the state is compensated sums and counts).

  --base B            logarithm base of the losses (default: that of the first state)
  --save-state FILE   write the merged state
  --json              print one JSON object
  -h, --help          this help`,

  sql: `Usage: xent sql --dialect D --table T --label COL --columns c1,c2,… [options]

Prints one SQL query that computes the meter state (counts and sums, mergeable) from a table of
predictions where it lives: run it in the database, export the result as CSV or JSON, and pass
that to xent report. The query does what xent eval does row by row: the same checks, eps clip,
renormalization, log-softmax, sample weights and calibration bins.

  --dialect D            duckdb, postgres, spark, trino, bigquery or snowflake
  --table T              the table, view or parenthesized subquery, written as SQL
  --partition-by COL     one result row (one mergeable state) per value of COL
  --label, --classes, --columns, --from, --eps, --renormalize, --sample-weight, --base,
  --skip-bad-lines       as for xent eval (--columns is required: xent does not see the schema)
  -h, --help             this help

Sums are exact in duckdb (fsum) and postgres (numeric); the other dialects sum float64 as is.`,

  report: `Usage: xent report RESULT… [--base B] [--json] [--save-state FILE]

The report from the results of queries printed by xent sql: CSV with a header, a JSON array or
JSON Lines, one row per partition; - reads stdin. Every row is a shard state, merged as xent
merge does, so the partitions of one table, or several tables' results, give one report.

  --base B            logarithm base of the losses (default: the query's --base)
  --save-state FILE   write the merged state, for xent merge
  --json              print one JSON object
  -h, --help          this help`,
};
HELP.ce = HELP['cross-entropy'];

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
  compare A B                          is model B better than A on the same rows, or is it noise?
  calibrate FILE                       fit temperature or Platt scaling on validation predictions
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

Evaluates a file of predictions in one streaming pass: log loss, perplexity, accuracy and Brier
score, each with a 95% interval (normal approximation; Wilson for accuracy), top-k accuracy, ROC
AUC and average precision (one-vs-rest, macro and weighted, for more than two classes), the
confusion matrix, normalized entropy, expected calibration error with its reliability table,
class-wise ECE and ECE over equal-mass bins, and per-class count, log loss, AUC and average
precision. Memory stays bounded: the rows are kept (for exact AUC and --bootstrap) only up to
--exact-rows; past that, AUC and average precision come from a fine score histogram, with the
most they can be off stated beside them. FILE is CSV or TSV with a header, JSON Lines, or Parquet, by its extension
(.csv .tsv .jsonl .ndjson .parquet, optionally .gz for the text formats); - reads stdin.

  --label COL            the true class column: a 0-based class index, or a name with --classes
  --classes a,b,c        class names, in the order of the score columns
  --columns c1,c2,…      the score columns (default: every other numeric column, in order);
                         one column means binary: the probability (or logit) of class 1
  --from KIND            probabilities (default), logits, or logprob (below)
  --eps E                clip probabilities to [E, 1 − E] before the log (default 1e-15, as
                         scikit-learn's log_loss); the report counts the clipped values
  --renormalize          divide probability rows by their sum instead of rejecting rows that
                         do not sum to 1 within 1e-6
  --sample-weight COL    a column of non-negative row weights
  --base B               logarithm base of the losses: e (nats) by default, 2 for bits
  --format F             csv, tsv, jsonl or parquet, overriding the extension (stdin: csv)
  --skip-bad-lines       skip malformed rows (and count them) instead of stopping
  --max-line-bytes N     the longest line read (default 16777216, 16 MiB)
  --top-k K              k of the top-k accuracy (default 5; shown when k < the classes)
  --exact-rows N         rows kept for exact AUC, average precision and --bootstrap
                         (default 100000; 0 always uses the histogram)
  --bootstrap N          also report percentile-bootstrap 95% intervals of log loss, accuracy
                         and Brier from N resamples (needs the rows: at most --exact-rows)
  --seed S               the bootstrap's seed (default 0): the same seed, the same intervals
  --save-state FILE      write the meter's state, for xent merge (below --exact-rows it holds
                         the rows themselves, so that merged AUC stays exact)
  --plot FILE.svg        draw the reliability diagram over its confidence histogram (as
                         scikit-learn's CalibrationDisplay), and for a binary classifier the ROC
                         and precision–recall curves
  --engine E             js (built in, default) or duckdb: the same report computed by SQL in
                         embedded DuckDB (the optional package @duckdb/node-api), which also
                         reads globs, folders of files (hive-partitioned too) and .zst files
  --progress, --no-progress   force the progress bar on stderr (default: only on a terminal)
  --json                 print one JSON object
  -h, --help             this help

A malformed row stops with one line naming the file, the line (1-based, header counted) and the
column, and exit code 2.

With --from logprob, each row holds the natural-log probability a language model gave the observed
token or answer; the report is the negative log-likelihood, perplexity e^(NLL/tokens), bits per
token and, with byte counts, bits per byte, in total and per group. JSON Lines of chat completions
(one per line, requested with logprobs: true) are read as they are: each completion's
choices[0].logprobs.content[] are its tokens, and their bytes give the byte counts.

  --logprob COL          the log-probability column (not needed for chat completions)
  --group COL            a document or question id: figures per group too (chat completions:
                         each line is a group unless --group names a field such as id)
  --bytes COL            each row's length in UTF-8 bytes, for bits per byte`,

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
renormalization, log-softmax, sample weights, Brier score, top-k hit, confusion matrix and bins.
AUC and average precision come from the score histogram, with their error bound.

  --dialect D            duckdb, postgres, spark, trino, bigquery or snowflake
  --table T              the table, view or parenthesized subquery, written as SQL
  --partition-by COL     one mergeable state per value of COL
  --label, --classes, --columns, --from, --eps, --renormalize, --sample-weight, --base,
  --top-k, --exact-rows,
  --skip-bad-lines       as for xent eval (--columns is required: xent does not see the schema)
  -h, --help             this help

Sums are exact in duckdb (fsum) and postgres (numeric); the other dialects sum float64 as is.`,

  report: `Usage: xent report RESULT… [--base B] [--json] [--save-state FILE]

The report from the results of queries printed by xent sql: CSV with a header, a JSON array or
JSON Lines: per partition a state row and its cell rows (histograms, the confusion matrix); -
reads stdin. Every partition is a shard state, merged as xent merge does, so the partitions of
one table, or several tables' results, give one report.

  --base B            logarithm base of the losses (default: the query's --base)
  --save-state FILE   write the merged state, for xent merge
  --json              print one JSON object
  -h, --help          this help`,
};
HELP.ce = HELP['cross-entropy'];

/** How compare and calibrate read their files, as xent eval does. */
const READING = `  --eps E                clip probabilities to [E, 1 − E] before the log (default 1e-15)
  --renormalize          divide probability rows by their sum
  --format F             csv, tsv, jsonl or parquet, overriding the extension
  --max-line-bytes N     the longest line read (default 16777216, 16 MiB)`;
HELP.compare = `Usage: xent compare A B [options]

Compares two models' predictions on the same rows: for log loss and Brier score, the mean of the
per-row differences B − A with its 95% confidence interval and the p-value of a paired t-test
(scipy.stats.ttest_rel); for accuracy, McNemar's test (exact binomial below 25 rows where only one
model is right, chi-square with continuity correction above). Each ends in a sentence saying which
model is better, or that the difference could be chance (p ≥ 0.05).

  --id COL               pair the rows by this column (each id once in each file) instead of by
                         position; paired rows must have the same label
  --label COL            the true class column (as xent eval)
  --classes a,b,c        class names, in the order of the score columns
  --columns c1,c2,…      the score columns (default: every other numeric column but --id)
  --from KIND            probabilities (default) or logits
${READING}
  --json                 print one JSON object
  -h, --help             this help`;

HELP.calibrate = `Usage: xent calibrate FILE [options]

Fits a calibration map on validation predictions and reports log loss, Brier score and ECE before
and after. Temperature scaling (Guo et al., 2017) divides the logits by the T > 0 that minimizes the
log loss; Platt scaling fits p = σ(a · score + b) to a binary classifier's one score column, on
Platt's smoothed targets (as scikit-learn's CalibratedClassifierCV(method='sigmoid')).

  --method M             temperature (default) or platt
  --write OUT            write the calibrated probabilities (.csv or .jsonl): the label column,
                         then one probability per class (binary: the column probability)
  --plot FILE.svg        draw the reliability diagram before and after, over the histogram of
                         the calibrated confidence
  --label COL            the true class column (as xent eval)
  --classes a,b,c        class names, in the order of the score columns
  --columns c1,c2,…      the score columns (default: every other numeric column)
  --from KIND            logits (default; log-probabilities are logits too) or probabilities
${READING}
  --json                 print one JSON object
  -h, --help             this help`;

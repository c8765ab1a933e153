#!/usr/bin/env bash
# Merges the part files of docs/cluster/slurm-array.sh into one result (summary.json,
# intervals.csv, replications.csv, plots, report.html), identical to an unsharded run.
#
#   sbatch --dependency=afterok:<array job id> docs/cluster/slurm-merge.sh
#
# Settings: CCSIM, PARTS (as for the array), RESULTS (default: results).
#SBATCH --job-name=ccsim-merge
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --time=00:15:00
#SBATCH --output=ccsim-merge-%j.log
set -euo pipefail

CCSIM=${CCSIM:-ccsim}
PARTS=${PARTS:-parts}
RESULTS=${RESULTS:-results}

# Refuses (exit code 2) when a shard is missing or belongs to another run; add --allow-partial
# to merge what is there anyway (the result is then marked partial).
"$CCSIM" merge "$PARTS" --out "$RESULTS" --format table

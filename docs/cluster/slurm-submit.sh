#!/usr/bin/env bash
# Submits the shard array and the merge job that runs when every shard succeeded.
#   SHARDS=20 REPS=50000 SCENARIO=my-center.toml docs/cluster/slurm-submit.sh
# SBATCH_OPTS adds sbatch options to both jobs, e.g. SBATCH_OPTS="--partition=short --cpus-per-task=8"
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export SHARDS=${SHARDS:-10}
# shellcheck disable=SC2086
array=$(sbatch --parsable --export=ALL ${SBATCH_OPTS:-} --array=0-$((SHARDS - 1)) "$here/slurm-array.sh")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable --export=ALL ${SBATCH_OPTS:-} --dependency=afterok:"$array" "$here/slurm-merge.sh")
echo "submitted shards as job $array and the merge as job $merge"

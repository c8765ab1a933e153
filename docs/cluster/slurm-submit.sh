#!/usr/bin/env bash
# Submits the shard array and the merge job that runs when every shard succeeded.
#   SHARDS=20 REPS=50000 SCENARIO=my-center.toml docs/cluster/slurm-submit.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export SHARDS=${SHARDS:-10}
array=$(sbatch --parsable --export=ALL --array=0-$((SHARDS - 1)) "$here/slurm-array.sh")
array=${array%%;*}
merge=$(sbatch --parsable --export=ALL --dependency=afterok:"$array" "$here/slurm-merge.sh")
echo "submitted shards as job $array and the merge as job $merge"
